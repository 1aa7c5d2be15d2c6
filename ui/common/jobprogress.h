#pragma once

#include <QFutureWatcher>
#include <QProgressBar>
#include <QPushButton>

#include <atomic>
#include <memory>

namespace photocat::ui {

/** Shows a background job's progress in bar, and asks it to stop through stop (the flag the
    job polls, replaced by each new job: held by reference) when cancel is clicked. */
template <typename T>
void followJob(QFutureWatcher<T> &watcher, QProgressBar *bar, QPushButton *cancel,
               std::shared_ptr<std::atomic<bool>> &stop)
{
    QObject::connect(cancel, &QPushButton::clicked, bar, [&stop] {
        if (stop)
            *stop = true;
    });
    QObject::connect(&watcher, &QFutureWatcherBase::progressRangeChanged, bar,
                     &QProgressBar::setRange);
    QObject::connect(&watcher, &QFutureWatcherBase::progressValueChanged, bar,
                     &QProgressBar::setValue);
}

} // namespace photocat::ui
