#include "classify/classifypanel.h"
#include "data/importer.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

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
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
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
        r.options.epochs = 1;   // a modest model: probabilities below certainty
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
        const QStringList lines = QString::fromStdString(test::readFile(csv.toStdString())).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith("path,decision,suggested,top1,p1"));
        QVERIFY(lines[1].contains(",shortlist,"));
    }
};

QTEST_MAIN(TestClassify)
#include "test_classify.moc"
