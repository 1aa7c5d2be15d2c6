#include "io/idx.h"

#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** Reads up to limit bytes of the (possibly gzip-compressed) file; gzread passes plain files
    through. Memory grows with what is really read, so a gzip bomb costs no more than the limit
    the header justifies. */
std::vector<uint8_t> readUpTo(gzFile f, const std::string &path, size_t limit)
{
    std::vector<uint8_t> out;
    if (limit > 4096)
        out.reserve(limit); // the caller checked limit against the file's size
    uint8_t buf[1 << 16];
    while (out.size() < limit) {
        const int n = gzread(f, buf, unsigned(std::min(sizeof buf, limit - out.size())));
        if (n < 0) {
            int err = 0;
            throw std::runtime_error(path + ": read error: " + gzerror(f, &err));
        }
        if (n == 0)
            break;
        out.insert(out.end(), buf, buf + n);
    }
    return out;
}

struct GzFile
{
    gzFile f;
    ~GzFile() { gzclose(f); }
};

/** Images wider or taller than this are refused: no IDX data set holds such pictures. */
constexpr uint32_t kMaxSide = 16384;
/** The largest payload accepted (16 GiB): checked before reading, so a header cannot ask for
    more memory than this whatever the file holds. */
constexpr uint64_t kMaxPayload = uint64_t(16) << 30;

} // namespace

IdxArray readIdx(const std::string &path)
{
    GzFile file{gzopen(path.c_str(), "rb")};
    if (!file.f)
        throw std::runtime_error(path + ": cannot open");
    const auto head = readUpTo(file.f, path, 4);
    if (head.size() < 4 || head[0] != 0 || head[1] != 0)
        throw std::runtime_error(path + ": not an IDX file (bad magic number)");
    if (head[2] != 0x08)
        throw std::runtime_error(path + ": IDX element type " + std::to_string(head[2]) +
                                 " is not unsigned byte");
    const size_t rank = head[3];
    const auto dims = readUpTo(file.f, path, 4 * rank);
    if (rank == 0 || rank > 4 || dims.size() < 4 * rank)
        throw std::runtime_error(path + ": truncated IDX header");
    IdxArray a;
    uint64_t count = 1;
    for (size_t i = 0; i < rank; ++i) {
        const uint8_t *p = &dims[4 * i];
        a.dims.push_back(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]);
        if (__builtin_mul_overflow(count, uint64_t(a.dims.back()), &count) || count > kMaxPayload)
            throw std::runtime_error(path + ": IDX dimensions describe more than 16 GiB of data");
    }
    // What the header describes must fit in the file: as it is, or inflated at most 100 times
    // (image data sets compress 2 to 10 times; a gzip bomb of zeros 1000 times).
    std::error_code ec;
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    const bool compressed = gzdirect(file.f) == 0;
    const uint64_t room = ec ? 0 : compressed ? 100 * fileSize + (16u << 20) : fileSize;
    if (count > room)
        throw std::runtime_error(path + ": truncated IDX file (the header describes " +
                                 std::to_string(count) + " data bytes, more than the " +
                                 std::to_string(fileSize) + "-byte file " +
                                 (compressed ? "can inflate to" : "holds") + ")");
    a.data = readUpTo(file.f, path, size_t(count));
    if (a.data.size() < count)
        throw std::runtime_error(path + ": truncated IDX file (" + std::to_string(a.data.size()) +
                                 " of " + std::to_string(count) + " data bytes)");
    return a;
}

const std::vector<std::string> &fashionMnistClasses()
{
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

std::string safeFolderName(const std::string &name)
{
    std::string out;
    for (char c : name)
        out += (c == '/' || c == '\\' || c == ' ' || c == ':') ? '_' : c;
    if (out.empty() || out == "." || out == "..")
        out = "_" + out;
    return out;
}

IdxUnpackReport unpackIdx(const std::string &imagesPath, const std::string &labelsPath,
                          const std::string &outDir, const std::string &split,
                          std::vector<std::string> classNames)
{
    if (classNames.empty())
        classNames = fashionMnistClasses();
    const IdxArray images = readIdx(imagesPath);
    const IdxArray labels = readIdx(labelsPath);
    if (images.dims.size() != 3)
        throw std::runtime_error(imagesPath + ": expected a 3-dimensional image array");
    if (labels.dims.size() != 1 || labels.dims[0] != images.dims[0])
        throw std::runtime_error(labelsPath + ": label count does not match " + imagesPath);
    const size_t n = images.dims[0], rows = images.dims[1], cols = images.dims[2];
    if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide)
        throw std::runtime_error(imagesPath + ": images of " + std::to_string(rows) + " x " +
                                 std::to_string(cols) + " pixels (each side must be 1 to " +
                                 std::to_string(kMaxSide) + ")");

    IdxUnpackReport report;
    report.perClass.assign(classNames.size(), 0);
    for (size_t i = 0; i < n; ++i) {
        if (labels.data[i] >= classNames.size())
            throw std::runtime_error(labelsPath + ": label " + std::to_string(labels.data[i]) +
                                     " of item " + std::to_string(i) + " has no class name");
        ++report.perClass[labels.data[i]];
    }
    const fs::path root = fs::path(outDir) / split;
    for (const auto &name : classNames)
        fs::create_directories(root / safeFolderName(name));

    std::atomic<size_t> next{0};
    std::string error;
    std::atomic<bool> failed{false};
    auto worker = [&] {
        char file[64];
        for (size_t i = next++; i < n && !failed; i = next++) {
            const cv::Mat img(int(rows), int(cols), CV_8UC1,
                              const_cast<uint8_t *>(&images.data[i * rows * cols]));
            std::snprintf(file, sizeof file, "%s-%05zu.png", split.c_str(), i);
            const auto path = root / safeFolderName(classNames[labels.data[i]]) / file;
            bool written = false;
            try { // nothing may escape a thread: it would end the process
                written = cv::imwrite(path.string(), img);
            } catch (const std::exception &) {
                written = false;
            }
            if (!written && !failed.exchange(true))
                error = path.string() + ": cannot write PNG";
        }
    };
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back(worker);
    for (auto &t : pool)
        t.join();
    if (failed)
        throw std::runtime_error(error);
    report.written = n;
    return report;
}

} // namespace photocat::core
