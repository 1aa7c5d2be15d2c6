#include "data/imageprobe.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace photocat;

class TestImageProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsHeaders_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("depth");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("expectedChannels");
        QTest::newRow("png gray") << "a.png" << 1 << 8 << "png" << 1;
        QTest::newRow("png rgba") << "a.png" << 4 << 8 << "png" << 4;
        QTest::newRow("png 16-bit") << "a.png" << 3 << 16 << "png" << 3;
        QTest::newRow("jpeg color") << "a.jpg" << 3 << 8 << "jpeg" << 3;
        QTest::newRow("jpeg gray") << "a.jpeg" << 1 << 8 << "jpeg" << 1;
        QTest::newRow("bmp") << "a.bmp" << 3 << 8 << "bmp" << 3;
        QTest::newRow("webp") << "a.webp" << 3 << 8 << "webp" << 3;
        QTest::newRow("tiff") << "a.tif" << 3 << 8 << "tiff" << 3;
    }

    void readsHeaders()
    {
        QFETCH(QString, file);
        QFETCH(int, channels);
        QFETCH(int, depth);
        QFETCH(QString, format);
        QFETCH(int, expectedChannels);
        QTemporaryDir dir;
        const std::string path = dir.filePath(file).toStdString();
        const int w = 37, h = 23;
        std::vector<uint8_t> px(size_t(w * h * channels), 99);
        test::writeImage(path, px, w, h, channels, depth);
        const auto r = core::probeImage(path);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(QString::fromStdString(r.header.format), format);
        QCOMPARE(r.header.width, w);
        QCOMPARE(r.header.height, h);
        QCOMPARE(r.header.channels, expectedChannels);
        QCOMPARE(r.header.bitDepth, depth);
    }

    void exifOrientationSwapsSize()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rotated.jpg").toStdString();
        test::writeJpegWithOrientation(path, 60, 20, 6);
        const auto r = core::probeImage(path);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.header.orientation, 6);
        QCOMPARE(r.header.width, 20);
        QCOMPARE(r.header.height, 60);
    }

    void reportsBadFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("zero bytes") << "empty"
                                    << "empty file";
        QTest::newRow("text") << "text"
                              << "not an image";
        QTest::newRow("truncated png") << "cutpng"
                                       << "truncated PNG";
        QTest::newRow("truncated jpeg") << "cutjpg"
                                        << "truncated JPEG";
        QTest::newRow("gif") << "gif"
                             << "unsupported";
        QTest::newRow("broken symlink") << "link"
                                        << "broken symbolic link";
        QTest::newRow("missing") << "missing"
                                 << "cannot read";
        // Small files that describe huge pictures: refused before anything decodes them.
        QTest::newRow("60000 x 60000 png") << "png60000"
                                           << "image too large (60000×60000";
        QTest::newRow("2^31-1 square png") << "png2g"
                                           << "image too large (2147483647×2147483647";
        QTest::newRow("negative png size") << "pngneg"
                                           << "invalid image dimensions";
        // A BMP whose pixel-data size overflows 64 bits, a TIFF with -1 samples per pixel.
        QTest::newRow("bmp size overflow") << "bmpoverflow"
                                           << "truncated BMP";
        QTest::newRow("tiff with -1 channels") << "tiffneg"
                                               << "unsupported number of channels (-1)";
    }

    void reportsBadFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad").toStdString();
        std::vector<uint8_t> px(64 * 64 * 3, 7);
        if (kind == "empty") {
            test::writeFile(path, "");
        } else if (kind == "text") {
            test::writeFile(path, "just some words, not pixels\n");
        } else if (kind == "cutpng" || kind == "cutjpg") {
            const std::string full = path + (kind == "cutpng" ? ".png" : ".jpg");
            test::writeImage(full, px, 64, 64, 3);
            const std::string bytes = test::readFile(full);
            test::writeFile(path, bytes.substr(0, bytes.size() / 2));
        } else if (kind == "gif") {
            test::writeFile(path, "GIF89a\x01\x00\x01\x00");
        } else if (kind == "link") {
            fs::create_symlink(dir.filePath("nowhere").toStdString(), path);
        } else if (kind == "bmpoverflow") {
            auto le32 = [](uint32_t v) { return std::string(reinterpret_cast<char *>(&v), 4); };
            std::string bmp = "BM" + le32(54) + le32(0) + le32(54) + le32(40) + le32(0x7fffffff) +
                              le32(0x7fffffff) + std::string("\x01\x00\x20\x00", 4) + le32(0);
            test::writeFile(path, bmp + std::string(54 - bmp.size() + 16, '\0'));
        } else if (kind == "tiffneg") {
            auto entry = [](uint16_t tag, uint32_t value) {
                std::string e(12, '\0');
                std::memcpy(&e[0], &tag, 2);
                e[2] = 4; // LONG
                e[4] = 1; // one value
                std::memcpy(&e[8], &value, 4);
                return e;
            };
            test::writeFile(path, std::string("II*\0\x08\0\0\0\x03\0", 10) + entry(256, 16) +
                                      entry(257, 16) + entry(277, 0xffffffffu) +
                                      std::string(4, '\0'));
        } else if (kind.startsWith("png")) {
            // A genuine small PNG whose IHDR width and height are rewritten.
            const std::string full = path + ".png";
            test::writeImage(full, px, 64, 64, 3);
            std::string bytes = test::readFile(full);
            const uint32_t side = kind == "png60000" ? 60000u
                                  : kind == "png2g"  ? 0x7fffffffu
                                                     : 0xffffffffu;
            for (int i = 0; i < 4; ++i)
                bytes[size_t(16 + i)] = bytes[size_t(20 + i)] = char(side >> (24 - 8 * i));
            test::writeFile(path, bytes);
        }
        const auto r = core::probeImage(path);
        QVERIFY(!r.ok);
        QVERIFY2(QString::fromStdString(r.error).contains(reason), r.error.c_str());
    }

    void reportsUnreadableFile()
    {
        if (::geteuid() == 0)
            QSKIP("root reads files whatever their permissions");
        QTemporaryDir dir;
        const std::string path = dir.filePath("secret.png").toStdString();
        test::writeImage(path, std::vector<uint8_t>(16, 1), 4, 4, 1);
        fs::permissions(path, fs::perms::none);
        const auto r = core::probeImage(path);
        QVERIFY(!r.ok);
        QVERIFY2(QString::fromStdString(r.error).contains("Permission denied"), r.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestImageProbe)
#include "test_imageprobe.moc"
