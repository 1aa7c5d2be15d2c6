#include "classify/classifypanel.h"
#include "data/importer.h"
#include "guiwatchdog.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <filesystem>

namespace fs = std::filesystem;
using namespace photocat;

class TestClassify : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::unique_ptr<core::Workspace> mWorkspace;

    void drop(QWidget *target, const QStringList &files)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const auto &f : files)
            urls << QUrl::fromLocalFile(f);
        mime.setUrls(urls);
        // The sequence a file manager's drag produces: enter, then drop.
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &event);
        QVERIFY(event.isAccepted());
    }

private Q_SLOTS:
    void initTestCase()
    {
        mWorkspace = test::makeWorkspace(mDir.path().toStdString(), 3, 30, 16);
        core::WorkspaceTrainRequest r;
        r.options.width = 8;
        r.options.epochs = 1; // a modest model: probabilities below certainty
        r.options.batchSize = 16;
        r.options.learningRate = 0.05;
        core::WorkspaceTraining training(*mWorkspace, r);
        QCOMPARE(training.run({}).status, core::RunStatus::Finished);
    }

    void dropProducesPredictions()
    {
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        QVERIFY(!panel.checkpoint().isEmpty());
        QSignalSpy added(&panel, &ui::ClassifyPanel::predictionAdded);
        const QString good = mDir.filePath("src/c2/img-1.png");
        const QString bad = mDir.filePath("not-a-photo.png");
        test::writeFile(bad.toStdString(), "nope");
        drop(&panel, {good, bad});
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, 20000);
        const auto &results = panel.results();
        QCOMPARE(results[0].path, good);
        QVERIFY2(results[0].error.isEmpty(), qPrintable(results[0].error));
        QCOMPARE(results[0].probabilities.size(), size_t(3));
        double sum = 0;
        for (float p : results[0].probabilities)
            sum += p;
        QVERIFY(std::abs(sum - 1.0) < 1e-4);
        QVERIFY(results[1].probabilities.empty());
        QVERIFY(results[1].error.contains("not-a-photo.png"));
    }

    void droppedFolderIsWalkedOffTheGuiThread()
    {
        // A folder of two photos among 4,000 empty subfolders and hidden files: walking it is
        // slow, and must not happen on the GUI thread. Hidden entries are skipped, photos come
        // in sorted order, as `predict` lists them.
        QTemporaryDir dir;
        const std::string root = dir.filePath("drop").toStdString();
        for (int d = 0; d < 40; ++d)
            for (int e = 0; e < 100; ++e)
                fs::create_directories(root + "/d" + std::to_string(d) + "/e" + std::to_string(e));
        fs::create_directories(root + "/.cache");
        test::writeFile(root + "/.cache/x.png", "hidden folder");
        fs::create_directories(root + "/b");
        fs::copy_file(mDir.filePath("src/c1/img-1.png").toStdString(), root + "/b/photo.png");
        fs::copy_file(mDir.filePath("src/c0/img-1.png").toStdString(), root + "/a.png");
        test::writeFile(root + "/.hidden.png", "not shown");
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        QSignalSpy added(&panel, &ui::ClassifyPanel::predictionAdded);
        QTest::qWait(200); // the model loads first
        {
            test::GuiStallWatchdog watchdog;
            drop(&panel, {dir.filePath("drop")});
            QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, 20000);
            QVERIFY2(watchdog.longestStallMs() < 5,
                     qPrintable(QString::number(watchdog.longestStallMs())));
        }
        QTest::qWait(100);
        QCOMPARE(panel.results().size(), size_t(2));
        QCOMPARE(panel.results()[0].path, QString::fromStdString(root + "/a.png"));
        QCOMPARE(panel.results()[1].path, QString::fromStdString(root + "/b/photo.png"));
        for (const auto &r : panel.results())
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    }

    void aModelThatCannotLoadSaysWhy()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("damaged.pt");
        test::writeFile(bad.toStdString(), "PK\x03\x04 truncated");
        ui::ClassifyPanel panel;
        QSignalSpy errors(&panel, &ui::ClassifyPanel::errorOccurred);
        panel.setCheckpoint(bad);
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 20000);
        const QString message = errors.at(0).at(0).toString();
        // The file and the reason, not just "cannot load".
        QVERIFY2(message.startsWith(QStringLiteral("Cannot load model %1: ").arg(bad)),
                 qPrintable(message));
        QVERIFY2(message.size() > QStringLiteral("Cannot load model %1: ").arg(bad).size() + 5,
                 qPrintable(message));
    }

    void thresholdsChangeDecisionsLiveAndExport()
    {
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        QSignalSpy added(&panel, &ui::ClassifyPanel::predictionAdded);
        panel.classify({mDir.filePath("src/c0/img-2.png"), mDir.filePath("src/c1/img-2.png")});
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, 20000);
        // Both rows are predictions, not error rows.
        QCOMPARE(panel.results().size(), size_t(2));
        for (const auto &r : panel.results()) {
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            QCOMPARE(r.probabilities.size(), size_t(3));
        }
        panel.setThresholds(0.0, 0.0);
        QCOMPARE(panel.suggestion(0).decision, core::Decision::Auto);
        panel.setThresholds(1.0, 1.0);
        QCOMPARE(panel.suggestion(0).decision, core::Decision::Manual);
        QCOMPARE(panel.suggestion(0).categories.size(), size_t(3));
        panel.setThresholds(1.0, 0.0);
        QCOMPARE(panel.suggestion(1).decision, core::Decision::Shortlist);

        const QString csv = mDir.filePath("out.csv");
        QVERIFY(panel.exportCsv(csv));
        const QStringList lines = QString::fromStdString(test::readFile(csv.toStdString()))
                                      .split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith("path,decision,suggested,top1,p1"));
        QVERIFY(lines[1].contains(",shortlist,"));
    }
};

QTEST_MAIN(TestClassify)
#include "test_classify.moc"
