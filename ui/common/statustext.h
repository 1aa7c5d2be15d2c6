#pragma once

#include "common/runstatus.h"

#include <QString>

namespace photocat::ui {

/** A run's status as the user reads it, translated ("finished", "stopped early", …). */
QString runStatusText(core::RunStatus status);

} // namespace photocat::ui
