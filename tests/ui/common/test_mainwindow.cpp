// The main window: language switching, closing during training, and the screenshot tour
// (PHOTOCAT_SCREENSHOTS=DIR saves a PNG of each panel in a realistic state).
#include "classify/classifypanel.h"
#include "common/curveplot.h"
#include "common/languagemanager.h"
#include "common/mainwindow.h"
#include "common/qcustomplot.h"
#include "data/importer.h"
#include "evaluation/confusionplot.h"
#include "evaluation/evaluatepanel.h"
#include "gallery/datasetpanel.h"
#include "gallery/gallerymodel.h"
#include "gallery/mapdialog.h"
#include "io/idx.h"
#include "review/reviewmodel.h"
#include "review/reviewpanel.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/trainingcontroller.h"
#include "training/trainpanel.h"

#include <QDir>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QTimer>
#include <clocale>
#include <cstdio>

#include <tuple>

using namespace photocat;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;

    void snapshot(QWidget &w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("PHOTOCAT_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QVERIFY(w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("photocat-test"));
        QSettings().clear();
    }

    /** QApplication takes the C library's number format from the environment; the app puts
        it back to C (main() calls keepCNumbers()), or the engine's HTML report would carry
        decimal commas. Needs a de_DE locale, built here with localedef when Debian's locale
        sources are installed. */
    void theEngineWritesCNumbersUnderADecimalCommaLocale()
    {
        QTemporaryDir locales;
        QProcess build;
        build.start(QStringLiteral("localedef"),
                    {"-i", "de_DE", "-f", "UTF-8", locales.filePath("de_DE.UTF-8")});
        build.waitForFinished(30000);
        qputenv("LOCPATH", locales.path().toLocal8Bit());
        const bool german = std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;
        char text[16];
        std::snprintf(text, sizeof text, "%.2f", 0.5);
        const QString before = QString::fromLatin1(text);
        ui::LanguageManager::keepCNumbers();
        std::snprintf(text, sizeof text, "%.2f", 0.5);
        const QString after = QString::fromLatin1(text);
        std::setlocale(LC_ALL, "C");
        qunsetenv("LOCPATH");
        if (!german)
            QSKIP("no de_DE locale could be built here (Debian's locales package)");
        QCOMPARE(before, QString("0,50")); // the locale took
        QCOMPARE(after, QString("0.50"));
    }

    void languageSwitchRetranslatesVisibleWidgets()
    {
        ui::MainWindow window;
        window.show();
        auto *nav = window.findChild<QListWidget *>();
        QVERIFY(nav);
        QCOMPARE(nav->item(0)->text(), QString("Dataset"));
        QVERIFY(ui::LanguageManager::instance()->setLanguage(QStringLiteral("pl")));
        // LanguageChange reaches the widgets through the event loop.
        QTRY_COMPARE(nav->item(0)->text(), QString::fromUtf8("Zbiór danych"));
        QCOMPARE(window.menuBar()->actions().first()->text(), QString("&Plik"));
        const auto buttons = window.trainPanel()->findChildren<QPushButton *>();
        QVERIFY(std::any_of(buttons.begin(), buttons.end(),
                            [](auto *b) { return b->text() == QString("Za&trzymaj"); }));
        QVERIFY(ui::LanguageManager::instance()->setLanguage(QStringLiteral("pt_BR")));
        QTRY_COMPARE(nav->item(1)->text(), QString("Treinar"));
        QVERIFY(ui::LanguageManager::instance()->setLanguage(QStringLiteral("en")));
        QTRY_COMPARE(nav->item(1)->text(), QString("Train"));
        QVERIFY(!ui::LanguageManager::instance()->setLanguage(QStringLiteral("xx")));
    }

    void tour()
    {
        // What an analyst sees: 1,000 real Fashion-MNIST photos (800 to train, 200 to test), a
        // model trained to a realistic accuracy, its real confusions (Shirt against T-shirt/top)
        // and heat maps. PHOTOCAT_SCREENSHOTS=DIR saves each page (the README's screenshots).
        const QString fm = QStringLiteral("/usr/share/datasets/fashion-mnist");
        if (!QFile::exists(fm + QStringLiteral("/train-images-idx3-ubyte.gz")))
            QSKIP("dataset-fashion-mnist is not installed");
        const QString src = mDir.filePath(QStringLiteral("fashion"));
        const auto &names = core::fashionMnistClasses();
        for (const auto &[split, file, count] :
             {std::tuple{"train", "train", 800}, std::tuple{"test", "t10k", 200}}) {
            const auto images = core::readIdx(QStringLiteral("%1/%2-images-idx3-ubyte.gz")
                                                  .arg(fm, QLatin1String(file))
                                                  .toStdString());
            const auto labels = core::readIdx(QStringLiteral("%1/%2-labels-idx1-ubyte.gz")
                                                  .arg(fm, QLatin1String(file))
                                                  .toStdString());
            for (int i = 0; i < count; ++i) {
                const std::string folder = src.toStdString() + "/" + split + "/" +
                                           core::safeFolderName(names.at(labels.data[size_t(i)]));
                QDir().mkpath(QString::fromStdString(folder));
                const std::vector<uint8_t> pixels(images.data.begin() + i * 784,
                                                  images.data.begin() + (i + 1) * 784);
                test::writeImage(folder + "/" + std::to_string(i) + ".png", pixels, 28, 28, 1);
            }
        }

        ui::MainWindow window;
        window.resize(1280, 820);
        window.setProperty("quietImport", true);
        QVERIFY(window.openWorkspace(mDir.filePath("ws"), true));
        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.importSource(src);
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, 30000);
        QCOMPARE(imported.at(0).at(0).toInt(), 1000);
        core::Workspace *workspace = window.workspace();
        workspace->setDisplayName(workspace->findClass("T-shirt_top"), "T-shirt/top");
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        window.showPage(ui::MainWindow::DatasetPage);
        window.datasetPanel()->reload();
        auto *gallery = window.datasetPanel()->model();
        QTRY_COMPARE(gallery->rowCount(), 1000); // read off the GUI thread
        QSignalSpy thumbs(gallery, &ui::GalleryModel::thumbnailArrived);
        QTRY_VERIFY_WITH_TIMEOUT(thumbs.count() >= 20, 10000);
        QTest::qWait(300);
        snapshot(window, QStringLiteral("dataset"));

        window.showPage(ui::MainWindow::TrainPage);
        auto *train = window.trainPanel();
        train->setModel(QStringLiteral("resnet-small"), 16);
        train->setEpochs(8);
        train->setBatchSize(32);
        QSignalSpy epochs(train->controller()->worker(), &ui::TrainingWorker::epochFinished);
        QSignalSpy finished(train, &ui::TrainPanel::trainingFinished);
        train->start();
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 5, 120000);
        snapshot(window, QStringLiteral("training"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(qvariant_cast<core::RunStatus>(finished.at(0).at(0)), core::RunStatus::Finished);
        QVERIFY(QFile::exists(finished.at(0).at(1).toString()));

        // Evaluate on the test photos with thresholds chosen for 80% precision (what 80
        // validation photos can vouch for at 95% confidence; a real workspace asks for more).
        window.showPage(ui::MainWindow::EvaluatePage);
        auto *evaluate = window.evaluatePanel();
        evaluate->setTargets(0.8, 0);
        evaluate->chooseThresholds();
        QTRY_VERIFY_WITH_TIMEOUT(
            !evaluate->isChoosing() && !evaluate->isRunning() && evaluate->hasResult(), 60000);
        const auto &m = evaluate->result().metrics;
        QVERIFY2(m.accuracy > 0.55 && m.accuracy < 0.97, qPrintable(QString::number(m.accuracy)));
        QVERIFY(evaluate->result().chosenPolicy);
        QTest::qWait(100);
        snapshot(window, QStringLiteral("evaluate"));

        // A click on the largest confusion opens exactly that cell in Review, with the heat map
        // of why the model chose as it did.
        int truth = 0, predicted = 1;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p)
                if (t != p && m.confusion[size_t(t)][size_t(p)] >
                                  m.confusion[size_t(truth)][size_t(predicted)])
                    truth = t, predicted = p;
        QVERIFY(m.confusion[size_t(truth)][size_t(predicted)] > 0); // a real confusion
        auto *plot = evaluate->confusionPlot();
        QTest::mouseClick(plot->plot(), Qt::LeftButton, {},
                          plot->plot()->mapFrom(plot, plot->cellCenter(truth, predicted)));
        QCOMPARE(window.currentPage(), ui::MainWindow::ReviewPage);
        auto *review = window.reviewPanel();
        QCOMPARE(review->queue(), ui::ReviewPanel::Cell);
        QCOMPARE(int64_t(review->model()->rowCount()),
                 m.confusion[size_t(truth)][size_t(predicted)]);
        QSignalSpy explained(review, &ui::ReviewPanel::explanationShown);
        review->setShowWhy(true);
        QTRY_VERIFY_WITH_TIMEOUT(explained.count() >= 1, 20000);
        QTest::qWait(300);
        snapshot(window, QStringLiteral("review"));

        window.showPage(ui::MainWindow::ClassifyPage);
        auto *classify = window.classifyPanel();
        QSignalSpy added(classify, &ui::ClassifyPanel::predictionAdded);
        QStringList photos;
        for (const char *category : {"Shirt", "Sneaker", "Bag"})
            photos << QDir(src + QStringLiteral("/test/") + QLatin1String(category))
                          .entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Name)
                          .value(0)
                          .filePath();
        classify->setShowWhy(true);
        classify->classify(photos);
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 3, 20000);
        QTest::qWait(100);
        snapshot(window, QStringLiteral("classify"));
        window.showPage(ui::MainWindow::DatasetPage);

        // The map: the 1,000 photos placed by the model's features keep their categories
        // together (most of a photo's nearest map neighbours share its label).
        auto *map = window.datasetPanel()->showMap();
        QVERIFY(map);
        QSignalSpy mapped(map, &ui::MapDialog::mapped);
        QTRY_COMPARE_WITH_TIMEOUT(mapped.count(), 1, 60000);
        QVERIFY2(map->computed().error.isEmpty(), qPrintable(map->computed().error));
        const auto &points = map->computed().map.points;
        QCOMPARE(points.size(), size_t(1000));
        double agree = 0;
        for (const auto &p : points) {
            std::vector<std::pair<float, int>> near;
            for (const auto &q : points)
                if (q.imageId != p.imageId)
                    near.push_back({std::hypot(p.x - q.x, p.y - q.y), q.label});
            std::partial_sort(near.begin(), near.begin() + 10, near.end());
            for (int i = 0; i < 10; ++i)
                agree += near[size_t(i)].second == p.label;
        }
        agree /= 10.0 * double(points.size());
        QVERIFY2(agree > 0.6, qPrintable(QString::number(agree)));
        map->resize(1000, 760);
        QVERIFY(QTest::qWaitForWindowExposed(map));
        QTest::qWait(100);
        snapshot(*map, QStringLiteral("map"));
        map->close();
    }

    void closingDuringTrainingStopsAndKeepsCheckpoint()
    {
        QTemporaryDir dir;
        test::makeWorkspace(dir.path().toStdString(), 3, 20, 16);
        ui::MainWindow window;
        QVERIFY(window.openWorkspace(dir.filePath("ws")));
        auto *train = window.trainPanel();
        train->setModel(QStringLiteral("resnet-small"), 8);
        train->setEpochs(500);
        train->setBatchSize(16);
        QSignalSpy batches(train->controller()->worker(), &ui::TrainingWorker::batchFinished);
        train->start();
        QTRY_VERIFY_WITH_TIMEOUT(batches.count() > 0, 60000);
        // Answer the "stop and quit?" question with Yes.
        QTimer::singleShot(200, [] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(w))
                    box->button(QMessageBox::Yes)->click();
        });
        QVERIFY(window.close());
        QVERIFY(!train->isTraining());
        core::Workspace workspace(dir.filePath("ws").toStdString());
        const auto run = workspace.runs().back();
        QCOMPARE(run.status, core::RunStatus::Cancelled);
        QVERIFY(QFile::exists(QString::fromStdString(run.checkpoint)));
    }

    void importWhileTrainingJoinsTheNextRun()
    {
        // Importing more photos while a model trains is allowed: the run keeps the split it
        // started with; the gallery shows the new photos at once, and no dialog gets in the way.
        QTemporaryDir dir;
        test::makeWorkspace(dir.path().toStdString(), 3, 20, 16);
        const std::string more = dir.filePath("more").toStdString();
        test::makeDataset(more, 3, 5, 16);
        ui::MainWindow window;
        window.setProperty("quietImport", true);
        QVERIFY(window.openWorkspace(dir.filePath("ws")));
        auto *train = window.trainPanel();
        train->setModel(QStringLiteral("resnet-small"), 8);
        train->setEpochs(500);
        train->setBatchSize(16);
        QSignalSpy started(train->controller()->worker(), &ui::TrainingWorker::started);
        QSignalSpy batches(train->controller()->worker(), &ui::TrainingWorker::batchFinished);
        train->start();
        QTRY_VERIFY_WITH_TIMEOUT(batches.count() > 0, 30000);
        bool dialogShown = false;
        QTimer watcher;
        connect(&watcher, &QTimer::timeout, [&dialogShown] {
            if (auto *modal = QApplication::activeModalWidget()) {
                dialogShown = true;
                modal->close();
            }
        });
        watcher.start(50);
        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.importSource(QString::fromStdString(more));
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, 30000);
        QCOMPARE(imported.at(0).at(0).toInt(), 15);
        QVERIFY(train->isTraining());
        QTRY_COMPARE(window.datasetPanel()->model()->rowCount(), 60 + 15);
        QVERIFY(!dialogShown);
        train->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!train->isTraining(), 30000);
        core::Workspace workspace(dir.filePath("ws").toStdString());
        QCOMPARE(workspace.runs().back().status, core::RunStatus::Cancelled);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
