#pragma once

#include "common/metatypes.h"
#include "training/linearprobe.h"
#include "training/workspacetraining.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

namespace photocat::ui {

/**
 * Runs one training at a time for the thread it lives on (PlotJuggler-style adapter): engine
 * callbacks become signals. Each run's engine works on a thread that ends with the run, so
 * started, batchFinished, epochFinished, logMessage and probeProgress come from that thread;
 * finished and errorOccurred come from the worker's own thread once it has ended. The worker owns
 * the stop and pause flags the engine checks between batches, so stopping never reaches into an
 * engine object that may be going away.
 */
class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /** Any thread. Ends the current (or the next queued) run after its batch. */
    void requestStop() { mStop = true; }
    /** GUI thread, before a run is queued: a stop meant for the previous run is forgotten. */
    void clearStop() { mStop = false; }
    /** Any thread. */
    void setPaused(bool paused) { mPaused = paused; }

public Q_SLOTS:
    /** Opens its own connection to the workspace and trains until the end, a stop or an error.
        With request.dist.localRanks > 1 the job runs as that many processes (photocat-cli
        launch ... train --json), whose events become the same signals; a stop reaches every
        rank (they stop after the same batch, with a checkpoint); pause is not offered. */
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
    /** Emitted exactly once per run, also after an error (status Failed, error set). */
    void finished(photocat::core::RunStatus status, const QString &bestCheckpoint,
                  const QString &error);
    void errorOccurred(const QString &message);

private:
    /** How an in-process run ended. */
    struct Outcome
    {
        core::RunStatus status;
        QString checkpoint;
        QString error;
        bool threw; ///< the engine threw: errorOccurred precedes finished
    };

    /** Runs a run on a thread that ends with it; what the run throws, or a thread that
        cannot start, makes it a failed run with that reason. */
    Outcome onItsOwnThread(const std::function<Outcome()> &run);
    void finish(const Outcome &outcome);
    void runLaunched(const QString &workspaceDir, const core::WorkspaceTrainRequest &request);

    core::StopFlag mStop{false};
    std::atomic<bool> mPaused{false};
};

} // namespace photocat::ui

Q_DECLARE_METATYPE(photocat::core::WorkspaceTrainRequest)
