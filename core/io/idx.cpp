#include "io/idx.h"

#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** Reads the whole (possibly gzip-compressed) file; gzread passes plain files through. */
std::vector<uint8_t> readAll(const std::string &path)
{
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f)
        throw std::runtime_error(path + ": cannot open");
    std::vector<uint8_t> out;
    uint8_t buf[1 << 16];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        out.insert(out.end(), buf, buf + n);
    int err = 0;
    const char *message = gzerror(f, &err);
    const std::string why = n < 0 ? message : "";
    gzclose(f);
    if (n < 0)
        throw std::runtime_error(path + ": read error: " + why);
    return out;
}

} // namespace

IdxArray readIdx(const std::string &path)
{
    const auto bytes = readAll(path);
    if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0)
        throw std::runtime_error(path + ": not an IDX file (bad magic number)");
    if (bytes[2] != 0x08)
        throw std::runtime_error(path + ": IDX element type " + std::to_string(bytes[2]) +
                                 " is not unsigned byte");
    const size_t rank = bytes[3];
    if (rank == 0 || rank > 4 || bytes.size() < 4 + 4 * rank)
        throw std::runtime_error(path + ": truncated IDX header");
    IdxArray a;
    size_t count = 1;
    for (size_t i = 0; i < rank; ++i) {
        const uint8_t *p = &bytes[4 + 4 * i];
        a.dims.push_back(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | p[2] << 8 | p[3]);
        count *= a.dims.back();
    }
    const size_t offset = 4 + 4 * rank;
    if (bytes.size() - offset < count)
        throw std::runtime_error(path + ": truncated IDX file (" +
                                 std::to_string(bytes.size() - offset) + " of " +
                                 std::to_string(count) + " bytes)");
    a.data.assign(bytes.begin() + long(offset), bytes.begin() + long(offset + count));
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
            if (!cv::imwrite(path.string(), img) && !failed.exchange(true))
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
