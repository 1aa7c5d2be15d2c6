#pragma once

#include <QWidget>

class QCustomPlot;
class QTimer;

namespace photocat::ui {

/**
 * A QCustomPlot with named series fed one point at a time. Points that are NaN or infinite are
 * skipped; axis ranges grow incrementally; replots are coalesced by a 40 ms single-shot timer,
 * so the plot redraws at most 25 times a second however fast points arrive. Drag pans, the
 * wheel zooms (the view then stays where the user put it while points arrive, until Reset
 * View), hovering shows the nearest value, the context menu exports PNG or PDF.
 */
class CurvePlot : public QWidget
{
    Q_OBJECT

public:
    explicit CurvePlot(QWidget *parent = nullptr);

    void setLabels(const QString &x, const QString &y);
    /** Keeps the y axis at [lo, hi] from the start, whatever the points (accuracy: 0 to 1);
        without it the axis fits the data. */
    void setFixedYRange(double lo, double hi);
    int addSeries(const QString &name, const QColor &color, bool dashed = false);
    void setSeriesName(int series, const QString &name);
    void addPoint(int series, double x, double y);
    void clear();
    void removeAllSeries();
    int pointCount(int series) const;
    /** Fits the axes to the data again and follows new points (the context menu's Reset View). */
    void resetView();
    /** Whether the axes follow new points: false once the user panned or zoomed. */
    bool followsData() const { return mFollow; }
    /** Writes the plot; the format follows the extension (.png or .pdf). */
    bool exportTo(const QString &fileName);
    QCustomPlot *plot() const { return mPlot; }

private:
    void scheduleReplot();
    void showValueAt(const QPoint &pos);
    void contextMenu(const QPoint &pos);

    QCustomPlot *mPlot;
    QTimer *mReplotTimer;
    void applyRange();

    bool mHasRange = false;
    bool mFollow = true;
    bool mFixedY = false;
    double mFixedLo = 0, mFixedHi = 1;
    double mMinX = 0, mMaxX = 0, mMinY = 0, mMaxY = 0;
};

} // namespace photocat::ui
