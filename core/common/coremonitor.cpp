#include "common/coremonitor.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

namespace photocat::core {

CoreMonitor::CoreMonitor() { mValid = sample(mBusy, mTotal, mSelf); }

bool CoreMonitor::parseStat(const std::string &text, uint64_t &busy, uint64_t &total)
{
    std::istringstream in(text);
    std::string cpu;
    if (!(in >> cpu) || cpu != "cpu")
        return false;
    uint64_t v[8] = {};
    for (auto &x : v)
        if (!(in >> x))
            return false;
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    busy = total - v[3] - v[4];
    return true;
}

bool CoreMonitor::parseSelfStat(const std::string &text, uint64_t &used)
{
    // "pid (comm) state ...": comm may hold spaces and parentheses; fields follow the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return false;
    std::istringstream in(text.substr(close + 1));
    std::string field;
    // state is field 3; utime and stime are fields 14 and 15.
    for (int i = 3; i <= 13; ++i)
        if (!(in >> field))
            return false;
    uint64_t utime = 0, stime = 0;
    if (!(in >> utime >> stime))
        return false;
    used = utime + stime;
    return true;
}

bool CoreMonitor::sample(uint64_t &busy, uint64_t &total, uint64_t &self) const
{
    std::ifstream stat("/proc/stat"), own("/proc/self/stat");
    std::string line, ownText;
    if (!std::getline(stat, line) || !std::getline(own, ownText))
        return false;
    return parseStat(line, busy, total) && parseSelfStat(ownText, self);
}

double CoreMonitor::othersBusyCores()
{
    uint64_t busy = 0, total = 0, self = 0;
    if (!sample(busy, total, self) || !mValid) {
        mValid = sample(mBusy, mTotal, mSelf);
        return -1;
    }
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const double dTotal = double(total - mTotal);
    double others = -1;
    if (total > mTotal && busy >= mBusy && self >= mSelf) {
        // total counts every CPU's jiffies: per core it is dTotal / cores.
        const double perCore = dTotal / cores;
        others = std::max(0.0, (double(busy - mBusy) - double(self - mSelf)) / perCore);
    }
    mBusy = busy;
    mTotal = total;
    mSelf = self;
    return others;
}

int CoreMonitor::threadsFor(int cores, double othersBusy)
{
    if (othersBusy < 0)
        return cores;
    const int taken = int(std::floor(othersBusy + 0.4)); // 0.6 of a core counts as taken
    return std::max(1, cores - taken);
}

} // namespace photocat::core
