#include "evaluation/embedding.h"

#include "inference/predictor.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <thread>
#include <unordered_map>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void report(const EmbeddingOptions &o, const char *stage, double fraction)
{
    if (o.progress)
        o.progress(stage, fraction);
}

/** splitmix64: small, fast and the same everywhere, so a seed gives the same map. */
struct Random
{
    uint64_t state;
    uint64_t next()
    {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return size_t(next() % n); }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
};

/** The table's rows scaled to unit length (distances then follow cosine similarity). */
torch::Tensor unitRows(const FeatureTable &t)
{
    auto x = torch::from_blob(const_cast<float *>(t.data.data()), {int64_t(t.ids.size()), t.dim})
                 .clone();
    return x.div_(x.norm(2, 1, true).clamp_min(1e-12));
}

/** Unit-length rows, centred, projected on their top principal components; also returns the
    first two components' scores for the initial layout. */
torch::Tensor principalComponents(const FeatureTable &t, int dims, torch::Tensor &firstTwo)
{
    const int64_t n = int64_t(t.ids.size()), d = t.dim;
    auto x = unitRows(t);
    x.sub_(x.mean(0, true));
    const int64_t keep = dims > 0 ? std::min<int64_t>(dims, d) : d;
    const auto covariance = x.t().mm(x).to(torch::kFloat64).div_(double(std::max<int64_t>(n, 1)));
    const auto eig = at::linalg_eigh(covariance, "L");
    // Ascending eigenvalues: the last columns are the leading components.
    const auto vectors = std::get<1>(eig).flip(1).to(torch::kFloat32);
    const auto scores =
        x.mm(vectors.narrow(1, 0, std::max<int64_t>(keep, std::min<int64_t>(2, d))));
    firstTwo = scores.narrow(1, 0, std::min<int64_t>(2, scores.size(1))).contiguous();
    return scores.narrow(1, 0, keep).contiguous();
}

struct Edge
{
    uint32_t head, tail;
    float weight;
};

} // namespace

std::pair<double, double> umapCurve(double minDist, double spread)
{
    std::vector<double> xs, ys;
    for (int i = 0; i < 300; ++i) {
        const double x = 3.0 * spread * i / 299.0;
        xs.push_back(x);
        ys.push_back(x < minDist ? 1.0 : std::exp(-(x - minDist) / spread));
    }
    auto residuals = [&](double a, double b, double *jacobian) {
        double sum = 0;
        for (size_t i = 0; i < xs.size(); ++i) {
            const double x = xs[i];
            const double p = x > 0 ? std::pow(x, 2 * b) : 0.0;
            const double f = 1.0 / (1.0 + a * p);
            const double r = f - ys[i];
            sum += r * r;
            if (jacobian) {
                const double g = -f * f; // d f / d (a p)
                jacobian[2 * i] = g * p;
                jacobian[2 * i + 1] = x > 0 ? g * a * p * 2 * std::log(x) : 0.0;
                jacobian[2 * xs.size() + i] = r;
            }
        }
        return sum;
    };
    double a = 1, b = 1, lambda = 1e-3;
    std::vector<double> j(3 * xs.size());
    double cost = residuals(a, b, j.data());
    for (int iteration = 0; iteration < 200; ++iteration) {
        double jtj[3] = {0, 0, 0}, jtr[2] = {0, 0};
        for (size_t i = 0; i < xs.size(); ++i) {
            const double ja = j[2 * i], jb = j[2 * i + 1], r = j[2 * xs.size() + i];
            jtj[0] += ja * ja;
            jtj[1] += ja * jb;
            jtj[2] += jb * jb;
            jtr[0] += ja * r;
            jtr[1] += jb * r;
        }
        const double m00 = jtj[0] * (1 + lambda), m11 = jtj[2] * (1 + lambda), m01 = jtj[1];
        const double det = m00 * m11 - m01 * m01;
        if (!(std::abs(det) > 0))
            break;
        const double da = -(m11 * jtr[0] - m01 * jtr[1]) / det;
        const double db = -(m00 * jtr[1] - m01 * jtr[0]) / det;
        const double trial = residuals(a + da, b + db, nullptr);
        if (trial < cost && a + da > 0 && b + db > 0) {
            a += da;
            b += db;
            lambda *= 0.3;
            const double before = cost;
            cost = residuals(a, b, j.data());
            if (before - cost < 1e-14)
                break;
        } else {
            lambda *= 10;
            if (lambda > 1e12)
                break;
        }
    }
    return {a, b};
}

Embedding embedFeatures(const FeatureTable &table, const EmbeddingOptions &o)
{
    Embedding out;
    out.ids = table.ids;
    const size_t n = table.ids.size();
    if (n == 0 || table.dim <= 0 || table.data.size() != n * size_t(table.dim))
        return out;
    out.xy.assign(2 * n, 0.0f);
    if (n == 1)
        return out;
    torch::NoGradGuard noGrad;

    // 1. PCA.
    auto start = Clock::now();
    report(o, "pca", 0);
    torch::Tensor firstTwo;
    const auto x = principalComponents(table, o.pcaDims, firstTwo);
    out.pcaSeconds = secondsSince(start);
    report(o, "pca", 1);

    // 2. The exact nearest neighbours of every row, in blocks of rows.
    start = Clock::now();
    const int k = int(std::min<size_t>(size_t(std::max(o.neighbours, 2)) - 1, n - 1));
    std::vector<uint32_t> knn(n * size_t(k));
    std::vector<float> knnDistance(n * size_t(k));
    {
        // |a - b|^2 = |a|^2 + |b|^2 - 2ab, where |a|^2 is the same along a row: so one product
        // of [a, 1] and [-2b, |b|^2] ranks a block's candidates, and a single pass per row
        // keeps its k smallest (faster than a sort or torch's topk at k << n).
        const auto squares = x.pow(2).sum(1, true);
        const auto left = torch::cat({x, torch::ones_like(squares)}, 1);
        const auto right = torch::cat({x * -2, squares}, 1).t().contiguous();
        const float *rowSquares = squares.contiguous().data_ptr<float>();
        const int64_t block = std::max<int64_t>(32, int64_t(4'000'000 / std::max<size_t>(n, 1)));
        const int threads = std::max(1, torch::get_num_threads());
        for (int64_t first = 0; first < int64_t(n); first += block) {
            if (stopRequested(o.stop)) {
                out.cancelled = true;
                out.xy.clear();
                return out;
            }
            const int64_t rows = std::min<int64_t>(block, int64_t(n) - first);
            const auto scores = left.narrow(0, first, rows).mm(right).contiguous();
            const float *sp = scores.data_ptr<float>();
            auto select = [&](int64_t from, int64_t to) {
                std::vector<std::pair<float, uint32_t>> best;
                for (int64_t r = from; r < to; ++r) {
                    const float *row = sp + r * int64_t(n);
                    const size_t self = size_t(first + r);
                    best.clear();
                    for (size_t j = 0; j < n; ++j) {
                        if (j == self)
                            continue;
                        if (best.size() < size_t(k)) {
                            best.push_back({row[j], uint32_t(j)});
                            std::push_heap(best.begin(), best.end());
                        } else if (row[j] < best.front().first) {
                            std::pop_heap(best.begin(), best.end());
                            best.back() = {row[j], uint32_t(j)};
                            std::push_heap(best.begin(), best.end());
                        }
                    }
                    std::sort_heap(best.begin(), best.end());
                    for (int m = 0; m < k; ++m) {
                        const size_t at = size_t(first + r) * size_t(k) + size_t(m);
                        knn[at] = best[size_t(m)].second;
                        knnDistance[at] =
                            std::sqrt(std::max(0.0f, best[size_t(m)].first + rowSquares[self]));
                    }
                }
            };
            std::vector<std::thread> pool;
            const int64_t per = (rows + threads - 1) / threads;
            for (int t = 1; t < threads && t * per < rows; ++t)
                pool.emplace_back(select, t * per, std::min(rows, (t + 1) * per));
            select(0, std::min(rows, per));
            for (auto &t : pool)
                t.join();
            report(o, "neighbours", double(first + rows) / double(n));
        }
    }
    out.neighbourSeconds = secondsSince(start);

    // 3. The fuzzy neighbour graph: each row's distances to its neighbours beyond the nearest
    // one, on a scale that gives it log2(neighbours) of total membership; then the union of
    // the two directions (a + b - ab).
    start = Clock::now();
    std::vector<Edge> directed;
    directed.reserve(n * size_t(k));
    {
        double meanAll = 0;
        for (float v : knnDistance)
            meanAll += v;
        meanAll /= double(knnDistance.size());
        const double target = std::log2(double(k + 1));
        for (size_t i = 0; i < n; ++i) {
            const float *dist = knnDistance.data() + i * size_t(k);
            double rho = 0, mean = 0;
            for (int j = 0; j < k; ++j) {
                mean += dist[j];
                if (rho == 0 && dist[j] > 0)
                    rho = dist[j];
            }
            mean /= k;
            double lo = 0, hi = std::numeric_limits<double>::infinity(), sigma = 1;
            for (int step = 0; step < 64; ++step) {
                double sum = 0;
                for (int j = 0; j < k; ++j) {
                    const double over = dist[j] - rho;
                    sum += over > 0 ? std::exp(-over / sigma) : 1.0;
                }
                if (std::abs(sum - target) < 1e-5)
                    break;
                if (sum > target) {
                    hi = sigma;
                    sigma = (lo + hi) / 2;
                } else {
                    lo = sigma;
                    sigma = std::isinf(hi) ? sigma * 2 : (lo + hi) / 2;
                }
            }
            sigma = std::max(sigma, 1e-3 * (rho > 0 ? mean : meanAll));
            for (int j = 0; j < k; ++j) {
                const double over = std::max(0.0, double(dist[j]) - rho);
                directed.push_back({uint32_t(i), knn[i * size_t(k) + size_t(j)],
                                    float(std::exp(-over / std::max(sigma, 1e-12)))});
            }
        }
    }
    knn = {};
    knnDistance = {};
    std::vector<Edge> graph;
    {
        for (auto &e : directed)
            if (e.head > e.tail)
                std::swap(e.head, e.tail);
        std::sort(directed.begin(), directed.end(), [](const Edge &a, const Edge &b) {
            return a.head != b.head ? a.head < b.head : a.tail < b.tail;
        });
        graph.reserve(directed.size() * 2);
        for (size_t i = 0; i < directed.size();) {
            float w = directed[i].weight;
            size_t j = i + 1;
            for (; j < directed.size() && directed[j].head == directed[i].head &&
                   directed[j].tail == directed[i].tail;
                 ++j)
                w = w + directed[j].weight - w * directed[j].weight;
            if (directed[i].head != directed[i].tail && w > 0) {
                graph.push_back({directed[i].head, directed[i].tail, w});
                graph.push_back({directed[i].tail, directed[i].head, w});
            }
            i = j;
        }
    }
    directed = {};

    // 4. The layout, from the first two principal components scaled to 0..10.
    std::vector<float> &y = out.xy;
    {
        const auto init = firstTwo.contiguous();
        const float *p = init.data_ptr<float>();
        const int64_t columns = init.size(1);
        for (int c = 0; c < 2; ++c) {
            float lo = std::numeric_limits<float>::max(), hi = -lo;
            for (size_t i = 0; i < n; ++i) {
                const float v = c < columns ? p[i * size_t(columns) + size_t(c)] : 0.0f;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            const float scale = hi > lo ? 10.0f / (hi - lo) : 0.0f;
            Random noise{o.seed * 2 + uint64_t(c) + 1};
            for (size_t i = 0; i < n; ++i) {
                const float v = c < columns ? p[i * size_t(columns) + size_t(c)] : 0.0f;
                y[2 * i + size_t(c)] = (v - lo) * scale + float(noise.uniform() - 0.5) * 1e-3f;
            }
        }
    }
    const int epochs = o.epochs > 0 ? o.epochs : (n <= 10'000 ? 500 : 200);
    float maxWeight = 0;
    for (const auto &e : graph)
        maxWeight = std::max(maxWeight, e.weight);
    graph.erase(std::remove_if(graph.begin(), graph.end(),
                               [&](const Edge &e) { return e.weight < maxWeight / float(epochs); }),
                graph.end());
    std::sort(graph.begin(), graph.end(), [](const Edge &a, const Edge &b) {
        return a.head != b.head ? a.head < b.head : a.tail < b.tail;
    });
    const int negativeRate = 5;
    std::vector<double> perSample(graph.size()), nextSample(graph.size()),
        nextNegative(graph.size());
    for (size_t e = 0; e < graph.size(); ++e) {
        perSample[e] = double(maxWeight) / double(graph[e].weight);
        nextSample[e] = perSample[e];
        nextNegative[e] = perSample[e] / negativeRate;
    }
    const auto [a, b] = umapCurve(o.minDist);
    const float fa = float(a), fb = float(b);
    // graph is sorted by head: each point's edges are a contiguous range.
    std::vector<size_t> firstEdge(n + 1, 0);
    for (const auto &e : graph)
        ++firstEdge[size_t(e.head) + 1];
    for (size_t i = 0; i < n; ++i)
        firstEdge[i + 1] += firstEdge[i];
    // Each epoch moves every point against a snapshot of the others taken at its start
    // (only the point itself moves as its edges are sampled), in fixed chunks of points with
    // their own random streams: threads never write what another reads, and the map is the
    // same for a seed whatever the number of threads. The edge list holds both directions,
    // so each end's attraction counts twice, as when UMAP moves both ends of an edge.
    const size_t chunk = 2048, chunks = (n + chunk - 1) / chunk;
    const int threads = int(std::clamp<size_t>(size_t(torch::get_num_threads()), 1, chunks));
    std::vector<float> snapshot(y.size());
    auto clip = [](float v) { return std::clamp(v, -4.0f, 4.0f); };
    auto runChunk = [&](size_t c, int epoch, float alpha) {
        Random random{o.seed ^ (uint64_t(epoch) * 0x100000001B3ull + c * 0x9E3779B97F4A7C15ull)};
        random.next();
        const size_t end = std::min(n, (c + 1) * chunk);
        for (size_t head = c * chunk; head < end; ++head) {
            float *current = &y[2 * head];
            for (size_t e = firstEdge[head]; e < firstEdge[head + 1]; ++e) {
                if (nextSample[e] > epoch)
                    continue;
                const float *other = &snapshot[2 * size_t(graph[e].tail)];
                float dx = current[0] - other[0], dy = current[1] - other[1];
                float d2 = dx * dx + dy * dy;
                if (d2 > 0) {
                    const float pb = std::pow(d2, fb);
                    const float coefficient = -2.0f * fa * fb * (pb / d2) / (fa * pb + 1.0f);
                    // Never past the middle: both ends move, and near-copies would
                    // otherwise leap over each other.
                    current[0] += std::clamp(2 * clip(coefficient * dx) * alpha, -std::abs(dx) / 2,
                                             std::abs(dx) / 2);
                    current[1] += std::clamp(2 * clip(coefficient * dy) * alpha, -std::abs(dy) / 2,
                                             std::abs(dy) / 2);
                }
                nextSample[e] += perSample[e];
                const double negativeEvery = perSample[e] / negativeRate;
                const int negatives = int((epoch - nextNegative[e]) / negativeEvery);
                for (int s = 0; s < negatives; ++s) {
                    const size_t t = random.below(n);
                    if (t == head)
                        continue;
                    other = &snapshot[2 * t];
                    dx = current[0] - other[0];
                    dy = current[1] - other[1];
                    d2 = dx * dx + dy * dy;
                    float gx = 4.0f * alpha, gy = 4.0f * alpha;
                    if (d2 > 0) {
                        const float coefficient =
                            2.0f * fb / ((0.001f + d2) * (fa * std::pow(d2, fb) + 1.0f));
                        gx = clip(coefficient * dx) * alpha;
                        gy = clip(coefficient * dy) * alpha;
                    }
                    current[0] += gx;
                    current[1] += gy;
                }
                nextNegative[e] += negatives * negativeEvery;
            }
        }
    };
    for (int epoch = 0; epoch < epochs; ++epoch) {
        if (stopRequested(o.stop)) {
            out.cancelled = true;
            out.xy.clear();
            return out;
        }
        const float alpha = 1.0f - float(epoch) / float(epochs);
        snapshot = y;
        std::atomic<size_t> nextChunk{0};
        auto work = [&] {
            for (size_t c; (c = nextChunk.fetch_add(1)) < chunks;)
                runChunk(c, epoch, alpha);
        };
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t)
            pool.emplace_back(work);
        work();
        for (auto &t : pool)
            t.join();
        if (epoch % 10 == 9)
            report(o, "layout", double(epoch + 1) / epochs);
    }
    report(o, "layout", 1);
    out.layoutSeconds = secondsSince(start);
    return out;
}

std::vector<SimilarPair> similarPairs(const FeatureTable &table, double minCosine, size_t maxPairs,
                                      bool *truncated, const StopFlag *stop)
{
    std::vector<SimilarPair> pairs;
    if (truncated)
        *truncated = false;
    const size_t n = table.ids.size();
    if (n < 2 || table.dim <= 0 || table.data.size() != n * size_t(table.dim))
        return pairs;
    torch::NoGradGuard noGrad;
    const auto x = unitRows(table);
    // Keeps the maxPairs most similar (memory stays bounded while the blocks add pairs).
    auto keepMostSimilar = [&] {
        std::nth_element(
            pairs.begin(), pairs.begin() + std::ptrdiff_t(maxPairs), pairs.end(),
            [](const SimilarPair &p, const SimilarPair &q) { return p.cosine > q.cosine; });
        pairs.resize(maxPairs);
        if (truncated)
            *truncated = true;
    };
    const auto xt = x.t().contiguous();
    const int64_t block = std::max<int64_t>(32, int64_t(4'000'000 / n));
    const float threshold = float(minCosine);
    for (int64_t first = 0; first < int64_t(n); first += block) {
        if (stopRequested(stop))
            return {};
        const int64_t rows = std::min<int64_t>(block, int64_t(n) - first);
        // Only the columns after each row: the upper triangle of the block's rows.
        const int64_t from = first + 1;
        if (from >= int64_t(n))
            break;
        const auto scores =
            x.narrow(0, first, rows).mm(xt.narrow(1, from, int64_t(n) - from)).contiguous();
        const auto hits = (scores >= threshold).nonzero().contiguous();
        const auto *h = hits.data_ptr<int64_t>();
        const float *sp = scores.data_ptr<float>();
        const int64_t columns = scores.size(1);
        for (int64_t i = 0; i < hits.size(0); ++i) {
            const int64_t r = h[2 * i], c = h[2 * i + 1];
            const size_t a = size_t(first + r), b = size_t(from + c);
            if (b > a)
                pairs.push_back({a, b, sp[r * columns + c]});
        }
        if (pairs.size() > 2 * maxPairs)
            keepMostSimilar();
    }
    if (pairs.size() > maxPairs)
        keepMostSimilar();
    std::sort(pairs.begin(), pairs.end(), [](const SimilarPair &p, const SimilarPair &q) {
        return p.a != q.a ? p.a < q.a : p.b < q.b;
    });
    return pairs;
}

WorkspaceMap workspaceMap(Workspace &workspace, const MapRequest &r)
{
    WorkspaceMap out;
    Predictor predictor(r.features.checkpoint, r.features.device); // features and predictions
    out.features = workspaceFeatures(workspace, r.features, predictor);
    if (out.features.cancelled) {
        out.cancelled = true;
        return out;
    }
    const FeatureTable &table = out.features.table;
    const EmbeddingOptions &o = r.embedding;
    const nlohmann::json settings = {{"features", fs::path(out.features.cacheFile).stem().string()},
                                     {"map", "umap"},
                                     {"pca", o.pcaDims},
                                     {"neighbours", o.neighbours},
                                     {"min_dist", o.minDist},
                                     {"epochs", o.epochs},
                                     {"seed", o.seed}};
    out.layoutFile = (fs::path(workspace.directory()) / "features" /
                      (textCacheKey({predictor.weightsDigest(), settings.dump()}) + ".map"))
                         .string();
    FeatureTable layout = loadFeatureTable(out.layoutFile, 2);
    // The layout holds while the images and their files do (each row keeps its stamp).
    if (!layout.ids.empty() && layout.ids == table.ids && layout.stamps == table.stamps) {
        out.layoutCached = true;
        out.embedding.ids = layout.ids;
        out.embedding.xy = std::move(layout.data);
    } else {
        out.embedding = embedFeatures(table, o);
        if (out.embedding.cancelled) {
            out.cancelled = true;
            return out;
        }
        FeatureTable save;
        save.dim = 2;
        for (size_t i = 0; i < out.embedding.ids.size(); ++i) {
            const size_t row = table.rows.at(out.embedding.ids[i]);
            save.add(out.embedding.ids[i], out.embedding.xy.data() + 2 * i, table.stamps[row]);
        }
        try {
            saveFeatureTable(out.layoutFile, save);
        } catch (const std::exception &e) { // the map is here; the next one recomputes it
            out.features.cacheError = e.what();
        }
    }

    std::unordered_map<std::string, int> classId;
    const auto workspaceClasses = workspace.classNames();
    for (size_t i = 0; i < workspaceClasses.size(); ++i)
        classId[workspaceClasses[i]] = int(i);
    std::vector<int> modelToWorkspace;
    for (const auto &name : predictor.classNames()) {
        const auto it = classId.find(name);
        modelToWorkspace.push_back(it == classId.end() ? -1 : it->second);
    }
    const auto probabilities =
        predictor.probabilitiesOfFeatures(table.data.data(), int64_t(table.ids.size()));
    std::unordered_map<int64_t, const ImageRecord *> records;
    const auto images = workspace.images();
    for (const auto &img : images)
        records[img.id] = &img;
    out.points.reserve(table.ids.size());
    for (size_t i = 0; i < table.ids.size(); ++i) {
        const auto it = records.find(table.ids[i]);
        if (it == records.end())
            continue; // removed from the workspace since its features were cached
        MapPoint p;
        p.imageId = table.ids[i];
        p.x = out.embedding.xy[2 * i];
        p.y = out.embedding.xy[2 * i + 1];
        p.label = it->second->label;
        p.split = it->second->split;
        const auto &row = probabilities[i];
        const auto best = std::max_element(row.begin(), row.end());
        if (best != row.end()) {
            const size_t c = size_t(best - row.begin());
            p.predicted = c < modelToWorkspace.size() ? modelToWorkspace[c] : -1;
            p.confidence = *best;
        }
        out.points.push_back(p);
    }
    out.features.table = {};
    return out;
}

} // namespace photocat::core
