#include "training/trainingworker.h"

#include "store/workspace.h"

namespace photocat::ui {

void TrainingWorker::run(const QString &workspaceDir, const core::WorkspaceTrainRequest &request)
{
    try {
        core::Workspace workspace(workspaceDir.toStdString());
        core::WorkspaceTraining training(workspace, request);
        core::TrainCallbacks cb;
        cb.onBatch = [this](const core::BatchProgress &p) { Q_EMIT batchFinished(p); };
        cb.onEpoch = [this](const core::EpochMetrics &m) { Q_EMIT epochFinished(m); };
        cb.onLog = [this](const std::string &line) {
            Q_EMIT logMessage(QString::fromStdString(line));
        };
        Q_EMIT started(training.runId());
        const auto result = training.run(cb, &mStop, &mPaused);
        Q_EMIT finished(result.status, QString::fromStdString(result.bestCheckpoint),
                        QString::fromStdString(result.error));
    } catch (const std::exception &e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        Q_EMIT finished(core::RunStatus::Failed, QString(), QString::fromStdString(e.what()));
    }
}

void TrainingWorker::runProbe(const QString &workspaceDir, const core::ProbeRequest &request)
{
    try {
        core::Workspace workspace(workspaceDir.toStdString());
        core::ProbeCallbacks cb;
        cb.onEpoch = [this](const core::EpochMetrics &m) { Q_EMIT epochFinished(m); };
        cb.onLog = [this](const std::string &line) {
            Q_EMIT logMessage(QString::fromStdString(line));
        };
        cb.onProgress = [this](const core::ProbeProgress &p) {
            Q_EMIT probeProgress(QString::fromStdString(p.phase), qint64(p.done), qint64(p.total));
        };
        Q_EMIT started(0);
        const auto result = core::runLinearProbe(workspace, request, cb, &mStop);
        Q_EMIT finished(result.status, QString::fromStdString(result.checkpoint), QString());
    } catch (const std::exception &e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        Q_EMIT finished(core::RunStatus::Failed, QString(), QString::fromStdString(e.what()));
    }
}

} // namespace photocat::ui
