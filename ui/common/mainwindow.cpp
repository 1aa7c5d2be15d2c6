#include "common/mainwindow.h"

#include "classify/classifypanel.h"
#include "common/languagemanager.h"
#include "data/importer.h"
#include "evaluation/evaluatepanel.h"
#include "gallery/datasetpanel.h"
#include "review/labelingpanel.h"
#include "review/reviewpanel.h"
#include "store/summary.h"
#include "store/workspace.h"
#include "training/trainpanel.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QtConcurrent>

#include <atomic>

// photocat_ui is a static library: its resources must be registered explicitly.
static void initResources() { Q_INIT_RESOURCE(photocat); }

namespace photocat::ui {

namespace {
constexpr int kMaxRecent = 8;
}

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    initResources();
    mNavigation = new QListWidget(this);
    mNavigation->setViewMode(QListView::IconMode);
    mNavigation->setFlow(QListView::TopToBottom);
    mNavigation->setMovement(QListView::Static);
    mNavigation->setIconSize(QSize(40, 40));
    mNavigation->setFixedWidth(112);
    mNavigation->setSpacing(6);
    for (const char *icon : {"dataset", "train", "evaluate", "classify", "review", "label"})
        new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))),
                            QString(), mNavigation);
    mPages = new QStackedWidget(this);
    mDataset = new DatasetPanel(this);
    mTrain = new TrainPanel(this);
    mEvaluate = new EvaluatePanel(this);
    mClassify = new ClassifyPanel(this);
    mReview = new ReviewPanel(this);
    mLabeling = new LabelingPanel(this);
    for (QWidget *page : std::initializer_list<QWidget *>{mDataset, mTrain, mEvaluate, mClassify,
                                                          mReview, mLabeling})
        mPages->addWidget(page);
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->addWidget(mNavigation);
    layout->addWidget(mPages, 1);
    setCentralWidget(central);
    mStatusLabel = new QLabel(this);
    statusBar()->addWidget(mStatusLabel, 1);
    connect(mNavigation, &QListWidget::currentRowChanged, mPages, &QStackedWidget::setCurrentIndex);
    connect(mTrain, &TrainPanel::trainingFinished, this,
            [this](core::RunStatus, const QString &best) { refreshAfterTraining(best); });
    connect(mEvaluate, &EvaluatePanel::evaluated, this, [this](qint64 runId) {
        mDataset->reload();
        mReview->showMisclassified(runId, mEvaluate->resultSplit());
    });
    connect(mEvaluate, &EvaluatePanel::reviewCellRequested, this,
            [this](qint64 runId, core::Split split, int t, int p) {
                mReview->showCell(runId, split, t, p);
                showPage(ReviewPage);
            });
    // A relabel moves the image everywhere: gallery, histogram, training samples.
    connect(mReview, &ReviewPanel::labelsChanged, mDataset, &DatasetPanel::reload);
    connect(mLabeling, &LabelingPanel::labelsChanged, mDataset, &DatasetPanel::reload);
    connect(mClassify, &ClassifyPanel::errorOccurred, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });

    createMenus();
    retranslateUi();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1200, 800);
    showPage(Page(settings.value(QStringLiteral("window/page"), 0).toInt()));
}

MainWindow::~MainWindow() = default;

MainWindow::Page MainWindow::currentPage() const { return Page(mPages->currentIndex()); }

void MainWindow::createMenus()
{
    mFileMenu = menuBar()->addMenu(QString());
    mNewAction = mFileMenu->addAction(QString(), QKeySequence::New, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("New Workspace Folder"));
        if (!dir.isEmpty())
            openWorkspace(dir, true);
    });
    mOpenAction = mFileMenu->addAction(QString(), QKeySequence::Open, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"));
        if (!dir.isEmpty())
            openWorkspace(dir);
    });
    mRecentMenu = mFileMenu->addMenu(QString());
    mFileMenu->addSeparator();
    mImportFolderAction =
        mFileMenu->addAction(QString(), QKeySequence(Qt::CTRL | Qt::Key_I), this, [this] {
            const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Image Folder"));
            if (!dir.isEmpty())
                importSource(dir);
        });
    mImportListAction = mFileMenu->addAction(QString(), this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Import List"), QString(), tr("Lists and RecordIO (*.lst *.csv *.rec)"));
        if (!file.isEmpty())
            importSource(file);
    });
    mFileMenu->addSeparator();
    mQuitAction = mFileMenu->addAction(QString(), QKeySequence::Quit, this, &QWidget::close);

    mViewMenu = menuBar()->addMenu(QString());
    for (int page = 0; page < 6; ++page) {
        QAction *a = mViewMenu->addAction(QString(), QKeySequence(Qt::CTRL | (Qt::Key_1 + page)),
                                          this, [this, page] { showPage(Page(page)); });
        mPageActions << a;
    }

    mSettingsMenu = menuBar()->addMenu(QString());
    mLanguageMenu = mSettingsMenu->addMenu(QString());
    auto *group = new QActionGroup(this);
    auto *languages = LanguageManager::instance();
    for (const QString &language : languages->availableLanguages()) {
        QAction *a = mLanguageMenu->addAction(LanguageManager::displayName(language));
        a->setCheckable(true);
        a->setChecked(language == languages->language());
        group->addAction(a);
        connect(a, &QAction::triggered, this,
                [language] { LanguageManager::instance()->setLanguage(language); });
    }

    mHelpMenu = menuBar()->addMenu(QString());
    mAboutAction = mHelpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About photocat"),
                           tr("<b>photocat %1</b><p>Teach a model to read a seller's product photo "
                              "and choose its category.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    updateRecentMenu();
}

void MainWindow::retranslateUi()
{
    const QStringList pages = {tr("Dataset"),  tr("Train"),  tr("Evaluate"),
                               tr("Classify"), tr("Review"), tr("Label")};
    for (int i = 0; i < pages.size(); ++i) {
        mNavigation->item(i)->setText(pages[i]);
        mPageActions[i]->setText(pages[i]);
    }
    mFileMenu->setTitle(tr("&File"));
    mNewAction->setText(tr("&New Workspace…"));
    mOpenAction->setText(tr("&Open Workspace…"));
    mRecentMenu->setTitle(tr("Open &Recent"));
    mImportFolderAction->setText(tr("&Import Folder…"));
    mImportListAction->setText(tr("Import &List or CSV…"));
    mQuitAction->setText(tr("&Quit"));
    mViewMenu->setTitle(tr("&View"));
    mSettingsMenu->setTitle(tr("&Settings"));
    mLanguageMenu->setTitle(tr("&Language"));
    mHelpMenu->setTitle(tr("&Help"));
    mAboutAction->setText(tr("&About photocat"));
    setWindowTitle(mWorkspaceDir.isEmpty() ? tr("photocat")
                                           : tr("%1 — photocat").arg(mWorkspaceDir));
    if (!mWorkspace)
        mStatusLabel->setText(tr("No workspace open: File ▸ New Workspace, then Import Folder."));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::showPage(Page page)
{
    mNavigation->setCurrentRow(int(page));
    mPages->setCurrentIndex(int(page));
}

QString MainWindow::newestCheckpoint() const
{
    return mWorkspace ? QString::fromStdString(mWorkspace->newestCheckpoint()) : QString();
}

bool MainWindow::openWorkspace(const QString &dir, bool create)
{
    const bool same = mWorkspace && QDir(dir) == QDir(mWorkspaceDir);
    if (mTrain->isTraining() && !same) {
        QMessageBox::information(this, tr("Training in progress"),
                                 tr("Stop the training before opening another workspace."));
        return false;
    }
    if (!same) {
        std::unique_ptr<core::Workspace> workspace;
        try {
            workspace = std::make_unique<core::Workspace>(dir.toStdString(), create);
            workspace->classNames(); // a damaged class table is refused here, not in a panel
        } catch (const std::exception &e) {
            QMessageBox::warning(this, tr("Cannot open workspace"),
                                 QString::fromStdString(e.what()));
            return false;
        }
        mDataset->setWorkspace(QString(), nullptr);
        mTrain->setWorkspace(QString(), nullptr);
        mClassify->setWorkspace(nullptr);
        mReview->setWorkspace(QString(), nullptr);
        mLabeling->setWorkspace(QString(), nullptr, QString());
        mWorkspace = std::move(workspace);
        mWorkspaceDir = dir;
    }
    // The same workspace again (after an import, say) keeps its connection: a training that
    // runs meanwhile works from its own snapshot of the splits and is not disturbed.
    showWorkspace();
    return true;
}

void MainWindow::showWorkspace()
{
    const QString dir = mWorkspaceDir;
    mDataset->setWorkspace(dir, mWorkspace.get());
    mTrain->setWorkspace(dir, mWorkspace.get());
    mClassify->setWorkspace(mWorkspace.get());
    mEvaluate->setWorkspace(dir, newestCheckpoint());
    mReview->setWorkspace(dir, mWorkspace.get());
    mLabeling->setWorkspace(dir, mWorkspace.get(), newestCheckpoint());

    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentWorkspaces")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    settings.setValue(QStringLiteral("recentWorkspaces"), recent.mid(0, kMaxRecent));
    updateRecentMenu();
    // Cheap counts only: the GUI thread must not stall on a 100K-image workspace.
    core::ImageFilter missing;
    missing.status = core::ImageStatus::Missing;
    mStatusLabel->setText(
        tr("%n image(s) in %1 classes; %2 skipped, %3 missing", "",
           int(mWorkspace->imageCount({std::nullopt, std::nullopt, std::nullopt})))
            .arg(mWorkspace->classNames().size())
            .arg(mWorkspace->skippedFiles().size())
            .arg(mWorkspace->imageCount(missing)));
    retranslateUi();
    Q_EMIT workspaceOpened(dir);
}

void MainWindow::updateRecentMenu()
{
    mRecentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentWorkspaces")).toStringList();
    for (const QString &dir : recent)
        mRecentMenu->addAction(dir, this, [this, dir] { openWorkspace(dir); });
    mRecentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::importSource(const QString &source)
{
    if (mWorkspaceDir.isEmpty()) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("New Workspace Folder"));
        if (dir.isEmpty() || !openWorkspace(dir, true))
            return;
    }
    auto cancel = std::make_shared<core::StopFlag>(false);
    auto *dialog = new QProgressDialog(tr("Reading image headers…"), tr("Cancel"), 0, 0, this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(300);
    auto *watcher = new QFutureWatcher<core::ImportReport>(this);
    auto error = std::make_shared<QString>();
    connect(dialog, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
    connect(watcher, &QFutureWatcherBase::progressRangeChanged, dialog, &QProgressDialog::setRange);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, dialog, &QProgressDialog::setValue);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, dialog, error] {
        dialog->deleteLater();
        watcher->deleteLater();
        if (watcher->future().resultCount() == 0) {
            QMessageBox::warning(this, tr("Import failed"), *error);
            return;
        }
        const core::ImportReport r = watcher->result();
        if (r.cancelled) {
            statusBar()->showMessage(tr("Import cancelled: nothing was changed."), 8000);
            return;
        }
        openWorkspace(mWorkspaceDir);
        QString details;
        for (const auto &s : r.skipped)
            details += QStringLiteral("%1: %2\n")
                           .arg(QString::fromStdString(s.path), QString::fromStdString(s.reason));
        QMessageBox box(QMessageBox::Information, tr("Import finished"),
                        tr("%1 added, %2 updated, %3 unchanged, %4 missing, %5 skipped.")
                            .arg(r.added)
                            .arg(r.updated)
                            .arg(r.unchanged)
                            .arg(r.missing)
                            .arg(r.skipped.size()),
                        QMessageBox::Ok, this);
        box.setDetailedText(details);
        if (!property("quietImport").toBool())
            box.exec();
        Q_EMIT importFinished(int(r.added), int(r.skipped.size()));
    });
    const QString dir = mWorkspaceDir;
    watcher->setFuture(
        QtConcurrent::run([dir, source, cancel, error](QPromise<core::ImportReport> &promise) {
            core::ImportOptions o;
            o.source = source.toStdString();
            o.stop = cancel.get();
            o.progress = [&promise](size_t done, size_t total) {
                promise.setProgressRange(0, int(total));
                promise.setProgressValue(int(done));
            };
            try {
                core::Workspace workspace(dir.toStdString()); // this thread's own connection
                promise.addResult(core::importDataset(workspace, o));
            } catch (const std::exception &e) {
                *error = QString::fromStdString(e.what());
            }
        }));
}

void MainWindow::refreshAfterTraining(const QString &bestCheckpoint)
{
    const QString checkpoint = bestCheckpoint.isEmpty() ? newestCheckpoint() : bestCheckpoint;
    mEvaluate->setCheckpoint(checkpoint);
    if (!checkpoint.isEmpty())
        mClassify->setCheckpoint(checkpoint);
    mLabeling->setCheckpoint(checkpoint);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (mTrain->isTraining()) {
        const auto answer = QMessageBox::question(
            this, tr("Training in progress"),
            tr("A model is training. Stop it and quit? The last checkpoint is kept, and the run "
               "can be resumed later."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        mTrain->stopAndWait();
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/page"), mPages->currentIndex());
    event->accept();
}

} // namespace photocat::ui
