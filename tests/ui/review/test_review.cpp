// Evaluate page → Review page → Label page, driven like a user: clicks and keys.
#include "common/qcustomplot.h"
#include "evaluation/confusionplot.h"
#include "evaluation/evaluatepanel.h"
#include "evaluation/policychart.h"
#include "guiwatchdog.h"
#include "inference/predictor.h"
#include "io/checkpointmeta.h"
#include "review/labelingpanel.h"
#include "review/reviewmodel.h"
#include "review/reviewpanel.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <filesystem>
#include <set>
#include <sstream>

using namespace photocat;

/** init() gives every test function its own trained and evaluated workspace, so each runs
    alone and none sees another's relabels. */
class TestReviewUi : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> mDirHolder;
    std::unique_ptr<core::Workspace> mWorkspace;
    QString mCheckpoint;
    std::unique_ptr<ui::EvaluatePanel> mEvaluate;

    QString wsDir() const { return QString::fromStdString(mWorkspace->directory()); }
    QString filePath(const QString &name) const { return mDirHolder->filePath(name); }

private Q_SLOTS:
    void init()
    {
        mDirHolder = std::make_unique<QTemporaryDir>();
        mWorkspace = test::makeWorkspace(mDirHolder->path().toStdString(), 4, 40, 16);
        core::WorkspaceTrainRequest r;
        auto &o = r.options;
        o.model = "resnet-small";
        o.width = 8;
        o.epochs = 2;
        o.batchSize = 32;
        o.learningRate = 0.05;
        o.threads = 0; // OMP_NUM_THREADS (1 under ctest)
        core::WorkspaceTraining training(*mWorkspace, r);
        mCheckpoint = QString::fromStdString(training.run({}).bestCheckpoint);
        mEvaluate = std::make_unique<ui::EvaluatePanel>();
        mEvaluate->resize(1200, 800);
        mEvaluate->show();
        mEvaluate->setWorkspace(wsDir(), QString());
        QTRY_COMPARE(mEvaluate->checkpoint(), mCheckpoint); // the newest is preselected
        mEvaluate->evaluate();
        QTRY_VERIFY_WITH_TIMEOUT(mEvaluate->hasResult(), 30000);
    }

    void cleanup()
    {
        mEvaluate.reset();
        mWorkspace.reset();
        mDirHolder.reset();
    }

    void clickingACellReviewsExactlyItsImages()
    {
        const auto &m = mEvaluate->result().metrics;
        // An error cell with images if there is one, else the first diagonal cell.
        int t = 0, p = 0;
        for (int a = 0; a < 4; ++a)
            for (int b = 0; b < 4; ++b)
                if (a != b && m.confusion[size_t(a)][size_t(b)] > 0 && t == p)
                    t = a, p = b;
        QSignalSpy spy(mEvaluate.get(), &ui::EvaluatePanel::reviewCellRequested);
        auto *plot = mEvaluate->confusionPlot();
        const QPoint at = plot->plot()->mapFrom(plot, plot->cellCenter(t, p));
        QTest::mouseClick(plot->plot(), Qt::LeftButton, {}, at);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(2).toInt(), t);
        QCOMPARE(spy.at(0).at(3).toInt(), p);

        ui::ReviewPanel review;
        review.setWorkspace(wsDir(), mWorkspace.get());
        review.showCell(spy.at(0).at(0).toLongLong(), qvariant_cast<core::Split>(spy.at(0).at(1)),
                        t, p);
        std::set<qint64> shown, expected;
        for (int row = 0; row < review.model()->rowCount(); ++row)
            shown.insert(review.model()->entry(row).imageId);
        for (const auto &pred :
             mWorkspace->predictions(mEvaluate->result().runId, core::Split::Test))
            if (pred.trueLabel == t && pred.predicted == p)
                expected.insert(pred.imageId);
        QCOMPARE(shown, expected);
        QCOMPARE(qint64(shown.size()), qint64(m.confusion[size_t(t)][size_t(p)]));

        // Show why: the preview under the reviewed model's heat map, for the prediction, then
        // for the label; off again, the plain (gray) photo.
        QVERIFY(review.view()->currentIndex().isValid());
        const auto entry = review.model()->entry(review.view()->currentIndex().row());
        QSignalSpy explained(&review, &ui::ReviewPanel::explanationShown);
        review.setOverlayOpacity(1.0);
        review.setShowWhy(true);
        QTRY_VERIFY_WITH_TIMEOUT(explained.count() == 1, 20000);
        QVERIFY(review.explanation());
        QCOMPARE(review.explanation()->category, entry.predicted);
        auto coloured = [](const QImage &image) {
            const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
            int n = 0;
            for (int y = 0; y < rgb.height(); ++y)
                for (int x = 0; x < rgb.width(); ++x)
                    n += std::abs(rgb.pixelColor(x, y).red() - rgb.pixelColor(x, y).blue()) > 30;
            return n;
        };
        QVERIFY(coloured(review.previewImage()) > 0);
        // The label's map, with the category shown under another name than its folder's: the
        // model knows it by the folder name.
        mWorkspace->setDisplayName(entry.label, "Renamed category");
        review.showCell(spy.at(0).at(0).toLongLong(), qvariant_cast<core::Split>(spy.at(0).at(1)),
                        t, p);
        QTRY_VERIFY_WITH_TIMEOUT(explained.count() == 2, 20000);
        QVERIFY(review.model()
                    ->data(review.model()->index(0), Qt::ToolTipRole)
                    .toString()
                    .contains("Renamed category"));
        review.setShowWhy(true, true);
        QTRY_VERIFY_WITH_TIMEOUT(explained.count() == 3, 20000);
        QCOMPARE(review.explanation()->category, entry.label);
        review.setShowWhy(false);
        QCOMPARE(coloured(review.previewImage()), 0);
    }

    void exportsWriteWhatTheyShow()
    {
        const QString csv = filePath("confusion.csv");
        QVERIFY(mEvaluate->exportConfusionCsv(csv));
        std::stringstream in(test::readFile(csv.toStdString()));
        std::string line;
        std::getline(in, line); // header
        int64_t sum = 0;
        while (std::getline(in, line)) {
            std::stringstream cells(line);
            std::string cell;
            std::getline(cells, cell, ','); // class name
            while (std::getline(cells, cell, ','))
                sum += std::stoll(cell);
        }
        QCOMPARE(sum, mEvaluate->result().metrics.count);
        for (const char *name :
             {"predictions.csv", "report.html", "report.pdf", "confusion.png", "confusion.pdf"}) {
            const QString file = filePath(QLatin1String(name));
            const bool ok =
                file.endsWith(QLatin1String("csv"))      ? mEvaluate->exportPredictionsCsv(file)
                : file.contains(QLatin1String("report")) ? mEvaluate->exportReport(file)
                                                         : mEvaluate->exportConfusionImage(file);
            QVERIFY2(ok, qPrintable(mEvaluate->errorString()));
            QVERIFY2(QFileInfo(file).size() > 200, name);
        }
        // The mistakes' heat maps reach the PDF as well as the HTML (embedded PNGs).
        auto count = [](const std::string &text, const std::string &what) {
            size_t n = 0;
            for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
                ++n;
            return n;
        };
        const size_t pictures =
            count(test::readFile(filePath("report.html").toStdString()), "data:image/png;base64,");
        QVERIFY(pictures >= 1);
        const size_t inPdf =
            count(test::readFile(filePath("report.pdf").toStdString()), "/Subtype /Image");
        QVERIFY2(inPdf >= pictures, qPrintable(QString("%1 of %2").arg(inPdf).arg(pictures)));
        const std::string predictions = test::readFile(filePath("predictions.csv").toStdString());
        QCOMPARE(int64_t(std::count(predictions.begin(), predictions.end(), '\n')) - 1,
                 mEvaluate->result().metrics.count);
    }

    void draggingTheAutoLineMovesTheOperatingPoint()
    {
        auto *chart = mEvaluate->policyChart();
        QSignalSpy spy(chart, &ui::PolicyChart::thresholdsChanged);
        QWidget *plot = chart->plot();
        const int y = plot->height() / 2;
        QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(chart->pixelOf(0.9), y));
        QMouseEvent move(QEvent::MouseMove, QPointF(chart->pixelOf(0.7), y),
                         plot->mapToGlobal(QPointF(chart->pixelOf(0.7), y)), Qt::LeftButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(chart->pixelOf(0.7), y));
        QVERIFY(spy.count() >= 1);
        QVERIFY2(std::abs(chart->autoThreshold() - 0.7) < 0.02,
                 qPrintable(QString::number(chart->autoThreshold())));
        QCOMPARE(chart->shortlistThreshold(), 0.5);

        // Choose Thresholds: chosen on validation, stored with the model, then shown (over the
        // dragged line) with the target on the chart and how it holds on the test split.
        const int64_t runBefore = mEvaluate->result().runId;
        mEvaluate->setTargets(0.6, 0);
        mEvaluate->chooseThresholds();
        QVERIFY(mEvaluate->isChoosing());
        QTRY_VERIFY_WITH_TIMEOUT(!mEvaluate->isChoosing() && !mEvaluate->isRunning() &&
                                     mEvaluate->result().chosenPolicy,
                                 30000);
        const auto &chosen = *mEvaluate->result().chosenPolicy;
        QCOMPARE(chosen.targets.precision, 0.6);
        QCOMPARE(chart->autoThreshold(), chosen.thresholds.autoAssign);
        QCOMPARE(chart->targetPrecision(), 0.6);
        QCOMPARE(mEvaluate->result().runId, runBefore);
        QCOMPARE(mEvaluate->result().policyOnSplit->count, mEvaluate->result().metrics.count);
        const auto meta =
            nlohmann::json::parse(core::readCheckpointMeta(mCheckpoint.toStdString()));
        QCOMPARE(meta["policy"]["auto_threshold"].get<double>(), chosen.thresholds.autoAssign);
    }

    void keyboardRelabelUndoRedoPersist()
    {
        ui::ReviewPanel review;
        review.setWorkspace(wsDir(), mWorkspace.get());
        review.showCell(mEvaluate->result().runId, core::Split::Test, 0, 0); // never empty here
        QVERIFY(review.model()->rowCount() > 0);
        review.view()->setCurrentIndex(review.model()->index(0));
        const qint64 id = review.model()->entry(0).imageId;
        const int before = mWorkspace->image(id)->label;
        QSignalSpy changed(&review, &ui::ReviewPanel::labelsChanged);
        QTest::keyClick(review.view(), Qt::Key_3); // category 3 = class id 2
        QCOMPARE(mWorkspace->image(id)->label, 2);
        QCOMPARE(review.model()->entry(0).label, 2);
        QVERIFY(changed.count() >= 1);
        review.undoStack()->undo();
        QCOMPARE(mWorkspace->image(id)->label, before);
        review.undoStack()->redo();
        QCOMPARE(core::Workspace(mWorkspace->directory()).image(id)->label,
                 2); // another connection sees it

        review.view()->setCurrentIndex(review.model()->index(0));
        QTest::keyClick(review.view(), Qt::Key_X);
        QCOMPARE(int(mWorkspace->image(id)->status), int(core::ImageStatus::Excluded));
        review.undoStack()->undo();
        QCOMPARE(int(mWorkspace->image(id)->status), int(core::ImageStatus::Ok));
        const auto history = mWorkspace->labelHistory(id);
        QVERIFY(history.size() >= 4);
        QCOMPARE(history.back().source, std::string("undo"));

        // The same workspace again, as the main window does after an import: the history of
        // relabels stays undoable.
        review.setWorkspace(wsDir(), mWorkspace.get());
        QVERIFY(review.undoStack()->canUndo());
        review.undoStack()->undo(); // the redo of the relabel to class id 2
        QCOMPARE(mWorkspace->image(id)->label, before);
    }

    void movingFilesStaysOffTheGuiThread()
    {
        // 120 relabeled photos are moved into their new class's folder (rename + index update
        // each) on worker threads; the workspace follows the files.
        ui::ReviewPanel review;
        review.setWorkspace(wsDir(), mWorkspace.get());
        std::vector<std::pair<int64_t, int>> relabeled;
        for (const auto &img : mWorkspace->images()) {
            if (relabeled.size() == 120)
                break;
            const int to = (img.label + 1) % 4;
            mWorkspace->relabel(img.id, to, "test");
            relabeled.emplace_back(img.id, to);
        }
        QSignalSpy moved(&review, &ui::ReviewPanel::filesMoved);
        {
            test::GuiStallWatchdog watchdog;
            review.moveMisfiledFiles(false);
            QVERIFY(review.isMovingFiles());
            QTRY_COMPARE_WITH_TIMEOUT(moved.count(), 1, 30000);
            QVERIFY2(watchdog.longestStallMs() < 5,
                     qPrintable(QString::number(watchdog.longestStallMs())));
        }
        QCOMPARE(moved.at(0).at(0).toInt(), 120);
        QVERIFY(moved.at(0).at(1).toStringList().isEmpty());
        QVERIFY(!review.isMovingFiles());
        const auto classes = mWorkspace->classNames();
        for (const auto &[id, label] : relabeled) {
            const auto image = mWorkspace->image(id);
            QVERIFY(QFile::exists(QString::fromStdString(image->path)));
            QCOMPARE(QFileInfo(QString::fromStdString(image->path)).dir().dirName(),
                     QString::fromStdString(classes[size_t(label)]));
        }
    }

    void checkpointListIsReadOffTheGuiThread()
    {
        // 300 runs with checkpoints: the Evaluate page lists them without a second database
        // connection or 300 file checks on the GUI thread; the chosen checkpoint is kept.
        for (int i = 0; i < 300; ++i) {
            const QString file = filePath(QStringLiteral("ckpt-%1.pt").arg(i));
            test::writeFile(file.toStdString(), "x");
            core::RunRecord run{0, "run " + std::to_string(i), "resnet-small"};
            run.status = core::RunStatus::Finished;
            run.checkpoint = file.toStdString();
            mWorkspace->createRun(run);
        }
        ui::EvaluatePanel panel;
        QSignalSpy listed(&panel, &ui::EvaluatePanel::checkpointsListed);
        {
            test::GuiStallWatchdog watchdog;
            panel.setWorkspace(wsDir(), mCheckpoint);
            QCOMPARE(panel.checkpoint(), mCheckpoint); // at once
            QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, 20000);
            QVERIFY2(watchdog.longestStallMs() < 5,
                     qPrintable(QString::number(watchdog.longestStallMs())));
        }
        QCOMPARE(panel.checkpoint(), mCheckpoint);
        QCOMPARE(panel.findChild<QComboBox *>()->count() >= 301, true);
    }

    void anotherWorkspaceNeverShowsTheLastOnesThumbnails()
    {
        auto placeholder = [](const QVariant &decoration) {
            return qvariant_cast<QPixmap>(decoration).toImage().pixel(48, 48) ==
                   qRgb(230, 230, 230);
        };
        ui::ReviewPanel review;
        review.setWorkspace(wsDir(), mWorkspace.get());
        ui::ReviewModel *model = review.model();
        QVERIFY(model->rowCount() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!placeholder(model->index(0).data(Qt::DecorationRole)), 20000);
        // Another workspace whose image ids are the same (ids start at 1 in each): its rows must
        // not show the first one's thumbnails.
        const std::string copy = filePath("copy").toStdString();
        std::filesystem::copy(mWorkspace->directory(), copy,
                              std::filesystem::copy_options::recursive);
        core::Workspace second(copy);
        review.setWorkspace(QString::fromStdString(copy), &second);
        QVERIFY(model->rowCount() > 0);
        QVERIFY(placeholder(model->index(0).data(Qt::DecorationRole)));
        QTRY_VERIFY_WITH_TIMEOUT(!placeholder(model->index(0).data(Qt::DecorationRole)), 20000);
    }

    void labelingFollowsTheFirstModelAndKeepsItsHistoryAcrossAnImport()
    {
        const std::string pool = filePath("pool").toStdString();
        test::makeDataset(pool, 2, 3, 16);
        ui::LabelingPanel labeling;
        QSignalSpy ready(&labeling, &ui::LabelingPanel::poolReady);
        labeling.setWorkspace(wsDir(), mWorkspace.get(), QString()); // no model yet
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        labeling.importFolder(QString::fromStdString(pool));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 60000);
        QCOMPARE(labeling.current()->suggested, -1);
        // A model finished training: its suggestions, without a Refresh.
        labeling.setCheckpoint(mCheckpoint);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 60000);
        QVERIFY(labeling.current()->suggested >= 0);
        const qint64 labeled = labeling.current()->imageId;
        labeling.accept();
        QVERIFY(mWorkspace->image(labeled)->label >= 0);
        // The same workspace again (the main window does so after an import): the undo history
        // survives.
        labeling.setWorkspace(wsDir(), mWorkspace.get(), mCheckpoint);
        QTest::qWait(200);
        QCOMPARE(ready.count(), 3);
        labeling.undo();
        QCOMPARE(mWorkspace->image(labeled)->label, -1);
    }

    void labelingAcceptsTheSuggestion()
    {
        const std::string pool = filePath("pool").toStdString();
        test::makeDataset(pool, 2, 3, 16);
        ui::LabelingPanel labeling;
        QSignalSpy ready(&labeling, &ui::LabelingPanel::poolReady);
        labeling.setWorkspace(wsDir(), mWorkspace.get(), mCheckpoint);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        labeling.importFolder(QString::fromStdString(pool));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 60000);
        QCOMPARE(labeling.remaining(), 6);
        // Most uncertain first: the pool is ordered by margin, and the panel starts with its head.
        const auto ordered = core::labelingPool(*mWorkspace, mCheckpoint.toStdString());
        QCOMPARE(ordered.size(), size_t(6));
        for (size_t i = 1; i < ordered.size(); ++i)
            QVERIFY2(ordered[i - 1].margin <= ordered[i].margin, qPrintable(QString::number(i)));
        QVERIFY(ordered.front().margin < ordered.back().margin);
        const core::PoolItem first = *labeling.current();
        QCOMPARE(first.imageId, ordered.front().imageId);
        QVERIFY(first.suggested >= 0);
        QTest::keyClick(&labeling, Qt::Key_Return);
        const auto image = mWorkspace->image(first.imageId);
        QCOMPARE(image->label, first.suggested);
        QCOMPARE(int(image->split), int(core::Split::Train));
        QCOMPARE(labeling.remaining(), 5);
        const qint64 second = labeling.current()->imageId;
        QTest::keyClick(&labeling, Qt::Key_2); // label the next one as class id 1
        QCOMPARE(mWorkspace->image(second)->label, 1);
        QTest::keyClick(&labeling, Qt::Key_S); // skip the third
        QCOMPARE(labeling.remaining(), 3);
        labeling.undo(); // undoes the second's label and shows it again
        QCOMPARE(labeling.current()->imageId, second);
        QCOMPARE(mWorkspace->image(second)->label, -1);
        QCOMPARE(int(mWorkspace->image(second)->split), int(core::Split::None));
    }
};

QTEST_MAIN(TestReviewUi)
#include "test_review.moc"
