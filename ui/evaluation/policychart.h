#pragma once

#include "evaluation/metrics.h"

#include <QWidget>

class QCustomPlot;
class QCPItemStraightLine;
class QMouseEvent;

namespace photocat::ui {

/**
 * The suggestion policy as a chart: as the auto-assign threshold moves, which share of uploads
 * would be categorized automatically (coverage) and how accurate those would be. The current
 * auto-assign and shortlist thresholds are vertical lines that can be dragged.
 */
class PolicyChart : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyChart(QWidget *parent = nullptr);

    void setCurve(const std::vector<core::PolicyPoint> &curve);
    void setThresholds(double autoAssign, double shortlist);
    /** A precision the auto-assigned photos must reach (a dashed horizontal line); 0 hides it. */
    void setTargetPrecision(double precision);
    double targetPrecision() const { return mTarget; }
    double autoThreshold() const { return mAuto; }
    double shortlistThreshold() const { return mShortlist; }
    /** Widget x of a threshold (for tests). */
    int pixelOf(double threshold) const;
    QCustomPlot *plot() const { return mPlot; }

Q_SIGNALS:
    /** While a line is dragged and when it is dropped. */
    void thresholdsChanged(double autoAssign, double shortlist);

private:
    void onPress(QMouseEvent *event);
    void onMove(QMouseEvent *event);
    void updateLines();

    QCustomPlot *mPlot;
    QCPItemStraightLine *mAutoLine, *mShortlistLine, *mTargetLine;
    double mAuto = 0.9, mShortlist = 0.5, mTarget = 0;
    int mDragging = 0; ///< 1 auto, 2 shortlist
};

} // namespace photocat::ui
