// photocat-gui-bench: the desktop app's targets, measured offscreen on a real workspace.
//   photocat-gui-bench WORKSPACE [--checkpoint CKPT --photo IMAGE]
//   photocat-gui-bench WORKSPACE --map      (the map of every image, under the newest model)
// Prints one JSON line: first screen of thumbnails (cold and warm thumbnail cache), peak RSS
// after scrolling through every row, the longest GUI-thread stall seen by a 5 ms watchdog
// timer, and the time from a drop to the first prediction.
#include "classify/classifypanel.h"
#include "gallery/datasetpanel.h"
#include "gallery/gallerymodel.h"
#include "gallery/mapdialog.h"

#include "common/qcustomplot.h"
#include "store/workspace.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <functional>

using namespace photocat;

namespace {

void warnIfNotExposed(QWidget *window)
{
    if (!QTest::qWaitForWindowExposed(window))
        std::fprintf(stderr, "the window was not exposed: the figures may not mean much\n");
}

double rssMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toDouble() / 1024;
    return 0;
}

/** Measures the longest gap between 5 ms timer ticks on the GUI thread. */
struct Watchdog
{
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = 0, worst = 0;
    Watchdog()
    {
        timer.setInterval(5);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        clock.start();
        timer.start();
    }
};

/** Opens the panel and waits until every tile of the first screen shows its thumbnail. */
double firstScreenMs(core::Workspace &workspace, const QString &dir)
{
    QElapsedTimer t;
    t.start();
    ui::DatasetPanel panel;
    panel.resize(1200, 800);
    panel.setWorkspace(dir, &workspace);
    QSignalSpy arrived(panel.model(), &ui::GalleryModel::thumbnailArrived);
    QSignalSpy reloaded(panel.model(), &ui::GalleryModel::reloaded);
    panel.show();
    warnIfNotExposed(&panel);
    while (reloaded.isEmpty() && t.elapsed() < 30000)
        QTest::qWait(2);
    QTest::qWait(40); // the view's debounced request
    const auto range = panel.view()->visibleRows();
    const int visible = range.second - range.first + 1;
    while (arrived.count() < visible && t.elapsed() < 30000)
        QTest::qWait(2);
    return double(t.nsecsElapsed()) / 1e6;
}

/** The map of every image: how long it takes to appear (features and layout from their
    caches, or computed), to draw, to pan and zoom, to hover and to lasso half of it, and the
    longest GUI-thread stall meanwhile. */
int mapBench(core::Workspace &workspace, const QString &dir)
{
    const QString checkpoint = QString::fromStdString(workspace.newestCheckpoint());
    ui::MapDialog map(dir);
    map.resize(1200, 900);
    map.show();
    warnIfNotExposed(&map);
    Watchdog watchdog;
    QSignalSpy mapped(&map, &ui::MapDialog::mapped);
    QElapsedTimer t;
    t.start();
    map.compute(checkpoint);
    while (mapped.isEmpty() && t.elapsed() < 600000)
        QTest::qWait(2);
    const double mappedSeconds = double(t.nsecsElapsed()) / 1e9;
    const qint64 stallWhileMapping = watchdog.worst;
    QCustomPlot *plot = map.plot();
    auto timeIt = [](int times, const std::function<void(int)> &step) {
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < times; ++i)
            step(i);
        return double(clock.nsecsElapsed()) / 1e6 / times;
    };
    const double replotMs = timeIt(20, [&](int) { plot->replot(); });
    const double panMs = timeIt(20, [&](int i) {
        plot->xAxis->moveRange((i % 2 ? -1 : 1) * plot->xAxis->range().size() / 20);
        plot->replot();
    });
    const double zoomMs = timeIt(20, [&](int i) {
        plot->xAxis->scaleRange(i % 2 ? 1.25 : 0.8);
        plot->yAxis->scaleRange(i % 2 ? 1.25 : 0.8);
        plot->replot();
    });
    const QRect area = plot->axisRect()->rect();
    const double hoverMs = timeIt(50, [&](int i) {
        map.pointAt(
            QPointF(area.left() + (i * 37) % area.width(), area.top() + (i * 53) % area.height()));
    });
    // A lasso around the left half of the map, 400 vertices as a hand draws.
    const auto x = plot->xAxis->range(), y = plot->yAxis->range();
    QPolygonF lasso;
    for (int i = 0; i < 400; ++i) {
        const double a = 2 * M_PI * i / 400;
        lasso << QPointF(x.lower + x.size() * (0.25 + 0.25 * std::cos(a)),
                         y.center() + y.size() * 0.5 * std::sin(a));
    }
    const double lassoMs = timeIt(5, [&](int) { map.selectInPolygon(lasso); });
    const double selectedReplotMs = timeIt(10, [&](int) { plot->replot(); });
    if (const QString shot = qEnvironmentVariable("PHOTOCAT_MAP_SHOT"); !shot.isEmpty())
        map.grab().save(shot);
    std::printf("{\"map_images\": %zu, \"layout_cached\": %s, \"mapped_seconds\": %.2f, "
                "\"worst_gui_stall_while_mapping_ms\": %lld, \"replot_ms\": %.1f, "
                "\"pan_ms\": %.1f, \"zoom_ms\": %.1f, \"hover_lookup_ms\": %.2f, "
                "\"lasso_select_ms\": %.1f, \"selected\": %lld, "
                "\"replot_with_selection_ms\": %.1f}\n",
                map.computed().map.points.size(),
                map.computed().map.layoutCached ? "true" : "false", mappedSeconds,
                static_cast<long long>(stallWhileMapping), replotMs, panMs, zoomMs, hoverMs,
                lassoMs, static_cast<long long>(map.selection().size()), selectedReplotMs);
    return map.computed().error.isEmpty() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr,
                     "usage: photocat-gui-bench WORKSPACE [--checkpoint CKPT --photo IMAGE]\n");
        return 2;
    }
    const QString dir = args[1];
    core::Workspace workspace(dir.toStdString());
    if (args.contains(QStringLiteral("--map")))
        return mapBench(workspace, dir);
    QDir(dir + QStringLiteral("/thumbnails")).removeRecursively();
    const double cold = firstScreenMs(workspace, dir);
    const double warm = firstScreenMs(workspace, dir);

    // From here on, everything a user does is watched: opening the gallery and scrolling.
    Watchdog watchdog;
    QTest::qWait(20);
    watchdog.worst = 0;
    ui::DatasetPanel panel;
    panel.resize(1200, 800);
    QElapsedTimer open;
    open.start();
    panel.setWorkspace(dir, &workspace);
    QSignalSpy reloaded(panel.model(), &ui::GalleryModel::reloaded);
    panel.show();
    warnIfNotExposed(&panel);
    while (reloaded.isEmpty() && open.elapsed() < 30000)
        QTest::qWait(1);
    const double openMs = double(open.nsecsElapsed()) / 1e6;
    // Scroll through every row a screen at a time, as fast as a user dragging the scroll bar.
    QScrollBar *bar = panel.view()->verticalScrollBar();
    QElapsedTimer scroll;
    scroll.start();
    // The grid lays itself out in batches, so the scroll range grows while we scroll: go on until
    // the last image is on screen.
    const int lastRow = panel.model()->rowCount() - 1;
    while (panel.view()->visibleRows().second < lastRow && scroll.elapsed() < 300000) {
        bar->setValue(bar->value() + bar->pageStep());
        QTest::qWait(8);
    }
    QTest::qWait(500);
    const double scrollSeconds = double(scroll.nsecsElapsed()) / 1e9;
    const double rssAfterScroll = rssMb("VmRSS:");
    const double peakRss = rssMb("VmHWM:");
    const qint64 worstScrollStall = watchdog.worst;

    double firstPredictionMs = -1;
    const int c = int(args.indexOf(QStringLiteral("--checkpoint")));
    const int p = int(args.indexOf(QStringLiteral("--photo")));
    if (c > 0 && p > 0) {
        ui::ClassifyPanel classify;
        classify.setCheckpoint(args[c + 1]);
        QSignalSpy added(&classify, &ui::ClassifyPanel::predictionAdded);
        QTest::qWait(3000); // the model loads when chosen, before the first drop
        QElapsedTimer drop;
        drop.start();
        classify.classify({args[p + 1]});
        while (added.isEmpty() && drop.elapsed() < 30000)
            QTest::qWait(1);
        firstPredictionMs = double(drop.nsecsElapsed()) / 1e6;
    }
    std::printf("{\"images\": %lld, \"open_ms\": %.1f, \"first_screen_cold_ms\": %.1f, "
                "\"first_screen_warm_ms\": %.1f, \"scroll_all_seconds\": %.1f, "
                "\"rss_after_scroll_mb\": %.0f, \"peak_rss_mb\": %.0f, "
                "\"worst_gui_stall_ms\": %lld, \"first_prediction_ms\": %.1f}\n",
                static_cast<long long>(workspace.imageCount()), openMs, cold, warm, scrollSeconds,
                rssAfterScroll, peakRss, static_cast<long long>(worstScrollStall),
                firstPredictionMs);
    return 0;
}
