#include "evaluation/duplicates.h"

#include "evaluation/embedding.h"
#include "evaluation/similarity.h"

#include "data/imageloader.h"
#include "data/imageprobe.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <thread>
#include <unordered_map>

namespace photocat::core {

namespace {

constexpr int kSide = 32, kLow = 8;

/** The 63 coefficients' bits: above their median. */
uint64_t bitsAboveMedian(const float *c)
{
    std::vector<float> sorted(c, c + kLow * kLow - 1);
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const float median = sorted[sorted.size() / 2];
    uint64_t bits = 0;
    for (int i = 0; i < kLow * kLow - 1; ++i)
        if (c[i] > median)
            bits |= uint64_t(1) << i;
    return bits;
}

double secondsSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/** Each image's group leader (itself when none). */
struct Groups
{
    std::vector<size_t> parent;
    explicit Groups(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    size_t find(size_t i)
    {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    }
};

} // namespace

uint64_t perceptualHash(const float *gray, uint64_t *mirrored)
{
    cv::Mat image(kSide, kSide, CV_32F, const_cast<float *>(gray)), freq;
    cv::dct(image, freq);
    // Row v, column u: horizontal frequency u. Skip (0, 0), the mean brightness.
    float c[kLow * kLow - 1], m[kLow * kLow - 1];
    int n = 0;
    for (int v = 0; v < kLow; ++v)
        for (int u = 0; u < kLow; ++u) {
            if (u == 0 && v == 0)
                continue;
            const float value = freq.at<float>(v, u);
            c[n] = value;
            m[n++] = u % 2 ? -value : value; // a mirror image negates odd horizontal terms
        }
    if (mirrored)
        *mirrored = bitsAboveMedian(m);
    return bitsAboveMedian(c);
}

std::array<int8_t, 256> thumbnailOf(const float *gray)
{
    float small[256];
    double sum = 0, squares = 0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            const float *p = gray + (2 * y) * kSide + 2 * x;
            const float v = (p[0] + p[1] + p[kSide] + p[kSide + 1]) / 4;
            small[y * 16 + x] = v;
            sum += v;
            squares += double(v) * v;
        }
    const double mean = sum / 256;
    const double deviation = std::sqrt(std::max(0.0, squares / 256 - mean * mean));
    std::array<int8_t, 256> t{};
    if (deviation < 1e-6)
        return t; // a flat image: no pattern to compare
    for (int i = 0; i < 256; ++i)
        t[size_t(i)] =
            int8_t(std::clamp<long>(std::lround((small[i] - mean) / deviation * 32), -127L, 127L));
    return t;
}

double thumbnailSimilarity(const HashedImage &a, const HashedImage &b)
{
    int64_t same = 0, mirror = 0, aa = 0, bb = 0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            const int va = a.thumbnail[size_t(y * 16 + x)];
            const int vb = b.thumbnail[size_t(y * 16 + x)];
            same += va * vb;
            mirror += va * b.thumbnail[size_t(y * 16 + 15 - x)];
            aa += va * va;
            bb += vb * vb;
        }
    if (aa == 0 || bb == 0)
        return aa == bb ? 1.0 : 0.0; // two flat images are the same picture
    return double(std::max(same, mirror)) / std::sqrt(double(aa) * double(bb));
}

bool hashImageFile(const std::string &path, HashedImage &image, std::string *error)
{
    std::string bytes, why;
    std::vector<float> pixels;
    Preprocessing pre;
    pre.channels = 1;
    pre.size = pre.resize = kSide;
    pre.mean = {0.f};
    pre.std = {1.f};
    if (!readImageFile(path, bytes, why) ||
        !ImageLoader::loadFromMemory(bytes, pre, pixels, &why)) {
        if (error)
            *error = path + ": " + why;
        return false;
    }
    image.hash = perceptualHash(pixels.data(), &image.mirrored);
    image.thumbnail = thumbnailOf(pixels.data());
    return true;
}

int hashDistance(const HashedImage &a, const HashedImage &b)
{
    return std::min(__builtin_popcountll(a.hash ^ b.hash),
                    __builtin_popcountll(a.hash ^ b.mirrored));
}

std::vector<DuplicateGroup> groupDuplicates(const std::vector<HashedImage> &images, int maxDistance,
                                            double minSimilarity, const StopFlag *stop,
                                            const FeatureLinks *features)
{
    const size_t n = images.size();
    Groups groups(n);
    auto hashCopies = [&](size_t a, size_t b) {
        return hashDistance(images[a], images[b]) <= maxDistance &&
               thumbnailSimilarity(images[a], images[b]) >= minSimilarity;
    };
    auto copies = [&](size_t a, size_t b) {
        return hashCopies(a, b) ||
               (features && features->similarity(a, b) >= features->minSimilarity);
    };
    std::vector<std::pair<size_t, size_t>> featurePairs;
    if (features)
        for (const auto &[a, b] : features->pairs)
            if (a < b && b < n && features->similarity(a, b) >= features->minSimilarity)
                featurePairs.push_back({a, b});
    std::sort(featurePairs.begin(), featurePairs.end());
    size_t nextFeaturePair = 0;
    // Pairs are linked in order, by first image then second. They are found a few rows at a
    // time on every core and linked before the next rows: memory stays that of those rows,
    // however many pairs a loose threshold or a cluster of near-identical shots makes (all
    // 2.4 billion of 70,000 images' pairs would be 38 GB).
    constexpr size_t kRows = 64;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::vector<uint32_t>> matches(kRows);
    for (size_t base = 0; base < n; base += kRows) {
        const size_t end = std::min(n, base + kRows);
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                for (size_t i = base + t; i < end; i += threads) {
                    auto &row = matches[i - base];
                    row.clear();
                    if (stopRequested(stop))
                        return;
                    for (size_t j = i + 1; j < n; ++j)
                        if (hashCopies(i, j))
                            row.push_back(uint32_t(j));
                }
            });
        for (auto &thread : pool)
            thread.join();
        if (stopRequested(stop))
            return {};
        // Every member must be a copy of its group's first image, not of a copy of a copy:
        // linking pairs freely chains similar photos into groups of thousands (on
        // Fashion-MNIST, one of 20,000 images at a 0.95 similarity).
        for (size_t a = base; a < end; ++a) {
            auto &row = matches[a - base];
            for (;
                 nextFeaturePair < featurePairs.size() && featurePairs[nextFeaturePair].first == a;
                 ++nextFeaturePair)
                row.push_back(uint32_t(featurePairs[nextFeaturePair].second));
            std::sort(row.begin(), row.end());
            row.erase(std::unique(row.begin(), row.end()), row.end());
            for (const uint32_t b : row) {
                const size_t leader = groups.find(a);
                if (groups.find(b) == b && (leader == a || copies(leader, b)))
                    groups.parent[b] = leader;
            }
        }
    }
    std::vector<DuplicateGroup> out;
    std::vector<size_t> slot(n, SIZE_MAX);
    for (size_t i = 0; i < n; ++i) {
        const size_t root = groups.find(i);
        if (root == i && slot[i] == SIZE_MAX) {
            slot[i] = out.size();
            out.emplace_back();
        }
        out[slot[root]].members.push_back(i);
    }
    for (size_t i = 0; i < n; ++i)
        if (const size_t leader = groups.find(i); leader != i) {
            auto &g = out[slot[leader]];
            if (hashCopies(leader, i))
                g.maxDistance = std::max(g.maxDistance, hashDistance(images[leader], images[i]));
            else
                g.byFeatures = true;
        }
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const DuplicateGroup &g) { return g.members.size() < 2; }),
              out.end());
    for (auto &g : out) {
        const HashedImage &first = images[g.members.front()];
        bool train = false, held = false;
        for (size_t i : g.members) {
            const HashedImage &img = images[i];
            g.conflictingLabels |= img.label >= 0 && first.label >= 0 && img.label != first.label;
            train |= img.split == Split::Train;
            held |= img.split == Split::Val || img.split == Split::Test;
        }
        g.crossSplit = train && held;
    }
    std::stable_sort(out.begin(), out.end(), [](const DuplicateGroup &a, const DuplicateGroup &b) {
        if (a.conflictingLabels != b.conflictingLabels)
            return a.conflictingLabels;
        if (a.crossSplit != b.crossSplit)
            return a.crossSplit;
        return a.members.size() > b.members.size();
    });
    return out;
}

DuplicateReport findDuplicates(Workspace &workspace, const DuplicateRequest &request)
{
    DuplicateReport report;
    const auto records = workspace.images();
    std::vector<HashedImage> hashed(records.size());
    std::vector<char> ok(records.size(), 0);
    std::vector<std::string> errors(records.size());
    const auto start = std::chrono::steady_clock::now();
    std::atomic<size_t> next{0}, done{0};
    std::mutex progressMutex;
    const unsigned threads = request.threads > 0
                                 ? unsigned(request.threads)
                                 : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (size_t i; (i = next++) < records.size();) {
                if (stopRequested(request.stop))
                    return;
                const ImageRecord &r = records[i];
                HashedImage &h = hashed[i];
                h.imageId = r.id;
                h.path = r.path;
                h.label = r.label;
                h.split = r.split;
                ok[i] = hashImageFile(r.path, h, &errors[i]);
                const size_t count = ++done;
                if (request.progress && (count % 256 == 0 || count == records.size())) {
                    std::lock_guard lock(progressMutex);
                    request.progress(count, records.size());
                }
            }
        });
    for (auto &thread : pool)
        thread.join();
    report.hashSeconds = secondsSince(start);
    if (stopRequested(request.stop)) {
        report.cancelled = true;
        return report;
    }
    for (size_t i = 0; i < records.size(); ++i) {
        if (ok[i])
            report.images.push_back(std::move(hashed[i]));
        else
            report.skippedFiles.push_back(errors[i]);
    }
    FeatureLinks links;
    FeatureTable table;
    std::vector<size_t> rowOf(report.images.size(), SIZE_MAX);
    if (!request.checkpoint.empty()) {
        const auto featureStart = std::chrono::steady_clock::now();
        FeatureRequest fr;
        fr.checkpoint = request.checkpoint;
        fr.device = request.device;
        fr.workers = int(threads);
        fr.stop = request.stop;
        auto features = workspaceFeatures(workspace, fr);
        report.skippedFiles.insert(report.skippedFiles.end(), features.skippedFiles.begin(),
                                   features.skippedFiles.end());
        table = std::move(features.table);
        if (stopRequested(request.stop)) {
            report.cancelled = true;
            return report;
        }
        std::unordered_map<int64_t, size_t> indexOf;
        for (size_t i = 0; i < report.images.size(); ++i)
            indexOf[report.images[i].imageId] = i;
        for (size_t r = 0; r < table.ids.size(); ++r)
            if (const auto it = indexOf.find(table.ids[r]); it != indexOf.end())
                rowOf[it->second] = r;
        const auto pairs =
            similarPairs(table, request.minFeatureSimilarity, 20 * table.ids.size() + 1000,
                         &report.featurePairsTruncated, request.stop);
        for (const auto &p : pairs) {
            const auto a = indexOf.find(table.ids[p.a]), b = indexOf.find(table.ids[p.b]);
            if (a != indexOf.end() && b != indexOf.end())
                links.pairs.push_back(std::minmax(a->second, b->second));
        }
        report.featurePairs = pairs.size();
        links.minSimilarity = request.minFeatureSimilarity;
        links.similarity = [&](size_t a, size_t b) {
            if (rowOf[a] == SIZE_MAX || rowOf[b] == SIZE_MAX)
                return -2.0;
            const float *x = table.data.data() + rowOf[a] * size_t(table.dim);
            const float *y = table.data.data() + rowOf[b] * size_t(table.dim);
            double dot = 0, xx = 0, yy = 0;
            for (int64_t i = 0; i < table.dim; ++i)
                dot += double(x[i]) * y[i], xx += double(x[i]) * x[i], yy += double(y[i]) * y[i];
            return xx > 0 && yy > 0 ? dot / std::sqrt(xx * yy) : 0.0;
        };
        report.featureSeconds = secondsSince(featureStart);
    }
    const auto search = std::chrono::steady_clock::now();
    report.groups = groupDuplicates(report.images, request.maxDistance, request.minSimilarity,
                                    request.stop, request.checkpoint.empty() ? nullptr : &links);
    report.searchSeconds = secondsSince(search);
    report.cancelled = stopRequested(request.stop);
    return report;
}

} // namespace photocat::core
