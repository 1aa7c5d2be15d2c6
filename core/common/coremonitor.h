#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace photocat::core {

/**
 * How many cores other processes are using, from the kernel's counters: all CPUs' busy time
 * (/proc/stat) less this process's own (/proc/self/stat), over the time since the previous
 * sample. A training loop samples it every second or so and runs as many compute threads as
 * cores are free: with one of two cores taken by another process, two OpenMP threads trained
 * 3x slower than on a quiet machine (they wait for each other at every barrier, and one of them
 * waits for the other process), one thread 1.6x.
 */
class CoreMonitor
{
public:
    CoreMonitor();

    /** Cores busy with other processes since the previous call (or construction); negative
        when the counters cannot be read (not Linux, /proc hidden). */
    double othersBusyCores();

    /** The threads to run on cores cores when others keep othersBusy of them busy: the free
        cores, at least 1; a core counts as taken from 0.6 of it (hysteresis against noise). */
    static int threadsFor(int cores, double othersBusy);

    /** Parsers of the kernel's files, for tests: the first line of /proc/stat ("cpu  user nice
        system idle iowait irq softirq steal ...") as (busy, total) jiffies, and the utime +
        stime fields of /proc/PID/stat. False when the text is not in that form. */
    static bool parseStat(const std::string &text, uint64_t &busy, uint64_t &total);
    static bool parseSelfStat(const std::string &text, uint64_t &used);

private:
    bool sample(uint64_t &busy, uint64_t &total, uint64_t &self) const;

    uint64_t mBusy = 0, mTotal = 0, mSelf = 0;
    bool mValid = false;
};

} // namespace photocat::core
