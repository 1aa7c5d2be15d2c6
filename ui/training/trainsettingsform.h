#pragma once

#include "training/linearprobe.h"
#include "training/workspacetraining.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace photocat::ui {

/**
 * The Train page's settings: hyperparameters, and the pretrained weights with how to fine-tune
 * them. A chosen weights file is read on a worker thread; its architecture picks the model.
 */
class TrainSettingsForm : public QWidget
{
    Q_OBJECT

public:
    explicit TrainSettingsForm(QWidget *parent = nullptr);

    /** Settings as a training request. */
    core::WorkspaceTrainRequest request() const;
    /** The linear-probe request of the "cached-probe" mode. */
    core::ProbeRequest probeRequest() const;
    /** Whether Start means a linear probe on cached features rather than image training. */
    bool isCachedProbe() const;

    void setEpochs(int epochs);
    void setModel(const QString &model, int width);
    void setBatchSize(int batchSize);
    /** Data-parallel ranks on this machine (1: in the app's process). */
    void setProcesses(int processes, bool syncBatchNorm = false);
    /** Pretrained weights and how to fine-tune them: "full", "probe", "last", "two-phase" or
        "cached-probe". Starts reading the file. */
    void setTransfer(const QString &weightsFile, const QString &mode);
    /** What the weights file's inspection found, or why it failed. */
    QString weightsInfo() const;
    /** A weights file is still being read. */
    bool isInspecting() const { return mInspecting; }

Q_SIGNALS:
    /** The chosen weights file has been read (weightsInfo() says what it holds). */
    void inspectionFinished();

protected:
    void changeEvent(QEvent *event) override;

private:
    /** What is shown of a weights file: a summary, not its (possibly 100K-entry) tensor list,
        so the result is cheap to hand to the GUI thread. */
    struct WeightInspection
    {
        QString file;
        QString format, architecture;
        qint64 tensors = 0, parameters = 0, classes = 0;
        QString error;
    };
    void retranslateUi();
    void inspectWeightsFile();
    void showInspection(const WeightInspection &inspection);
    void updateTransferControls();

    QFutureWatcher<WeightInspection> mInspection;
    /** Set when a file is chosen, cleared once its result is shown (the watcher stops
        "running" before its finished() handler has picked the model). */
    bool mInspecting = false;
    QGroupBox *mSettingsBox, *mTransferBox;
    QFormLayout *mForm, *mTransferForm;
    QComboBox *mModel, *mOptimizer, *mSchedule, *mAugment, *mDevice, *mPrecision, *mFinetune;
    QSpinBox *mWidth, *mEpochs, *mBatch, *mSeed, *mProcesses, *mStages, *mHeadEpochs;
    QCheckBox *mSyncBn;
    QDoubleSpinBox *mLr, *mSmoothing, *mBackboneScale;
    QLineEdit *mWeights;
    QPushButton *mBrowseWeights;
    QLabel *mWeightsInfo;
};

} // namespace photocat::ui
