#pragma once

#include "common/metatypes.h"
#include "io/weightinfo.h"
#include "training/linearprobe.h"
#include "training/workspacetraining.h"

#include <QFutureWatcher>
#include <QWidget>

class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QPushButton;
class QProgressBar;
class QLabel;
class QPlainTextEdit;
class QListWidget;
class QTableWidget;
class QTabWidget;
class QFormLayout;
class QGroupBox;
class QLineEdit;

namespace photocat::core {
class Workspace;
}

namespace photocat::ui {

class CurvePlot;
class TrainingController;

/**
 * Train panel: hyperparameters, Start / Pause / Continue / Stop / Resume, live loss and
 * accuracy curves, progress with images/s and ETA, a log, and past runs with comparison.
 */
class TrainPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrainPanel(QWidget *parent = nullptr);
    ~TrainPanel() override;

    /** The workspace to train on; nullptr disables training. */
    void setWorkspace(const QString &dir, core::Workspace *workspace);
    TrainingController *controller() const { return mController; }
    bool isTraining() const;
    /** Asks nothing: stops a running training and waits for its checkpoint. */
    void stopAndWait();

    CurvePlot *batchLossPlot() const { return mBatchLoss; }
    CurvePlot *epochLossPlot() const { return mEpochLoss; }
    CurvePlot *accuracyPlot() const { return mAccuracy; }

    /** Settings as a request (used by Start; public for tests and scripting). */
    core::WorkspaceTrainRequest request() const;
    void setEpochs(int epochs);
    void setModel(const QString &model, int width);
    void setBatchSize(int batchSize);
    /** Pretrained weights and how to fine-tune them: "full", "probe", "last", "two-phase" or
        "cached-probe" (a linear probe on features cached in the workspace). */
    void setTransfer(const QString &weightsFile, const QString &mode);
    /** What the weights file's inspection found (read off the GUI thread), or why it failed. */
    QString weightsInfo() const;
    /** The linear-probe request Start sends in "cached-probe" mode. */
    core::ProbeRequest probeRequest() const;

public Q_SLOTS:
    void start();
    void togglePause();
    void stop();
    void resumeFrom(const QString &checkpoint);
    void refreshRuns();

Q_SIGNALS:
    void trainingFinished(photocat::core::RunStatus status, const QString &bestCheckpoint);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onBatch(const core::BatchProgress &p);
    void onEpoch(const core::EpochMetrics &m);
    void onFinished(photocat::core::RunStatus status, const QString &best, const QString &error);
    void updateButtons();
    void compareSelectedRuns();
    void startRequest(core::WorkspaceTrainRequest request);
    void resetLiveViews();
    void inspectWeightsFile();
    void updateTransferControls();
    void onProbeProgress(const QString &phase, qint64 done, qint64 total);

    QString mWorkspaceDir;
    core::Workspace *mWorkspace = nullptr;
    TrainingController *mController;

    /** What the Train page shows of a weights file: a summary, not its (possibly 100K-entry)
        tensor list, so the result is cheap to hand to the GUI thread. */
    struct WeightInspection
    {
        QString file;
        QString format, architecture;
        qint64 tensors = 0, parameters = 0, classes = 0;
        QString error;
    };
    void showInspection(const WeightInspection &inspection);

    QFutureWatcher<WeightInspection> mInspection;
    bool mStartWhenInspected = false;   ///< Start was clicked while the file was read
    QGroupBox *mSettingsBox;
    QFormLayout *mForm;
    QComboBox *mModel, *mOptimizer, *mSchedule, *mAugment, *mDevice, *mPrecision;
    QSpinBox *mWidth, *mEpochs, *mBatch, *mSeed;
    QDoubleSpinBox *mLr, *mSmoothing;
    QGroupBox *mTransferBox;
    QFormLayout *mTransferForm;
    QLineEdit *mWeights;
    QPushButton *mBrowseWeights;
    QLabel *mWeightsInfo;
    QComboBox *mFinetune;
    QSpinBox *mStages, *mHeadEpochs;
    QDoubleSpinBox *mBackboneScale;
    QPushButton *mStart, *mPause, *mStop, *mResume;
    QProgressBar *mProgress;
    QLabel *mStatus;
    QTabWidget *mTabs;
    CurvePlot *mBatchLoss, *mEpochLoss, *mAccuracy, *mCompare;
    QPlainTextEdit *mLog;
    QListWidget *mRuns;
    QPushButton *mCompareButton;
    QTableWidget *mCompareTable;
    double mSmoothed = 0;
    int64_t mGlobalBatch = 0;
    bool mHaveSmoothed = false;
};

} // namespace photocat::ui
