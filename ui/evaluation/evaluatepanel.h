#pragma once

#include "common/metatypes.h"
#include "evaluation/evaluator.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QProgressBar;
class QToolButton;

namespace photocat::ui {

class ConfusionPlot;
class PolicyChart;

/**
 * Evaluate page: evaluates a chosen checkpoint on a chosen split off the GUI thread
 * (progress, cancel), then shows metric cards, a sortable per-class table, the confusion matrix
 * as a heatmap (a click opens that cell's images in Review), the suggestion-policy chart with
 * draggable thresholds, and exports (confusion CSV/PNG/PDF, predictions CSV, HTML/PDF report).
 */
class EvaluatePanel : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluatePanel(QWidget *parent = nullptr);
    ~EvaluatePanel() override;

    /** Lists the workspace's checkpoints and selects checkpoint (the newest when empty). */
    void setWorkspace(const QString &dir, const QString &checkpoint);
    void setCheckpoint(const QString &checkpoint);
    QString checkpoint() const;
    void setSplit(core::Split split);
    void evaluate();
    void cancel();
    bool isRunning() const { return mWatcher.isRunning(); }
    /** The targets "Choose Thresholds" aims for (0..1; a hit rate of 0 leaves shortlists). */
    void setTargets(double precision, double hitRate);
    /** Chooses the thresholds for the targets on the validation split off the GUI thread,
        stores them with the checkpoint (core::chooseThresholds()), then evaluates again to
        show how they hold on the chosen split. */
    void chooseThresholds();
    bool isChoosing() const { return mChooseWatcher.isRunning(); }

    bool hasResult() const { return mHasResult; }
    const core::EvaluateResult &result() const { return mResult; }
    core::Split resultSplit() const { return mResultSplit; }
    ConfusionPlot *confusionPlot() const { return mConfusion; }
    PolicyChart *policyChart() const { return mPolicy; }
    QTableWidget *classTable() const { return mTable; }

    /** Exports; each throws nothing and returns false with errorString() set on failure. */
    bool exportConfusionCsv(const QString &file);
    bool exportConfusionImage(const QString &file); ///< .png or .pdf
    bool exportPredictionsCsv(const QString &file);
    bool exportReport(const QString &file); ///< .html or .pdf
    QString errorString() const { return mError; }

Q_SIGNALS:
    void evaluated(qint64 runId);
    /** A confusion cell was clicked: review the images of (trueClass, predicted). */
    void reviewCellRequested(qint64 runId, photocat::core::Split split, int trueClass,
                             int predicted);
    /** The workspace's checkpoints are in the checkpoint list (read off the GUI thread). */
    void checkpointsListed();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct RunList
    {
        std::vector<core::RunRecord> runs; ///< newest first, with a checkpoint on disk
        QString error;
    };
    void showRuns(const RunList &list, const QString &checkpoint);
    void retranslateUi();
    void showResult(const core::EvaluateResult &r);
    void updateOperatingPoint(double autoAssign, double shortlist);
    void exportWithDialog(int kind);
    bool writeText(const QString &file, const std::string &text);

    QString mWorkspaceDir;
    QString mRequestedCheckpoint; ///< the latest setCheckpoint(): older run lists are dropped
    QString mError;
    std::shared_ptr<std::atomic<bool>> mCancel;
    QFutureWatcher<core::EvaluateResult> mWatcher;
    QFutureWatcher<core::ChosenPolicy> mChooseWatcher;
    /** The analyst moved the chart's thresholds: evaluations use them over the model's. */
    bool mPolicyDragged = false;
    core::EvaluateResult mResult;
    core::Split mResultSplit = core::Split::Test, mPendingSplit = core::Split::Test;
    int mGeneration = 0, mJobGeneration = 0; ///< results of another workspace are dropped
    bool mHasResult = false;
    QComboBox *mCheckpoint, *mSplit;
    QCheckBox *mMirror;
    QPushButton *mRun, *mCancelButton, *mChoose;
    QDoubleSpinBox *mTargetPrecision, *mTargetHitRate;
    QLabel *mTargetPrecisionLabel, *mTargetHitRateLabel;
    QToolButton *mExport;
    QProgressBar *mProgress;
    QLabel *mSummary, *mCards[4], *mOperating;
    QTableWidget *mTable;
    ConfusionPlot *mConfusion;
    PolicyChart *mPolicy;
};

} // namespace photocat::ui
