#pragma once

#include "common/metatypes.h"
#include "training/linearprobe.h"
#include "training/workspacetraining.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTimer;

namespace photocat::core {
class Workspace;
}

namespace photocat::ui {

class CurvePlot;
class LiveCurves;
class RunComparison;
class TrainSettingsForm;
class TrainingController;

/**
 * Train page: the settings form, Start / Pause / Continue / Stop / Resume, progress with
 * images/s and ETA, the live curves and log, and past runs with their comparison. While it
 * trains nothing itself, it follows a run another process is writing to the same workspace
 * (photocat-cli train or launch from a terminal, srun): its epochs, live.
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

    TrainSettingsForm *settings() const { return mSettings; }
    CurvePlot *batchLossPlot() const;
    CurvePlot *epochLossPlot() const;
    CurvePlot *accuracyPlot() const;

    /** Shortcuts to the settings form (tests and scripting). */
    core::WorkspaceTrainRequest request() const;
    core::ProbeRequest probeRequest() const;
    void setEpochs(int epochs);
    void setModel(const QString &model, int width);
    void setBatchSize(int batchSize);
    void setTransfer(const QString &weightsFile, const QString &mode);
    void setProcesses(int processes, bool syncBatchNorm = false);
    QString weightsInfo() const;
    /** The run of another process being followed; 0 for none. */
    qint64 followedRun() const { return mFollowed; }
    /** How often the workspace is looked at for other processes' runs (tests: shorter). */
    void setFollowInterval(int milliseconds);
    QString statusText() const;

public Q_SLOTS:
    /** Starts with the form's settings; while a chosen weights file is still being read, the
        run starts once it is read (its architecture picks the model). Never blocks. */
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
    void onFinished(photocat::core::RunStatus status, const QString &best, const QString &error);
    void onProbeProgress(const QString &phase, qint64 done, qint64 total);
    void updateButtons();
    void compareSelectedRuns();
    void startRequest(core::WorkspaceTrainRequest request);
    void resetLiveViews();
    /** Shows the newest running run of another process, epoch by epoch. */
    void followOtherProcesses();
    void addFollowedEpochs();

    QString mWorkspaceDir;
    core::Workspace *mWorkspace = nullptr;
    TrainingController *mController;
    bool mStartWhenInspected = false; ///< Start was clicked while the weights were read
    TrainSettingsForm *mSettings;
    QPushButton *mStart, *mPause, *mStop, *mResume, *mCompareButton;
    QProgressBar *mProgress;
    QLabel *mStatus;
    QListWidget *mRuns;
    QTabWidget *mTabs;
    LiveCurves *mLive;
    RunComparison *mComparison;
    bool mMultiProcess = false; ///< this page's run is a launch of several processes
    qint64 mOwnRun = 0;
    QTimer *mFollowTimer;
    qint64 mFollowed = 0; ///< another process's run shown in the live view
    size_t mFollowedEpochs = 0;
    double mFollowedBest = -1;
};

} // namespace photocat::ui
