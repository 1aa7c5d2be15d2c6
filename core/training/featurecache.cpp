#include "training/featurecache.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

std::string featureCacheKey(const std::string &weightsPath, const std::string &settings)
{
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const char *data, size_t n) {
        for (size_t i = 0; i < n; ++i)
            h = (h ^ uint8_t(data[i])) * 1099511628211ull;
    };
    std::ifstream in(weightsPath, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0)
        mix(buffer.data(), size_t(in.gcount()));
    mix(settings.data(), settings.size());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

namespace {

const char kMagic[8] = {'P', 'C', 'F', 'E', 'A', 'T', '1', '\n'};
constexpr uint64_t kHeaderBytes = 24;

} // namespace

const float *FeatureTable::row(int64_t id) const
{
    const auto it = rows.find(id);
    return it == rows.end() ? nullptr : data.data() + it->second * size_t(dim);
}

void FeatureTable::add(int64_t id, const float *values)
{
    rows[id] = ids.size();
    ids.push_back(id);
    data.insert(data.end(), values, values + dim);
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
    const uint64_t rowBytes = 8 + 4 * uint64_t(dim);
    if (ec || size < kHeaderBytes || uint64_t(count) > (size - kHeaderBytes) / rowBytes ||
        size != kHeaderBytes + uint64_t(count) * rowBytes)
        return t;
    std::vector<int64_t> ids(static_cast<size_t>(count));
    std::vector<float> data(static_cast<size_t>(count * dim));
    if (!in.read(reinterpret_cast<char *>(ids.data()), count * 8) ||
        !in.read(reinterpret_cast<char *>(data.data()), count * dim * 4))
        return t;
    for (size_t i = 0; i < ids.size(); ++i)
        t.add(ids[i], data.data() + i * size_t(dim));
    return t;
}

void saveFeatureTable(const std::string &path, const FeatureTable &t)
{
    fs::create_directories(fs::path(path).parent_path());
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        const int64_t count = int64_t(t.ids.size());
        out.write(kMagic, 8);
        out.write(reinterpret_cast<const char *>(&t.dim), 8);
        out.write(reinterpret_cast<const char *>(&count), 8);
        out.write(reinterpret_cast<const char *>(t.ids.data()), count * 8);
        out.write(reinterpret_cast<const char *>(t.data.data()), count * t.dim * 4);
        if (!out)
            throw std::runtime_error(path + ": cannot write the feature cache");
    }
    fs::rename(tmp, path);
}

} // namespace photocat::core
