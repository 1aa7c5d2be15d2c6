#pragma once

#include <string>

namespace photocat::core {

/** How a training run or linear probe ended (or that it still runs); Imported: a checkpoint
    from elsewhere recorded so its evaluations have a run to belong to. */
enum class RunStatus { Running, Finished, StoppedEarly, Cancelled, Failed, Imported };

/** The stored and printed name: "running", "finished", "stopped-early", "cancelled", "failed",
   "imported". The one mapping between the enum and text: the workspace, JSON output and the GUI use
   it. */
const char *runStatusName(RunStatus status);
/** Parses a name written by runStatusName(); throws std::invalid_argument for anything else. */
RunStatus parseRunStatus(const std::string &name);

} // namespace photocat::core
