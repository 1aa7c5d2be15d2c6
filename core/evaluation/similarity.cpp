#include "evaluation/similarity.h"

#include "data/imageloader.h"
#include "inference/predictor.h"
#include "training/options.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

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
    out.cacheFile = (fs::path(workspace.directory()) / "features" /
                     (featureCacheKey(r.checkpoint, settings.dump()) + ".f32"))
                        .string();
    out.table = loadFeatureTable(out.cacheFile, dim);
    std::vector<Sample> todo;
    for (const auto &img : workspace.images()) {
        if (out.table.row(img.id))
            ++out.cached;
        else
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
            for (int i = 0; i < b.n; ++i)
                out.table.add(b.imageIds[size_t(i)], f.data() + size_t(i) * size_t(dim));
            out.computed += size_t(b.n);
            done += size_t(b.n) + b.failed.size();
            if (r.progress)
                r.progress(done, todo.size());
        }
        saveFeatureTable(out.cacheFile, out.table); // partial work is kept for the next time
    }
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
