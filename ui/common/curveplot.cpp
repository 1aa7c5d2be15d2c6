#include "common/curveplot.h"

#include "common/qcustomplot.h"
#include <QFileDialog>
#include <QMenu>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace photocat::ui {

CurvePlot::CurvePlot(QWidget *parent)
    : QWidget(parent), mPlot(new QCustomPlot(this)), mReplotTimer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mPlot);
    mPlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    mPlot->legend->setVisible(true);
    mPlot->legend->setFont(font());
    mPlot->setMinimumHeight(140);
    mPlot->setContextMenuPolicy(Qt::CustomContextMenu);
    mReplotTimer->setSingleShot(true);
    mReplotTimer->setInterval(40);
    connect(mReplotTimer, &QTimer::timeout, this,
            [this] { mPlot->replot(QCustomPlot::rpQueuedReplot); });
    connect(mPlot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        if (event->buttons() & Qt::LeftButton)
            mFollow = false; // a drag pans: the view is the user's now
        showValueAt(event->pos());
    });
    connect(mPlot, &QCustomPlot::mouseWheel, this, [this] { mFollow = false; });
    connect(mPlot, &QWidget::customContextMenuRequested, this, &CurvePlot::contextMenu);
    // Before the first point: one unit of x (QCustomPlot's default 0-5 reads like data).
    mPlot->xAxis->setRange(0, 1);
}

void CurvePlot::setFixedYRange(double lo, double hi)
{
    mFixedY = true;
    mFixedLo = lo;
    mFixedHi = hi;
    mPlot->yAxis->setRange(lo, hi);
    scheduleReplot();
}

void CurvePlot::applyRange()
{
    if (mHasRange)
        mPlot->xAxis->setRange(mMinX, std::max(mMaxX, mMinX + 1));
    if (mFixedY) {
        mPlot->yAxis->setRange(mFixedLo, mFixedHi);
    } else if (mHasRange) {
        const double padY = std::max(1e-6, (mMaxY - mMinY) * 0.05);
        mPlot->yAxis->setRange(mMinY - padY, mMaxY + padY);
    }
}

void CurvePlot::setLabels(const QString &x, const QString &y)
{
    mPlot->xAxis->setLabel(x);
    mPlot->yAxis->setLabel(y);
    scheduleReplot();
}

int CurvePlot::addSeries(const QString &name, const QColor &color, bool dashed)
{
    QCPGraph *g = mPlot->addGraph();
    g->setName(name);
    QPen pen(color, 1.6);
    if (dashed)
        pen.setStyle(Qt::DashLine);
    g->setPen(pen);
    return mPlot->graphCount() - 1;
}

void CurvePlot::setSeriesName(int series, const QString &name)
{
    mPlot->graph(series)->setName(name);
    scheduleReplot();
}

void CurvePlot::addPoint(int series, double x, double y)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        return;
    mPlot->graph(series)->addData(x, y);
    if (!mHasRange) {
        mMinX = mMaxX = x;
        mMinY = mMaxY = y;
        mHasRange = true;
    }
    mMinX = std::min(mMinX, x), mMaxX = std::max(mMaxX, x);
    mMinY = std::min(mMinY, y), mMaxY = std::max(mMaxY, y);
    if (mFollow)
        applyRange();
    scheduleReplot();
}

void CurvePlot::clear()
{
    for (int i = 0; i < mPlot->graphCount(); ++i)
        mPlot->graph(i)->data()->clear();
    mHasRange = false;
    mFollow = true;
    scheduleReplot();
}

void CurvePlot::resetView()
{
    mFollow = true;
    applyRange();
    mPlot->replot();
}

void CurvePlot::removeAllSeries()
{
    mPlot->clearGraphs();
    mHasRange = false;
    scheduleReplot();
}

int CurvePlot::pointCount(int series) const { return mPlot->graph(series)->dataCount(); }

bool CurvePlot::exportTo(const QString &fileName)
{
    mPlot->replot();
    if (fileName.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return mPlot->savePdf(fileName);
    return mPlot->savePng(fileName, 0, 0, 2.0);
}

void CurvePlot::scheduleReplot()
{
    if (!mReplotTimer->isActive())
        mReplotTimer->start();
}

void CurvePlot::showValueAt(const QPoint &pos)
{
    QString text;
    double best = 12; // pixels
    for (int i = 0; i < mPlot->graphCount(); ++i) {
        QCPGraph *g = mPlot->graph(i);
        if (g->dataCount() == 0)
            continue;
        const double x = mPlot->xAxis->pixelToCoord(pos.x());
        auto it = g->data()->findBegin(x);
        if (it == g->data()->constEnd())
            continue;
        const QPointF p(mPlot->xAxis->coordToPixel(it->key), mPlot->yAxis->coordToPixel(it->value));
        const double d = QLineF(p, pos).length();
        if (d < best) {
            best = d;
            text = QStringLiteral("%1\n%2 = %3\n%4 = %5")
                       .arg(g->name(), mPlot->xAxis->label(), QString::number(it->key, 'g', 6),
                            mPlot->yAxis->label(), QString::number(it->value, 'g', 5));
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(mPlot->mapToGlobal(pos), text, mPlot);
}

void CurvePlot::contextMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(tr("Reset View"), this, &CurvePlot::resetView);
    menu.addAction(tr("Export as PNG or PDF…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Export Plot"), QString(), tr("PNG image (*.png);;PDF document (*.pdf)"));
        if (!file.isEmpty())
            exportTo(file);
    });
    menu.exec(mPlot->mapToGlobal(pos));
}

} // namespace photocat::ui
