#include "data/importer.h"

#include "data/imageprobe.h"
#include "data/sourcescan.h"
#include "io/recordio.h"
#include "store/importbatch.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>
#include <sys/stat.h>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace photocat::core {

namespace {

struct Pending
{
    const Candidate *candidate = nullptr;
    int64_t bytes = 0;
    int64_t mtimeNs = 0;
    int64_t existingId = 0; ///< 0 for new files
    ProbeResult probe;
};

void probeAll(std::vector<Pending> &pending, const ImportOptions &options)
{
    std::atomic<size_t> next{0}, done{0};
    auto cancelled = [&] { return stopRequested(options.stop); };
    const int64_t maxPixels = std::clamp<int64_t>(options.maxPixels, 1, kMaxDecodePixels);
    auto worker = [&] {
        for (size_t i = next++; i < pending.size() && !cancelled(); i = next++) {
            pending[i].probe = probeImage(pending[i].candidate->path, maxPixels);
            ++done;
        }
    };
    const unsigned threads = options.threads > 0
                                 ? unsigned(options.threads)
                                 : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    // The calling thread probes too and reports progress between files.
    for (size_t i = next++; i < pending.size() && !cancelled(); i = next++) {
        pending[i].probe = probeImage(pending[i].candidate->path, maxPixels);
        ++done;
        if (options.progress && (i % 256 == 0))
            options.progress(done, pending.size());
    }
    for (auto &t : pool)
        t.join();
    if (options.progress && !cancelled())
        options.progress(pending.size(), pending.size());
}

/** Gives unsplit labeled images a split, stratified per class, in seeded-hash order. */
void assignSplits(ImportBatch &batch, const std::unordered_map<std::string, std::string> &keys,
                  const ImportOptions &o)
{
    std::map<int, std::vector<std::pair<uint64_t, int64_t>>> perClass;
    for (const auto &u : batch.unsplitLabeled()) {
        const auto key = keys.find(u.path);
        perClass[u.label].emplace_back(seededHash(o.seed, key != keys.end() ? key->second : u.path),
                                       u.id);
    }
    for (auto &[label, items] : perClass) {
        std::sort(items.begin(), items.end());
        const size_t n = items.size();
        const auto nTrain = size_t(std::lround(double(n) * o.trainFraction));
        const auto nVal = std::min(n - nTrain, size_t(std::lround(double(n) * o.valFraction)));
        for (size_t i = 0; i < n; ++i) {
            const Split split = i < nTrain          ? Split::Train
                                : i < nTrain + nVal ? Split::Val
                                                    : Split::Test;
            batch.setSplit(items[i].second, split);
        }
    }
}

/** Moves a seeded share of each class's new training images to validation. */
void carveValidation(ImportBatch &batch, const std::vector<Pending> &added, const ImportOptions &o)
{
    std::map<std::string, std::vector<std::pair<uint64_t, std::string>>> perClass;
    for (const auto &p : added)
        if (p.candidate->split == Split::Train && !p.candidate->label.empty())
            perClass[p.candidate->label].emplace_back(seededHash(o.seed, p.candidate->relPath),
                                                      p.candidate->path);
    for (auto &[label, items] : perClass) {
        std::sort(items.begin(), items.end());
        const auto nVal = size_t(std::lround(double(items.size()) * o.valFromTrain));
        for (size_t i = 0; i < nVal; ++i)
            batch.setSplitOfPath(items[i].second, Split::Val);
    }
}

/** A file's size and modification time; a record's are its length and its .rec's time (a
    .rec that changed is read again). False when the file is gone. */
bool statImage(const std::string &path, int64_t &bytes, int64_t &mtimeNs)
{
    std::string file = path;
    RecordSpan span;
    const bool record = isRecordPath(path) && parseRecordLocator(path, file, span);
    struct stat st
    {};
    if (::stat(file.c_str(), &st) != 0)
        return false;
    bytes = record ? int64_t(span.length) : int64_t(st.st_size);
    mtimeNs = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return true;
}

/** The image row a probed file becomes (label and split are the caller's). */
ImageRecord recordOf(const Pending &p)
{
    ImageRecord r;
    r.path = p.candidate->path;
    r.bytes = p.bytes;
    r.mtimeNs = p.mtimeNs;
    const ImageHeader &h = p.probe.header;
    r.width = h.width;
    r.height = h.height;
    r.channels = h.channels;
    r.bitDepth = h.bitDepth;
    r.orientation = h.orientation;
    return r;
}

} // namespace

uint64_t seededHash(uint64_t seed, const std::string &key)
{
    uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ull;
    }
    // Final avalanche so nearby keys ("a-001", "a-002") spread evenly.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

ImportReport importDataset(Workspace &workspace, const ImportOptions &options)
{
    const auto start = std::chrono::steady_clock::now();
    if (options.trainFraction < 0 || options.valFraction < 0 ||
        options.trainFraction + options.valFraction > 1.0 || options.valFromTrain < 0 ||
        options.valFromTrain >= 1.0)
        throw std::invalid_argument("split fractions must be between 0 and 1 and sum to at most 1");
    ImportReport report;
    SourceScan scan = scanSource(options);
    report.found = scan.candidates.size();
    report.skipped = scan.skipped;
    report.notes = scan.notes;

    auto existing = ImportBatch::indexedFiles(workspace);
    std::vector<Pending> pending;
    std::vector<int64_t> restored;
    std::unordered_set<std::string> seen;
    for (const auto &c : scan.candidates) {
        if (!seen.insert(c.path).second)
            continue; // listed twice
        Pending p;
        p.candidate = &c;
        statImage(c.path, p.bytes, p.mtimeNs);
        const auto it = existing.find(c.path);
        if (it != existing.end()) {
            p.existingId = it->second.id;
            if (it->second.bytes == p.bytes && it->second.mtimeNs == p.mtimeNs) {
                ++report.unchanged;
                if (it->second.status == ImageStatus::Missing)
                    restored.push_back(it->second.id);
                continue;
            }
        }
        pending.push_back(std::move(p));
    }
    probeAll(pending, options);
    if (stopRequested(options.stop)) {
        report.cancelled = true;
        return report;
    }

    // One transaction, begun only now that the slow probing is done: a failure changes nothing,
    // and other connections (a training run, the GUI) are not locked out while headers are read.
    ImportBatch batch(workspace);

    std::unordered_map<std::string, int> classIds;
    for (const auto &name : scan.classOrder)
        classIds.emplace(name, workspace.ensureClass(name));
    std::vector<Pending> added;
    for (auto &p : pending) {
        if (!p.probe.ok) {
            report.skipped.push_back({p.candidate->path, p.probe.error});
            continue;
        }
        ImageRecord record = recordOf(p);
        if (p.existingId) {
            batch.updateHeader(p.existingId, record);
            ++report.updated;
            continue;
        }
        const std::string &label = p.candidate->label;
        if (!label.empty()) {
            auto id = classIds.find(label);
            if (id == classIds.end())
                id = classIds.emplace(label, workspace.ensureClass(label)).first;
            record.label = id->second;
        }
        record.split = p.candidate->split;
        batch.insert(record);
        ++report.added;
        added.push_back(p);
    }
    for (int64_t id : restored)
        batch.setStatus(id, ImageStatus::Ok);
    report.restored = restored.size();

    // Vanished files under this source's root are kept, marked missing: their labels and
    // history stay, and they come back if the file does. Excluded and ambiguous ones keep that
    // status (neither trains nor evaluates), which a return would otherwise turn into Ok.
    // A .rec's records that are no longer in it are missing even while the file exists.
    const std::string prefix = scan.owned.empty() ? scan.root + "/" : scan.owned;
    for (const auto &[path, e] : existing) {
        if (e.status != ImageStatus::Ok || seen.count(path) ||
            path.compare(0, prefix.size(), prefix) != 0)
            continue;
        int64_t bytes = 0, mtimeNs = 0;
        if (scan.owned.empty() && statImage(path, bytes, mtimeNs))
            continue;
        batch.setStatus(e.id, ImageStatus::Missing);
        ++report.missing;
    }
    batch.replaceSkipped(prefix, report.skipped);

    if (scan.hasSplitFolders && !scan.hasValFolder && options.valFromTrain > 0)
        carveValidation(batch, added, options);
    std::unordered_map<std::string, std::string> keys;
    for (const auto &p : added)
        keys.emplace(p.candidate->path, p.candidate->relPath);
    assignSplits(batch, keys, options);
    batch.commit();

    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

} // namespace photocat::core
