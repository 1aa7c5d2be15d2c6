#include "evaluation/policychart.h"

#include "common/qcustomplot.h"

#include <QVBoxLayout>

namespace photocat::ui {

PolicyChart::PolicyChart(QWidget *parent) : QWidget(parent), mPlot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mPlot);
    mPlot->setMinimumHeight(200);
    auto *coverage = mPlot->addGraph();
    coverage->setPen(QPen(QColor(20, 80, 170), 2));
    auto *accuracy = mPlot->addGraph();
    accuracy->setPen(QPen(QColor(210, 90, 30), 2));
    mPlot->xAxis->setRange(0, 1);
    mPlot->yAxis->setRange(0, 1.02);
    mPlot->xAxis->setLabel(tr("auto-assign threshold (top-1 probability)"));
    mPlot->legend->setVisible(true);
    mPlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    mAutoLine = new QCPItemStraightLine(mPlot);
    mAutoLine->setPen(QPen(QColor(40, 150, 60), 2));
    mShortlistLine = new QCPItemStraightLine(mPlot);
    mShortlistLine->setPen(QPen(QColor(150, 150, 150), 2, Qt::DashLine));
    mTargetLine = new QCPItemStraightLine(mPlot);
    mTargetLine->setPen(QPen(QColor(210, 90, 30), 1, Qt::DashLine));
    mTargetLine->setVisible(false);
    connect(mPlot, &QCustomPlot::mousePress, this, &PolicyChart::onPress);
    connect(mPlot, &QCustomPlot::mouseMove, this, &PolicyChart::onMove);
    connect(mPlot, &QCustomPlot::mouseRelease, this, [this] {
        if (mDragging)
            Q_EMIT thresholdsChanged(mAuto, mShortlist);
        mDragging = 0;
    });
    updateLines();
}

void PolicyChart::setCurve(const std::vector<core::PolicyPoint> &curve)
{
    QVector<double> x, coverage, accuracy;
    for (const auto &p : curve) {
        x << p.threshold;
        coverage << p.coverage;
        accuracy << p.accuracy;
    }
    mPlot->graph(0)->setData(x, coverage, true);
    mPlot->graph(0)->setName(tr("share auto-assigned"));
    mPlot->graph(1)->setData(x, accuracy, true);
    mPlot->graph(1)->setName(tr("accuracy of those"));
    mPlot->replot();
}

void PolicyChart::setThresholds(double autoAssign, double shortlist)
{
    mAuto = autoAssign;
    mShortlist = std::min(shortlist, autoAssign);
    updateLines();
}

void PolicyChart::setTargetPrecision(double precision)
{
    mTarget = precision;
    mTargetLine->setVisible(precision > 0);
    mTargetLine->point1->setCoords(0, precision);
    mTargetLine->point2->setCoords(1, precision);
    mPlot->replot();
}

int PolicyChart::pixelOf(double threshold) const
{
    return mPlot->mapTo(this, QPoint(int(mPlot->xAxis->coordToPixel(threshold)), 0)).x();
}

void PolicyChart::updateLines()
{
    mAutoLine->point1->setCoords(mAuto, 0);
    mAutoLine->point2->setCoords(mAuto, 1);
    mShortlistLine->point1->setCoords(mShortlist, 0);
    mShortlistLine->point2->setCoords(mShortlist, 1);
    mPlot->replot();
}

void PolicyChart::onPress(QMouseEvent *event)
{
    const double x = event->pos().x();
    const double toAuto = std::abs(x - mPlot->xAxis->coordToPixel(mAuto));
    const double toList = std::abs(x - mPlot->xAxis->coordToPixel(mShortlist));
    if (std::min(toAuto, toList) <= 8)
        mDragging = toAuto <= toList ? 1 : 2;
}

void PolicyChart::onMove(QMouseEvent *event)
{
    if (!mDragging)
        return;
    const double t = std::clamp(mPlot->xAxis->pixelToCoord(event->pos().x()), 0.0, 1.0);
    // The shortlist threshold never passes the auto-assign one.
    if (mDragging == 1)
        mAuto = std::max(t, mShortlist);
    else
        mShortlist = std::min(t, mAuto);
    updateLines();
    Q_EMIT thresholdsChanged(mAuto, mShortlist);
}

} // namespace photocat::ui
