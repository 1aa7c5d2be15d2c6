// The linear probe's feature cache file: round trip, atomic save, and damaged files that must
// read as "nothing cached" without allocating what their header claims.
#include "testdata.h"
#include "training/featurecache.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

core::FeatureTable sampleTable()
{
    core::FeatureTable t;
    t.dim = 3;
    const float a[3] = {1.f, 2.f, 3.f}, b[3] = {-4.f, 0.5f, 6.f};
    t.add(17, a, 1700);
    t.add(5, b, 500);
    return t;
}

std::string header(int64_t dim, int64_t count)
{
    std::string h = "PCFEAT2\n";
    h.append(reinterpret_cast<const char *>(&dim), 8);
    h.append(reinterpret_cast<const char *>(&count), 8);
    return h;
}

} // namespace

class TestFeatureCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsIdsAndRows()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("features/abc.f32").toStdString();
        core::saveFeatureTable(path, sampleTable());
        QVERIFY(!fs::exists(path + ".tmp"));
        QCOMPARE(fs::file_size(path), uintmax_t(24 + 2 * 8 + 2 * 8 + 2 * 3 * 4));
        const auto t = core::loadFeatureTable(path, 3);
        QCOMPARE(t.ids, (std::vector<int64_t>{17, 5}));
        QVERIFY(t.row(5));
        QCOMPARE(t.row(5)[0], -4.f);
        QCOMPARE(t.row(17)[2], 3.f);
        QVERIFY(!t.row(6));
        QVERIFY(t.fresh(5, 500));
        QVERIFY(!t.fresh(5, 501)); // the file changed since
        QVERIFY(!t.fresh(6, 0));
    }

    void aChangedImageReplacesItsRow()
    {
        auto t = sampleTable();
        const float c[3] = {7.f, 8.f, 9.f};
        t.add(5, c, 501);
        QCOMPARE(t.ids, (std::vector<int64_t>{17, 5})); // still two rows
        QCOMPARE(t.data.size(), size_t(6));
        QCOMPARE(t.row(5)[1], 8.f);
        QVERIFY(t.fresh(5, 501));
        const auto now = t.current({{5, 501}, {17, 1701}, {99, 0}}); // 17's file changed
        QCOMPARE(now.ids, (std::vector<int64_t>{5}));
        QCOMPARE(now.stamps, (std::vector<int64_t>{501}));
        QCOMPARE(now.row(5)[2], 9.f);
    }

    void unusableFilesReadAsEmpty_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("dim");
        const std::string good = [] {
            QTemporaryDir d;
            const std::string p = d.filePath("x.f32").toStdString();
            core::saveFeatureTable(p, sampleTable());
            return test::readFile(p);
        }();
        QTest::newRow("empty") << QByteArray() << 3;
        QTest::newRow("the format before stamps")
            << QByteArray::fromStdString("PCFEAT1\n" + good.substr(8)) << 3;
        QTest::newRow("other dimension") << QByteArray::fromStdString(good) << 4;
        QTest::newRow("truncated rows")
            << QByteArray::fromStdString(good.substr(0, good.size() - 1)) << 3;
        QTest::newRow("trailing bytes") << QByteArray::fromStdString(good + "x") << 3;
        QTest::newRow("negative count") << QByteArray::fromStdString(header(3, -1)) << 3;
        // A header that promises 2^40 rows in a 24-byte file: refused before allocating.
        QTest::newRow("huge count") << QByteArray::fromStdString(header(3, int64_t(1) << 40)) << 3;
        QTest::newRow("count overflowing the size")
            << QByteArray::fromStdString(header(3, INT64_MAX / 8)) << 3;
        QTest::newRow("huge dimension")
            << QByteArray::fromStdString(header(INT64_MAX / 2, 1)) << int(1 << 30);
    }

    void unusableFilesReadAsEmpty()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, dim);
        QTemporaryDir dir;
        const std::string path = dir.filePath("f.f32").toStdString();
        test::writeFile(path, bytes.toStdString());
        const auto t = core::loadFeatureTable(path, dim);
        QCOMPARE(t.dim, int64_t(dim));
        QVERIFY(t.ids.empty());
        QVERIFY(t.data.empty());
    }

    void missingFileReadsAsEmpty()
    {
        const auto t = core::loadFeatureTable("/nonexistent/photocat/f.f32", 3);
        QVERIFY(t.ids.empty());
    }

    void unwritableFolderIsAClearError()
    {
        QTemporaryDir dir;
        const std::string blocker = dir.filePath("file").toStdString();
        test::writeFile(blocker, "not a folder");
        try {
            core::saveFeatureTable(blocker + "/features/x.f32", sampleTable());
            QFAIL("expected an error");
        } catch (const std::exception &e) {
            QVERIFY2(QString(e.what()).contains(QLatin1String("file")), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestFeatureCache)
#include "test_featurecache.moc"
