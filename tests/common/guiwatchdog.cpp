#include "guiwatchdog.h"

#include <chrono>
#include <ctime>

namespace photocat::test {

namespace {

int64_t cpuNs(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

GuiStallWatchdog::GuiStallWatchdog()
{
    pthread_getcpuclockid(pthread_self(), &mGuiClock);
    mBeat.setTimerType(Qt::PreciseTimer);
    mBeat.setInterval(1);
    connect(&mBeat, &QTimer::timeout, this, [this] { ++mBeats; });
    mBeat.start();
    mSampler = std::thread([this] { sample(); });
}

GuiStallWatchdog::~GuiStallWatchdog()
{
    mDone = true;
    mSampler.join();
}

void GuiStallWatchdog::sample()
{
    uint64_t lastBeat = mBeats.load();
    int64_t cpuAtBeat = cpuNs(mGuiClock);
    while (!mDone) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const uint64_t beat = mBeats.load();
        const int64_t cpu = cpuNs(mGuiClock);
        if (beat != lastBeat) {
            lastBeat = beat;
            cpuAtBeat = cpu;
            continue;
        }
        const int64_t stalled = cpu - cpuAtBeat;
        if (stalled > mLongestNs.load())
            mLongestNs = stalled;
    }
}

} // namespace photocat::test
