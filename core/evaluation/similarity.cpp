#include "evaluation/similarity.h"

#include "data/imageloader.h"
#include "inference/predictor.h"
#include "training/options.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <unordered_map>

namespace fs = std::filesystem;

namespace photocat::core {

WorkspaceFeatures workspaceFeatures(Workspace &workspace, const FeatureRequest &r)
{
    Predictor predictor(r.checkpoint, r.device);
    return workspaceFeatures(workspace, r, predictor);
}

WorkspaceFeatures workspaceFeatures(Workspace &workspace, const FeatureRequest &r,
                                    Predictor &predictor)
{
    const auto start = std::chrono::steady_clock::now();
    WorkspaceFeatures out;
    const int64_t dim = predictor.featureDim();
    const nlohmann::json settings = {{"features", "pooled"},
                                     {"preprocessing", toJson(predictor.preprocessing())}};
    // Keyed by the weights, not the checkpoint file: a calibration rewrites only metadata,
    // and a model folder has no bytes of its own.
    out.cacheFile = (fs::path(workspace.directory()) / "features" /
                     (textCacheKey({predictor.weightsDigest(), settings.dump()}) + ".f32"))
                        .string();
    FeatureTable cache = loadFeatureTable(out.cacheFile, dim);
    std::vector<Sample> todo;
    std::unordered_map<int64_t, int64_t> stampOf;
    for (const auto &img : workspace.images()) { // the images in use (excluded ones are not)
        const int64_t stamp = featureStamp(img.bytes, img.mtimeNs);
        stampOf[img.id] = stamp;
        if (cache.fresh(img.id, stamp))
            ++out.cached;
        else // new, or its file changed since: computed (again)
            todo.push_back({img.path, std::max(0, img.label), img.id, img.width, img.height});
    }
    if (!todo.empty()) {
        LoaderOptions lo;
        lo.batchSize = inferenceBatchSize(predictor.preprocessing(), predictor.onGpu(), 64);
        lo.workers = r.workers;
        lo.preprocessing = predictor.preprocessing();
        ImageLoader loader(todo, lo);
        loader.startEpoch(0);
        Batch b;
        size_t done = 0;
        while (loader.next(b)) {
            if (stopRequested(r.stop)) {
                out.cancelled = true;
                break;
            }
            out.skippedFiles.insert(out.skippedFiles.end(), b.failed.begin(), b.failed.end());
            const std::vector<float> f = predictor.features(b);
            for (int i = 0; i < b.n; ++i) {
                const int64_t id = b.imageIds[size_t(i)];
                cache.add(id, f.data() + size_t(i) * size_t(dim), stampOf[id]);
            }
            out.computed += size_t(b.n);
            done += size_t(b.n) + b.failed.size();
            if (r.progress)
                r.progress(done, todo.size());
        }
        // Partial work is kept for the next time; nothing new (only pictures that do not
        // decode) writes nothing. A cache that cannot be written costs time, not the result.
        if (out.computed > 0) {
            try {
                saveFeatureTable(out.cacheFile, cache);
            } catch (const std::exception &e) {
                out.cacheError = e.what();
            }
        }
    }
    out.table = cache.current(stampOf);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

std::vector<Neighbour> nearestNeighbours(const FeatureTable &table, const std::vector<float> &query,
                                         int k, int64_t excludeId)
{
    std::vector<Neighbour> all;
    const size_t dim = size_t(table.dim);
    if (k <= 0 || dim == 0 || query.size() != dim)
        return all;
    double queryNorm = 0;
    for (float v : query)
        queryNorm += double(v) * v;
    queryNorm = std::sqrt(queryNorm);
    all.reserve(table.ids.size());
    for (size_t r = 0; r < table.ids.size(); ++r) {
        if (table.ids[r] == excludeId)
            continue;
        const float *row = table.data.data() + r * dim;
        float dot = 0, norm = 0;
        for (size_t i = 0; i < dim; ++i) {
            dot += row[i] * query[i];
            norm += row[i] * row[i];
        }
        const double denominator = std::sqrt(double(norm)) * queryNorm;
        all.push_back({table.ids[r], denominator > 0 ? dot / denominator : 0.0});
    }
    const size_t keep = std::min(all.size(), size_t(k));
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(keep), all.end(),
                      [](const Neighbour &a, const Neighbour &b) {
                          return a.similarity > b.similarity ||
                                 (a.similarity == b.similarity && a.imageId < b.imageId);
                      });
    all.resize(keep);
    return all;
}

} // namespace photocat::core
