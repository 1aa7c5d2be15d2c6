#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace photocat::core {

/**
 * Pooled backbone features by image id: what the linear probe caches in
 * workspace/features/<key>.f32 so that a second probe with other head settings computes nothing.
 * File format (little-endian, as written by this machine): "PCFEAT1\n", int64 dim, int64 count,
 * count int64 image ids, then count x dim float32.
 */
struct FeatureTable
{
    int64_t dim = 0;
    std::vector<int64_t> ids;
    std::vector<float> data;                  ///< ids.size() x dim, row-major
    std::unordered_map<int64_t, size_t> rows; ///< image id -> row

    /** The row of an image, or null when it is not cached. */
    const float *row(int64_t id) const;
    /** Appends an image's dim features (copied). */
    void add(int64_t id, const float *values);
};

/**
 * Reads a cache written by saveFeatureTable(). A file that is missing, damaged, truncated, of
 * another dimension, or whose header promises more rows than its size holds yields an empty
 * table of dimension dim (the features are simply recomputed); nothing is allocated beyond what
 * the file's real size justifies.
 */
FeatureTable loadFeatureTable(const std::string &path, int64_t dim);

/** A cache file's key: FNV-1a over a weights file's bytes and the settings that change the
    features (their JSON text), as 16 hex digits. */
std::string featureCacheKey(const std::string &weightsPath, const std::string &settings);

/** Writes the table atomically (temporary file, then rename), creating the folder.
    Throws std::runtime_error naming the file when it cannot be written. */
void saveFeatureTable(const std::string &path, const FeatureTable &table);

} // namespace photocat::core
