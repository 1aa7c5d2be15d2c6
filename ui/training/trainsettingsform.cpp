#include "training/trainsettingsform.h"

#include "io/weightinfo.h"
#include "models/modelnames.h"
#include "training/trainer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace photocat::ui {

namespace {

QComboBox *combo(const QStringList &items, QWidget *parent)
{
    auto *c = new QComboBox(parent);
    for (const auto &i : items)
        c->addItem(i, i);
    return c;
}

} // namespace

TrainSettingsForm::TrainSettingsForm(QWidget *parent) : QWidget(parent)
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
    mSchedule = combo(
        {QStringLiteral("cosine"), QStringLiteral("onecycle"), QStringLiteral("constant")}, this);
    mAugment = combo({QStringLiteral("auto"), QStringLiteral("rrc"), QStringLiteral("pad"),
                      QStringLiteral("none")},
                     this);
    mSmoothing = new QDoubleSpinBox(this);
    mSmoothing->setRange(0, 0.5);
    mSmoothing->setSingleStep(0.05);
    mSmoothing->setValue(0.1);
    mDevice = combo({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")}, this);
    // "auto": the engine's choice (bf16 where the CPU or GPU computes it natively).
    mPrecision =
        combo({QStringLiteral("auto"), QStringLiteral("fp32"), QStringLiteral("bf16")}, this);
    mSeed = new QSpinBox(this);
    mSeed->setRange(0, 1 << 30);
    mSeed->setValue(1);
    // Data-parallel ranks here (photocat-cli launch): for machines with many cores or GPUs.
    mProcesses = new QSpinBox(this);
    mProcesses->setRange(1, std::max(1, QThread::idealThreadCount()));
    mSyncBn = new QCheckBox(this);
    for (QWidget *w : std::initializer_list<QWidget *>{
             mModel, mWidth, mEpochs, mBatch, mLr, mOptimizer, mSchedule, mAugment, mSmoothing,
             mDevice, mPrecision, mSeed, mProcesses, mSyncBn})
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
                       QStringLiteral("two-phase"), QStringLiteral("cached-probe")},
                      this);
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
    for (QWidget *w :
         std::initializer_list<QWidget *>{mFinetune, mStages, mHeadEpochs, mBackboneScale})
        mTransferForm->addRow(QStringLiteral("-"), w);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mSettingsBox);
    layout->addWidget(mTransferBox);

    connect(mBrowseWeights, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Pretrained Weights"), QString(),
            tr("Weights (*.pth *.pt *.safetensors *.bin);;All files (*)"));
        if (!file.isEmpty()) {
            mWeights->setText(file);
            inspectWeightsFile();
        }
    });
    connect(mWeights, &QLineEdit::editingFinished, this, &TrainSettingsForm::inspectWeightsFile);
    connect(&mInspection, &QFutureWatcherBase::finished, this, [this] {
        if (mInspection.future().resultCount() > 0)
            showInspection(mInspection.result());
        if (!mInspection.isRunning()) {
            mInspecting = false;
            Q_EMIT inspectionFinished();
        }
    });
    connect(mFinetune, &QComboBox::currentIndexChanged, this, [this] {
        // The head-only probe trains with AdamW, whose learning rates are far below SGD's.
        if (mFinetune->currentData().toString() == QLatin1String("cached-probe") &&
            mLr->value() > 0.01)
            mLr->setValue(0.003);
        updateTransferControls();
    });
    if (!core::cudaAvailable())
        qobject_cast<QStandardItemModel *>(mDevice->model())->item(2)->setEnabled(false);
    retranslateUi();
    updateTransferControls();
}

void TrainSettingsForm::retranslateUi()
{
    mSettingsBox->setTitle(tr("Training settings"));
    const QStringList labels = {tr("Model"),           tr("Width (resnet-small)"),
                                tr("Epochs"),          tr("Batch size"),
                                tr("Learning rate"),   tr("Optimizer"),
                                tr("Schedule"),        tr("Augmentation"),
                                tr("Label smoothing"), tr("Device"),
                                tr("Precision"),       tr("Seed"),
                                tr("Processes"),       tr("Synchronized BatchNorm")};
    for (int i = 0; i < labels.size(); ++i)
        if (auto *item = mForm->itemAt(i, QFormLayout::LabelRole))
            if (auto *label = qobject_cast<QLabel *>(item->widget()))
                label->setText(labels[i]);
    mTransferBox->setTitle(tr("Transfer learning"));
    const QStringList transferLabels = {
        tr("Pretrained weights"), QString(),
        tr("Fine-tuning"),        tr("Stages trained"),
        tr("Head-only epochs"),   tr("Backbone learning-rate scale")};
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
    mProcesses->setToolTip(
        tr("Train as this many processes on this machine, each on its share of every batch "
           "(the global batch is batch size × processes). 1: inside the app."));
    mSyncBn->setToolTip(tr("With several processes: BatchNorm statistics over the global batch "
                           "instead of each process's share."));
    mDevice->setItemText(0, tr("Automatic"));
    mDevice->setItemText(1, tr("CPU"));
    mDevice->setItemText(2,
                         core::cudaAvailable() ? tr("CUDA GPU") : tr("CUDA GPU (not available)"));
}

void TrainSettingsForm::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TrainSettingsForm::setEpochs(int epochs) { mEpochs->setValue(epochs); }
void TrainSettingsForm::setBatchSize(int batchSize) { mBatch->setValue(batchSize); }
void TrainSettingsForm::setProcesses(int processes, bool syncBatchNorm)
{
    mProcesses->setValue(processes);
    mSyncBn->setChecked(syncBatchNorm);
}
void TrainSettingsForm::setModel(const QString &model, int width)
{
    mModel->setCurrentIndex(mModel->findData(model));
    mWidth->setValue(width);
}

bool TrainSettingsForm::isCachedProbe() const
{
    return mFinetune->currentData().toString() == QLatin1String("cached-probe") &&
           !mWeights->text().trimmed().isEmpty();
}

core::WorkspaceTrainRequest TrainSettingsForm::request() const
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
    r.dist.localRanks = mProcesses->value();
    r.dist.syncBatchNorm = mSyncBn->isChecked();
    return r;
}

core::ProbeRequest TrainSettingsForm::probeRequest() const
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

void TrainSettingsForm::setTransfer(const QString &weightsFile, const QString &mode)
{
    mWeights->setText(weightsFile);
    mFinetune->setCurrentIndex(std::max(0, mFinetune->findData(mode)));
    inspectWeightsFile();
}

QString TrainSettingsForm::weightsInfo() const { return mWeightsInfo->text(); }

void TrainSettingsForm::inspectWeightsFile()
{
    const QString file = mWeights->text().trimmed();
    updateTransferControls();
    if (file.isEmpty()) {
        mWeightsInfo->clear();
        return;
    }
    mWeightsInfo->setText(tr("Reading %1…").arg(QFileInfo(file).fileName()));
    // A legacy .pth is read whole: off the GUI thread.
    mInspecting = true;
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

void TrainSettingsForm::showInspection(const WeightInspection &r)
{
    if (r.file != mWeights->text().trimmed())
        return; // another file was chosen meanwhile
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

void TrainSettingsForm::updateTransferControls()
{
    const bool weights = !mWeights->text().trimmed().isEmpty();
    const QString mode = mFinetune->currentData().toString();
    mFinetune->setEnabled(weights);
    mStages->setEnabled(weights && mode == QLatin1String("last"));
    mHeadEpochs->setEnabled(weights && mode == QLatin1String("two-phase"));
    mBackboneScale->setEnabled(
        weights && (mode == QLatin1String("full") || mode == QLatin1String("two-phase")));
}

} // namespace photocat::ui
