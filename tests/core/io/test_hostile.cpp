// Memory and time bounds on hostile files: each is refused within 1 s using at most 100 MB
// above the process's baseline, measured in a forked child (its peak resident memory, reset
// before the read, so the parent's own memory does not count).
#include "data/imageloader.h"
#include "data/imageprobe.h"
#include "data/importer.h"
#include "data/sourcescan.h"
#include "io/idx.h"
#include "io/pickle.h"
#include "io/weights.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>

using namespace photocat;

namespace {

constexpr int64_t kMaxExtraBytes = 100ll << 20;
constexpr int64_t kMaxMilliseconds = 1000;

/** A /proc/self/status field in kB, as bytes; -1 when absent. */
int64_t statusBytes(const char *field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.compare(0, key.size(), key) == 0)
            return std::stoll(line.substr(key.size())) * 1024;
    return -1;
}

struct Measured
{
    bool refused = false;
    int64_t extraBytes = 0;
    int64_t milliseconds = 0;
    std::string message;
};

/** Runs read in a child process: whether it threw (or reported an error), its peak memory
    above the child's starting point and its time. A crash or a hang fails the test. */
Measured measure(const std::function<std::string()> &read)
{
    int fds[2];
    if (::pipe(fds) != 0)
        throw std::runtime_error("pipe");
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        ::alarm(20);
        Measured m;
        std::ofstream("/proc/self/clear_refs") << "5"; // resets the peak (VmHWM) to now
        const int64_t base = statusBytes("VmRSS");
        QElapsedTimer t;
        t.start();
        try {
            m.message = read();
            m.refused = !m.message.empty();
        } catch (const std::exception &e) {
            m.refused = true;
            m.message = e.what();
        }
        m.milliseconds = t.elapsed();
        m.extraBytes = statusBytes("VmHWM") - base;
        const std::string out = std::to_string(m.refused) + " " + std::to_string(m.extraBytes) +
                                " " + std::to_string(m.milliseconds) + " " +
                                m.message.substr(0, 300);
        (void)!::write(fds[1], out.data(), out.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[512];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
        out.append(buf, size_t(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status))
        throw std::runtime_error("the reader crashed or hung (signal " +
                                 std::to_string(WTERMSIG(status)) + ")");
    Measured m;
    char message[400] = {};
    int refused = 0;
    long long bytes = 0, ms = 0;
    std::sscanf(out.c_str(), "%d %lld %lld %399[^\n]", &refused, &bytes, &ms, message);
    m.refused = refused;
    m.extraBytes = bytes;
    m.milliseconds = ms;
    m.message = message;
    return m;
}

/** Reads every tensor of a weight file; "" when it loads. */
std::string readAll(const std::string &path)
{
    core::readWeights(path);
    return {};
}

std::string le64(uint64_t v) { return std::string(reinterpret_cast<const char *>(&v), 8); }
std::string le32(uint32_t v) { return std::string(reinterpret_cast<const char *>(&v), 4); }

/** The legacy torch.save prefix: magic number, protocol 1001, system info. */
std::string legacyPrefix()
{
    return std::string(
               "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.\x80\x02M\xe9\x03.", 21) +
           std::string("\x80\x02}q\x00(X\x0d\x00\x00\x00little_endian\x88u.", 27);
}

/** A legacy .pth whose one tensor "w" views `size` elements with stride `stride` of a
    2-element float storage. */
std::string legacyView(uint32_t size, uint32_t stride)
{
    std::string s = legacyPrefix();
    s += "\x80\x02}(X" + le32(1) + "w";
    s += "ctorch._utils\n_rebuild_tensor_v2\n((X" + le32(7) + "storagectorch\nFloatStorage\nX" +
         le32(1) + "0X" + le32(3) + "cpuK\x02tQK" + std::string(1, '\0') + "(J" + le32(size) +
         "t(J" + le32(stride) + "t\x89}tRu.";
    s += std::string("\x80\x02](X\x01\x00\x00\x00", 9) + "0e.";
    s += le64(2) + std::string(8, '\0');
    return s;
}

/** A legacy .pth whose `views` tensors each view the whole of one float storage of `numel`. */
std::string legacyOverlapping(int views, uint32_t numel)
{
    std::string s = legacyPrefix() + "\x80\x02}(";
    for (int i = 0; i < views; ++i)
        s += "X" + le32(2) + "w" + std::to_string(i) + "ctorch._utils\n_rebuild_tensor_v2\n((X" +
             le32(7) + "storagectorch\nFloatStorage\nX" + le32(1) + "0X" + le32(3) + "cpuJ" +
             le32(numel) + "tQK" + std::string(1, '\0') + "(J" + le32(numel) + "t(K\x01t\x89}tR";
    s += "u.";
    s += "\x80\x02](X" + le32(1) + "0e.";
    s += le64(numel) + std::string(size_t(numel) * 4, '\0');
    return s;
}

std::string safetensors(const std::string &header, size_t bodyBytes)
{
    return le64(header.size()) + header + std::string(bodyBytes, '\0');
}

/** A JPEG whose EXIF block's IFD points at itself through the Exif sub-IFD tag. */
std::string jpegWithExifLoop()
{
    std::string tiff = std::string("II*\0", 4) + le32(8); // header, IFD0 at offset 8
    tiff += std::string("\x02\x00", 2);                   // two entries
    tiff += std::string("\x12\x01\x03\x00", 4) + le32(1) + std::string("\x06\x00\x00\x00", 4);
    tiff += std::string("\x69\x87\x04\x00", 4) + le32(1) + le32(8); // ExifIFD -> IFD0
    tiff += le32(8);                                                // next IFD: IFD0 again
    const std::string app1 = "Exif" + std::string(2, '\0') + tiff;
    std::string s = "\xFF\xD8\xFF\xE1";
    s += char((app1.size() + 2) >> 8);
    s += char((app1.size() + 2) & 0xFF);
    s += app1;
    // A frame header (SOF0: 8 bits, 16x16, 1 component), then EOI.
    s += std::string("\xFF\xC0\x00\x0b\x08\x00\x10\x00\x10\x01\x01\x11\x00", 13);
    s += std::string("\xFF\xDA\x00\x02\xFF\xD9", 6);
    return s;
}

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;

    std::string write(const std::string &name, const std::string &bytes)
    {
        const std::string path = mDir.filePath(QString::fromStdString(name)).toStdString();
        test::writeFile(path, bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        std::ofstream reset("/proc/self/clear_refs");
        if (!(reset << "5" << std::flush))
            QSKIP("/proc/self/clear_refs is not writable here: peak memory cannot be reset");
    }

    void refusedWithinBounds_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("pickle nesting 100,000 deep") << "deep pickle"
                                                     << "nesting";
        QTest::newRow("pickle of 4 M DUP opcodes") << "dup pickle"
                                                   << "references";
        QTest::newRow("zip bomb inside a .pth") << "zip bomb"
                                                << "zip bomb";
        QTest::newRow("zero-stride view, 348 bytes -> 400 MB") << "zero stride"
                                                               << "views";
        QTest::newRow("8 views of one 4 MB storage") << "overlapping views"
                                                     << "tensors overlap";
        QTest::newRow("safetensors header claiming 2^60 bytes") << "safetensors 2^60"
                                                                << "damaged safetensors header";
        QTest::newRow("2,000 safetensors entries over one range") << "safetensors overlap"
                                                                  << "overlap";
        QTest::newRow("IDX header claiming 2^31 images") << "idx"
                                                         << "";
        QTest::newRow("1 MB gzip IDX inflating to 1 GB") << "idx gzip"
                                                         << "can inflate to";
        QTest::newRow("1 GB CSV line") << "csv"
                                       << "longer than 64 KB";
        QTest::newRow("EXIF IFD loop") << "exif"
                                       << "";
        QTest::newRow("JPEG of 40 MB of fill bytes") << "jpeg fill"
                                                     << "no frame header";
        QTest::newRow("JPEG hiding a 32000x32000 frame from the probe") << "jpeg stuffed"
                                                                        << "unexpected marker";
        QTest::newRow("1 x 20,000 PNG to a 224 model's input") << "thin png"
                                                               << "";
        QTest::newRow("1,000 stored .pth entries over one 256 KB block") << "zip overlap"
                                                                         << "overlapping";
    }

    void refusedWithinBounds()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        std::function<std::string()> read;
        if (kind == "deep pickle") {
            std::string p = legacyPrefix() + "\x80\x02" + std::string(100000, ']') +
                            std::string(99999, 'a') + ".";
            const std::string path = write("deep.pth", p);
            read = [path] { return core::inspectWeights(path), std::string(); };
        } else if (kind == "dup pickle") {
            const std::string bytes = "\x80\x02]" + std::string(4 << 20, '2') + ".";
            read = [bytes] {
                size_t offset = 0;
                core::pickle::parse(bytes, offset);
                return std::string();
            };
        } else if (kind == "zip bomb") {
            // A genuine torch.save layout whose storage record inflates 256 MB of zeros.
            const std::string path = mDir.filePath("bomb.pth").toStdString();
            const std::string pkl = "\x80\x02}X" + le32(1) +
                                    "wctorch._utils\n_rebuild_tensor_v2\n((X" + le32(7) +
                                    "storagectorch\nFloatStorage\nX" + le32(1) + "0X" + le32(3) +
                                    "cpuJ" + le32(64u << 20) + "tQK" + std::string(1, '\0') + "(J" +
                                    le32(64u << 20) + "t(K\x01t\x89}tRs.";
            write("bomb.pkl", pkl);
            QProcess py;
            py.start("/usr/bin/python3",
                     {"-c",
                      "import sys, zipfile\n"
                      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, "
                      "compresslevel=1) as z:\n"
                      "    z.write(sys.argv[2], 'archive/data.pkl')\n"
                      "    with z.open('archive/data/0', 'w', force_zip64=True) as f:\n"
                      "        block = bytes(1 << 20)\n"
                      "        for _ in range(256): f.write(block)\n",
                      QString::fromStdString(path), mDir.filePath("bomb.pkl")});
            QVERIFY(py.waitForFinished(30000) && py.exitCode() == 0);
            QVERIFY(std::filesystem::file_size(path) < (2u << 20));
            read = [path] { return readAll(path); };
        } else if (kind == "zero stride") {
            const std::string path = write("view.pth", legacyView(100000000, 0));
            read = [path] { return readAll(path); };
        } else if (kind == "overlapping views") {
            const std::string path = write("views.pth", legacyOverlapping(8, 1u << 20));
            read = [path] { return readAll(path); };
        } else if (kind == "safetensors 2^60") {
            const std::string path =
                write("huge.safetensors", le64(uint64_t(1) << 60) + "{}" + std::string(64, ' '));
            read = [path] { return readAll(path); };
        } else if (kind == "safetensors overlap") {
            std::string header = "{";
            for (int i = 0; i < 2000; ++i)
                header += (i ? "," : "") + std::string("\"t") + std::to_string(i) +
                          "\":{\"dtype\":\"F32\",\"shape\":[1048576],\"data_offsets\":[0,4194304]}";
            header += "}";
            const std::string path = write("overlap.safetensors", safetensors(header, 4 << 20));
            read = [path] { return readAll(path); };
        } else if (kind == "idx") {
            std::string idx("\x00\x00\x08\x03", 4);
            for (uint32_t d : {0x80000000u, 28u, 28u})
                for (int i = 3; i >= 0; --i)
                    idx += char(d >> (8 * i));
            const std::string path = write("huge-idx3-ubyte", idx + std::string(1000, '\0'));
            read = [path] { return core::readIdx(path), std::string(); };
        } else if (kind == "idx gzip") {
            const std::string path = mDir.filePath("bomb-idx3-ubyte.gz").toStdString();
            QProcess py;
            py.start("/usr/bin/python3",
                     {"-c",
                      "import gzip, struct, sys\n"
                      "with gzip.open(sys.argv[1], 'wb', compresslevel=1) as f:\n"
                      "    f.write(b'\\0\\0\\x08\\x03' + struct.pack('>III', 1 << 24, 8, 8))\n"
                      "    block = bytes(1 << 20)\n"
                      "    for _ in range(1024): f.write(block)\n",
                      QString::fromStdString(path)});
            QVERIFY(py.waitForFinished(60000) && py.exitCode() == 0);
            QVERIFY(std::filesystem::file_size(path) < (8u << 20));
            read = [path] { return core::readIdx(path), std::string(); };
        } else if (kind == "csv") {
            // A sparse 1 GB file: one line of NUL bytes, no newline.
            const std::string path = mDir.filePath("huge.csv").toStdString();
            const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
            QVERIFY(fd >= 0 && ::ftruncate(fd, off_t(1) << 30) == 0);
            ::close(fd);
            read = [path] {
                core::ImportOptions o;
                o.source = path;
                core::scanSource(o);
                return std::string();
            };
        } else if (kind == "exif") {
            const std::string path = write("loop.jpg", jpegWithExifLoop());
            read = [path] {
                // Read or refused, the probe must return promptly: no endless IFD walk.
                const auto r = core::probeImage(path);
                return r.ok ? std::string() : r.error;
            };
        } else if (kind == "jpeg fill") {
            const std::string path =
                write("fill.jpg", "\xFF\xD8" + std::string(40 << 20, '\xFF') + "\xFF\xD9");
            read = [path] { return core::probeImage(path).error; };
        } else if (kind == "jpeg stuffed") {
            // libjpeg skips FF 00 as stray bytes and finds the large frame header; a probe that
            // read FF 00 as a segment with a length would step over it to the 1x1 one.
            std::string jpeg = "\xFF\xD8\xFF" + std::string(1, '\0') + std::string("\x00\x13", 2);
            jpeg += std::string("\xFF\xC0\x00\x0B\x08\x7D\x00\x7D\x00\x01\x01\x11\x00", 13);
            jpeg += std::string("\xFF\xE1\x00\x0F", 4);
            jpeg += std::string("\xFF\xC0\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00", 13);
            jpeg += std::string("\xFF\xDA\x00\x02\xFF\xD9", 6);
            const std::string path = write("stuffed.jpg", jpeg);
            read = [path] { return core::probeImage(path).error; };
        } else if (kind == "thin png") {
            // A few KB that pass the pixel limit, but scaled whole to 256 on the shorter side
            // they would be 256 x 5,120,000 x 3 bytes (3.9 GB).
            const std::string path = mDir.filePath("thin.png").toStdString();
            std::vector<uint8_t> pixels(20000);
            for (size_t i = 0; i < pixels.size(); ++i)
                pixels[i] = uint8_t(i % 256);
            test::writeImage(path, pixels, 1, 20000, 1);
            const std::string bytes = test::readFile(path);
            read = [bytes] {
                const core::Preprocessing pre{
                    3, 224, 256, {0.5f, 0.5f, 0.5f}, {0.25f, 0.25f, 0.25f}};
                std::vector<float> pixels;
                std::string error;
                core::ImageLoader::loadFromMemory(bytes, pre, pixels, &error);
                return error;
            };
        } else if (kind == "zip overlap") {
            // A torch.save zip of 1,000 stored entries whose local headers come back to back
            // before one 256 KB block: each entry runs from its header to the block's end, so
            // each alone fits in the file and its headers agree (libzip accepts the overlap).
            const int n = 1000;
            const uint32_t block = 1 << 18, header = 48; // 30 + "archive/data/00000"
            std::string pkl = "\x80\x02}(";
            for (int i = 0; i < n; ++i) {
                char key[8];
                std::snprintf(key, sizeof key, "%05d", i);
                const uint32_t numel = (block + uint32_t(n - 1 - i) * header) / 4;
                pkl += "X" + le32(6) + "w" + key + "ctorch._utils\n_rebuild_tensor_v2\n((X" +
                       le32(7) + "storagectorch\nFloatStorage\nX" + le32(5) + key + "X" + le32(3) +
                       "cpuJ" + le32(numel) + "tQK" + std::string(1, '\0') + "(J" + le32(numel) +
                       "t(K\x01t\x89}tR";
            }
            pkl += "u.";
            write("overlap.pkl", pkl);
            const std::string path = mDir.filePath("overlap.pth").toStdString();
            QProcess py;
            py.start("/usr/bin/python3",
                     {"-c",
                      "import struct, sys, zlib\n"
                      "def local(name, data):\n"
                      "    return struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 0, 0, 0, "
                      "zlib.crc32(data), len(data), len(data), len(name), 0) + name\n"
                      "def entry(name, data, at):\n"
                      "    return struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 0, 0, "
                      "0, zlib.crc32(data), len(data), len(data), len(name), 0, 0, 0, 0, 0, at) + "
                      "name\n"
                      "pkl, n = open(sys.argv[2], 'rb').read(), int(sys.argv[4])\n"
                      "out = bytearray(local(b'archive/data.pkl', pkl) + pkl)\n"
                      "central = bytearray(entry(b'archive/data.pkl', pkl, 0))\n"
                      "tail, heads = bytes(int(sys.argv[3])), []\n"
                      "for i in reversed(range(n)):\n"
                      "    name = b'archive/data/%05d' % i\n"
                      "    heads.append((name, tail))\n"
                      "    tail = local(name, tail) + tail\n"
                      "start = len(out)\n"
                      "out.extend(tail)\n"
                      "for i, (name, data) in enumerate(reversed(heads)):\n"
                      "    central.extend(entry(name, data, start + 48 * i))\n"
                      "at = len(out)\n"
                      "out.extend(central)\n"
                      "out.extend(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, n + 1, n + 1, "
                      "len(central), at, 0))\n"
                      "open(sys.argv[1], 'wb').write(out)\n",
                      QString::fromStdString(path), mDir.filePath("overlap.pkl"),
                      QString::number(block), QString::number(n)});
            QVERIFY(py.waitForFinished(30000) && py.exitCode() == 0);
            QVERIFY(std::filesystem::file_size(path) < (1u << 20));
            read = [path] { return readAll(path); };
        }
        const Measured m = measure(read);
        qInfo("%s: %s in %lld ms, %lld MB above baseline (%s)", qPrintable(kind),
              m.refused ? "refused" : "read", (long long)m.milliseconds,
              (long long)(m.extraBytes >> 20), m.message.c_str());
        if (!reason.isEmpty()) {
            QVERIFY2(m.refused, m.message.c_str());
            QVERIFY2(QString::fromStdString(m.message).contains(reason), m.message.c_str());
        }
        QVERIFY2(m.milliseconds <= kMaxMilliseconds, qPrintable(QString::number(m.milliseconds)));
        QVERIFY2(m.extraBytes <= kMaxExtraBytes,
                 qPrintable(QString::number(m.extraBytes >> 20) + " MB"));
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "test_hostile.moc"
