#include "data/importer.h"

#include "data/imageprobe.h"
#include "data/sourcescan.h"

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

struct Existing
{
    int64_t id;
    int64_t bytes;
    int64_t mtimeNs;
    ImageStatus status;
};

struct Pending
{
    const Candidate *candidate = nullptr;
    int64_t bytes = 0;
    int64_t mtimeNs = 0;
    int64_t existingId = 0;   ///< 0 for new files
    ProbeResult probe;
};

std::unordered_map<std::string, Existing> loadExisting(Database &db)
{
    std::unordered_map<std::string, Existing> out;
    auto s = db.prepare("SELECT path, id, bytes, mtime_ns, status FROM images");
    while (s.step())
        out.emplace(s.text(0), Existing{s.int64(1), s.int64(2), s.int64(3),
                                        static_cast<ImageStatus>(s.integer(4))});
    return out;
}

void probeAll(std::vector<Pending> &pending, const ImportOptions &options)
{
    std::atomic<size_t> next{0}, done{0};
    auto cancelled = [&] { return stopRequested(options.stop); };
    auto worker = [&] {
        for (size_t i = next++; i < pending.size() && !cancelled(); i = next++) {
            pending[i].probe = probeImage(pending[i].candidate->path);
            ++done;
        }
    };
    const unsigned threads =
        options.threads > 0 ? unsigned(options.threads) : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    // The calling thread probes too and reports progress between files.
    for (size_t i = next++; i < pending.size() && !cancelled(); i = next++) {
        pending[i].probe = probeImage(pending[i].candidate->path);
        ++done;
        if (options.progress && (i % 256 == 0))
            options.progress(done, pending.size());
    }
    for (auto &t : pool)
        t.join();
    if (options.progress && !cancelled())
        options.progress(pending.size(), pending.size());
}

void bindHeader(Statement &s, int first, const Pending &p)
{
    const ImageHeader &h = p.probe.header;
    s.bind(first, p.bytes).bind(first + 1, p.mtimeNs).bind(first + 2, h.width);
    s.bind(first + 3, h.height).bind(first + 4, h.channels).bind(first + 5, h.bitDepth);
    s.bind(first + 6, h.orientation);
}

/** Gives unsplit labeled images a split, stratified per class, in seeded-hash order. */
void assignSplits(Database &db, const std::unordered_map<std::string, std::string> &keys,
                  const ImportOptions &o)
{
    std::map<int, std::vector<std::pair<uint64_t, int64_t>>> perClass;
    auto s = db.prepare("SELECT id, path, label FROM images WHERE split IS NULL AND label IS NOT "
                        "NULL AND status = 0");
    while (s.step()) {
        const std::string path = s.text(1);
        const auto key = keys.find(path);
        perClass[s.integer(2)].emplace_back(
            seededHash(o.seed, key != keys.end() ? key->second : path), s.int64(0));
    }
    auto update = db.prepare("UPDATE images SET split = ? WHERE id = ?");
    for (auto &[label, items] : perClass) {
        std::sort(items.begin(), items.end());
        const size_t n = items.size();
        const auto nTrain = size_t(std::lround(double(n) * o.trainFraction));
        const auto nVal = std::min(n - nTrain, size_t(std::lround(double(n) * o.valFraction)));
        for (size_t i = 0; i < n; ++i) {
            const Split split = i < nTrain ? Split::Train : i < nTrain + nVal ? Split::Val
                                                                               : Split::Test;
            update.bind(1, int(split)).bind(2, items[i].second).run();
        }
    }
}

/** Moves a seeded share of each class's new training images to validation. */
void carveValidation(Database &db, const std::vector<Pending> &added,
                     const ImportOptions &o)
{
    std::map<std::string, std::vector<std::pair<uint64_t, std::string>>> perClass;
    for (const auto &p : added)
        if (p.candidate->split == Split::Train && !p.candidate->label.empty())
            perClass[p.candidate->label].emplace_back(seededHash(o.seed, p.candidate->relPath),
                                                      p.candidate->path);
    auto update = db.prepare("UPDATE images SET split = 1 WHERE path = ?");
    for (auto &[label, items] : perClass) {
        std::sort(items.begin(), items.end());
        const auto nVal = size_t(std::lround(double(items.size()) * o.valFromTrain));
        for (size_t i = 0; i < nVal; ++i)
            update.bind(1, items[i].second).run();
    }
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

    Database &db = workspace.db();
    auto existing = loadExisting(db);
    std::vector<Pending> pending;
    std::vector<int64_t> restored;
    std::unordered_set<std::string> seen;
    for (const auto &c : scan.candidates) {
        if (!seen.insert(c.path).second)
            continue; // listed twice
        struct stat st {};
        Pending p;
        p.candidate = &c;
        if (::stat(c.path.c_str(), &st) == 0) {
            p.bytes = st.st_size;
            p.mtimeNs = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        }
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

    Transaction transaction(db);
    auto insert = db.prepare("INSERT INTO images(path, bytes, mtime_ns, width, height, channels, "
                             "bit_depth, orientation, label, split) VALUES(?,?,?,?,?,?,?,?,?,?)");
    auto update = db.prepare("UPDATE images SET bytes=?, mtime_ns=?, width=?, height=?, "
                             "channels=?, bit_depth=?, orientation=?, status=0 WHERE id=?");
    auto setStatus = db.prepare("UPDATE images SET status = ? WHERE id = ?");
    std::unordered_map<std::string, int> classIds;
    for (const auto &name : scan.classOrder)
        classIds.emplace(name, workspace.ensureClass(name));
    std::vector<Pending> added;
    for (auto &p : pending) {
        if (!p.probe.ok) {
            report.skipped.push_back({p.candidate->path, p.probe.error});
            continue;
        }
        if (p.existingId) {
            bindHeader(update, 1, p);
            update.bind(8, p.existingId).run();
            ++report.updated;
            continue;
        }
        bindHeader(insert, 2, p);
        insert.bind(1, p.candidate->path);
        const std::string &label = p.candidate->label;
        if (label.empty()) {
            insert.bindNull(9);
        } else {
            auto id = classIds.find(label);
            if (id == classIds.end())
                id = classIds.emplace(label, workspace.ensureClass(label)).first;
            insert.bind(9, id->second);
        }
        p.candidate->split == Split::None ? insert.bindNull(10)
                                          : insert.bind(10, int(p.candidate->split));
        insert.run();
        ++report.added;
        added.push_back(p);
    }
    for (int64_t id : restored)
        setStatus.bind(1, int(ImageStatus::Ok)).bind(2, id).run();
    report.restored = restored.size();

    // Vanished files under this source's root are kept, marked missing: their labels and
    // history stay, and they come back if the file does.
    const std::string prefix = scan.root + "/";
    for (const auto &[path, e] : existing) {
        if (e.status == ImageStatus::Missing || seen.count(path) ||
            path.compare(0, prefix.size(), prefix) != 0)
            continue;
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0)
            continue;
        setStatus.bind(1, int(ImageStatus::Missing)).bind(2, e.id).run();
        ++report.missing;
    }

    db.prepare("DELETE FROM skipped WHERE substr(path, 1, ?) = ?")
        .bind(1, int64_t(prefix.size()))
        .bind(2, prefix)
        .run();
    auto skip = db.prepare("INSERT OR REPLACE INTO skipped(path, reason) VALUES(?, ?)");
    for (const auto &s : report.skipped)
        skip.bind(1, s.path).bind(2, s.reason).run();

    if (scan.hasSplitFolders && !scan.hasValFolder && options.valFromTrain > 0)
        carveValidation(db, added, options);
    std::unordered_map<std::string, std::string> keys;
    for (const auto &p : added)
        keys.emplace(p.candidate->path, p.candidate->relPath);
    assignSplits(db, keys, options);
    transaction.commit();

    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

} // namespace photocat::core
