#include "common/runstatus.h"

#include <stdexcept>

namespace photocat::core {

namespace {

struct Name
{
    RunStatus status;
    const char *name;
};

constexpr Name kNames[] = {{RunStatus::Running, "running"},
                           {RunStatus::Finished, "finished"},
                           {RunStatus::StoppedEarly, "stopped-early"},
                           {RunStatus::Cancelled, "cancelled"},
                           {RunStatus::Failed, "failed"},
                           {RunStatus::Imported, "imported"}};

} // namespace

const char *runStatusName(RunStatus status)
{
    for (const auto &n : kNames)
        if (n.status == status)
            return n.name;
    return "failed";
}

RunStatus parseRunStatus(const std::string &name)
{
    for (const auto &n : kNames)
        if (name == n.name)
            return n.status;
    throw std::invalid_argument("unknown run status \"" + name + "\"");
}

} // namespace photocat::core
