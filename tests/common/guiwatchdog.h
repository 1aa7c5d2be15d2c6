#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <pthread.h>
#include <thread>

namespace photocat::test {

/**
 * Measures the longest stretch of CPU time the GUI thread spends without coming back to its
 * event loop, while the watchdog lives. A 1 ms timer on the GUI thread beats a heartbeat; a
 * sampler thread reads the GUI thread's own CPU clock every millisecond and, while the heartbeat
 * stands still, counts the CPU time the GUI thread burned since the last beat. CPU time, not
 * wall time: a GUI thread that merely waits for a busy core does not count as stalled, so the
 * check holds on a loaded machine. Construct on the GUI thread, around the operation under test.
 */
class GuiStallWatchdog : public QObject
{
public:
    GuiStallWatchdog();
    ~GuiStallWatchdog() override;

    /** The longest stall so far, in milliseconds of GUI-thread CPU time. */
    double longestStallMs() const { return double(mLongestNs.load()) / 1e6; }

private:
    void sample();

    QTimer mBeat;
    std::atomic<uint64_t> mBeats{0};
    std::atomic<int64_t> mLongestNs{0};
    std::atomic<bool> mDone{false};
    clockid_t mGuiClock{};
    std::thread mSampler;
};

} // namespace photocat::test
