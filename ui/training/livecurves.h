#pragma once

#include "common/metatypes.h"

#include <QWidget>

class QPlainTextEdit;

namespace photocat::ui {

class CurvePlot;

/** The Train page's live view of one run: loss per batch (raw and smoothed), loss and accuracy
    per epoch, and the run's log. */
class LiveCurves : public QWidget
{
    Q_OBJECT

public:
    explicit LiveCurves(QWidget *parent = nullptr);

    CurvePlot *batchLossPlot() const { return mBatchLoss; }
    CurvePlot *epochLossPlot() const { return mEpochLoss; }
    CurvePlot *accuracyPlot() const { return mAccuracy; }

    /** Empties every curve and the log for a new run. */
    void reset();
    void addBatch(const core::BatchProgress &progress);
    void addEpoch(const core::EpochMetrics &metrics);
    void appendLog(const QString &line);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    CurvePlot *mBatchLoss, *mEpochLoss, *mAccuracy;
    QPlainTextEdit *mLog;
    double mSmoothed = 0;
    int64_t mGlobalBatch = 0;
    bool mHaveSmoothed = false;
};

} // namespace photocat::ui
