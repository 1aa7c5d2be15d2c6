#include "training/featurecache.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ull, kFnvPrime = 1099511628211ull;

void fnv(uint64_t &h, const char *data, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        h = (h ^ uint8_t(data[i])) * kFnvPrime;
}

std::string hex(uint64_t h)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

} // namespace

std::string featureCacheKey(const std::string &weightsPath, const std::string &settings)
{
    std::error_code ec;
    std::ifstream in(weightsPath, std::ios::binary);
    if (!fs::is_regular_file(weightsPath, ec) || !in)
        throw std::runtime_error(weightsPath +
                                 ": cannot key the feature cache: not a readable file");
    uint64_t h = kFnvOffset;
    std::vector<char> buffer(1 << 20);
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0)
        fnv(h, buffer.data(), size_t(in.gcount()));
    fnv(h, settings.data(), settings.size());
    return hex(h);
}

std::string textCacheKey(const std::vector<std::string> &pieces)
{
    uint64_t h = kFnvOffset;
    for (const auto &p : pieces) {
        const uint64_t n = p.size(); // lengths too: ("ab", "c") is not ("a", "bc")
        fnv(h, reinterpret_cast<const char *>(&n), sizeof n);
        fnv(h, p.data(), p.size());
    }
    return hex(h);
}

int64_t featureStamp(int64_t bytes, int64_t mtimeNs)
{
    uint64_t h = kFnvOffset;
    fnv(h, reinterpret_cast<const char *>(&bytes), sizeof bytes);
    fnv(h, reinterpret_cast<const char *>(&mtimeNs), sizeof mtimeNs);
    return int64_t(h);
}

namespace {

const char kMagic[8] = {'P', 'C', 'F', 'E', 'A', 'T', '2', '\n'};
constexpr uint64_t kHeaderBytes = 24;

} // namespace

const float *FeatureTable::row(int64_t id) const
{
    const auto it = rows.find(id);
    return it == rows.end() ? nullptr : data.data() + it->second * size_t(dim);
}

bool FeatureTable::fresh(int64_t id, int64_t stamp) const
{
    const auto it = rows.find(id);
    return it != rows.end() && stamps[it->second] == stamp;
}

void FeatureTable::add(int64_t id, const float *values, int64_t stamp)
{
    if (const auto it = rows.find(id); it != rows.end()) {
        std::copy(values, values + dim, data.begin() + std::ptrdiff_t(it->second * size_t(dim)));
        stamps[it->second] = stamp;
        return;
    }
    rows[id] = ids.size();
    ids.push_back(id);
    stamps.push_back(stamp);
    data.insert(data.end(), values, values + dim);
}

FeatureTable FeatureTable::current(const std::unordered_map<int64_t, int64_t> &stampOf) const
{
    FeatureTable t;
    t.dim = dim;
    for (size_t r = 0; r < ids.size(); ++r)
        if (const auto it = stampOf.find(ids[r]); it != stampOf.end() && it->second == stamps[r])
            t.add(ids[r], data.data() + r * size_t(dim), stamps[r]);
    return t;
}

FeatureTable loadFeatureTable(const std::string &path, int64_t dim)
{
    FeatureTable t;
    t.dim = dim;
    if (dim <= 0)
        return t;
    std::ifstream in(path, std::ios::binary);
    char magic[8];
    int64_t fileDim = 0, count = 0;
    if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0 ||
        !in.read(reinterpret_cast<char *>(&fileDim), 8) ||
        !in.read(reinterpret_cast<char *>(&count), 8) || fileDim != dim || count < 0)
        return t;
    std::error_code ec;
    const uint64_t size = fs::file_size(path, ec);
    // The row count is checked against the file's size before anything is allocated.
    const uint64_t rowBytes = 16 + 4 * uint64_t(dim);
    if (ec || size < kHeaderBytes || uint64_t(count) > (size - kHeaderBytes) / rowBytes ||
        size != kHeaderBytes + uint64_t(count) * rowBytes)
        return t;
    std::vector<int64_t> ids(static_cast<size_t>(count)), stamps(static_cast<size_t>(count));
    std::vector<float> data(static_cast<size_t>(count * dim));
    if (!in.read(reinterpret_cast<char *>(ids.data()), count * 8) ||
        !in.read(reinterpret_cast<char *>(stamps.data()), count * 8) ||
        !in.read(reinterpret_cast<char *>(data.data()), count * dim * 4))
        return t;
    for (size_t i = 0; i < ids.size(); ++i)
        t.add(ids[i], data.data() + i * size_t(dim), stamps[i]);
    return t;
}

void saveFeatureTable(const std::string &path, const FeatureTable &t)
{
    fs::create_directories(fs::path(path).parent_path());
    // A name of this writer's own: the desktop and a CLI run may save one model's cache at
    // once, and two writers of one temp file would interleave their bytes. The last rename
    // wins, whole.
    static std::atomic<unsigned> saves{0};
    const std::string tmp =
        path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(saves++);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        const int64_t count = int64_t(t.ids.size());
        out.write(kMagic, 8);
        out.write(reinterpret_cast<const char *>(&t.dim), 8);
        out.write(reinterpret_cast<const char *>(&count), 8);
        out.write(reinterpret_cast<const char *>(t.ids.data()), count * 8);
        out.write(reinterpret_cast<const char *>(t.stamps.data()), count * 8);
        out.write(reinterpret_cast<const char *>(t.data.data()), count * t.dim * 4);
        if (!out.flush()) {
            out.close();
            std::error_code ec;
            fs::remove(tmp, ec);
            throw std::runtime_error(path + ": cannot write the feature cache");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw std::runtime_error(path + ": cannot write the feature cache: " + ec.message());
    }
}

} // namespace photocat::core
