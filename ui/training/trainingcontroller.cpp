#include "training/trainingcontroller.h"

#include <QEventLoop>

namespace photocat::ui {

TrainingController::TrainingController(QObject *parent)
    : QObject(parent), mWorker(new TrainingWorker)
{
    qRegisterMetaType<core::BatchProgress>();
    qRegisterMetaType<core::EpochMetrics>();
    qRegisterMetaType<core::RunStatus>();
    mThread.setObjectName(QStringLiteral("photocat-training"));
    mWorker->moveToThread(&mThread);
    connect(&mThread, &QThread::finished, mWorker, &QObject::deleteLater);
    connect(mWorker, &TrainingWorker::finished, this, [this] {
        mRunning = false;
        mPaused = false;
        Q_EMIT runningChanged(false);
    });
    mThread.start();
}

TrainingController::~TrainingController()
{
    mWorker->requestStop();
    mThread.requestInterruption();
    mThread.quit();
    mThread.wait();
}

void TrainingController::start(const QString &workspaceDir,
                               const core::WorkspaceTrainRequest &request)
{
    if (mRunning)
        return;
    arm();
    QMetaObject::invokeMethod(
        mWorker, [worker = mWorker, workspaceDir, request] { worker->run(workspaceDir, request); },
        Qt::QueuedConnection);
}

void TrainingController::startProbe(const QString &workspaceDir, const core::ProbeRequest &request)
{
    if (mRunning)
        return;
    arm();
    QMetaObject::invokeMethod(
        mWorker,
        [worker = mWorker, workspaceDir, request] { worker->runProbe(workspaceDir, request); },
        Qt::QueuedConnection);
}

void TrainingController::arm()
{
    // Reset here, before the run is queued, so a Stop clicked before the worker picks the run
    // up still stops it.
    mRunning = true;
    mPaused = false;
    mWorker->setPaused(false);
    mWorker->clearStop();
    Q_EMIT runningChanged(true);
}

void TrainingController::setPaused(bool paused)
{
    mPaused = paused;
    mWorker->setPaused(paused);
}

void TrainingController::stop() { mWorker->requestStop(); }

void TrainingController::stopAndWait()
{
    if (!mRunning)
        return;
    // Wait for our own runningChanged(false), emitted on this thread by the queued handler of
    // the worker's finished(): it cannot have happened yet while mRunning is still true,
    // whereas the worker's finished() itself may already have been emitted.
    QEventLoop loop;
    connect(this, &TrainingController::runningChanged, &loop, [&loop](bool running) {
        if (!running)
            loop.quit();
    });
    mWorker->requestStop();
    loop.exec();
}

} // namespace photocat::ui
