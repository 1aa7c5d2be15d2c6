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
#include "review/reviewmodel.h"
#include "review/reviewpanel.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/trainingcontroller.h"
#include "training/trainpanel.h"

#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

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
        test::makeDataset(mDir.filePath("src").toStdString(), 4, 40, 28, 3);
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
        ui::MainWindow window;
        window.resize(1280, 820);
        window.setProperty("quietImport", true);
        QVERIFY(window.openWorkspace(mDir.filePath("ws"), true));
        QSignalSpy imported(&window, &ui::MainWindow::importFinished);
        window.importSource(mDir.filePath("src"));
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, 30000);
        QCOMPARE(imported.at(0).at(0).toInt(), 160);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        window.showPage(ui::MainWindow::DatasetPage);
        auto *gallery = window.datasetPanel()->model();
        QTRY_COMPARE(gallery->rowCount(), 160); // read off the GUI thread
        QSignalSpy thumbs(gallery, &ui::GalleryModel::thumbnailArrived);
        QTRY_VERIFY_WITH_TIMEOUT(thumbs.count() >= 20, 10000);
        QTest::qWait(200);
        snapshot(window, QStringLiteral("dataset"));

        window.showPage(ui::MainWindow::TrainPage);
        auto *train = window.trainPanel();
        train->setModel(QStringLiteral("resnet-small"), 8);
        train->setEpochs(6);
        train->setBatchSize(16);
        QSignalSpy epochs(train->controller()->worker(), &ui::TrainingWorker::epochFinished);
        QSignalSpy finished(train, &ui::TrainPanel::trainingFinished);
        train->start();
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 3, 120000);
        snapshot(window, QStringLiteral("training"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(qvariant_cast<core::RunStatus>(finished.at(0).at(0)), core::RunStatus::Finished);
        QVERIFY(QFile::exists(finished.at(0).at(1).toString()));

        // Evaluate, then a click on a confusion cell opens exactly that cell in Review.
        window.showPage(ui::MainWindow::EvaluatePage);
        auto *evaluate = window.evaluatePanel();
        evaluate->evaluate();
        QTRY_VERIFY_WITH_TIMEOUT(evaluate->hasResult(), 60000);
        QTest::qWait(100);
        snapshot(window, QStringLiteral("evaluate"));
        auto *plot = evaluate->confusionPlot();
        QTest::mouseClick(plot->plot(), Qt::LeftButton, {},
                          plot->plot()->mapFrom(plot, plot->cellCenter(1, 1)));
        QCOMPARE(window.currentPage(), ui::MainWindow::ReviewPage);
        QCOMPARE(window.reviewPanel()->queue(), ui::ReviewPanel::Cell);
        QCOMPARE(int64_t(window.reviewPanel()->model()->rowCount()),
                 evaluate->result().metrics.confusion[1][1]);
        QTest::qWait(300);
        snapshot(window, QStringLiteral("review"));

        window.showPage(ui::MainWindow::ClassifyPage);
        auto *classify = window.classifyPanel();
        QSignalSpy added(classify, &ui::ClassifyPanel::predictionAdded);
        classify->classify({mDir.filePath("src/c0/img-1.png"), mDir.filePath("src/c1/img-1.png"),
                            mDir.filePath("src/c3/img-2.png")});
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 3, 20000);
        QTest::qWait(100);
        snapshot(window, QStringLiteral("classify"));
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
