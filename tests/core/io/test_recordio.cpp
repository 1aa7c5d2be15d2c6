#include "data/im2rec.h"
#include "data/imageloader.h"
#include "data/imageprobe.h"
#include "data/importer.h"
#include "evaluation/review.h"
#include "io/recordio.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

std::string magicBytes() { return std::string("\x0a\x23\xd7\xce", 4); }

std::string le32(uint32_t v)
{
    std::string s;
    for (int i = 0; i < 4; ++i)
        s.push_back(char((v >> (8 * i)) & 0xff));
    return s;
}

std::string part(uint32_t cflag, const std::string &data)
{
    std::string s = magicBytes() + le32(cflag << 29 | uint32_t(data.size())) + data;
    s.append((4 - data.size() % 4) % 4, '\0');
    return s;
}

/** An 8x8 BMP whose pixel bytes repeat the RecordIO magic word where an image record's data
    is aligned (pixels start at byte 54 of the file, 78 of the record): its record is split. */
void writeMagicBmp(const std::string &path)
{
    std::vector<uint8_t> px(8 * 8 * 3);
    for (size_t i = 0; i < px.size(); ++i)
        px[i] = uint8_t(magicBytes()[(i + 2) % 4]);
    test::writeImage(path, px, 8, 8, 3);
}

std::string hex(std::string_view bytes)
{
    static const char *digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string endsWithReason(const std::vector<core::SkippedRecord> &skipped,
                           const std::string &pathEnd)
{
    for (const auto &s : skipped)
        if (s.path.size() >= pathEnd.size() &&
            s.path.compare(s.path.size() - pathEnd.size(), pathEnd.size(), pathEnd) == 0)
            return s.reason;
    return {};
}

/** The decoded model input of an image, by path or record locator. */
std::vector<float> pixels(const std::string &path)
{
    core::Preprocessing pre;
    pre.channels = 3;
    pre.size = 8;
    pre.resize = 8;
    std::vector<float> out;
    if (!core::ImageLoader::loadOne(path, pre, out))
        return {};
    return out;
}

// An independent reader and writer, from the format's description (not photocat's code).
const char *const kPythonRecordIO = R"py(
import hashlib, json, struct, sys
MAGIC = 0xced7230a

def read(path):
    data = open(path, 'rb').read()
    pos, out = 0, []
    while pos < len(data):
        start, payload, parts = pos, b'', 0
        while True:
            magic, lrec = struct.unpack_from('<II', data, pos)
            assert magic == MAGIC, 'bad magic at %d' % pos
            cflag, length = lrec >> 29, lrec & ((1 << 29) - 1)
            payload += data[pos + 8:pos + 8 + length]
            pos += 8 + (length + 3) // 4 * 4
            parts += 1
            if cflag in (0, 3):
                break
            payload += struct.pack('<I', MAGIC)
        flag, label, rid, rid2 = struct.unpack_from('<IfQQ', payload, 0)
        labels = list(struct.unpack_from('<%df' % flag, payload, 24))
        image = payload[24 + 4 * flag:]
        out.append({'offset': start, 'id': rid, 'label': label, 'labels': labels,
                    'parts': parts, 'image': image.hex()})
    return out

def write(path, records):
    with open(path, 'wb') as f:
        for rid, label, image in records:
            data = struct.pack('<IfQQ', 0, label, rid, 0) + image
            pieces, start = [], 0
            for i in range(0, len(data) // 4 * 4, 4):
                if struct.unpack_from('<I', data, i)[0] == MAGIC:
                    pieces.append(data[start:i])
                    start = i + 4
            pieces.append(data[start:])
            for k, piece in enumerate(pieces):
                cflag = 0 if len(pieces) == 1 else 1 if k == 0 else 3 if k == len(pieces) - 1 else 2
                f.write(struct.pack('<II', MAGIC, cflag << 29 | len(piece)) + piece)
            f.write(b'\0' * ((4 - len(pieces[-1]) % 4) % 4))

if sys.argv[1] == 'read':
    print(json.dumps(read(sys.argv[2])))
else:
    images = [bytes.fromhex(h) for h in sys.argv[3:]]
    write(sys.argv[2], [(100 + i, float(i % 2), image) for i, image in enumerate(images)])
)py";

// im2rec.py --list --recursive's walk, labels and shuffle, restated for the comparison.
const char *const kPythonList = R"py(
import os, random, sys
root, train, test = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
items, cat, i = [], {}, 0
for path, dirs, files in os.walk(root, followlinks=True):
    dirs.sort(); files.sort()
    for name in files:
        full = os.path.join(path, name)
        if os.path.isfile(full) and os.path.splitext(name)[1].lower() in ('.jpeg', '.jpg', '.png'):
            if path not in cat:
                cat[path] = len(cat)
            items.append((i, os.path.relpath(full, root), cat[path]))
            i += 1
random.seed(100)
random.shuffle(items)
n = len(items)
sep, sep_test = int(n * train), int(n * test)
for name, chunk in (('test', items[:sep_test]), ('val', items[sep_test + sep:]),
                    ('train', items[sep_test:sep_test + sep])):
    for item in chunk:
        print('%s\t%d\t%f\t%s' % (name, item[0], item[2], item[1]))
)py";

} // namespace

class TestRecordIO : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsAreSplitWhereTheMagicWordIsAligned()
    {
        const std::string m = magicBytes();
        // Aligned magic words split the record; an unaligned one does not.
        const std::string data = "AAAA" + m + "BBBB" + m + "CC";
        const std::string expected = part(1, "AAAA") + part(2, "BBBB") + part(3, "CC");
        QVERIFY(core::encodeRecord(data) == expected);
        const std::string unaligned = "A" + m + "BBB";
        QVERIFY(core::encodeRecord(unaligned) == part(0, unaligned));
        QVERIFY(core::encodeRecord(m) == part(1, "") + part(3, ""));

        const std::string file = expected + part(0, unaligned);
        const core::RecordFile rec(file, "x.rec");
        core::RecordSpan span;
        std::string error, back;
        QVERIFY2(rec.span(0, span, error), error.c_str());
        QCOMPARE(span.length, uint64_t(expected.size()));
        QVERIFY(rec.read(span, back, error));
        QVERIFY(back == data);
        QVERIFY(rec.read(span, back, error, 6));
        QVERIFY(back == "AAAA" + m.substr(0, 2));
        QVERIFY(rec.span(span.length, span, error));
        QVERIFY(rec.read(span, back, error));
        QVERIFY(back == unaligned);
        // The middle of a split record is not a record start.
        QVERIFY(!rec.span(part(1, "AAAA").size(), span, error));
        QVERIFY2(error.find("x.rec#12: the middle or end of a split record") == 0, error.c_str());
    }

    void imageRecordsCarryMxnetsHeader()
    {
        core::RecordHeader h;
        h.label = 3;
        h.id = 0x0102030405060708ull;
        h.id2 = 9;
        const std::string data = core::packImageRecord(h, "IMG");
        QCOMPARE(data.size(), size_t(24 + 3));
        QVERIFY(data.substr(0, 8) == le32(0) + le32(0x40400000)); // flag 0, label 3.0f
        core::RecordHeader back;
        std::string_view image;
        std::string error;
        QVERIFY(core::unpackImageRecord(data, back, image, error));
        QCOMPARE(back.id, h.id);
        QCOMPARE(back.id2, uint64_t(9));
        QCOMPARE(back.classLabel(), 3.f);
        QVERIFY(image == "IMG");

        h.labels = {2.f, 7.f};
        const std::string multi = core::packImageRecord(h, "IMG");
        QVERIFY(multi.substr(0, 8) == le32(2) + le32(0));
        QVERIFY(core::unpackImageRecord(multi, back, image, error));
        QCOMPARE(back.classLabel(), 2.f);
        QCOMPARE(back.labels.size(), size_t(2));
        QVERIFY(image == "IMG");

        // A flag claiming more labels than the record holds, and a header cut short.
        QVERIFY(!core::unpackImageRecord(le32(0xffffffffu) + std::string(20, '\0'), back, image,
                                         error));
        QVERIFY2(error.find("4294967295 labels") != std::string::npos, error.c_str());
        QVERIFY(!core::unpackImageRecord("short", back, image, error));
    }

    void anIndependentReaderAndWriterAgree()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        writeMagicBmp(d + "/magic.bmp");
        test::writeImage(d + "/plain.png", test::classPattern(1, 0, 12, 3), 12, 12, 3);
        const std::string magic = test::readFile(d + "/magic.bmp");
        const std::string plain = test::readFile(d + "/plain.png");

        // photocat writes; Python reads.
        {
            core::RecordWriter writer(d + "/a.rec", d + "/a.idx");
            core::RecordHeader h;
            h.id = 7;
            h.label = 1;
            writer.write(7, core::packImageRecord(h, magic));
            h.id = 8;
            h.labels = {4.f, 5.f};
            writer.write(8, core::packImageRecord(h, plain));
            writer.commit();
        }
        auto r = test::runOracle({"-c", kPythonRecordIO, "read", d + "/a.rec"});
        QVERIFY2(r.exitCode == 0, r.out.c_str());
        const auto records = nlohmann::json::parse(r.out);
        QCOMPARE(records.size(), size_t(2));
        QVERIFY(records[0]["parts"].get<int>() > 10); // split at every aligned magic word
        QCOMPARE(records[0]["id"].get<uint64_t>(), uint64_t(7));
        QCOMPARE(records[0]["label"].get<float>(), 1.f);
        QVERIFY(records[0]["image"].get<std::string>() == hex(magic));
        QCOMPARE(records[1]["parts"].get<int>(), 1);
        QVERIFY(records[1]["labels"] == nlohmann::json::array({4.0, 5.0}));
        QVERIFY(records[1]["image"].get<std::string>() == hex(plain));
        // The .idx is MXNet's: KEY<TAB>OFFSET.
        QVERIFY(test::readFile(d + "/a.idx") ==
                "7\t0\n8\t" + std::to_string(records[1]["offset"].get<uint64_t>()) + "\n");

        // Python writes; photocat reads, with and without the index.
        r = test::runOracle(
            {"-c", kPythonRecordIO, "write", d + "/b.rec", hex(plain), hex(magic), hex(plain)});
        QVERIFY2(r.exitCode == 0, r.out.c_str());
        const auto scan = core::scanRecordFile(d + "/b.rec");
        QVERIFY(scan.skipped.empty());
        QCOMPARE(scan.records.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(scan.records[i].header.id, uint64_t(100 + i));
            QCOMPARE(scan.records[i].header.classLabel(), float(i % 2));
            std::string bytes, error;
            const std::string locator = core::recordLocator(d + "/b.rec", scan.records[i].span);
            QVERIFY(core::isRecordPath(locator));
            QVERIFY2(core::readImageFile(locator, bytes, error), error.c_str());
            QVERIFY(bytes == (i == 1 ? magic : plain));
            QVERIFY(core::probeImage(locator).ok);
        }
        core::writeRecordIndex(d + "/b.idx", scan.records);
        const auto indexed = core::scanRecordFile(d + "/b.rec", d + "/b.idx");
        QCOMPARE(indexed.records.size(), size_t(3));
        QCOMPARE(indexed.records[2].span.offset, scan.records[2].span.offset);
        QCOMPARE(indexed.records[1].span.length, scan.records[1].span.length);
    }

    void hostileRecordFilesAreReportedAndSkipped()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        test::writeImage(d + "/ok.png", test::classPattern(0, 0, 8, 3), 8, 8, 3);
        core::RecordHeader h;
        const std::string good =
            core::encodeRecord(core::packImageRecord(h, test::readFile(d + "/ok.png")));
        auto scanOf = [&](const std::string &bytes) {
            test::writeFile(d + "/h.rec", bytes);
            return core::scanRecordFile(d + "/h.rec");
        };

        // Bad magic: reported at its offset, the next record still found.
        auto s = scanOf(std::string(16, 'x') + good);
        QCOMPARE(s.records.size(), size_t(1));
        QCOMPARE(s.records[0].span.offset, uint64_t(16));
        QVERIFY2(endsWithReason(s.skipped, "h.rec#0").find("bad magic") != std::string::npos,
                 s.skipped.empty() ? "" : s.skipped[0].reason.c_str());

        // A length past the end of the file.
        s = scanOf(good + magicBytes() + le32(1000000));
        QCOMPARE(s.records.size(), size_t(1));
        QVERIFY(endsWithReason(s.skipped, "h.rec#" + std::to_string(good.size()))
                    .find("past the end") != std::string::npos);

        // A split record that never ends, then one cut by a new record.
        s = scanOf(good + part(1, "AAAA"));
        QCOMPARE(s.records.size(), size_t(1));
        QVERIFY(endsWithReason(s.skipped, "#" + std::to_string(good.size())).find("never ends") !=
                std::string::npos);
        s = scanOf(part(1, "AAAA") + good);
        QCOMPARE(s.records.size(), size_t(1));
        QVERIFY(endsWithReason(s.skipped, "h.rec#0").find("never ends") != std::string::npos);

        // A huge flag: the header is refused, nothing sized by it.
        s = scanOf(core::encodeRecord(le32(0xfffffff0u) + std::string(40, '\0')) + good);
        QCOMPARE(s.records.size(), size_t(1));
        QVERIFY(endsWithReason(s.skipped, "h.rec#0").find("labels follow") != std::string::npos);

        // A record that is not an image: imported files name it, the rest import.
        test::writeFile(d + "/n.rec",
                        good + core::encodeRecord(core::packImageRecord(h, "no image")) + good);
        core::Workspace ws(d + "/ws", true);
        core::ImportOptions o;
        o.source = d + "/n.rec";
        const auto report = core::importDataset(ws, o);
        QCOMPARE(report.added, size_t(2));
        QCOMPARE(report.skipped.size(), size_t(1));
        QVERIFY(report.skipped[0].path.find("n.rec#" + std::to_string(good.size()) + "+") !=
                std::string::npos);

        // A locator whose record changed since import is refused, not misread.
        const auto img = ws.images().front();
        test::writeFile(d + "/n.rec", std::string(good.size() + 4, 'x'));
        std::string bytes, error;
        QVERIFY(!core::readImageFile(img.path, bytes, error));
        QVERIFY2(error.find("bad magic") != std::string::npos, error.c_str());
        QVERIFY(pixels(img.path).empty());
    }

    void damageCostsOneWalkAndABoundedReport()
    {
        // First parts at every 8th byte all pointing at one long run of empty middle parts that
        // never ends: each chain breaks at the end of the file, so the walk resumes there
        // instead of walking the run again from every start; the report stays bounded.
        std::string bytes;
        const int starts = 4000, middles = 200000;
        const uint32_t runAt = uint32_t(starts * 8);
        for (int i = 0; i < starts; ++i)
            bytes += magicBytes() + le32(1u << 29 | (runAt - uint32_t(i * 8) - 8));
        for (int i = 0; i < middles; ++i)
            bytes += part(2, "");
        QElapsedTimer timer;
        timer.start();
        auto scan = core::scanRecords(core::RecordFile(bytes, "chain.rec"));
        QVERIFY2(timer.elapsed() < 5000, std::to_string(timer.elapsed()).c_str());
        QVERIFY(scan.records.empty());
        QVERIFY(scan.skipped.size() <= core::kMaxSkippedListed + 1);

        // Empty whole records are not images: each is reported, the list is capped, the rest
        // counted.
        std::string empties;
        for (int i = 0; i < 5000; ++i)
            empties += part(0, "");
        scan = core::scanRecords(core::RecordFile(empties, "empty.rec"));
        QCOMPARE(scan.skipped.size(), core::kMaxSkippedListed + 1);
        QVERIFY2(scan.skipped.back().reason.find("4000 more") != std::string::npos,
                 scan.skipped.back().reason.c_str());
    }

    void im2recListsAsMxnetDoes()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        test::makeDataset(d + "/img", 3, 9, 8, 3);
        test::writeImage(d + "/img/c1/deeper/x.jpg", test::classPattern(1, 1, 8, 3), 8, 8, 3);
        test::writeFile(d + "/img/c0/notes.txt", "not listed");
        core::ListOptions o;
        o.prefix = d + "/data";
        o.root = d + "/img";
        o.recursive = true;
        o.trainRatio = 0.6;
        o.testRatio = 0.2;
        const auto result = core::makeImageLists(o);
        QCOMPARE(result.images, size_t(28));
        QCOMPARE(result.written.size(), size_t(3));
        QCOMPARE(result.classes.size(), size_t(4)); // c0, c1, c1/deeper, c2

        const auto r = test::runOracle({"-c", kPythonList, d + "/img", "0.6", "0.2"});
        QVERIFY2(r.exitCode == 0, r.out.c_str());
        std::map<std::string, std::string> expected;
        std::istringstream lines(r.out);
        for (std::string line; std::getline(lines, line);) {
            const auto tab = line.find('\t');
            expected[line.substr(0, tab)] += line.substr(tab + 1) + "\n";
        }
        for (const char *split : {"train", "val", "test"}) {
            const std::string mine = test::readFile(d + "/data_" + split + ".lst");
            QVERIFY2(mine == expected[split], (split + std::string(":\n") + mine).c_str());
        }
    }

    void folderToRecToWorkspaceKeepsPixelsAndLabels()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const auto classes = test::makeDataset(d + "/img", 2, 5, 8, 3);
        writeMagicBmp(d + "/img/c1/magic.png.bmp");
        core::ListOptions list;
        list.prefix = d + "/data";
        list.root = d + "/img";
        list.recursive = true;
        list.exts = {".png", ".bmp"};
        list.trainRatio = 0.7;
        const auto lists = core::makeImageLists(list);
        for (bool passThrough : {true, false}) {
            core::PackOptions pack;
            pack.passThrough = passThrough;
            pack.encoding = ".png"; // lossless: the same pixels either way
            pack.threads = 2;
            const auto packed = core::packImageLists(list.prefix, list.root, pack);
            QVERIFY(packed.skipped.empty());
            QCOMPARE(packed.packed, size_t(11));

            core::Workspace ws(d + "/ws" + std::to_string(passThrough), true);
            for (const char *split : {"_train.rec", "_val.rec"}) {
                core::ImportOptions o;
                o.source = list.prefix + split;
                o.classMap = d + "/classes.txt";
                std::ofstream(o.classMap) << "0\tc0\n1\tc1\n";
                const auto report = core::importDataset(ws, o);
                QVERIFY(report.skipped.empty());
            }
            QVERIFY(ws.classNames() == classes);
            QCOMPARE(ws.imageCount({std::nullopt, core::Split::Train}), int64_t(7));
            QCOMPARE(ws.imageCount({std::nullopt, core::Split::Val}), int64_t(4));
            // Each record's pixels and label are its source file's.
            std::map<uint64_t, std::string> sourceOf;
            std::ifstream train(list.prefix + "_train.lst"), val(list.prefix + "_val.lst");
            for (auto *in : {&train, &val}) {
                std::vector<core::SkippedRecord> skipped;
                for (const auto &item : core::readImageList(*in, "lst", skipped))
                    sourceOf[item.index] = item.path;
            }
            size_t checked = 0;
            for (const auto &img : ws.images()) {
                std::string rec;
                core::RecordSpan span;
                QVERIFY(core::parseRecordLocator(img.path, rec, span));
                const auto entry =
                    core::scanRecordFile(rec, rec.substr(0, rec.size() - 4) + ".idx");
                for (const auto &e : entry.records) {
                    if (e.span.offset != span.offset)
                        continue;
                    const std::string source = sourceOf.at(e.header.id);
                    QCOMPARE(img.label, source.rfind("c1/", 0) == 0 ? 1 : 0);
                    QVERIFY(!pixels(img.path).empty());
                    QVERIFY2(pixels(img.path) == pixels(list.root + "/" + source), source.c_str());
                    ++checked;
                }
            }
            QCOMPARE(checked, size_t(11));
        }
    }

    void aRecWithoutIndexIsWalkedAndItsIndexWritten()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        test::makeDataset(d + "/img", 2, 4, 8, 3);
        core::ListOptions list;
        list.prefix = d + "/all";
        list.root = d + "/img";
        list.recursive = true;
        core::makeImageLists(list);
        core::PackOptions pack;
        pack.passThrough = true;
        core::packImageLists(list.prefix, list.root, pack);
        const std::string written = test::readFile(d + "/all.idx");
        fs::remove(d + "/all.idx");

        core::Workspace ws(d + "/ws", true);
        core::ImportOptions o;
        o.source = d + "/all.rec";
        o.writeRecordIndex = true;
        auto report = core::importDataset(ws, o);
        QCOMPARE(report.added, size_t(8));
        QVERIFY(test::readFile(d + "/all.idx") == written);
        QCOMPARE(report.notes.size(), size_t(1));
        // Labels name classes "0" and "1" in label order; no split in the name: stratified.
        QVERIFY(ws.classNames() == (std::vector<std::string>{"0", "1"}));
        QCOMPARE(ws.imageCount({std::nullopt, core::Split::None}), int64_t(0));

        // --write-idx with --idx writes the index there, and only when it does not exist yet.
        core::Workspace other(d + "/ws-other", true);
        o.recordIndex = d + "/elsewhere.idx";
        QCOMPARE(core::importDataset(other, o).added, size_t(8));
        QVERIFY(test::readFile(d + "/elsewhere.idx") == written);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, core::importDataset(other, o));
        o.recordIndex.clear();

        // Re-import with the index: nothing changes; records gone from the file go missing.
        o.writeRecordIndex = false;
        report = core::importDataset(ws, o);
        QCOMPARE(report.unchanged, size_t(8));
        std::ofstream(d + "/all.idx") << written.substr(0, written.find('\n') + 1);
        report = core::importDataset(ws, o);
        QCOMPARE(report.missing, size_t(7));
    }

    void anImageThatCannotBePackedIsSkippedNotFatal()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        test::writeImage(d + "/thin.png", std::vector<uint8_t>(1 * 1000 * 3, 50), 1, 1000, 3);
        test::writeImage(d + "/ok.png", test::classPattern(0, 0, 8, 3), 8, 8, 3);
        core::PackOptions pack;
        pack.resize = 2048; // the thin one would become 2048 x 2048000
        pack.threads = 2;
        core::PackReport report;
        core::packImages({{0, {0.f}, "thin.png"}, {1, {0.f}, "ok.png"}}, d, d + "/p.rec",
                         d + "/p.idx", pack, report);
        QCOMPARE(report.packed, size_t(1));
        QCOMPARE(report.skipped.size(), size_t(1));
        QVERIFY2(report.skipped[0].reason.find("pixels long") != std::string::npos,
                 report.skipped[0].reason.c_str());
    }

    void aListCannotPackFilesOutsideItsRoot()
    {
        // A .lst is data: naming an absolute path or ../ must not copy a file into a record.
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        std::filesystem::create_directories(d + "/root");
        test::writeImage(d + "/root/in.png", test::classPattern(0, 0, 8, 3), 8, 8, 3);
        test::writeImage(d + "/secret.png", test::classPattern(1, 0, 8, 3), 8, 8, 3);
        std::filesystem::create_symlink(d + "/secret.png", d + "/root/link.png");
        const std::vector<core::ListItem> items = {{0, {0.f}, "in.png"},
                                                   {1, {0.f}, "../secret.png"},
                                                   {2, {0.f}, d + "/secret.png"},
                                                   {3, {0.f}, "link.png"}};
        core::PackOptions pack;
        pack.passThrough = true;
        core::PackReport report;
        core::packImages(items, d + "/root", d + "/p.rec", d + "/p.idx", pack, report);
        QCOMPARE(report.packed, size_t(1));
        QCOMPARE(report.skipped.size(), size_t(3));
        for (const auto &skipped : report.skipped)
            QVERIFY2(skipped.reason.find("outside the root folder") != std::string::npos,
                     skipped.reason.c_str());
        pack.allowOutside = true; // --allow-outside: the user vouches for the list
        core::PackReport allowed;
        core::packImages(items, d + "/root", d + "/q.rec", d + "/q.idx", pack, allowed);
        QCOMPARE(allowed.packed, size_t(4));
    }

    void recordsAreNeverMovedAsFiles()
    {
        // A .rec in a folder named like a class, holding another class's records: Review's
        // "Move Files to Class Folders" must not take the .rec for a misfiled photo.
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        fs::create_directories(d + "/c0");
        test::writeImage(d + "/ok.png", test::classPattern(0, 0, 8, 3), 8, 8, 3);
        core::RecordHeader h;
        h.label = 1;
        test::writeFile(d + "/c0/data.rec", core::encodeRecord(core::packImageRecord(
                                                h, test::readFile(d + "/ok.png"))));
        test::writeFile(d + "/classes.txt", "c0\nc1\n");
        core::Workspace ws(d + "/ws", true);
        core::ImportOptions o;
        o.source = d + "/c0/data.rec";
        o.classMap = d + "/classes.txt";
        QCOMPARE(core::importDataset(ws, o).added, size_t(1));
        QCOMPARE(ws.images().front().label, 1);
        QVERIFY(core::misfiledImages(ws).empty());
    }

    void exportRecAppliesRelabelsAndExclusions()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        auto ws = test::makeWorkspace(d, 2, 10, 8, 3);
        auto images = ws->images();
        const auto relabeled = images[0];
        ws->relabel(relabeled.id, 1 - relabeled.label, "review");
        ws->setStatus(images[1].id, core::ImageStatus::Excluded, "review");
        core::PackOptions pack;
        pack.passThrough = true;
        const auto report = core::exportRecords(*ws, d + "/out", pack);
        QVERIFY(report.skipped.empty());
        QCOMPARE(report.packed, size_t(19));
        QVERIFY(test::readFile(d + "/out/classes.txt") == "0\tc0\n1\tc1\n");

        std::map<uint64_t, float> labelOf;
        for (const auto &file : report.written) {
            const auto scan = core::scanRecordFile(file, file.substr(0, file.size() - 4) + ".idx");
            QVERIFY(scan.skipped.empty());
            for (const auto &r : scan.records)
                labelOf[r.header.id] = r.header.label;
        }
        QCOMPARE(labelOf.size(), size_t(19));
        QCOMPARE(labelOf.at(uint64_t(relabeled.id)), float(1 - relabeled.label));
        QVERIFY(!labelOf.count(uint64_t(images[1].id)));
        QVERIFY(fs::exists(d + "/out/train.lst") && fs::exists(d + "/out/val.idx"));
    }
};

QTEST_GUILESS_MAIN(TestRecordIO)
#include "test_recordio.moc"
