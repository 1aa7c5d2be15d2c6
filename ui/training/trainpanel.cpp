#include "training/trainpanel.h"

#include "common/statustext.h"
#include "common/curveplot.h"
#include "io/weightinfo.h"
#include "models/modelnames.h"
#include "store/workspace.h"
#include "training/trainer.h"
#include "training/trainingcontroller.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QStandardItemModel>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace photocat::ui {

namespace {

enum BatchSeries { kRaw, kSmoothed };
enum EpochSeries { kTrain, kVal };

QString duration(double seconds)
{
    const int s = int(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QComboBox *combo(const QStringList &items, QWidget *parent)
{
    auto *c = new QComboBox(parent);
    for (const auto &i : items)
        c->addItem(i, i);
    return c;
}

} // namespace

TrainPanel::TrainPanel(QWidget *parent) : QWidget(parent), mController(new TrainingController(this))
{
    mSettingsBox = new QGroupBox(this);
    mForm = new QFormLayout(mSettingsBox);
    QStringList models;
    for (const auto &name : core::modelNames())
        models << QString::fromStdString(name);
    mModel = combo(models, this);
    mWidth = new QSpinBox(this);
    mWidth->setRange(4, 128);
    mWidth->setValue(16);
    mEpochs = new QSpinBox(this);
    mEpochs->setRange(1, 1000);
    mEpochs->setValue(20);
    mBatch = new QSpinBox(this);
    mBatch->setRange(1, 4096);
    mBatch->setValue(128);
    mLr = new QDoubleSpinBox(this);
    mLr->setDecimals(5);
    mLr->setRange(1e-5, 10);
    mLr->setSingleStep(0.01);
    mLr->setValue(0.1);
    mOptimizer = combo({QStringLiteral("sgd"), QStringLiteral("adamw")}, this);
    mSchedule = combo({QStringLiteral("cosine"), QStringLiteral("onecycle"), QStringLiteral("constant")}, this);
    mAugment = combo({QStringLiteral("auto"), QStringLiteral("rrc"), QStringLiteral("pad"), QStringLiteral("none")}, this);
    mSmoothing = new QDoubleSpinBox(this);
    mSmoothing->setRange(0, 0.5);
    mSmoothing->setSingleStep(0.05);
    mSmoothing->setValue(0.1);
    mDevice = combo({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")}, this);
    mPrecision = combo({QStringLiteral("fp32"), QStringLiteral("bf16")}, this);
    mSeed = new QSpinBox(this);
    mSeed->setRange(0, 1 << 30);
    mSeed->setValue(1);
    for (QWidget *w : std::initializer_list<QWidget *>{mModel, mWidth, mEpochs, mBatch, mLr, mOptimizer, mSchedule,
                                                       mAugment, mSmoothing, mDevice, mPrecision, mSeed})
        mForm->addRow(QStringLiteral("-"), w);

    mTransferBox = new QGroupBox(this);
    mTransferForm = new QFormLayout(mTransferBox);
    mWeights = new QLineEdit(this);
    mWeights->setClearButtonEnabled(true);
    mBrowseWeights = new QPushButton(this);
    auto *weightsRow = new QHBoxLayout;
    weightsRow->addWidget(mWeights, 1);
    weightsRow->addWidget(mBrowseWeights);
    mWeightsInfo = new QLabel(this);
    mWeightsInfo->setWordWrap(true);
    mFinetune = combo({QStringLiteral("full"), QStringLiteral("probe"), QStringLiteral("last"),
                       QStringLiteral("two-phase"), QStringLiteral("cached-probe")}, this);
    mStages = new QSpinBox(this);
    mStages->setRange(1, 5);
    mHeadEpochs = new QSpinBox(this);
    mHeadEpochs->setRange(0, 1000);
    mBackboneScale = new QDoubleSpinBox(this);
    mBackboneScale->setDecimals(4);
    mBackboneScale->setRange(0, 1);
    mBackboneScale->setSingleStep(0.05);
    mTransferForm->addRow(QStringLiteral("-"), weightsRow);
    mTransferForm->addRow(QString(), mWeightsInfo);
    for (QWidget *w : std::initializer_list<QWidget *>{mFinetune, mStages, mHeadEpochs, mBackboneScale})
        mTransferForm->addRow(QStringLiteral("-"), w);

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
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    mRuns = new QListWidget(this);
    mRuns->setSelectionMode(QAbstractItemView::ExtendedSelection);
    mCompareButton = new QPushButton(this);

    auto *left = new QVBoxLayout;
    left->addWidget(mSettingsBox);
    left->addWidget(mTransferBox);
    left->addLayout(buttons);
    left->addWidget(mProgress);
    left->addWidget(mStatus);
    left->addWidget(mRuns, 1);
    left->addWidget(mCompareButton);
    auto *leftWidget = new QWidget(this);
    leftWidget->setLayout(left);

    mBatchLoss = new CurvePlot(this);
    mBatchLoss->addSeries(QString(), QColor(150, 180, 220));
    mBatchLoss->addSeries(QString(), QColor(20, 80, 170));
    mEpochLoss = new CurvePlot(this);
    mEpochLoss->addSeries(QString(), QColor(20, 80, 170));
    mEpochLoss->addSeries(QString(), QColor(210, 90, 30));
    mAccuracy = new CurvePlot(this);
    mAccuracy->addSeries(QString(), QColor(20, 80, 170));
    mAccuracy->addSeries(QString(), QColor(210, 90, 30));
    mLog = new QPlainTextEdit(this);
    mLog->setReadOnly(true);
    mLog->setMaximumBlockCount(2000);

    auto *live = new QSplitter(Qt::Vertical, this);
    live->addWidget(mBatchLoss);
    live->addWidget(mEpochLoss);
    live->addWidget(mAccuracy);
    live->addWidget(mLog);
    mCompare = new CurvePlot(this);
    mCompareTable = new QTableWidget(this);
    mCompareTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *compare = new QSplitter(Qt::Vertical, this);
    compare->addWidget(mCompare);
    compare->addWidget(mCompareTable);
    mTabs = new QTabWidget(this);
    mTabs->addTab(live, QString());
    mTabs->addTab(compare, QString());

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
    connect(mBrowseWeights, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Pretrained Weights"), QString(),
            tr("Weights (*.pth *.pt *.safetensors *.bin);;All files (*)"));
        if (!file.isEmpty()) {
            mWeights->setText(file);
            inspectWeightsFile();
        }
    });
    connect(mWeights, &QLineEdit::editingFinished, this, &TrainPanel::inspectWeightsFile);
    connect(&mInspection, &QFutureWatcherBase::finished, this, [this] {
        if (mInspection.future().resultCount() > 0)
            showInspection(mInspection.result());
        if (std::exchange(mStartWhenInspected, false) && !mInspection.isRunning())
            start();
    });
    connect(mFinetune, &QComboBox::currentIndexChanged, this, [this] {
        // The head-only probe trains with AdamW, whose learning rates are far below SGD's.
        if (mFinetune->currentData().toString() == QLatin1String("cached-probe") && mLr->value() > 0.01)
            mLr->setValue(0.003);
        updateTransferControls();
    });
    connect(mController->worker(), &TrainingWorker::probeProgress, this, &TrainPanel::onProbeProgress);
    auto *worker = mController->worker();
    connect(worker, &TrainingWorker::batchFinished, this, &TrainPanel::onBatch);
    connect(worker, &TrainingWorker::epochFinished, this, &TrainPanel::onEpoch);
    connect(worker, &TrainingWorker::logMessage, mLog, &QPlainTextEdit::appendPlainText);
    connect(worker, &TrainingWorker::errorOccurred, mLog, &QPlainTextEdit::appendPlainText);
    connect(worker, &TrainingWorker::finished, this, &TrainPanel::onFinished);
    connect(mController, &TrainingController::runningChanged, this, &TrainPanel::updateButtons);
    const bool cuda = core::cudaAvailable();
    if (!cuda)
        qobject_cast<QStandardItemModel *>(mDevice->model())->item(2)->setEnabled(false);
    retranslateUi();
    updateButtons();
    updateTransferControls();
}

TrainPanel::~TrainPanel() = default;

void TrainPanel::retranslateUi()
{
    mSettingsBox->setTitle(tr("Training settings"));
    const QStringList labels = {tr("Model"), tr("Width (resnet-small)"), tr("Epochs"), tr("Batch size"),
                                tr("Learning rate"), tr("Optimizer"), tr("Schedule"), tr("Augmentation"),
                                tr("Label smoothing"), tr("Device"), tr("Precision"), tr("Seed")};
    for (int i = 0; i < labels.size(); ++i)
        if (auto *item = mForm->itemAt(i, QFormLayout::LabelRole))
            if (auto *label = qobject_cast<QLabel *>(item->widget()))
                label->setText(labels[i]);
    mTransferBox->setTitle(tr("Transfer learning"));
    const QStringList transferLabels = {tr("Pretrained weights"), QString(), tr("Fine-tuning"),
                                        tr("Stages trained"), tr("Head-only epochs"),
                                        tr("Backbone learning-rate scale")};
    for (int i = 0; i < transferLabels.size(); ++i)
        if (auto *item = mTransferForm->itemAt(i, QFormLayout::LabelRole))
            if (auto *label = qobject_cast<QLabel *>(item->widget()))
                label->setText(transferLabels[i]);
    mWeights->setPlaceholderText(tr("none: random initialization"));
    mBrowseWeights->setText(tr("Browse…"));
    mFinetune->setItemText(0, tr("Full fine-tune"));
    mFinetune->setItemText(1, tr("Linear probe (head only)"));
    mFinetune->setItemText(2, tr("Last stages and head"));
    mFinetune->setItemText(3, tr("Two-phase: head, then all"));
    mFinetune->setItemText(4, tr("Linear probe on cached features"));
    mHeadEpochs->setSpecialValueText(tr("automatic"));
    mBackboneScale->setSpecialValueText(tr("automatic"));
    mDevice->setItemText(0, tr("Automatic"));
    mDevice->setItemText(1, tr("CPU"));
    mDevice->setItemText(2, core::cudaAvailable() ? tr("CUDA GPU") : tr("CUDA GPU (not available)"));
    mStart->setText(tr("&Start"));
    mPause->setText(mController->isPaused() ? tr("&Continue") : tr("&Pause"));
    mStop->setText(tr("St&op"));
    mResume->setText(tr("&Resume…"));
    mCompareButton->setText(tr("Compare Selected Runs"));
    mTabs->setTabText(0, tr("Live"));
    mTabs->setTabText(1, tr("Compare runs"));
    mBatchLoss->setLabels(tr("batch"), tr("loss"));
    mBatchLoss->setSeriesName(kRaw, tr("loss per batch"));
    mBatchLoss->setSeriesName(kSmoothed, tr("smoothed"));
    mEpochLoss->setLabels(tr("epoch"), tr("loss"));
    mEpochLoss->setSeriesName(kTrain, tr("train"));
    mEpochLoss->setSeriesName(kVal, tr("validation"));
    mAccuracy->setLabels(tr("epoch"), tr("accuracy"));
    mAccuracy->setSeriesName(kTrain, tr("train"));
    mAccuracy->setSeriesName(kVal, tr("validation"));
    mCompare->setLabels(tr("epoch"), tr("validation accuracy"));
    if (!isTraining())
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

void TrainPanel::setEpochs(int epochs) { mEpochs->setValue(epochs); }
void TrainPanel::setBatchSize(int batchSize) { mBatch->setValue(batchSize); }
void TrainPanel::setModel(const QString &model, int width)
{
    mModel->setCurrentIndex(mModel->findData(model));
    mWidth->setValue(width);
}

core::WorkspaceTrainRequest TrainPanel::request() const
{
    core::WorkspaceTrainRequest r;
    auto &o = r.options;
    o.model = mModel->currentData().toString().toStdString();
    o.width = mWidth->value();
    o.epochs = mEpochs->value();
    o.batchSize = mBatch->value();
    o.learningRate = mLr->value();
    o.optimizer = mOptimizer->currentData().toString().toStdString();
    o.schedule = mSchedule->currentData().toString().toStdString();
    o.labelSmoothing = mSmoothing->value();
    o.device = mDevice->currentData().toString().toStdString();
    o.precision = mPrecision->currentData().toString().toStdString();
    o.seed = uint64_t(mSeed->value());
    const QString augment = mAugment->currentData().toString();
    if (augment != QLatin1String("auto"))
        o.augmentation.crop = augment.toStdString();
    o.weights = mWeights->text().trimmed().toStdString();
    const QString mode = mFinetune->currentData().toString();
    o.finetune = mode == QLatin1String("cached-probe") ? "probe" : mode.toStdString();
    o.trainStages = mStages->value();
    o.headEpochs = mHeadEpochs->value();
    o.backboneLrScale = mBackboneScale->value();
    return r;
}

core::ProbeRequest TrainPanel::probeRequest() const
{
    core::ProbeRequest r;
    r.weights = mWeights->text().trimmed().toStdString();
    r.model = mModel->currentData().toString().toStdString();
    r.epochs = mEpochs->value();
    r.batchSize = mBatch->value();
    r.learningRate = mLr->value();
    r.labelSmoothing = mSmoothing->value();
    r.seed = uint64_t(mSeed->value());
    return r;
}

void TrainPanel::setTransfer(const QString &weightsFile, const QString &mode)
{
    mWeights->setText(weightsFile);
    mFinetune->setCurrentIndex(std::max(0, mFinetune->findData(mode)));
    inspectWeightsFile();
}

QString TrainPanel::weightsInfo() const { return mWeightsInfo->text(); }

void TrainPanel::inspectWeightsFile()
{
    const QString file = mWeights->text().trimmed();
    updateTransferControls();
    if (file.isEmpty()) {
        mWeightsInfo->clear();
        return;
    }
    mWeightsInfo->setText(tr("Reading %1…").arg(QFileInfo(file).fileName()));
    // A legacy .pth is read whole: off the GUI thread.
    mInspection.setFuture(QtConcurrent::run([file] {
        WeightInspection r;
        r.file = file;
        try {
            const core::WeightFileInfo info = core::inspectWeights(file.toStdString());
            r.format = QString::fromStdString(info.format);
            r.architecture = QString::fromStdString(info.architecture);
            r.tensors = qint64(info.tensors.size());
            r.parameters = info.parameters;
            r.classes = info.classes;
        } catch (const std::exception &e) {
            r.error = QString::fromStdString(e.what());
        }
        return r;
    }));
}

void TrainPanel::showInspection(const WeightInspection &r)
{
    if (r.file != mWeights->text().trimmed())
        return;   // another file was chosen meanwhile
    if (!r.error.isEmpty()) {
        mWeightsInfo->setText(tr("Cannot use this file: %1").arg(r.error));
        return;
    }
    QString text = tr("%1, %2 tensors, %3 M parameters")
                       .arg(r.format)
                       .arg(r.tensors)
                       .arg(double(r.parameters) / 1e6, 0, 'f', 1);
    if (!r.architecture.isEmpty())
        text += tr("; looks like %1").arg(r.architecture);
    if (r.classes)
        text += tr("; head of %1 classes, replaced for this workspace").arg(r.classes);
    mWeightsInfo->setText(text);
    const int model = mModel->findData(r.architecture);
    if (model >= 0)
        mModel->setCurrentIndex(model);
}

void TrainPanel::updateTransferControls()
{
    const bool weights = !mWeights->text().trimmed().isEmpty();
    const QString mode = mFinetune->currentData().toString();
    mFinetune->setEnabled(weights);
    mStages->setEnabled(weights && mode == QLatin1String("last"));
    mHeadEpochs->setEnabled(weights && mode == QLatin1String("two-phase"));
    mBackboneScale->setEnabled(weights && (mode == QLatin1String("full") || mode == QLatin1String("two-phase")));
}

void TrainPanel::start()
{
    if (mInspection.isRunning()) {
        // Started within moments of choosing weights: their architecture picks the model, so
        // the run starts once the file is read (never waiting on the GUI thread).
        mStartWhenInspected = true;
        mStatus->setText(tr("Reading the weights file; training starts when it is read…"));
        return;
    }
    const bool cachedProbe = mFinetune->currentData().toString() == QLatin1String("cached-probe") &&
                             !mWeights->text().trimmed().isEmpty();
    if (!cachedProbe) {
        startRequest(request());
        return;
    }
    if (!mWorkspace || isTraining())
        return;
    resetLiveViews();
    mController->startProbe(mWorkspaceDir, probeRequest());
}

void TrainPanel::onProbeProgress(const QString &phase, qint64 done, qint64 total)
{
    mProgress->setMaximum(1000);
    mProgress->setValue(int(1000 * done / std::max<qint64>(1, total)));
    mStatus->setText(phase == QLatin1String("features")
                         ? tr("Computing backbone features once: %1 of %2 images").arg(done).arg(total)
                         : tr("Training the head on cached features: epoch %1 of %2").arg(done).arg(total));
}

void TrainPanel::resumeFrom(const QString &checkpoint)
{
    auto r = request();
    r.resume = checkpoint.toStdString();
    startRequest(r);
}

void TrainPanel::startRequest(core::WorkspaceTrainRequest request)
{
    if (!mWorkspace || isTraining())
        return;
    resetLiveViews();
    mController->start(mWorkspaceDir, request);
}

void TrainPanel::resetLiveViews()
{
    mBatchLoss->clear();
    mEpochLoss->clear();
    mAccuracy->clear();
    mLog->clear();
    mHaveSmoothed = false;
    mGlobalBatch = 0;
    mProgress->setValue(0);
    mStatus->setText(tr("Preparing…"));
    mTabs->setCurrentIndex(0);
}

void TrainPanel::togglePause()
{
    if (!isTraining())
        return;
    mController->setPaused(!mController->isPaused());
    mStatus->setText(mController->isPaused() ? tr("Paused after the current batch.") : tr("Continuing…"));
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
    ++mGlobalBatch;
    mBatchLoss->addPoint(kRaw, double(mGlobalBatch), p.loss);
    mSmoothed = mHaveSmoothed ? 0.95 * mSmoothed + 0.05 * p.loss : p.loss;
    mHaveSmoothed = true;
    mBatchLoss->addPoint(kSmoothed, double(mGlobalBatch), mSmoothed);
    const double total = double(p.batches) * p.epochs;
    const double done = double(p.batches) * (p.epoch - 1) + double(p.batch);
    mProgress->setValue(int(1000 * done / std::max(1.0, total)));
    mProgress->setMaximum(1000);
    mStatus->setText(tr("Epoch %1 of %2, batch %3 of %4 — %5 images/s — %6 left")
                         .arg(p.epoch)
                         .arg(p.epochs)
                         .arg(p.batch)
                         .arg(p.batches)
                         .arg(p.imagesPerSecond, 0, 'f', 0)
                         .arg(duration(p.etaSeconds)));
}

void TrainPanel::onEpoch(const core::EpochMetrics &m)
{
    mEpochLoss->addPoint(kTrain, m.epoch, m.trainLoss);
    mEpochLoss->addPoint(kVal, m.epoch, m.valLoss);
    mAccuracy->addPoint(kTrain, m.epoch, m.trainAccuracy);
    mAccuracy->addPoint(kVal, m.epoch, m.valAccuracy);
    mLog->appendPlainText(tr("epoch %1: train loss %2, accuracy %3; validation loss %4, accuracy %5%6")
                              .arg(m.epoch)
                              .arg(m.trainLoss, 0, 'f', 4)
                              .arg(m.trainAccuracy, 0, 'f', 4)
                              .arg(m.valLoss, 0, 'f', 4)
                              .arg(m.valAccuracy, 0, 'f', 4)
                              .arg(m.best ? tr(" (best)") : QString()));
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
    mPause->setEnabled(running);
    mStop->setEnabled(running);
    mSettingsBox->setEnabled(!running);
    mTransferBox->setEnabled(!running);
}

void TrainPanel::refreshRuns()
{
    mRuns->clear();
    if (!mWorkspace)
        return;
    for (const auto &run : mWorkspace->runs()) {
        auto *item = new QListWidgetItem(
            tr("#%1 %2 — %3, best %4").arg(run.id).arg(QString::fromStdString(run.name),
                                                 runStatusText(run.status))
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
    mCompare->removeAllSeries();
    const QList<QListWidgetItem *> items = mRuns->selectedItems();
    const QStringList keys = {QStringLiteral("model"), QStringLiteral("width"), QStringLiteral("epochs"),
                              QStringLiteral("batch_size"), QStringLiteral("learning_rate"),
                              QStringLiteral("optimizer"), QStringLiteral("schedule"),
                              QStringLiteral("label_smoothing"), QStringLiteral("precision")};
    mCompareTable->clear();
    mCompareTable->setRowCount(keys.size() + 1);
    mCompareTable->setColumnCount(int(items.size()));
    QStringList rowNames = keys;
    rowNames << tr("best validation accuracy");
    mCompareTable->setVerticalHeaderLabels(rowNames);
    static const QColor colors[] = {QColor(20, 80, 170), QColor(210, 90, 30), QColor(40, 150, 60),
                                    QColor(150, 40, 150), QColor(120, 120, 120)};
    const auto runs = mWorkspace->runs();
    for (int c = 0; c < items.size(); ++c) {
        const qint64 id = items[c]->data(Qt::UserRole).toLongLong();
        const auto run = std::find_if(runs.begin(), runs.end(), [&](const auto &r) { return r.id == id; });
        if (run == runs.end())
            continue;
        const int series = mCompare->addSeries(QStringLiteral("#%1 %2").arg(id).arg(QString::fromStdString(run->name)),
                                               colors[c % 5]);
        for (const auto &e : mWorkspace->epochs(id))
            mCompare->addPoint(series, e.epoch, e.valAccuracy);
        const auto params = QJsonDocument::fromJson(QByteArray::fromStdString(run->paramsJson)).object();
        mCompareTable->setHorizontalHeaderItem(c, new QTableWidgetItem(QStringLiteral("#%1").arg(id)));
        for (int k = 0; k < keys.size(); ++k)
            mCompareTable->setItem(k, c, new QTableWidgetItem(params.value(keys[k]).toVariant().toString()));
        mCompareTable->setItem(int(keys.size()), c,
                               new QTableWidgetItem(QString::number(run->bestValAccuracy, 'f', 4)));
    }
    mTabs->setCurrentIndex(1);
}

} // namespace photocat::ui
