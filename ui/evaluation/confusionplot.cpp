#include "evaluation/confusionplot.h"

#include "common/qcustomplot.h"

#include <QToolTip>
#include <QVBoxLayout>

namespace photocat::ui {

namespace {

double rowShare(const std::vector<std::vector<int64_t>> &m, size_t r, size_t c)
{
    int64_t sum = 0;
    for (auto v : m[r])
        sum += v;
    return sum ? double(m[r][c]) / double(sum) : 0;
}

} // namespace

ConfusionPlot::ConfusionPlot(QWidget *parent) : QWidget(parent), mPlot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mPlot);
    mPlot->setMinimumSize(320, 320);
    mMap = new QCPColorMap(mPlot->xAxis, mPlot->yAxis);
    // Share of the row: white (none) to dark blue (all).
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, QColor(255, 255, 255));
    gradient.setColorStopAt(0.3, QColor(150, 190, 230));
    gradient.setColorStopAt(1, QColor(10, 50, 120));
    mMap->setGradient(gradient);
    mMap->setInterpolate(false);
    mMap->setDataRange(QCPRange(0, 1));
    mPlot->yAxis->setRangeReversed(true);
    mPlot->xAxis->setTickLabelRotation(60);
    mPlot->setMouseTracking(true);
    connect(mPlot, &QCustomPlot::mousePress, this, [this](QMouseEvent *event) {
        const QPoint cell = cellAt(mPlot->mapTo(this, event->pos()));
        if (cell.x() >= 0)
            Q_EMIT cellClicked(cell.y(), cell.x());
    });
    connect(mPlot, &QCustomPlot::mouseMove, this, &ConfusionPlot::onMouseMove);
}

void ConfusionPlot::setMatrix(const std::vector<std::vector<int64_t>> &confusion,
                              const QStringList &classes)
{
    mConfusion = confusion;
    mClasses = classes.mid(0, int(confusion.size()));
    for (auto &row : mConfusion)
        row.resize(confusion.size(), 0);
    const int n = int(mClasses.size());
    mMap->data()->setSize(n, n);
    mMap->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p)
            mMap->data()->setCell(p, t, rowShare(mConfusion, size_t(t), size_t(p)));
    rebuildLabels();
}

void ConfusionPlot::rebuildLabels()
{
    const int n = int(mClasses.size());
    for (auto *axis : {mPlot->xAxis, mPlot->yAxis}) {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (int i = 0; i < n; ++i)
            ticker->addTick(i, mClasses[i]);
        axis->setTicker(ticker);
        axis->setRange(-0.5, n - 0.5);
        axis->grid()->setVisible(false);
    }
    mPlot->xAxis->setLabel(tr("predicted"));
    mPlot->yAxis->setLabel(tr("true"));
    mPlot->clearItems();
    // Numbers only where a cell is big enough to hold them; hover shows them anywhere.
    const double cellPixels = double(std::min(mPlot->width(), mPlot->height())) / std::max(1, n);
    if (n <= 15 || cellPixels >= 36) {
        QFont font = mPlot->font();
        font.setPointSizeF(n > 10 ? 7 : 8.5);
        for (int t = 0; t < n; ++t)
            for (int p = 0; p < n; ++p) {
                auto *text = new QCPItemText(mPlot);
                text->position->setCoords(p, t);
                const double share = rowShare(mConfusion, size_t(t), size_t(p));
                text->setText(QStringLiteral("%1\n%2%")
                                  .arg(mConfusion[size_t(t)][size_t(p)])
                                  .arg(100 * share, 0, 'f', 1));
                text->setFont(font);
                text->setColor(share > 0.5 ? Qt::white : Qt::black);
            }
    }
    mPlot->replot();
}

QPoint ConfusionPlot::cellAt(const QPoint &widgetPos) const
{
    const QPoint pos = mPlot->mapFrom(this, widgetPos);
    if (!mPlot->axisRect()->rect().contains(pos))
        return {-1, -1};
    const int p = int(std::lround(mPlot->xAxis->pixelToCoord(pos.x())));
    const int t = int(std::lround(mPlot->yAxis->pixelToCoord(pos.y())));
    const int n = int(mClasses.size());
    if (p < 0 || t < 0 || p >= n || t >= n)
        return {-1, -1};
    return {p, t};
}

QPoint ConfusionPlot::cellCenter(int trueClass, int predicted) const
{
    const QPoint inPlot(int(mPlot->xAxis->coordToPixel(predicted)),
                        int(mPlot->yAxis->coordToPixel(trueClass)));
    return mPlot->mapTo(this, inPlot);
}

void ConfusionPlot::onMouseMove(QMouseEvent *event)
{
    const QPoint cell = cellAt(mPlot->mapTo(this, event->pos()));
    if (cell.x() < 0) {
        QToolTip::hideText();
        return;
    }
    const auto t = size_t(cell.y()), p = size_t(cell.x());
    QToolTip::showText(
        event->globalPosition().toPoint(),
        tr("true %1, predicted %2: %3 images (%4% of the row). Click to review them.")
            .arg(mClasses[int(t)], mClasses[int(p)])
            .arg(mConfusion[t][p])
            .arg(100 * rowShare(mConfusion, t, p), 0, 'f', 1),
        mPlot);
}

bool ConfusionPlot::exportTo(const QString &fileName)
{
    const int side = std::max(600, 60 * int(mClasses.size()));
    if (fileName.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return mPlot->savePdf(fileName, side, side);
    return mPlot->savePng(fileName, side, side);
}

} // namespace photocat::ui
