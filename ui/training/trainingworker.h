#pragma once

#include "common/metatypes.h"
#include "training/linearprobe.h"
#include "training/workspacetraining.h"

#include <QObject>
#include <QString>

#include <atomic>

namespace photocat::ui {

/**
 * Runs one training on the thread it lives on (PlotJuggler-style adapter): engine callbacks
 * become signals. Pause and stop are safe to call from the GUI thread while run() blocks.
 */
class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    void requestStop();
    void setPaused(bool paused);

public Q_SLOTS:
    /** Opens its own connection to the workspace and trains until the end, a stop or an error. */
    void run(const QString &workspaceDir, const photocat::core::WorkspaceTrainRequest &request);
    /** A linear probe on cached features: each head epoch arrives as epochFinished. */
    void runProbe(const QString &workspaceDir, const photocat::core::ProbeRequest &request);

Q_SIGNALS:
    void started(qint64 runId);
    void batchFinished(const photocat::core::BatchProgress &progress);
    void epochFinished(const photocat::core::EpochMetrics &metrics);
    void logMessage(const QString &line);
    /** Linear probe: phase "features" (images) or "head" (epochs). */
    void probeProgress(const QString &phase, qint64 done, qint64 total);
    /** status is the engine's ("finished", "cancelled", "stopped-early", "failed"). */
    void finished(const QString &status, const QString &bestCheckpoint, const QString &error);
    void errorOccurred(const QString &message);

private:
    std::atomic<core::Trainer *> mTrainer{nullptr};
    std::atomic<bool> mStopRequested{false};
    std::atomic<bool> mPaused{false};
};

} // namespace photocat::ui

Q_DECLARE_METATYPE(photocat::core::WorkspaceTrainRequest)
