// photocat-gui-bench: the desktop app's targets, measured offscreen on a real workspace.
//   photocat-gui-bench WORKSPACE [--checkpoint CKPT --photo IMAGE]
// Prints one JSON line: first screen of thumbnails (cold and warm thumbnail cache), peak RSS
// after scrolling through every row, the longest GUI-thread stall seen by a 5 ms watchdog
// timer, and the time from a drop to the first prediction.
#include "classify/classifypanel.h"
#include "gallery/datasetpanel.h"
#include "gallery/gallerymodel.h"
#include "store/workspace.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace photocat;

namespace {

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
    QTest::qWaitForWindowExposed(&panel);
    while (reloaded.isEmpty() && t.elapsed() < 30000)
        QTest::qWait(2);
    QTest::qWait(40); // the view's debounced request
    const auto range = panel.view()->visibleRows();
    const int visible = range.second - range.first + 1;
    while (arrived.count() < visible && t.elapsed() < 30000)
        QTest::qWait(2);
    return double(t.nsecsElapsed()) / 1e6;
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
    QTest::qWaitForWindowExposed(&panel);
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
