#pragma once

#include <QThreadPool>

namespace photocat::ui {

/**
 * Lets the pool's idle threads end after two seconds instead of Qt's thirty. Background jobs
 * run LibTorch, whose OpenMP team lives as long as the thread that started it, and an idle
 * team slows every other torch job of the process (see core::onPassingThread): a photo
 * classified a moment ago must not slow the training run started now.
 */
inline void endIdleThreadsSoon(QThreadPool &pool) { pool.setExpiryTimeout(2000); }

} // namespace photocat::ui
