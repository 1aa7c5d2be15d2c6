#include "training/trainpanel.h"

#include "common/statustext.h"
#include "store/workspace.h"
#include "training/livecurves.h"
#include "training/runcomparison.h"
#include "training/trainingcontroller.h"
#include "training/trainsettingsform.h"

#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <utility>

namespace photocat::ui {

namespace {

QString duration(double seconds)
{
    const int s = int(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TrainPanel::TrainPanel(QWidget *parent) : QWidget(parent), mController(new TrainingController(this))
{
    mSettings = new TrainSettingsForm(this);
    mStart = new QPushButton(this);
    mPause = new QPushButton(this);
    mStop = new QPushButton(this);
    mResume = new QPushButton(this);
    mStart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    auto *buttons = new QGridLayout;
    buttons->addWidget(mStart, 0, 0);
    buttons->addWidget(mPause, 0, 1);
    buttons->addWidget(mStop, 1, 0);
    buttons->addWidget(mResume, 1, 1);
    mProgress = new QProgressBar(this);
    mProgress->setMaximum(1000);
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    mRuns = new QListWidget(this);
    mRuns->setSelectionMode(QAbstractItemView::ExtendedSelection);
    mCompareButton = new QPushButton(this);

    auto *left = new QVBoxLayout;
    left->addWidget(mSettings);
    left->addLayout(buttons);
    left->addWidget(mProgress);
    left->addWidget(mStatus);
    left->addWidget(mRuns, 1);
    left->addWidget(mCompareButton);
    auto *leftWidget = new QWidget(this);
    leftWidget->setLayout(left);

    mLive = new LiveCurves(this);
    mComparison = new RunComparison(this);
    mTabs = new QTabWidget(this);
    mTabs->addTab(mLive, QString());
    mTabs->addTab(mComparison, QString());
    auto *splitter = new QSplitter(this);
    splitter->addWidget(leftWidget);
    splitter->addWidget(mTabs);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(splitter);

    connect(mStart, &QPushButton::clicked, this, &TrainPanel::start);
    connect(mPause, &QPushButton::clicked, this, &TrainPanel::togglePause);
    connect(mStop, &QPushButton::clicked, this, &TrainPanel::stop);
    connect(mResume, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Resume from Checkpoint"),
                                                          mWorkspaceDir + QStringLiteral("/runs"),
                                                          tr("Checkpoints (*.pt)"));
        if (!file.isEmpty())
            resumeFrom(file);
    });
    connect(mCompareButton, &QPushButton::clicked, this, &TrainPanel::compareSelectedRuns);
    connect(mSettings, &TrainSettingsForm::inspectionFinished, this, [this] {
        if (std::exchange(mStartWhenInspected, false))
            start();
    });
    auto *worker = mController->worker();
    connect(worker, &TrainingWorker::probeProgress, this, &TrainPanel::onProbeProgress);
    connect(worker, &TrainingWorker::batchFinished, this, &TrainPanel::onBatch);
    connect(worker, &TrainingWorker::epochFinished, mLive, &LiveCurves::addEpoch);
    connect(worker, &TrainingWorker::logMessage, mLive, &LiveCurves::appendLog);
    connect(worker, &TrainingWorker::errorOccurred, mLive, &LiveCurves::appendLog);
    connect(worker, &TrainingWorker::finished, this, &TrainPanel::onFinished);
    connect(worker, &TrainingWorker::started, this, [this](qint64 run) { mOwnRun = run; });
    connect(mController, &TrainingController::runningChanged, this, &TrainPanel::updateButtons);
    mFollowTimer = new QTimer(this);
    mFollowTimer->setInterval(2000);
    connect(mFollowTimer, &QTimer::timeout, this, &TrainPanel::followOtherProcesses);
    mFollowTimer->start();
    retranslateUi();
    updateButtons();
}

TrainPanel::~TrainPanel() = default;

CurvePlot *TrainPanel::batchLossPlot() const { return mLive->batchLossPlot(); }
CurvePlot *TrainPanel::epochLossPlot() const { return mLive->epochLossPlot(); }
CurvePlot *TrainPanel::accuracyPlot() const { return mLive->accuracyPlot(); }
core::WorkspaceTrainRequest TrainPanel::request() const { return mSettings->request(); }
core::ProbeRequest TrainPanel::probeRequest() const { return mSettings->probeRequest(); }
void TrainPanel::setEpochs(int epochs) { mSettings->setEpochs(epochs); }
void TrainPanel::setModel(const QString &model, int width) { mSettings->setModel(model, width); }
void TrainPanel::setBatchSize(int batchSize) { mSettings->setBatchSize(batchSize); }
void TrainPanel::setTransfer(const QString &file, const QString &mode)
{
    mSettings->setTransfer(file, mode);
}
QString TrainPanel::weightsInfo() const { return mSettings->weightsInfo(); }
void TrainPanel::setProcesses(int processes, bool syncBatchNorm)
{
    mSettings->setProcesses(processes, syncBatchNorm);
}
void TrainPanel::setFollowInterval(int milliseconds) { mFollowTimer->setInterval(milliseconds); }
QString TrainPanel::statusText() const { return mStatus->text(); }

void TrainPanel::retranslateUi()
{
    mStart->setText(tr("&Start"));
    mPause->setText(mController->isPaused() ? tr("&Continue") : tr("&Pause"));
    mStop->setText(tr("St&op"));
    mResume->setText(tr("&Resume…"));
    mCompareButton->setText(tr("Compare Selected Runs"));
    mTabs->setTabText(0, tr("Live"));
    mTabs->setTabText(1, tr("Compare runs"));
    if (!isTraining() && !mStartWhenInspected)
        mStatus->setText(mWorkspace ? tr("Ready.") : tr("Open a workspace to train."));
}

void TrainPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TrainPanel::setWorkspace(const QString &dir, core::Workspace *workspace)
{
    mWorkspaceDir = dir;
    mWorkspace = workspace;
    refreshRuns();
    retranslateUi();
    updateButtons();
}

bool TrainPanel::isTraining() const { return mController->isRunning(); }

void TrainPanel::stopAndWait() { mController->stopAndWait(); }

void TrainPanel::start()
{
    if (mSettings->isInspecting()) {
        // Started within moments of choosing weights: their architecture picks the model, so
        // the run starts once the file is read (never waiting on the GUI thread).
        mStartWhenInspected = true;
        mStatus->setText(tr("Reading the weights file; training starts when it is read…"));
        return;
    }
    if (!mSettings->isCachedProbe()) {
        startRequest(mSettings->request());
        return;
    }
    if (!mWorkspace || isTraining())
        return;
    resetLiveViews();
    mController->startProbe(mWorkspaceDir, mSettings->probeRequest());
}

void TrainPanel::resumeFrom(const QString &checkpoint)
{
    auto r = mSettings->request();
    r.resume = checkpoint.toStdString();
    startRequest(r);
}

void TrainPanel::startRequest(core::WorkspaceTrainRequest request)
{
    if (!mWorkspace || isTraining())
        return;
    mFollowed = 0;
    mMultiProcess = request.dist.localRanks > 1;
    resetLiveViews();
    mController->start(mWorkspaceDir, request);
}

void TrainPanel::addFollowedEpochs()
{
    for (const auto &e : mWorkspace->epochs(mFollowed)) {
        if (size_t(e.epoch) <= mFollowedEpochs)
            continue;
        core::EpochMetrics m;
        m.epoch = e.epoch;
        m.trainLoss = e.trainLoss, m.trainAccuracy = e.trainAccuracy;
        m.valLoss = e.valLoss, m.valAccuracy = e.valAccuracy;
        m.learningRate = e.learningRate, m.seconds = e.seconds;
        m.best = e.valAccuracy > mFollowedBest;
        mFollowedBest = std::max(mFollowedBest, e.valAccuracy);
        mLive->addEpoch(m);
        mFollowedEpochs = size_t(e.epoch);
    }
}

void TrainPanel::followOtherProcesses()
{
    if (!mWorkspace || isTraining() || mStartWhenInspected)
        return;
    namespace fs = std::filesystem;
    const auto runs = mWorkspace->runs();
    if (mFollowed) {
        // The followed run ended: say how, and list it with its result.
        const auto it = std::find_if(runs.begin(), runs.end(),
                                     [this](const auto &r) { return r.id == mFollowed; });
        if (it == runs.end() || it->status != core::RunStatus::Running) {
            addFollowedEpochs();
            mStatus->setText(
                tr("Run #%1 in another process: %2.")
                    .arg(mFollowed)
                    .arg(it == runs.end() ? tr("removed") : runStatusText(it->status)));
            mFollowed = 0;
            refreshRuns();
            return;
        }
    }
    // The newest run another process is writing (status running, news within the hour; a
    // process killed mid-run leaves its run "running" forever).
    const core::RunRecord *live = nullptr;
    const auto now = fs::file_time_type::clock::now();
    for (const auto &r : runs) {
        if (r.status != core::RunStatus::Running || r.id == mOwnRun || (live && live->id > r.id))
            continue;
        std::error_code ec;
        const fs::path dir = fs::path(mWorkspaceDir.toStdString()) / "runs" / std::to_string(r.id);
        auto news = fs::last_write_time(dir, ec);
        if (ec)
            continue;
        if (const auto last = fs::last_write_time(dir / "last.pt", ec); !ec && last > news)
            news = last;
        if (now - news < std::chrono::hours(1))
            live = &r;
    }
    if (!live)
        return;
    if (live->id != mFollowed) {
        mFollowed = live->id;
        mFollowedEpochs = 0;
        mFollowedBest = -1;
        mLive->reset();
        mTabs->setCurrentIndex(0);
        mLive->appendLog(tr("Following run #%1 “%2”, which another process is training "
                            "(photocat-cli from a terminal, launch or srun).")
                             .arg(live->id)
                             .arg(QString::fromStdString(live->name)));
        refreshRuns();
    }
    int epochs = 0;
    const auto params = nlohmann::json::parse(live->paramsJson, nullptr, false);
    if (params.is_object())
        epochs = params.value("epochs", 0);
    addFollowedEpochs();
    mProgress->setValue(int(1000 * double(mFollowedEpochs) / std::max(1, epochs)));
    mStatus->setText(tr("Run #%1 “%2” is training in another process: %3 of %4 epochs done.")
                         .arg(mFollowed)
                         .arg(QString::fromStdString(live->name))
                         .arg(mFollowedEpochs)
                         .arg(epochs));
}

void TrainPanel::resetLiveViews()
{
    mLive->reset();
    mProgress->setValue(0);
    mStatus->setText(tr("Preparing…"));
    mTabs->setCurrentIndex(0);
}

void TrainPanel::togglePause()
{
    if (!isTraining())
        return;
    mController->setPaused(!mController->isPaused());
    mStatus->setText(mController->isPaused() ? tr("Paused after the current batch.")
                                             : tr("Continuing…"));
    retranslateUi();
}

void TrainPanel::stop()
{
    if (isTraining()) {
        mController->stop();
        mStatus->setText(tr("Stopping after the current batch; the checkpoint is kept."));
    }
}

void TrainPanel::onBatch(const core::BatchProgress &p)
{
    mLive->addBatch(p);
    const double total = double(p.batches) * p.epochs;
    const double done = double(p.batches) * (p.epoch - 1) + double(p.batch);
    mProgress->setValue(int(1000 * done / std::max(1.0, total)));
    mStatus->setText(tr("Epoch %1 of %2, batch %3 of %4 — %5 images/s — %6 left")
                         .arg(p.epoch)
                         .arg(p.epochs)
                         .arg(p.batch)
                         .arg(p.batches)
                         .arg(p.imagesPerSecond, 0, 'f', 0)
                         .arg(duration(p.etaSeconds)));
}

void TrainPanel::onProbeProgress(const QString &phase, qint64 done, qint64 total)
{
    mProgress->setMaximum(1000);
    mProgress->setValue(int(1000 * done / std::max<qint64>(1, total)));
    mStatus->setText(
        phase == QLatin1String("features")
            ? tr("Computing backbone features once: %1 of %2 images").arg(done).arg(total)
            : tr("Training the head on cached features: epoch %1 of %2").arg(done).arg(total));
}

void TrainPanel::onFinished(core::RunStatus status, const QString &best, const QString &error)
{
    if (status == core::RunStatus::Failed)
        mStatus->setText(tr("Training failed: %1").arg(error));
    else if (status == core::RunStatus::Cancelled)
        mStatus->setText(tr("Stopped. The last checkpoint is kept; Resume continues from it."));
    else
        mStatus->setText(tr("Finished. Best model: %1").arg(best));
    refreshRuns();
    retranslateUi();
    Q_EMIT trainingFinished(status, best);
}

void TrainPanel::updateButtons()
{
    const bool running = isTraining();
    mStart->setEnabled(mWorkspace && !running);
    mResume->setEnabled(mWorkspace && !running);
    mPause->setEnabled(running && !mMultiProcess); // ranks cannot wait on each other's pause
    mStop->setEnabled(running);
    mSettings->setEnabled(!running);
}

void TrainPanel::refreshRuns()
{
    mRuns->clear();
    if (!mWorkspace)
        return;
    for (const auto &run : mWorkspace->runs()) {
        auto *item = new QListWidgetItem(
            tr("#%1 %2 — %3, best %4")
                .arg(run.id)
                .arg(QString::fromStdString(run.name), runStatusText(run.status))
                .arg(run.bestValAccuracy, 0, 'f', 4),
            mRuns);
        item->setData(Qt::UserRole, qint64(run.id));
        item->setToolTip(QString::fromStdString(run.paramsJson));
    }
}

void TrainPanel::compareSelectedRuns()
{
    if (!mWorkspace)
        return;
    std::vector<qint64> ids;
    for (const QListWidgetItem *item : mRuns->selectedItems())
        ids.push_back(item->data(Qt::UserRole).toLongLong());
    mComparison->compare(*mWorkspace, ids);
    mTabs->setCurrentIndex(1);
}

} // namespace photocat::ui
