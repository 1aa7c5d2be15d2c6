#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPColorMap;
class QMouseEvent;

namespace photocat::ui {

/**
 * The confusion matrix as a QCustomPlot heatmap: rows are true categories (top to bottom),
 * columns predicted ones, cells colored by their share of the row, with the count and the
 * percentage written in cells large enough to read (hover shows them everywhere). Category
 * names label both axes, so 5 to 40 classes stay readable. Clicking a cell emits cellClicked.
 */
class ConfusionPlot : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionPlot(QWidget *parent = nullptr);

    void setMatrix(const std::vector<std::vector<int64_t>> &confusion, const QStringList &classes);
    /** The cell under a widget position, or (-1, -1). */
    QPoint cellAt(const QPoint &widgetPos) const;
    /** Widget position of a cell's center (for tests and tooltips). */
    QPoint cellCenter(int trueClass, int predicted) const;
    /** Writes the plot; the format follows the extension (.png or .pdf). */
    bool exportTo(const QString &fileName);
    QCustomPlot *plot() const { return mPlot; }

Q_SIGNALS:
    void cellClicked(int trueClass, int predicted);

private:
    void rebuildLabels();
    void onMouseMove(QMouseEvent *event);

    QCustomPlot *mPlot;
    QCPColorMap *mMap = nullptr;
    std::vector<std::vector<int64_t>> mConfusion;
    QStringList mClasses;
};

} // namespace photocat::ui
