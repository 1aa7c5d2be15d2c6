#include "classify/classifypanel.h"
#include "classify/servedialog.h"
#include "common/similardialog.h"
#include "data/importer.h"
#include "guiwatchdog.h"
#include "inference/predictor.h"
#include "io/checkpointmeta.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include <QDropEvent>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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

    void showWhyOverlaysTheHeatMap()
    {
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        QSignalSpy added(&panel, &ui::ClassifyPanel::predictionAdded);
        panel.classify({mDir.filePath("src/c2/img-1.png")});
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, 20000);
        QVERIFY(!panel.results()[0].explanation); // computed only when asked for
        const QImage plain = panel.rowPicture(0);
        panel.setShowWhy(true);
        QVERIFY(panel.showsWhy());
        QTRY_VERIFY_WITH_TIMEOUT(panel.results()[0].explanation, 20000);
        const auto &e = *panel.results()[0].explanation;
        QCOMPARE(e.predicted, core::rankClasses(panel.results()[0].probabilities).front());
        QCOMPARE(e.category, e.predicted);
        auto colourful = [](const QImage &image) {
            const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
            int coloured = 0;
            for (int y = 0; y < rgb.height(); ++y)
                for (int x = 0; x < rgb.width(); ++x) {
                    const QColor c = rgb.pixelColor(x, y);
                    coloured += std::abs(c.red() - c.blue()) > 30;
                }
            return coloured;
        };
        // The model sees gray photos: without the map (opacity 0) no pixel is coloured, with
        // it at full opacity most are.
        panel.setOverlayOpacity(0);
        QCOMPARE(panel.rowPicture(0).width(), 96);
        QCOMPARE(colourful(panel.rowPicture(0)), 0);
        panel.setOverlayOpacity(1);
        QVERIFY(colourful(panel.rowPicture(0)) > 96 * 96 / 4);
        QVERIFY(panel.rowPicture(0) != plain);
        // Photos classified while it is on come with their map.
        panel.classify({mDir.filePath("src/c0/img-1.png")});
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, 20000);
        QVERIFY(panel.results()[1].explanation);
        panel.setShowWhy(false);
        QCOMPARE(panel.rowPicture(1), panel.results()[1].thumbnail);
    }

    void moreLikeThisFindsTheSamePhotoFirst()
    {
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        QSignalSpy added(&panel, &ui::ClassifyPanel::predictionAdded);
        panel.classify({mDir.filePath("src/c2/img-1.png")});
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, 20000);
        auto *dialog = panel.showMoreLikeThis(0);
        QVERIFY(dialog);
        QSignalSpy searched(dialog, &ui::SimilarDialog::searched);
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 30000);
        const auto &found = dialog->found();
        QVERIFY2(found.error.isEmpty(), qPrintable(found.error));
        QCOMPARE(found.images, size_t(90));
        QCOMPARE(found.neighbours.size(), size_t(24));
        QVERIFY(found.neighbours[0].similarity > 0.9999); // the photo is in the workspace
        QVERIFY2(found.paths[0].endsWith(QLatin1String("c2/img-1.png")),
                 qPrintable(found.paths[0]));
        QCOMPARE(dialog->list()->count(), 24);
        QVERIFY(!found.thumbnails[0].isNull());
    }

    void aModelsStoredThresholdsAreUsed()
    {
        // Thresholds chosen for a precision target travel with the model: the spin boxes start
        // there, and the shortlist's length comes from the model, not the defaults.
        const std::string checkpoint = mWorkspace->newestCheckpoint();
        const std::string copy = mDir.filePath("chosen.pt").toStdString();
        std::filesystem::copy_file(checkpoint, copy,
                                   std::filesystem::copy_options::overwrite_existing);
        auto meta = nlohmann::json::parse(core::readCheckpointMeta(copy));
        core::ChosenPolicy chosen;
        chosen.thresholds = {0.9731, 0.4, 0.8, 2};
        chosen.targets.precision = 0.99;
        chosen.messages = {"auto-assign at top-1 >= 0.9731: chosen in a test"};
        meta["policy"] = core::policyToJson(chosen);
        core::writeCheckpointMeta(copy, meta.dump());
        ui::ClassifyPanel panel;
        panel.setCheckpoint(QString::fromStdString(copy));
        QTRY_COMPARE_WITH_TIMEOUT(panel.thresholds().autoAssign, 0.9731, 20000);
        QCOMPARE(panel.thresholds().shortlist, 0.4);
        QCOMPARE(panel.thresholds().shortlistMax, 2);
        QCOMPARE(panel.thresholds().shortlistMass, 0.8);
    }

    void serveThisModel()
    {
        // "Serve this model…": the panel's model and thresholds behind the HTTP endpoint,
        // started off the GUI thread, counting live, stopped (drained) on request.
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        panel.setThresholds(0.0, 0.0); // every photo auto-assigned: the served rule is the panel's
        ui::ServeDialog *dialog = panel.showServeDialog();
        dialog->setPort(0);
        QSignalSpy changed(dialog, &ui::ServeDialog::servingChanged);
        dialog->start();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isServing(), 20000);
        QCOMPARE(changed.count(), 1);
        const QUrl url(dialog->url());
        QCOMPARE(url.host(), QString("127.0.0.1"));
        QVERIFY(url.port() > 0);

        httplib::Client client("127.0.0.1", url.port());
        client.set_read_timeout(30, 0);
        const std::string photo = test::readFile(mDir.filePath("src/c0/img-2.png").toStdString());
        auto r = client.Post("/v1/classify", photo, "image/png");
        QVERIFY(r && r->status == 200);
        QCOMPARE(nlohmann::json::parse(r->body).at("decision").get<std::string>(),
                 std::string("auto"));
        // /v1/model says how the served model was trained (this run: one epoch).
        auto model = client.Get("/v1/model");
        QVERIFY(model && model->status == 200);
        const auto training = nlohmann::json::parse(model->body).at("training");
        QCOMPARE(training.at("epochs").get<int>(), 1);
        QVERIFY(training.at("options").contains("epochs"));
        auto refused = client.Post("/invocations", std::string("not a photo"), "image/png");
        QVERIFY(refused && refused->status == 400);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->requestCount(), quint64(2), 5000);
        const auto counts = dialog->findChildren<QLabel *>();
        QVERIFY(std::any_of(counts.begin(), counts.end(), [](QLabel *l) {
            // (%n plurals read "request(s)" without a translation loaded)
            return l->text().contains(QRegularExpression("^2 request.* answered, 1 refused")) &&
                   l->text().contains("1 auto");
        }));

        dialog->stop();
        QVERIFY(!dialog->isServing());
        QCOMPARE(changed.count(), 2);
        httplib::Client after("127.0.0.1", url.port());
        after.set_connection_timeout(2, 0);
        QVERIFY(!after.Get("/ping")); // nothing listens any more
    }

    void serveReportsAPortInUse()
    {
        ui::ClassifyPanel panel;
        panel.setWorkspace(mWorkspace.get());
        ui::ServeDialog *first = panel.showServeDialog();
        first->setPort(0);
        first->start();
        QTRY_VERIFY_WITH_TIMEOUT(first->isServing(), 20000);
        ui::ServeDialog second;
        second.setModel(panel.checkpoint(), panel.thresholds());
        second.setPort(QUrl(first->url()).port());
        second.start();
        const auto labels = second.findChildren<QLabel *>();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(labels.begin(), labels.end(),
                        [](QLabel *l) { return l->text().startsWith("Could not start"); }),
            20000);
        QVERIFY(!second.isServing());
        QVERIFY(first->isServing());
    }
};

QTEST_MAIN(TestClassify)
#include "test_classify.moc"
