#include "data/im2rec.h"

#include "data/imageprobe.h"
#include "data/sourcescan.h"
#include "io/recordio.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** CPython's Mersenne Twister: init_by_array seeding and getrandbits(). */
class PythonRandom
{
public:
    explicit PythonRandom(uint64_t seed)
    {
        std::vector<uint32_t> key;
        do {
            key.push_back(uint32_t(seed));
            seed >>= 32;
        } while (seed);
        initGenrand(19650218u);
        size_t i = 1, j = 0;
        for (size_t k = std::max<size_t>(kN, key.size()); k; --k) {
            mState[i] = (mState[i] ^ ((mState[i - 1] ^ (mState[i - 1] >> 30)) * 1664525u)) +
                        key[j] + uint32_t(j);
            ++i;
            ++j;
            if (i >= kN) {
                mState[0] = mState[kN - 1];
                i = 1;
            }
            if (j >= key.size())
                j = 0;
        }
        for (size_t k = kN - 1; k; --k) {
            mState[i] =
                (mState[i] ^ ((mState[i - 1] ^ (mState[i - 1] >> 30)) * 1566083941u)) - uint32_t(i);
            if (++i >= kN) {
                mState[0] = mState[kN - 1];
                i = 1;
            }
        }
        mState[0] = 0x80000000u;
        mIndex = kN;
    }

    uint32_t next()
    {
        if (mIndex >= kN) {
            for (size_t k = 0; k < kN; ++k) {
                const uint32_t y = (mState[k] & 0x80000000u) | (mState[(k + 1) % kN] & 0x7fffffffu);
                mState[k] = mState[(k + kM) % kN] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
            }
            mIndex = 0;
        }
        uint32_t y = mState[mIndex++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /** random._randbelow(n) for 0 < n < 2^32. */
    uint32_t below(uint32_t n)
    {
        int bits = 0;
        for (uint32_t v = n; v; v >>= 1)
            ++bits;
        uint32_t r;
        do
            r = next() >> (32 - bits);
        while (r >= n);
        return r;
    }

private:
    void initGenrand(uint32_t s)
    {
        mState[0] = s;
        for (size_t i = 1; i < kN; ++i)
            mState[i] = 1812433253u * (mState[i - 1] ^ (mState[i - 1] >> 30)) + uint32_t(i);
    }

    static constexpr size_t kN = 624, kM = 397;
    uint32_t mState[kN];
    size_t mIndex = kN;
};

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

struct Found
{
    std::string path; ///< relative to root
    int label = 0;
};

/** os.walk(root, followlinks=True), top-down, names sorted; a folder reached twice through
    links is walked once. */
void walk(const fs::path &root, const fs::path &dir, const ListOptions &o,
          std::map<std::string, int> &labels, std::vector<std::pair<std::string, int>> &order,
          std::set<fs::path> &visited, std::vector<Found> &out)
{
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    if (ec || !visited.insert(real).second)
        return;
    std::vector<std::string> files, dirs;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code e2;
        if (fs::is_directory(it->path(), e2))
            dirs.push_back(name);
        else
            files.push_back(name);
    }
    std::sort(files.begin(), files.end());
    std::sort(dirs.begin(), dirs.end());
    for (const auto &name : files) {
        const fs::path path = dir / name;
        std::error_code e2;
        const std::string ext = lower(fs::path(name).extension().string());
        if (!fs::is_regular_file(path, e2) ||
            std::find(o.exts.begin(), o.exts.end(), ext) == o.exts.end())
            continue;
        int label = 0;
        if (o.recursive) {
            const std::string rel = dir.lexically_relative(root).string();
            auto it = labels.find(rel);
            if (it == labels.end()) {
                it = labels.emplace(rel, int(labels.size())).first;
                order.emplace_back(rel, it->second);
            }
            label = it->second;
        }
        out.push_back({path.lexically_relative(root).string(), label});
    }
    if (o.recursive)
        for (const auto &name : dirs)
            walk(root, dir / name, o, labels, order, visited, out);
}

/** The record data of one item; false with error when its image cannot be used. */
bool encodeItemOrThrow(const ListItem &item, const std::string &root, const PackOptions &o,
                       std::string &data, std::string &error)
{
    const std::string path =
        fs::path(item.path).is_absolute() || root.empty() ? item.path : root + "/" + item.path;
    // A list is data: one that names ~/.ssh/... or ../../ must not copy it into a record.
    if (!o.allowOutside && !root.empty() &&
        !insideRoot(fs::absolute(root).lexically_normal(),
                    fs::absolute(path).lexically_normal().string())) {
        error = "outside the root folder " + root + " (--allow-outside packs it)";
        return false;
    }
    std::string bytes;
    if (!readImageFile(path, bytes, error))
        return false;
    const ProbeResult probe = probeImageData(bytes);
    if (!probe.ok) {
        error = probe.error;
        return false;
    }
    RecordHeader header;
    header.id = item.index;
    if (o.packLabel && item.labels.size() > 1)
        header.labels = item.labels;
    else
        header.label = item.labels.empty() ? 0.f : item.labels.front();
    if (o.passThrough) {
        data = packImageRecord(header, bytes);
        return true;
    }
    const int flags = o.color == 0  ? cv::IMREAD_GRAYSCALE
                      : o.color < 0 ? cv::IMREAD_UNCHANGED
                                    : cv::IMREAD_COLOR;
    cv::Mat img;
    try {
        img = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, bytes.data()), flags);
    } catch (const cv::Exception &) {
    }
    if (img.empty()) {
        error = "cannot decode the image";
        return false;
    }
    if (o.centerCrop) {
        const int side = std::min(img.rows, img.cols);
        img = img(cv::Rect((img.cols - side) / 2, (img.rows - side) / 2, side, side)).clone();
    }
    if (o.resize > 0) {
        // im2rec.py: the shorter side becomes resize, the longer scales with integer division.
        const int64_t longer =
            int64_t(std::max(img.rows, img.cols)) * o.resize / std::min(img.rows, img.cols);
        if (longer * o.resize > kMaxDecodePixels || longer > INT32_MAX) {
            error = "resized to " + std::to_string(o.resize) + " on its shorter side it would be " +
                    std::to_string(longer) + " pixels long";
            return false;
        }
        const cv::Size size =
            img.rows > img.cols ? cv::Size(o.resize, int(longer)) : cv::Size(int(longer), o.resize);
        cv::resize(img, img, size);
    }
    std::vector<int> params;
    if (o.encoding == ".png")
        params = {cv::IMWRITE_PNG_COMPRESSION, std::clamp(o.quality, 0, 9)};
    else
        params = {cv::IMWRITE_JPEG_QUALITY, std::clamp(o.quality, 0, 100)};
    std::vector<uchar> encoded;
    if (!cv::imencode(o.encoding, img, encoded, params)) {
        error = "cannot encode the image as " + o.encoding;
        return false;
    }
    data = packImageRecord(
        header, std::string_view(reinterpret_cast<const char *>(encoded.data()), encoded.size()));
    return true;
}

/** encodeItemOrThrow() with OpenCV's and allocation errors as the item's error: one image
    never ends a pack (nor a worker thread). */
bool encodeItem(const ListItem &item, const std::string &root, const PackOptions &o,
                std::string &data, std::string &error)
{
    try {
        return encodeItemOrThrow(item, root, o, data, error);
    } catch (const std::exception &e) {
        error = std::string("cannot pack the image: ") + e.what();
        return false;
    }
}

} // namespace

void writeImageList(const std::string &file, const std::vector<ListItem> &items)
{
    std::ofstream out(file, std::ios::trunc);
    char label[64];
    for (const auto &item : items) {
        out << item.index;
        for (float l : item.labels) {
            std::snprintf(label, sizeof label, "%f", double(l));
            out << '\t' << label;
        }
        out << '\t' << item.path << '\n';
    }
    if (!out.flush())
        throw std::runtime_error(file + ": cannot write");
}

void pythonShuffle(std::vector<size_t> &items, uint64_t seed)
{
    PythonRandom random(seed);
    for (size_t i = items.size(); i-- > 1;)
        std::swap(items[i], items[random.below(uint32_t(i + 1))]);
}

ListResult makeImageLists(const ListOptions &o)
{
    std::error_code ec;
    const fs::path root = fs::absolute(o.root, ec).lexically_normal();
    if (!fs::is_directory(root, ec))
        throw std::runtime_error(o.root + ": not a folder");
    if (o.trainRatio < 0 || o.testRatio < 0 || o.trainRatio + o.testRatio > 1.0 + 1e-12)
        throw std::invalid_argument("--train-ratio and --test-ratio must be between 0 and 1 and "
                                    "sum to at most 1");
    std::vector<Found> found;
    std::map<std::string, int> labels;
    std::set<fs::path> visited;
    ListResult result;
    walk(root, root, o, labels, result.classes, visited, found);
    for (auto &c : result.classes)
        if (c.first.empty())
            c.first = ".";
    result.images = found.size();
    std::vector<size_t> order(found.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    if (o.shuffle)
        pythonShuffle(order, o.seed);
    const size_t n = order.size();
    // im2rec.py: int(chunk_size * ratio), with test first, then train, then val.
    const auto sep = size_t(double(n) * o.trainRatio);
    const auto sepTest = size_t(double(n) * o.testRatio);
    auto write = [&](const std::string &suffix, size_t from, size_t to) {
        std::vector<ListItem> items;
        for (size_t i = from; i < std::min(to, n); ++i)
            items.push_back({order[i], {float(found[order[i]].label)}, found[order[i]].path});
        const std::string file = o.prefix + suffix + ".lst";
        writeImageList(file, items);
        result.written.push_back(file);
    };
    if (o.trainRatio == 1.0) {
        write("", 0, n);
        return result;
    }
    if (o.testRatio > 0)
        write("_test", 0, sepTest);
    if (o.trainRatio + o.testRatio < 1.0)
        write("_val", sepTest + sep, n);
    write("_train", sepTest, sepTest + sep);
    return result;
}

std::vector<ListItem> readImageList(std::istream &in, const std::string &file,
                                    std::vector<SkippedRecord> &skipped)
{
    std::vector<ListItem> items;
    std::string line;
    auto strip = [](const std::string &s) {
        const auto b = s.find_first_not_of(" \t\r\n");
        const auto e = s.find_last_not_of(" \t\r\n");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    for (size_t number = 1; std::getline(in, line); ++number) {
        const std::string where = file + ":" + std::to_string(number);
        if (line.size() > 64 * 1024)
            throw std::runtime_error(where + ": line over 64 KB: not a list file");
        line = strip(line);
        if (line.empty())
            continue;
        std::vector<std::string> fields;
        std::stringstream ss(line);
        for (std::string f; std::getline(ss, f, '\t');)
            fields.push_back(strip(f));
        if (fields.size() < 3) {
            skipped.push_back({where, "a list line has at least three fields "
                                      "(INDEX<TAB>LABEL...<TAB>PATH)"});
            continue;
        }
        ListItem item;
        try {
            size_t used = 0;
            item.index = std::stoull(fields[0], &used);
            if (used != fields[0].size() || fields[0][0] == '-')
                throw std::invalid_argument("index");
            for (size_t i = 1; i + 1 < fields.size(); ++i) {
                const float label = std::stof(fields[i], &used);
                if (used != fields[i].size() || !std::isfinite(label))
                    throw std::invalid_argument("label");
                item.labels.push_back(label);
            }
        } catch (const std::exception &) {
            skipped.push_back({where, "the index and labels of a list line are numbers"});
            continue;
        }
        item.path = fields.back();
        items.push_back(std::move(item));
    }
    return items;
}

void packImages(const std::vector<ListItem> &items, const std::string &root,
                const std::string &recPath, const std::string &idxPath, const PackOptions &o,
                PackReport &report)
{
    if (o.encoding != ".jpg" && o.encoding != ".png")
        throw std::invalid_argument("--encoding is .jpg or .png, not " + o.encoding);
    RecordWriter writer(recPath, idxPath);
    const size_t threads = size_t(std::max(1, o.threads));
    const size_t block = threads * 32;
    std::vector<std::string> data(block), errors(block);
    for (size_t from = 0; from < items.size(); from += block) {
        if (stopRequested(o.stop)) {
            report.cancelled = true;
            return; // the writer removes its unfinished files
        }
        const size_t n = std::min(block, items.size() - from);
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t i = next++; i < n; i = next++) {
                errors[i].clear();
                if (!encodeItem(items[from + i], root, o, data[i], errors[i]) && errors[i].empty())
                    errors[i] = "cannot read the image";
            }
        };
        std::vector<std::thread> pool;
        for (size_t t = 1; t < threads; ++t)
            pool.emplace_back(work);
        work();
        for (auto &t : pool)
            t.join();
        for (size_t i = 0; i < n; ++i) {
            if (!errors[i].empty()) {
                report.skipped.push_back({items[from + i].path, errors[i]});
                continue;
            }
            writer.write(items[from + i].index, data[i]);
            ++report.packed;
        }
    }
    writer.commit();
    report.written.push_back(recPath);
}

PackReport packImageLists(const std::string &prefix, const std::string &root, const PackOptions &o)
{
    std::error_code ec;
    const bool isDir = fs::is_directory(prefix, ec);
    const fs::path dir = isDir ? fs::path(prefix) : fs::path(prefix).parent_path();
    std::vector<std::string> lists;
    for (fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string path = dir.empty() ? it->path().filename().string() : it->path().string();
        if (path.compare(0, prefix.size(), prefix) == 0 && it->path().extension() == ".lst" &&
            fs::is_regular_file(it->path()))
            lists.push_back(path);
    }
    if (lists.empty())
        throw std::runtime_error(prefix + ": no " + (isDir ? "" : "PREFIX*") +
                                 ".lst file to pack (make one with im2rec --list)");
    std::sort(lists.begin(), lists.end());
    PackReport report;
    for (const auto &list : lists) {
        std::ifstream in(list);
        if (!in)
            throw std::runtime_error(list + ": cannot open");
        const auto items = readImageList(in, list, report.skipped);
        const std::string stem = list.substr(0, list.size() - 4);
        packImages(items, root, stem + ".rec", stem + ".idx", o, report);
        if (report.cancelled)
            break;
    }
    return report;
}

PackReport exportRecords(Workspace &workspace, const std::string &outDir, const PackOptions &o)
{
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        throw std::runtime_error(outDir + ": cannot create folder: " + ec.message());
    PackReport report;
    {
        const auto names = workspace.classNames();
        const std::string file = outDir + "/classes.txt";
        std::ofstream out(file, std::ios::trunc);
        for (size_t i = 0; i < names.size(); ++i)
            out << i << '\t' << names[i] << '\n';
        if (!out.flush())
            throw std::runtime_error(file + ": cannot write");
    }
    for (Split split : {Split::Train, Split::Val, Split::Test}) {
        ImageFilter filter;
        filter.split = split;
        std::vector<ListItem> items;
        for (const auto &img : workspace.images(filter))
            if (img.label >= 0)
                items.push_back({uint64_t(img.id), {float(img.label)}, img.path});
        if (items.empty())
            continue;
        const std::string stem = outDir + "/" + splitName(split);
        const size_t skippedBefore = report.skipped.size();
        packImages(items, {}, stem + ".rec", stem + ".idx", o, report);
        if (report.cancelled)
            break;
        // The list names what the .rec holds: images that could not be packed are left out.
        std::set<std::string> skipped;
        for (size_t i = skippedBefore; i < report.skipped.size(); ++i)
            skipped.insert(report.skipped[i].path);
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [&](const ListItem &i) { return skipped.count(i.path) > 0; }),
                    items.end());
        writeImageList(stem + ".lst", items);
    }
    if (report.written.empty())
        throw std::runtime_error(workspace.directory() +
                                 ": no labelled image in a train, val or test split to export");
    return report;
}

} // namespace photocat::core
