#include "common/coremonitor.h"

#include <QTest>

#include <chrono>
#include <thread>

using namespace photocat;

class TestCoreMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheKernelsCounters()
    {
        uint64_t busy = 0, total = 0, used = 0;
        QVERIFY(core::CoreMonitor::parseStat("cpu  100 5 50 800 20 1 2 3 0 0", busy, total));
        QCOMPARE(total, uint64_t(981));
        QCOMPARE(busy, uint64_t(981 - 800 - 20));
        QVERIFY(!core::CoreMonitor::parseStat("cpu0 1 2 3", busy, total));
        QVERIFY(!core::CoreMonitor::parseStat("", busy, total));
        // A command name with spaces and parentheses: fields follow the last ')'.
        QVERIFY(core::CoreMonitor::parseSelfStat(
            "4242 (photo cat (x)) R 1 2 3 4 5 6 7 8 9 10 70 30 0 0 20 0 1", used));
        QCOMPARE(used, uint64_t(100));
        QVERIFY(!core::CoreMonitor::parseSelfStat("4242 photocat", used));
    }

    void threadsFollowTheFreeCores()
    {
        QCOMPARE(core::CoreMonitor::threadsFor(2, 0.05), 2);
        QCOMPARE(core::CoreMonitor::threadsFor(2, 0.5), 2); // less than 0.6: noise
        QCOMPARE(core::CoreMonitor::threadsFor(2, 0.95), 1);
        QCOMPARE(core::CoreMonitor::threadsFor(2, 3.0), 1); // never below one
        QCOMPARE(core::CoreMonitor::threadsFor(8, 2.7), 5);
        QCOMPARE(core::CoreMonitor::threadsFor(4, -1), 4); // counters unreadable
    }

    void readsThisMachinesCounters()
    {
        // The live figures depend on whatever else runs (ctest -j2, a busy core): only that
        // they are read. bench/run --busy measures what the adaptation buys.
        core::CoreMonitor monitor;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double others = monitor.othersBusyCores();
        QVERIFY2(others >= 0 && others <= std::thread::hardware_concurrency() + 0.5,
                 std::to_string(others).c_str());
    }
};

QTEST_GUILESS_MAIN(TestCoreMonitor)
#include "test_coremonitor.moc"
