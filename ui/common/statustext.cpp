#include "common/statustext.h"

#include <QCoreApplication>

namespace photocat::ui {

QString runStatusText(core::RunStatus status)
{
    switch (status) {
    case core::RunStatus::Running: return QCoreApplication::translate("RunStatus", "running");
    case core::RunStatus::Finished: return QCoreApplication::translate("RunStatus", "finished");
    case core::RunStatus::StoppedEarly:
        return QCoreApplication::translate("RunStatus", "stopped early");
    case core::RunStatus::Cancelled: return QCoreApplication::translate("RunStatus", "stopped");
    case core::RunStatus::Failed: return QCoreApplication::translate("RunStatus", "failed");
    case core::RunStatus::Imported: return QCoreApplication::translate("RunStatus", "imported");
    }
    return QString();
}

} // namespace photocat::ui
