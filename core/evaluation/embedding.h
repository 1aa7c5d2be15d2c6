#pragma once

#include "common/stopflag.h"
#include "evaluation/similarity.h"
#include "store/workspace.h"
#include "training/featurecache.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace photocat::core {

/** How the map of a feature table is laid out (UMAP, McInnes et al. 2018). */
struct EmbeddingOptions
{
    int pcaDims = 50;     ///< dimensions kept by PCA before the neighbour search; 0 keeps all
    int neighbours = 15;  ///< UMAP's n_neighbors (the point itself included)
    double minDist = 0.1; ///< how tightly similar images pack on the map (UMAP's min_dist)
    int epochs = 0;       ///< layout epochs; 0: 500 up to 10,000 images, 200 beyond
    uint64_t seed = 42;   ///< the same table, options and seed give the same map
    /** (stage: "pca", "neighbours" or "layout"; fraction of that stage done) */
    std::function<void(const std::string &, double)> progress;
    const StopFlag *stop = nullptr;
};

struct Embedding
{
    std::vector<int64_t> ids; ///< the table's image ids, in its row order
    std::vector<float> xy;    ///< x, y per id
    double pcaSeconds = 0, neighbourSeconds = 0, layoutSeconds = 0;
    bool cancelled = false;
};

/** UMAP's curve 1 / (1 + a d^2b) fitted (least squares, Levenberg-Marquardt) to 1 below
    minDist and exp(-(d - minDist) / spread) beyond: {a, b}; 0.1 and 1 give about {1.577, 0.895}. */
std::pair<double, double> umapCurve(double minDist, double spread = 1.0);

/**
 * A 2-D map of feature rows where similar images lie close: rows scaled to unit length (so
 * distances follow cosine similarity, as "More like this" does), PCA to options.pcaDims, the
 * exact k nearest neighbours of every row (blocked matrix products: 70,000 rows in seconds),
 * UMAP's fuzzy neighbour graph, and its layout by stochastic gradient descent with negative
 * sampling, started from the first two principal components. Deterministic for a seed.
 * Stopping returns early with cancelled set and no coordinates.
 */
Embedding embedFeatures(const FeatureTable &table, const EmbeddingOptions &options);

struct SimilarPair
{
    size_t a = 0, b = 0; ///< table rows, a < b
    float cosine = 0;
};

/**
 * Every pair of rows whose cosine similarity reaches minCosine: exact, over all pairs, by
 * blocked matrix products of the unit-length rows (70,000 x 128 in seconds). At most maxPairs
 * are kept (the most similar; truncated says so), so a low threshold cannot exhaust memory.
 * Empty when stop is set.
 */
std::vector<SimilarPair> similarPairs(const FeatureTable &table, double minCosine, size_t maxPairs,
                                      bool *truncated = nullptr, const StopFlag *stop = nullptr);

struct MapRequest
{
    FeatureRequest features; ///< the model, decoding threads, device (its progress is used)
    EmbeddingOptions embedding;
};

struct MapPoint
{
    int64_t imageId = 0;
    float x = 0, y = 0;
    int label = -1; ///< workspace class id, -1 unlabeled
    Split split = Split::None;
    int predicted = -1;   ///< workspace class id the model suggests, -1 for a class it lacks
    float confidence = 0; ///< the model's calibrated probability of predicted
};

struct WorkspaceMap
{
    std::vector<MapPoint> points;
    WorkspaceFeatures features; ///< its table is released once the map is made
    Embedding embedding;        ///< timings (zero when read from the cache)
    bool layoutCached = false;  ///< read from W/features/<key>.map, not laid out now
    std::string layoutFile;
    bool cancelled = false;
};

/**
 * The map of every image of the workspace under a model: workspaceFeatures() (cached), the
 * model's prediction for each (its head on the cached features: milliseconds), and
 * embedFeatures(), itself cached next to the features (a table of dimension 2, keyed by the
 * model and the options) until the workspace's images change. Throws std::runtime_error for
 * an unreadable checkpoint.
 */
WorkspaceMap workspaceMap(Workspace &workspace, const MapRequest &request);

} // namespace photocat::core
