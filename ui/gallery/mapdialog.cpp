#include "gallery/mapdialog.h"

#include "common/imagefile.h"
#include "common/jobprogress.h"
#include "common/qcustomplot.h"
#include "store/workspace.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <map>

namespace photocat::ui {

namespace {

/** Twenty colours that stay apart (Tableau's), cycled beyond. */
/** A disc (or a ring) as a small pixmap: QCustomPlot blits pixmap scatters, several times
    faster than drawing each of 70,000 ellipses. */
QPixmap dot(const QColor &colour, int size, bool ring = false)
{
    const qreal ratio = qApp->devicePixelRatio();
    QPixmap pixmap(QSize(size + 2, size + 2) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(ring ? QPen(colour, 1.2) : QPen(Qt::NoPen));
    painter.setBrush(ring ? QBrush(Qt::NoBrush) : QBrush(colour));
    painter.drawEllipse(QRectF(1, 1, size, size));
    return pixmap;
}

QColor categoryColour(int i)
{
    static const QRgb colours[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                   0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
                                   0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5,
                                   0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5};
    return QColor(colours[size_t(i) % (sizeof colours / sizeof *colours)]);
}

} // namespace

MapDialog::MapDialog(const QString &workspaceDir, QWidget *parent)
    : QDialog(parent), mDir(workspaceDir)
{
    setWindowTitle(tr("Map of the Images"));
    mPlot = new QCustomPlot(this);
    mPlot->setMinimumSize(520, 420);
    mPlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    mPlot->setNoAntialiasingOnDrag(true);
    mPlot->xAxis->setTicks(false);
    mPlot->yAxis->setTicks(false);
    mPlot->xAxis->setTickLabels(false);
    mPlot->yAxis->setTickLabels(false);
    for (auto *axis : {mPlot->xAxis, mPlot->yAxis})
        axis->grid()->setVisible(false);
    // The legend beside the map, not over its points.
    mPlot->legend->setVisible(true);
    mPlot->legend->setFont(font());
    mPlot->axisRect()->insetLayout()->take(mPlot->legend);
    auto *side = new QCPLayoutGrid;
    mPlot->plotLayout()->addElement(0, 1, side);
    side->addElement(0, 0, mPlot->legend);
    side->addElement(1, 0, new QCPLayoutElement(mPlot)); // keeps the legend at the top
    side->setRowStretchFactor(1, 10);
    mPlot->plotLayout()->setColumnStretchFactor(1, 0.001);
    mPlot->installEventFilter(this);
    mPlot->setMouseTracking(true);

    mColour = new QComboBox(this);
    mColour->addItem(tr("Label"), int(Colouring::Label));
    mColour->addItem(tr("Prediction"), int(Colouring::Prediction));
    mColour->addItem(tr("Right or wrong"), int(Colouring::Correctness));
    mTool = new QComboBox(this);
    mTool->addItem(tr("Pan and zoom"), int(Tool::Pan));
    mTool->addItem(tr("Box select"), int(Tool::Box));
    mTool->addItem(tr("Lasso select"), int(Tool::Lasso));
    mTool->setToolTip(tr("Drag to select; hold Shift to add to the selection. The wheel zooms."));
    connect(mColour, qOverload<int>(&QComboBox::activated), this, [this] { draw(); });
    connect(mTool, qOverload<int>(&QComboBox::activated), this,
            [this] { setTool(static_cast<Tool>(mTool->currentData().toInt())); });
    mSummary = new QLabel(this);
    mSummary->setWordWrap(true);
    mProgress = new QProgressBar(this);
    mCancel = new QPushButton(tr("Cancel"), this);
    mShow = new QPushButton(tr("Show in &Gallery"), this);
    mShow->setEnabled(false);
    connect(mShow, &QPushButton::clicked, this, [this] { Q_EMIT showInGallery(mSelection); });
    auto *close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    mHover = new QLabel(mPlot);
    mHover->setFrameShape(QFrame::StyledPanel);
    mHover->setAutoFillBackground(true);
    mHover->hide();

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Colour by:"), this));
    controls->addWidget(mColour);
    controls->addWidget(new QLabel(tr("Tool:"), this));
    controls->addWidget(mTool);
    controls->addStretch();
    controls->addWidget(mProgress, 1);
    controls->addWidget(mCancel);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(mSummary, 1);
    bottom->addWidget(mShow);
    bottom->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(mPlot, 1);
    layout->addLayout(bottom);
    resize(900, 720);

    followJob(mWatcher, mProgress, mCancel, mStop);
    connect(&mWatcher, &QFutureWatcherBase::progressTextChanged, mSummary, &QLabel::setText);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, [this] {
        mProgress->hide();
        mCancel->hide();
        mComputed = mWatcher.future().resultCount() ? mWatcher.result() : Computed{};
        mSelection.clear();
        if (!mComputed.error.isEmpty()) {
            mSummary->setText(mComputed.error);
        } else {
            const auto &m = mComputed.map;
            mSummary->setText(
                tr("%n image(s) placed by the model's features: features %1 s (%2), %3. Drag to "
                   "pan, wheel to zoom; choose a selection tool to pick images.",
                   "", int(m.points.size()))
                    .arg(m.features.seconds, 0, 'f', 1)
                    .arg(m.features.computed ? tr("%1 computed").arg(m.features.computed)
                                             : tr("from the cache"))
                    .arg(m.layoutCached ? tr("layout from the cache")
                                        : tr("PCA %1 s, neighbours %2 s, UMAP layout %3 s")
                                              .arg(m.embedding.pcaSeconds, 0, 'f', 1)
                                              .arg(m.embedding.neighbourSeconds, 0, 'f', 1)
                                              .arg(m.embedding.layoutSeconds, 0, 'f', 1)));
            if (!m.features.cacheError.empty()) // computed again next time: say why
                mSummary->setText(
                    mSummary->text() + QLatin1Char(' ') +
                    tr("Not cached: %1").arg(QString::fromStdString(m.features.cacheError)));
        }
        draw();
        Q_EMIT mapped();
    });
    connect(&mThumbnail, &QFutureWatcherBase::finished, this, [this] {
        if (mHovered == 0 || !mThumbnail.future().resultCount())
            return;
        const auto it =
            std::find_if(mComputed.map.points.begin(), mComputed.map.points.end(),
                         [this](const core::MapPoint &p) { return p.imageId == mHovered; });
        if (it == mComputed.map.points.end())
            return;
        auto name = [this](int c) {
            return c >= 0 && c < mComputed.classNames.size() ? mComputed.classNames[c]
                                                             : tr("unlabeled");
        };
        const QString text =
            tr("%1 (%2)\npredicted %3 at %4%")
                .arg(name(it->label), QString::fromLatin1(core::splitName(it->split)),
                     name(it->predicted))
                .arg(double(it->confidence) * 100, 0, 'f', 1);
        const QImage thumbnail = mThumbnail.result();
        const QFontMetrics metrics(font());
        const QRect textRect = metrics.boundingRect(QRect(0, 0, 400, 200), Qt::AlignLeft, text);
        QPixmap card(std::max(96, textRect.width()) + 8, 96 + textRect.height() + 12);
        card.fill(palette().color(QPalette::ToolTipBase));
        QPainter painter(&card);
        if (!thumbnail.isNull()) {
            const QImage shown =
                thumbnail.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            painter.drawImage((card.width() - shown.width()) / 2, 4, shown);
        }
        painter.setPen(palette().color(QPalette::ToolTipText));
        painter.drawText(QRect(4, 104, card.width() - 8, textRect.height() + 4), Qt::AlignLeft,
                         text);
        painter.end();
        mHover->setPixmap(card);
        mHover->adjustSize();
        const QPoint at = mPlot->mapFromGlobal(QCursor::pos()) + QPoint(16, 16);
        mHover->move(std::min(at.x(), mPlot->width() - mHover->width()),
                     std::min(at.y(), mPlot->height() - mHover->height()));
        mHover->show();
        mHover->raise();
        Q_EMIT hoverShown(mHovered);
    });
}

MapDialog::~MapDialog()
{
    if (mStop)
        *mStop = true;
    mWatcher.waitForFinished();
    mThumbnail.waitForFinished();
}

void MapDialog::compute(const QString &checkpoint)
{
    if (mStop)
        *mStop = true;
    mWatcher.waitForFinished();
    mStop = std::make_shared<std::atomic<bool>>(false);
    mComputed = {};
    mSelection.clear();
    mShow->setEnabled(false);
    draw();
    mProgress->setRange(0, 0);
    mProgress->show();
    mCancel->show();
    mSummary->setText(tr("Reading the model's features of every image…"));
    auto stop = mStop;
    const QString dir = mDir;
    mWatcher.setFuture(QtConcurrent::run([dir, checkpoint, stop](QPromise<Computed> &promise) {
        Computed c;
        try {
            core::Workspace workspace(dir.toStdString());
            for (const auto &name : workspace.displayNames())
                c.classNames << QString::fromStdString(name);
            for (const auto &img : workspace.images())
                c.paths.insert(img.id, QString::fromStdString(img.path));
            core::MapRequest request;
            request.features.checkpoint = checkpoint.toStdString();
            request.features.stop = stop.get();
            request.embedding.stop = stop.get();
            promise.setProgressRange(0, 1000);
            request.features.progress = [&promise](size_t done, size_t total) {
                promise.setProgressValueAndText(
                    int(500.0 * double(done) / double(std::max<size_t>(total, 1))),
                    tr("Features of %1 of %2 images…").arg(done).arg(total));
            };
            request.embedding.progress = [&promise](const std::string &stage, double fraction) {
                const bool layout = stage == "layout";
                promise.setProgressValueAndText(
                    int(layout ? 700 + 300 * fraction : 500 + 200 * fraction),
                    layout ? tr("Laying out the map (UMAP)…")
                           : tr("Finding each image's nearest neighbours…"));
            };
            c.map = core::workspaceMap(workspace, request);
            if (c.map.cancelled)
                c.error = tr("Cancelled; the features computed so far are kept for next time.");
            else if (c.map.points.empty())
                c.error = tr("No image could be placed: the workspace has no readable image.");
        } catch (const std::exception &e) {
            c.error = tr("Cannot map the images: %1").arg(QString::fromStdString(e.what()));
        }
        promise.addResult(c);
    }));
}

void MapDialog::setColouring(Colouring colouring)
{
    mColour->setCurrentIndex(mColour->findData(int(colouring)));
    draw();
}

void MapDialog::setTool(Tool tool)
{
    mTool->setCurrentIndex(mTool->findData(int(tool)));
    mPlot->setInteractions(tool == Tool::Pan ? QCP::iRangeDrag | QCP::iRangeZoom
                                             : QCP::Interactions(QCP::iRangeZoom));
    mPlot->setCursor(tool == Tool::Pan ? Qt::ArrowCursor : Qt::CrossCursor);
}

void MapDialog::draw()
{
    mPlot->clearPlottables();
    mSelected = nullptr;
    mLasso = nullptr;
    const auto &points = mComputed.map.points;
    const auto colouring = static_cast<Colouring>(mColour->currentData().toInt());
    // Groups by key: a class id (-1: unlabeled or a class the model lacks), or for
    // correctness 0 right, 1 wrong, 2 unlabeled.
    std::map<int, QVector<QCPGraphData>> groups;
    for (const auto &p : points) {
        int key = colouring == Colouring::Label ? p.label : p.predicted;
        if (colouring == Colouring::Correctness)
            key = p.label < 0 ? 2 : (p.predicted == p.label ? 0 : 1);
        groups[key].push_back(QCPGraphData(p.x, p.y));
    }
    auto name = [this](int c) {
        return c >= 0 && c < mComputed.classNames.size() ? mComputed.classNames[c]
                                                         : tr("unlabeled");
    };
    // Draw the largest groups first, so small ones (the mistakes) stay on top.
    std::vector<std::pair<int, QVector<QCPGraphData> *>> order;
    for (auto &[key, data] : groups)
        order.push_back({key, &data});
    if (colouring == Colouring::Correctness)
        std::sort(order.begin(), order.end(),
                  [](const auto &a, const auto &b) { return a.second->size() > b.second->size(); });
    for (auto &[key, data] : order) {
        QColor colour = key < 0 ? QColor(170, 170, 170) : categoryColour(key);
        QString label = name(key);
        if (colouring == Colouring::Correctness) {
            static const QColor shades[] = {QColor(120, 170, 120), QColor(214, 39, 40),
                                            QColor(190, 190, 190)};
            colour = shades[key];
            label = key == 0 ? tr("right") : key == 1 ? tr("wrong") : tr("unlabeled");
        }
        auto *graph = mPlot->addGraph();
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(dot(colour, points.size() < 5000 ? 5 : 3)));
        graph->setAdaptiveSampling(true);
        graph->setName(QStringLiteral("%1 (%2)").arg(label).arg(data->size()));
        graph->data()->set(*data, false);
    }
    mSelected = mPlot->addGraph();
    mSelected->setLineStyle(QCPGraph::lsNone);
    mSelected->setScatterStyle(QCPScatterStyle(dot(QColor(0, 0, 0, 150), 6, true)));
    mSelected->setName(tr("selected"));
    mSelected->removeFromLegend();
    mLasso = new QCPCurve(mPlot->xAxis, mPlot->yAxis);
    mLasso->setPen(QPen(Qt::black, 1.5, Qt::DashLine));
    mLasso->removeFromLegend();
    if (!points.empty()) {
        mPlot->rescaleAxes();
        for (auto *axis : {mPlot->xAxis, mPlot->yAxis})
            axis->scaleRange(1.05);
    }
    drawSelection();
}

void MapDialog::drawSelection()
{
    if (!mSelected)
        return;
    QVector<QCPGraphData> data;
    std::map<int, int> labels;
    int wrong = 0;
    for (const auto &p : mComputed.map.points)
        if (mSelection.contains(p.imageId)) {
            data.push_back(QCPGraphData(p.x, p.y));
            ++labels[p.label];
            wrong += p.label >= 0 && p.predicted != p.label;
        }
    mSelected->data()->set(data, false);
    mShow->setEnabled(!mSelection.isEmpty());
    if (!mSelection.isEmpty()) {
        std::vector<std::pair<int, int>> byCount(labels.begin(), labels.end());
        std::sort(byCount.begin(), byCount.end(),
                  [](const auto &a, const auto &b) { return a.second > b.second; });
        QStringList parts;
        for (size_t i = 0; i < byCount.size() && i < 4; ++i)
            parts << QStringLiteral("%1% %2")
                         .arg(100.0 * byCount[i].second / mSelection.size(), 0, 'f', 0)
                         .arg(byCount[i].first >= 0 &&
                                      byCount[i].first < mComputed.classNames.size()
                                  ? mComputed.classNames[byCount[i].first]
                                  : tr("unlabeled"));
        mSummary->setText(
            tr("%n image(s) selected: %1; %2 predicted wrong.", "", int(mSelection.size()))
                .arg(parts.join(QStringLiteral(", ")))
                .arg(wrong));
    }
    mPlot->replot(QCustomPlot::rpQueuedReplot);
}

void MapDialog::selectInPolygon(const QPolygonF &polygon)
{
    const bool add = QGuiApplication::keyboardModifiers() & Qt::ShiftModifier;
    if (!add)
        mSelection.clear();
    const QRectF bounds = polygon.boundingRect();
    for (const auto &p : mComputed.map.points) {
        const QPointF at(p.x, p.y);
        if (bounds.contains(at) && polygon.containsPoint(at, Qt::OddEvenFill))
            mSelection.insert(p.imageId);
    }
    drawSelection();
}

qint64 MapDialog::pointAt(const QPointF &pixel, double radius) const
{
    qint64 best = 0;
    double bestDistance = radius * radius;
    for (const auto &p : mComputed.map.points) {
        const double dx = mPlot->xAxis->coordToPixel(p.x) - pixel.x();
        const double dy = mPlot->yAxis->coordToPixel(p.y) - pixel.y();
        const double d = dx * dx + dy * dy;
        if (d <= bestDistance) {
            bestDistance = d;
            best = p.imageId;
        }
    }
    return best;
}

void MapDialog::hover(const QPointF &pixel)
{
    const qint64 id = pointAt(pixel);
    if (id == mHovered)
        return;
    mHovered = id;
    mHover->hide();
    if (id == 0)
        return;
    const QString path = mComputed.paths.value(id);
    mThumbnail.setFuture(QtConcurrent::run([path] { return readImageForDisplay(path, 96); }));
}

bool MapDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != mPlot)
        return QDialog::eventFilter(watched, event);
    const auto tool = static_cast<Tool>(mTool->currentData().toInt());
    auto coords = [this](const QPointF &pixel) {
        return QPointF(mPlot->xAxis->pixelToCoord(pixel.x()),
                       mPlot->yAxis->pixelToCoord(pixel.y()));
    };
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (tool == Tool::Pan || mouse->button() != Qt::LeftButton || !mLasso)
            break;
        mDragging = true;
        mDragStart = coords(mouse->position());
        mDrag = {mDragStart};
        return true;
    }
    case QEvent::MouseMove: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (!mDragging) {
            hover(mouse->position());
            break;
        }
        const QPointF at = coords(mouse->position());
        if (tool == Tool::Lasso)
            mDrag << at;
        else
            mDrag = QPolygonF(QRectF(mDragStart, at).normalized());
        QVector<double> xs, ys;
        for (const QPointF &p : mDrag)
            xs << p.x(), ys << p.y();
        xs << mDrag.first().x();
        ys << mDrag.first().y();
        mLasso->setData(xs, ys);
        mPlot->replot(QCustomPlot::rpQueuedReplot);
        return true;
    }
    case QEvent::MouseButtonRelease: {
        if (!mDragging)
            break;
        mDragging = false;
        if (mLasso)
            mLasso->data()->clear();
        if (mDrag.size() >= 3)
            selectInPolygon(mDrag);
        else
            mPlot->replot(QCustomPlot::rpQueuedReplot);
        mDrag.clear();
        return true;
    }
    case QEvent::Leave:
        mHovered = 0;
        mHover->hide();
        break;
    default: break;
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace photocat::ui
