// The training thread's controller: stops that arrive early or late, and failures, always end
// the run and never hang the GUI thread.
#include "store/workspace.h"
#include "testdata.h"
#include "training/trainingcontroller.h"

#include <ATen/Parallel.h>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace photocat;

namespace {

core::WorkspaceTrainRequest tinyRequest(int epochs)
{
    core::WorkspaceTrainRequest r;
    r.options.model = "resnet-small";
    r.options.width = 8;
    r.options.epochs = epochs;
    r.options.batchSize = 16;
    return r;
}

int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task"))
                   .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                   .size());
}

} // namespace

class TestTrainingController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stopBeforeTheWorkerStartsStillStops()
    {
        // Stop is clicked before the training thread has picked the run up: the stop must not
        // be forgotten when the run begins.
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 3, 20, 16);
        ui::TrainingController controller;
        QSignalSpy finished(controller.worker(), &ui::TrainingWorker::finished);
        QSignalSpy epochs(controller.worker(), &ui::TrainingWorker::epochFinished);
        controller.start(dir.filePath("ws"), tinyRequest(500));
        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(qvariant_cast<core::RunStatus>(finished.at(0).at(0)), core::RunStatus::Cancelled);
        QVERIFY2(epochs.count() <= 1, qPrintable(QString::number(epochs.count())));
        QTRY_VERIFY(!controller.isRunning());
        QCOMPARE(w->runs().back().status, core::RunStatus::Cancelled);
    }

    void stopAndWaitReturnsWhenTheWorkerAlreadyFinished()
    {
        // The worker emits finished() while the GUI thread is busy (the queued notification is
        // still pending); then the window closes and calls stopAndWait(). It must return.
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 2, 10, 8);
        ui::TrainingController controller;
        std::atomic<bool> workerDone{false};
        connect(
            controller.worker(), &ui::TrainingWorker::finished, controller.worker(),
            [&workerDone] { workerDone = true; }, Qt::DirectConnection);
        controller.start(dir.filePath("ws"), tinyRequest(1));
        for (int i = 0; i < 3000 && !workerDone; ++i) // no event processing here
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        QVERIFY(workerDone);
        QVERIFY(controller.isRunning()); // the queued "finished" has not been handled yet

        std::atomic<bool> returned{false};
        std::thread watchdog([&returned] {
            for (int i = 0; i < 200 && !returned; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!returned)
                qFatal("stopAndWait() hung after the worker had finished");
        });
        controller.stopAndWait();
        returned = true;
        watchdog.join();
        QVERIFY(!controller.isRunning());
    }

    void aFinishedRunLeavesNoThreadBehind()
    {
        // The engine's OpenMP team (two threads asked for) ends with the run. Left idle on the
        // long-lived training thread, it would slow every later torch job of the application:
        // classifying, explaining, the next run.
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 2, 10, 8);
        ui::TrainingController controller;
        QSignalSpy finished(controller.worker(), &ui::TrainingWorker::finished);
        QSignalSpy epochs(controller.worker(), &ui::TrainingWorker::epochFinished);
        // The process-wide pthreadpool (NNPACK's) follows LibTorch's thread count and stays:
        // sized here, so only threads the run leaves are counted.
        at::set_num_threads(2);
        const int before = threadCount();
        auto request = tinyRequest(1);
        request.options.threads = 2;
        controller.start(dir.filePath("ws"), request);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(qvariant_cast<core::RunStatus>(finished.at(0).at(0)), core::RunStatus::Finished);
        QCOMPARE(epochs.count(), 1); // the engine's signals, sent from its thread, all arrived
        QTRY_VERIFY(!controller.isRunning());
        // Ended threads leave /proc a moment after they are joined.
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), before, 5000);
    }

    void aFailedStartEndsTheRunWithItsReason()
    {
        // No training images: the engine throws while setting up. The GUI hears why, the
        // controller is free again, and the workspace holds no run that stays "running".
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 2, 10, 8);
        core::ImageFilter train;
        train.split = core::Split::Train;
        for (const auto &img : w->images(train))
            w->setSplit(img.id, core::Split::Val);
        ui::TrainingController controller;
        QSignalSpy finished(controller.worker(), &ui::TrainingWorker::finished);
        controller.start(dir.filePath("ws"), tinyRequest(2));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(qvariant_cast<core::RunStatus>(finished.at(0).at(0)), core::RunStatus::Failed);
        QVERIFY2(finished.at(0).at(2).toString().contains(QLatin1String("no training images")),
                 qPrintable(finished.at(0).at(2).toString()));
        QTRY_VERIFY(!controller.isRunning());
        for (const auto &run : w->runs())
            QVERIFY(run.status != core::RunStatus::Running);
    }
};

QTEST_MAIN(TestTrainingController)
#include "test_trainingcontroller.moc"
