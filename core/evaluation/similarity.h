#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"
#include "training/featurecache.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace photocat::core {

class Predictor;

struct FeatureRequest
{
    std::string checkpoint; ///< the model whose pooled features are compared
    int workers = 2;        ///< decoding threads
    std::string device = "auto";
    std::function<void(size_t, size_t)> progress; ///< (images done, to compute)
    const StopFlag *stop = nullptr;
};

struct WorkspaceFeatures
{
    FeatureTable table;
    std::string cacheFile;
    size_t cached = 0, computed = 0; ///< images found in the cache, and computed now
    std::vector<std::string> skippedFiles;
    std::string cacheError; ///< why the cache could not be saved (the features are still here)
    double seconds = 0;
    bool cancelled = false;
};

/**
 * The pooled features of every image in use in the workspace (any split, labeled or not; not
 * excluded, missing or ambiguous ones) under a model: cached in W/features/<key>.f32 (the key:
 * the model's weights and preprocessing), computed only for the images the cache lacks or whose
 * file changed since (re-imported with another size or time), saved even when stopped part-way.
 * Throws std::runtime_error for an unreadable checkpoint.
 */
WorkspaceFeatures workspaceFeatures(Workspace &workspace, const FeatureRequest &request);
/** The same with a model already loaded (its weights key the cache), for callers that use
    the model afterwards too. */
WorkspaceFeatures workspaceFeatures(Workspace &workspace, const FeatureRequest &request,
                                    Predictor &predictor);

struct Neighbour
{
    int64_t imageId = 0;
    double similarity = 0; ///< cosine, -1..1
};

/** The k images whose features are most similar to query (cosine, exact search over every
    row; 100,000 x 512 in tens of milliseconds), most similar first, excluding excludeId. */
std::vector<Neighbour> nearestNeighbours(const FeatureTable &table, const std::vector<float> &query,
                                         int k, int64_t excludeId = -1);

} // namespace photocat::core
