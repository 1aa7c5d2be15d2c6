#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace photocat::core {

/**
 * Pooled backbone features by image id, each row stamped with the image file it was computed
 * from (featureStamp()): what the linear probe, More Like This, the map and duplicate search
 * cache in workspace/features/<key>.f32, so that a second run computes only what is new or
 * changed. File format (little-endian, as written by this machine): "PCFEAT2\n", int64 dim,
 * int64 count, count int64 image ids, count int64 stamps, then count x dim float32. (A
 * "PCFEAT1" file, without stamps, reads as empty: its features are computed again.)
 */
struct FeatureTable
{
    int64_t dim = 0;
    std::vector<int64_t> ids;
    std::vector<int64_t> stamps;              ///< per row, as ids
    std::vector<float> data;                  ///< ids.size() x dim, row-major
    std::unordered_map<int64_t, size_t> rows; ///< image id -> row

    /** The row of an image, or null when it is not cached. */
    const float *row(int64_t id) const;
    /** Whether the image's row exists and was computed from the file stamp names. */
    bool fresh(int64_t id, int64_t stamp) const;
    /** Stores an image's dim features (copied) and stamp: a new row, or its row replaced. */
    void add(int64_t id, const float *values, int64_t stamp = 0);
    /** The rows of the images in stampOf computed from the file its stamp names, in this
        table's order: not another image's, nor a replaced file's (one whose new file did not
        decode keeps its old row in the cache, not here). */
    FeatureTable current(const std::unordered_map<int64_t, int64_t> &stampOf) const;
};

/** An image file's stamp (its size and modification time as the workspace recorded them at
    import): a photo replaced under the same name and imported again gets another. */
int64_t featureStamp(int64_t bytes, int64_t mtimeNs);

/**
 * Reads a cache written by saveFeatureTable(). A file that is missing, damaged, truncated, of
 * another dimension, or whose header promises more rows than its size holds yields an empty
 * table of dimension dim (the features are simply recomputed); nothing is allocated beyond what
 * the file's real size justifies.
 */
FeatureTable loadFeatureTable(const std::string &path, int64_t dim);

/** A cache file's key: FNV-1a over a weights file's bytes and the settings that change the
    features (their JSON text), as 16 hex digits. Throws std::runtime_error when weightsPath
    is not a readable file (a folder would key every model alike). */
std::string featureCacheKey(const std::string &weightsPath, const std::string &settings);

/** FNV-1a over the pieces, in order, as 16 hex digits: a key from digests already made. */
std::string textCacheKey(const std::vector<std::string> &pieces);

/** Writes the table atomically (temporary file, then rename), creating the folder.
    Throws std::runtime_error naming the file when it cannot be written. */
void saveFeatureTable(const std::string &path, const FeatureTable &table);

} // namespace photocat::core
