#include "store/importbatch.h"

namespace photocat::core {

struct ImportBatch::Impl
{
    Database &db;
    Transaction transaction;
    Statement insert, update, status, split, splitOfPath;

    explicit Impl(Database &database)
        : db(database), transaction(database),
          insert(db.prepare("INSERT INTO images(path, bytes, mtime_ns, width, height, channels, "
                            "bit_depth, orientation, label, split) VALUES(?,?,?,?,?,?,?,?,?,?)")),
          // A changed file is back if it was missing; excluded or ambiguous it stays.
          update(db.prepare("UPDATE images SET bytes=?, mtime_ns=?, width=?, height=?, "
                            "channels=?, bit_depth=?, orientation=?, "
                            "status = CASE status WHEN 1 THEN 0 ELSE status END WHERE id=?")),
          status(db.prepare("UPDATE images SET status = ? WHERE id = ?")),
          split(db.prepare("UPDATE images SET split = ? WHERE id = ?")),
          splitOfPath(db.prepare("UPDATE images SET split = ? WHERE path = ?"))
    {}
};

namespace {

/** Binds bytes, mtime, width, height, channels, bit depth, orientation from index first on. */
void bindHeader(Statement &s, int first, const ImageRecord &r)
{
    s.bind(first, r.bytes).bind(first + 1, r.mtimeNs).bind(first + 2, r.width);
    s.bind(first + 3, r.height).bind(first + 4, r.channels).bind(first + 5, r.bitDepth);
    s.bind(first + 6, r.orientation);
}

} // namespace

ImportBatch::ImportBatch(Workspace &workspace) : d(std::make_unique<Impl>(workspace.db())) {}

ImportBatch::~ImportBatch() = default;

std::unordered_map<std::string, ImportBatch::IndexedFile>
ImportBatch::indexedFiles(Workspace &workspace)
{
    std::unordered_map<std::string, IndexedFile> out;
    auto s = workspace.db().prepare("SELECT path, id, bytes, mtime_ns, status FROM images");
    while (s.step())
        out.emplace(s.text(0), IndexedFile{s.int64(1), s.int64(2), s.int64(3),
                                           static_cast<ImageStatus>(s.integer(4))});
    return out;
}

void ImportBatch::insert(const ImageRecord &r)
{
    d->insert.bind(1, r.path);
    bindHeader(d->insert, 2, r);
    r.label < 0 ? d->insert.bindNull(9) : d->insert.bind(9, r.label);
    r.split == Split::None ? d->insert.bindNull(10) : d->insert.bind(10, int(r.split));
    d->insert.run();
}

void ImportBatch::updateHeader(int64_t imageId, const ImageRecord &r)
{
    bindHeader(d->update, 1, r);
    d->update.bind(8, imageId).run();
}

void ImportBatch::setStatus(int64_t imageId, ImageStatus status)
{
    d->status.bind(1, int(status)).bind(2, imageId).run();
}

void ImportBatch::setSplit(int64_t imageId, Split split)
{
    d->split.bind(1, int(split)).bind(2, imageId).run();
}

void ImportBatch::setSplitOfPath(const std::string &path, Split split)
{
    d->splitOfPath.bind(1, int(split)).bind(2, path).run();
}

std::vector<ImportBatch::Unsplit> ImportBatch::unsplitLabeled()
{
    std::vector<Unsplit> out;
    auto s = d->db.prepare("SELECT id, path, label FROM images WHERE split IS NULL AND label IS "
                           "NOT NULL AND status = 0 ORDER BY id");
    while (s.step())
        out.push_back({s.int64(0), s.text(1), s.integer(2)});
    return out;
}

void ImportBatch::replaceSkipped(const std::string &prefix,
                                 const std::vector<SkippedRecord> &skipped)
{
    d->db.prepare("DELETE FROM skipped WHERE substr(path, 1, ?) = ?")
        .bind(1, int64_t(prefix.size()))
        .bind(2, prefix)
        .run();
    auto insert = d->db.prepare("INSERT OR REPLACE INTO skipped(path, reason) VALUES(?, ?)");
    for (const auto &s : skipped)
        insert.bind(1, s.path).bind(2, s.reason).run();
}

void ImportBatch::commit() { d->transaction.commit(); }

} // namespace photocat::core
