#include "training/trainingcontroller.h"

#include <QEventLoop>

namespace photocat::ui {

TrainingController::TrainingController(QObject *parent)
    : QObject(parent), mWorker(new TrainingWorker)
{
    qRegisterMetaType<core::BatchProgress>();
    qRegisterMetaType<core::EpochMetrics>();
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
    mRunning = true;
    mPaused = false;
    mWorker->setPaused(false);
    Q_EMIT runningChanged(true);
    QMetaObject::invokeMethod(
        mWorker, [worker = mWorker, workspaceDir, request] { worker->run(workspaceDir, request); },
        Qt::QueuedConnection);
}

void TrainingController::startProbe(const QString &workspaceDir, const core::ProbeRequest &request)
{
    if (mRunning)
        return;
    mRunning = true;
    mPaused = false;
    Q_EMIT runningChanged(true);
    QMetaObject::invokeMethod(
        mWorker, [worker = mWorker, workspaceDir, request] { worker->runProbe(workspaceDir, request); },
        Qt::QueuedConnection);
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
    QEventLoop loop;
    connect(mWorker, &TrainingWorker::finished, &loop, &QEventLoop::quit);
    mWorker->requestStop();
    if (mRunning)
        loop.exec();
}

} // namespace photocat::ui
