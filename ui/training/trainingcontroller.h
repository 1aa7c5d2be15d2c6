#pragma once

#include "training/trainingworker.h"

#include <QObject>
#include <QThread>

namespace photocat::ui {

/** Owns the training thread and its worker; one training at a time. */
class TrainingController : public QObject
{
    Q_OBJECT

public:
    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    TrainingWorker *worker() const { return mWorker; }
    bool isRunning() const { return mRunning; }
    bool isPaused() const { return mPaused; }

    void start(const QString &workspaceDir, const core::WorkspaceTrainRequest &request);
    void startProbe(const QString &workspaceDir, const core::ProbeRequest &request);
    void setPaused(bool paused);
    void stop();
    /** Stops and blocks until the worker has written its checkpoint and returned. */
    void stopAndWait();

Q_SIGNALS:
    void runningChanged(bool running);

private:
    /** Marks a run as started and clears the previous run's stop and pause. */
    void arm();

    QThread mThread;
    TrainingWorker *mWorker;
    bool mRunning = false;
    bool mPaused = false;
};

} // namespace photocat::ui
