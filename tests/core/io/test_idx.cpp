#include "io/idx.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace photocat;

class TestIdx : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsGzipAndPlain_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("gzip") << "images.gz";
        QTest::newRow("plain") << "images.idx";
    }

    void readsGzipAndPlain()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const std::string path = dir.filePath(name).toStdString();
        std::vector<uint8_t> data(3 * 4 * 5);
        for (size_t i = 0; i < data.size(); ++i)
            data[i] = uint8_t(i);
        test::writeIdx(path, {3, 4, 5}, data);
        const auto a = core::readIdx(path);
        QCOMPARE(a.dims, (std::vector<uint32_t>{3, 4, 5}));
        QCOMPARE(a.data, data);
    }

    void rejectsTruncatedAndForeignFiles()
    {
        QTemporaryDir dir;
        const std::string truncated = dir.filePath("t.gz").toStdString();
        test::writeIdx(truncated, {10, 28, 28}, std::vector<uint8_t>(100));
        try {
            core::readIdx(truncated);
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY(std::string(e.what()).find("truncated") != std::string::npos);
            QVERIFY(std::string(e.what()).find("t.gz") != std::string::npos);
        }
        const std::string text = dir.filePath("x.idx").toStdString();
        test::writeFile(text, "hello world");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, core::readIdx(text));
    }

    void unpacksIntoSafeClassFolders()
    {
        QTemporaryDir dir;
        const std::string images = dir.filePath("img.gz").toStdString();
        const std::string labels = dir.filePath("lbl.gz").toStdString();
        const int n = 25;
        std::vector<uint8_t> pixels(size_t(n) * 28 * 28), y(n);
        for (int i = 0; i < n; ++i) {
            y[size_t(i)] = uint8_t(i % 10);
            pixels[size_t(i) * 28 * 28 + 5] = uint8_t(i * 9);
        }
        test::writeIdx(images, {uint32_t(n), 28, 28}, pixels);
        test::writeIdx(labels, {uint32_t(n)}, y);
        const std::string out = dir.filePath("out").toStdString();
        const auto report = core::unpackIdx(images, labels, out, "test");
        QCOMPARE(report.written, size_t(n));
        QCOMPARE(report.perClass[0], size_t(3)); // labels 0, 10, 20
        QCOMPARE(report.perClass[9], size_t(2));
        QVERIFY(fs::is_regular_file(out + "/test/T-shirt_top/test-00000.png"));
        QVERIFY(fs::is_regular_file(out + "/test/Ankle_boot/test-00009.png"));
        size_t files = 0;
        for (const auto &e : fs::recursive_directory_iterator(out))
            files += e.is_regular_file();
        QCOMPARE(files, size_t(n));
    }

    void rejectsMismatchedLabelCount()
    {
        QTemporaryDir dir;
        const std::string images = dir.filePath("img").toStdString();
        const std::string labels = dir.filePath("lbl").toStdString();
        test::writeIdx(images, {4, 2, 2}, std::vector<uint8_t>(16));
        test::writeIdx(labels, {3}, std::vector<uint8_t>(3));
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, core::unpackIdx(images, labels, dir.path().toStdString(), "train"));
    }

    void hostileHeadersAreRefused_data()
    {
        QTest::addColumn<QList<uint>>("dims");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero side") << QList<uint>{2, 0, 28} << 0 << "each side must be 1 to";
        QTest::newRow("dimensions past 2^64")
            << QList<uint>{0xffffffffu, 0xffffffffu, 0xffffffffu} << 16 << "more than 16 GiB";
        QTest::newRow("2^31 images in 100 bytes")
            << QList<uint>{0x80000000u, 28, 28} << 100 << "more than 16 GiB";
        QTest::newRow("truncated") << QList<uint>{1000, 28, 28} << 100 << "truncated";
    }

    void hostileHeadersAreRefused()
    {
        QFETCH(QList<uint>, dims);
        QFETCH(int, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string images = dir.filePath("img").toStdString();
        const std::string labels = dir.filePath("lbl").toStdString();
        test::writeIdx(images, std::vector<uint32_t>(dims.begin(), dims.end()),
                       std::vector<uint8_t>(size_t(bytes)));
        test::writeIdx(labels, {dims[0]}, std::vector<uint8_t>(std::min<size_t>(dims[0], 16)));
        try {
            core::unpackIdx(images, labels, dir.filePath("out").toStdString(), "train");
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void gzipBombReadsOnlyWhatTheHeaderDescribes()
    {
        // 10 images of 28 x 28, followed by 64 MB of zeros that gzip squeezes into ~64 KB:
        // only the 7,840 bytes the header describes are inflated.
        QTemporaryDir dir;
        const std::string path = dir.filePath("bomb.gz").toStdString();
        std::vector<uint8_t> data(64u << 20, 0);
        for (size_t i = 0; i < 7840; ++i)
            data[i] = uint8_t(i);
        test::writeIdx(path, {10, 28, 28}, data);
        data = {};
        QElapsedTimer timer;
        timer.start();
        const auto a = core::readIdx(path);
        QCOMPARE(a.data.size(), size_t(7840));
        QCOMPARE(a.data[300], uint8_t(300 % 256));
        QVERIFY2(timer.elapsed() < 1000, std::to_string(timer.elapsed()).c_str());
    }

    void fashionMnistNamesAreTheDocumentedOnes()
    {
        const auto &names = core::fashionMnistClasses();
        QCOMPARE(names.size(), size_t(10));
        QCOMPARE(names.front(), std::string("T-shirt/top"));
        QCOMPARE(names.back(), std::string("Ankle boot"));
    }
};

QTEST_GUILESS_MAIN(TestIdx)
#include "test_idx.moc"
