#include "store/workspace.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** A status the database holds; text this version does not know (a newer or damaged file)
    reads as failed rather than making the whole run list unreadable. */
RunStatus storedRunStatus(const std::string &text)
{
    try {
        return parseRunStatus(text);
    } catch (const std::invalid_argument &) {
        return RunStatus::Failed;
    }
}

// Each entry upgrades the schema by one version; entry i takes version i to i + 1.
// Never edit a released step: append a new one.
const char *const kMigrations[] = {
    // 0 -> 1: dataset index
    R"sql(
    CREATE TABLE classes(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE);
    CREATE TABLE images(
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        bytes INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        channels INTEGER NOT NULL,
        bit_depth INTEGER NOT NULL DEFAULT 8,
        orientation INTEGER NOT NULL DEFAULT 1,
        label INTEGER REFERENCES classes(id),
        split INTEGER,
        status INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX images_label_split ON images(label, split);
    CREATE TABLE label_history(
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        old_label INTEGER,
        new_label INTEGER,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        source TEXT NOT NULL);
    CREATE INDEX label_history_image ON label_history(image_id);
    CREATE TABLE skipped(
        path TEXT PRIMARY KEY,
        reason TEXT NOT NULL);
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
    )sql",
    // 1 -> 2: training runs, metrics and evaluations
    R"sql(
    CREATE TABLE runs(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        params TEXT NOT NULL,
        checkpoint TEXT NOT NULL DEFAULT '',
        best_val_accuracy REAL NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
    CREATE TABLE epochs(
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        train_loss REAL, train_accuracy REAL, val_loss REAL, val_accuracy REAL,
        learning_rate REAL, seconds REAL,
        PRIMARY KEY(run_id, epoch));
    CREATE TABLE predictions(
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        split INTEGER NOT NULL,
        true_label INTEGER,
        predicted INTEGER NOT NULL,
        loss REAL,
        probabilities BLOB NOT NULL,
        PRIMARY KEY(run_id, split, image_id));
    )sql",
    // 2 -> 3: review: status changes in the history, the label-issue queue
    R"sql(
    ALTER TABLE label_history ADD COLUMN old_status INTEGER;
    ALTER TABLE label_history ADD COLUMN new_status INTEGER;
    CREATE TABLE label_issues(
        image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        given_label INTEGER NOT NULL,
        suggested_label INTEGER NOT NULL,
        self_confidence REAL NOT NULL,
        score REAL NOT NULL,
        candidate INTEGER NOT NULL);
    )sql",
    // 3 -> 4: display names of classes, separate from their folder names
    R"sql(
    ALTER TABLE classes ADD COLUMN display_name TEXT;
    )sql",
};
static_assert(std::size(kMigrations) == Workspace::kSchemaVersion);

std::string dbPath(const std::string &dir) { return (fs::path(dir) / "workspace.db").string(); }

ImageRecord readImage(const Statement &s)
{
    ImageRecord r;
    r.id = s.int64(0);
    r.path = s.text(1);
    r.bytes = s.int64(2);
    r.mtimeNs = s.int64(3);
    r.width = s.integer(4);
    r.height = s.integer(5);
    r.channels = s.integer(6);
    r.bitDepth = s.integer(7);
    r.orientation = s.integer(8);
    r.label = s.isNull(9) ? -1 : s.integer(9);
    r.split = s.isNull(10) ? Split::None : static_cast<Split>(s.integer(10));
    r.status = static_cast<ImageStatus>(s.integer(11));
    return r;
}

constexpr const char *kImageColumns =
    "id, path, bytes, mtime_ns, width, height, channels, bit_depth, orientation, label, split, "
    "status";

std::string whereClause(const ImageFilter &f)
{
    std::string w = " WHERE 1";
    if (f.label)
        w += *f.label < 0 ? " AND label IS NULL" : " AND label = " + std::to_string(*f.label);
    if (f.split)
        w += *f.split == Split::None ? " AND split IS NULL"
                                     : " AND split = " + std::to_string(int(*f.split));
    if (f.status)
        w += " AND status = " + std::to_string(int(*f.status));
    return w;
}

} // namespace

std::string defaultDisplayName(const std::string &className)
{
    std::string out = className;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

const char *splitName(Split split)
{
    switch (split) {
    case Split::Train: return "train";
    case Split::Val: return "val";
    case Split::Test: return "test";
    case Split::None: break;
    }
    return "none";
}

Split parseSplit(const std::string &name)
{
    if (name == "train")
        return Split::Train;
    if (name == "val" || name == "validation")
        return Split::Val;
    if (name == "test")
        return Split::Test;
    throw std::invalid_argument("unknown split \"" + name + "\" (expected train, val or test)");
}

bool Workspace::exists(const std::string &dir) { return fs::is_regular_file(dbPath(dir)); }

Workspace::Workspace(const std::string &dir, bool create) : mDir(dir)
{
    std::error_code ec;
    if (create) {
        fs::create_directories(dir, ec);
        if (ec)
            throw std::runtime_error(dir + ": cannot create workspace directory: " + ec.message());
    } else if (!exists(dir)) {
        throw std::runtime_error(dir +
                                 ": not a photocat workspace (no workspace.db); "
                                 "create one with 'photocat-cli import SOURCE --workspace " +
                                 dir + "'");
    }
    mDb = std::make_unique<Database>(dbPath(dir));
    try {
        mDb->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        migrate();
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(dir + ": unreadable workspace: " + e.what());
    }
}

int Workspace::schemaVersion()
{
    auto s = mDb->prepare("PRAGMA user_version");
    s.step();
    return s.integer(0);
}

void Workspace::migrate()
{
    const int version = schemaVersion();
    if (version < 0)
        throw std::runtime_error("damaged workspace: schema version " + std::to_string(version));
    if (version > kSchemaVersion)
        throw std::runtime_error("schema version " + std::to_string(version) +
                                 " is newer than this photocat understands (" +
                                 std::to_string(kSchemaVersion) + "); please upgrade photocat");
    for (int v = version; v < kSchemaVersion; ++v) {
        Transaction t(*mDb);
        mDb->exec(kMigrations[v]);
        mDb->exec("PRAGMA user_version = " + std::to_string(v + 1));
        t.commit();
    }
}

std::vector<std::string> Workspace::classNames()
{
    std::vector<std::string> names;
    auto s = mDb->prepare("SELECT id, name FROM classes ORDER BY id");
    while (s.step()) {
        // Ids index the list: a damaged or hand-edited database must not size it.
        const int64_t id = s.int64(0);
        if (id < 0 || id >= kMaxClasses)
            throw std::runtime_error(mDir + ": damaged workspace: class id " + std::to_string(id) +
                                     " is out of range (0 to " + std::to_string(kMaxClasses - 1) +
                                     ")");
        if (names.size() <= size_t(id))
            names.resize(size_t(id) + 1);
        names[size_t(id)] = s.text(1);
    }
    return names;
}

std::vector<std::string> Workspace::displayNames()
{
    std::vector<std::string> names = classNames();
    for (auto &n : names)
        n = defaultDisplayName(n);
    auto s = mDb->prepare("SELECT id, display_name FROM classes WHERE display_name IS NOT NULL");
    while (s.step()) {
        const int64_t id = s.int64(0);
        if (id >= 0 && size_t(id) < names.size() && !s.text(1).empty())
            names[size_t(id)] = s.text(1);
    }
    return names;
}

std::vector<std::string> Workspace::displayNamesFor(const std::vector<std::string> &classes)
{
    const auto folders = classNames();
    const auto display = displayNames();
    std::vector<std::string> out;
    for (const auto &name : classes) {
        const auto it = std::find(folders.begin(), folders.end(), name);
        out.push_back(it == folders.end() ? defaultDisplayName(name)
                                          : display[size_t(it - folders.begin())]);
    }
    return out;
}

void Workspace::setDisplayName(int classId, const std::string &displayName)
{
    const auto names = classNames();
    if (classId < 0 || size_t(classId) >= names.size() || names[size_t(classId)].empty())
        throw std::invalid_argument("no class with id " + std::to_string(classId));
    if (displayName.size() > 100)
        throw std::invalid_argument("a display name is at most 100 bytes");
    for (unsigned char c : displayName)
        if (c < 0x20 || c == 0x7f)
            throw std::invalid_argument("a display name cannot hold control characters");
    auto s = mDb->prepare("UPDATE classes SET display_name = ? WHERE id = ?");
    if (displayName.empty())
        s.bindNull(1);
    else
        s.bind(1, displayName);
    s.bind(2, classId).run();
}

int Workspace::findClass(const std::string &name)
{
    auto s = mDb->prepare("SELECT id FROM classes WHERE name = ?");
    s.bind(1, name);
    return s.step() ? s.integer(0) : -1;
}

int Workspace::ensureClass(const std::string &name)
{
    if (name.empty())
        throw std::invalid_argument("a class name cannot be empty");
    int id = findClass(name);
    if (id >= 0)
        return id;
    auto next = mDb->prepare("SELECT COALESCE(MAX(id) + 1, 0) FROM classes");
    next.step();
    id = next.integer(0);
    mDb->prepare("INSERT INTO classes(id, name) VALUES(?, ?)").bind(1, id).bind(2, name).run();
    return id;
}

std::vector<ImageRecord> Workspace::images(const ImageFilter &filter)
{
    std::vector<ImageRecord> out;
    auto s = mDb->prepare(std::string("SELECT ") + kImageColumns + " FROM images" +
                          whereClause(filter) + " ORDER BY id");
    while (s.step())
        out.push_back(readImage(s));
    return out;
}

std::optional<ImageRecord> Workspace::image(int64_t id)
{
    auto s = mDb->prepare(std::string("SELECT ") + kImageColumns + " FROM images WHERE id = ?");
    s.bind(1, id);
    if (!s.step())
        return std::nullopt;
    return readImage(s);
}

int64_t Workspace::imageCount(const ImageFilter &filter)
{
    auto s = mDb->prepare("SELECT COUNT(*) FROM images" + whereClause(filter));
    s.step();
    return s.int64(0);
}

void Workspace::relabel(int64_t imageId, int newLabel, const std::string &source)
{
    Transaction t(*mDb);
    auto current = image(imageId);
    if (!current)
        throw std::invalid_argument("no image with id " + std::to_string(imageId));
    if (newLabel >= static_cast<int>(classNames().size()))
        throw std::invalid_argument("no class with id " + std::to_string(newLabel));
    auto update = mDb->prepare("UPDATE images SET label = ? WHERE id = ?");
    if (newLabel < 0)
        update.bindNull(1);
    else
        update.bind(1, newLabel);
    update.bind(2, imageId).run();
    auto history = mDb->prepare(
        "INSERT INTO label_history(image_id, old_label, new_label, source) VALUES(?, ?, ?, ?)");
    history.bind(1, imageId);
    current->label < 0 ? history.bindNull(2) : history.bind(2, current->label);
    newLabel < 0 ? history.bindNull(3) : history.bind(3, newLabel);
    history.bind(4, source).run();
    t.commit();
}

void Workspace::setStatus(int64_t imageId, ImageStatus status, const std::string &source)
{
    Transaction t(*mDb);
    auto current = image(imageId);
    if (!current)
        throw std::invalid_argument("no image with id " + std::to_string(imageId));
    mDb->prepare("UPDATE images SET status = ? WHERE id = ?")
        .bind(1, int(status))
        .bind(2, imageId)
        .run();
    if (!source.empty()) {
        auto history = mDb->prepare("INSERT INTO label_history(image_id, old_label, new_label, "
                                    "source, old_status, new_status) VALUES(?, ?, ?, ?, ?, ?)");
        history.bind(1, imageId);
        current->label < 0 ? history.bindNull(2) : history.bind(2, current->label);
        current->label < 0 ? history.bindNull(3) : history.bind(3, current->label);
        history.bind(4, source).bind(5, int(current->status)).bind(6, int(status)).run();
    }
    t.commit();
}

void Workspace::setSplit(int64_t imageId, Split split)
{
    auto update = mDb->prepare("UPDATE images SET split = ? WHERE id = ?");
    split == Split::None ? update.bindNull(1) : update.bind(1, int(split));
    update.bind(2, imageId).run();
}

void Workspace::setLabelState(int64_t imageId, int label, ImageStatus status, Split split,
                              const std::string &source)
{
    Transaction t(*mDb);
    const auto current = image(imageId);
    if (!current)
        throw std::invalid_argument("no image with id " + std::to_string(imageId));
    if (current->label != label)
        relabel(imageId, label, source);
    if (current->status != status)
        setStatus(imageId, status, source);
    if (current->split != split)
        setSplit(imageId, split);
    t.commit();
}

void Workspace::labelImage(int64_t imageId, int label, const std::string &source)
{
    Transaction t(*mDb);
    relabel(imageId, label, source);
    if (label >= 0)
        mDb->prepare("UPDATE images SET split = 0 WHERE id = ? AND split IS NULL")
            .bind(1, imageId)
            .run();
    t.commit();
}

void Workspace::storeLabelIssues(const std::vector<LabelIssueRecord> &issues)
{
    Transaction t(*mDb);
    mDb->exec("DELETE FROM label_issues");
    auto insert =
        mDb->prepare("INSERT INTO label_issues(image_id, rank, given_label, suggested_label, "
                     "self_confidence, score, candidate) VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < issues.size(); ++i) {
        const auto &r = issues[i];
        insert.bind(1, r.imageId)
            .bind(2, int64_t(i))
            .bind(3, r.givenLabel)
            .bind(4, r.suggestedLabel)
            .bind(5, r.selfConfidence)
            .bind(6, r.score)
            .bind(7, int(r.candidate));
        insert.run();
    }
    t.commit();
}

std::vector<LabelIssueRecord> Workspace::labelIssues()
{
    std::vector<LabelIssueRecord> out;
    auto s = mDb->prepare("SELECT image_id, given_label, suggested_label, self_confidence, score, "
                          "candidate FROM label_issues ORDER BY rank");
    while (s.step())
        out.push_back(
            {s.int64(0), s.integer(1), s.integer(2), s.real(3), s.real(4), s.integer(5) != 0});
    return out;
}

std::vector<Workspace::LabelChange> Workspace::labelHistory(int64_t imageId)
{
    std::vector<LabelChange> out;
    auto s = mDb->prepare("SELECT image_id, COALESCE(old_label, -1), COALESCE(new_label, -1), at, "
                          "source FROM label_history WHERE ? = 0 OR image_id = ? ORDER BY id");
    s.bind(1, imageId).bind(2, imageId);
    while (s.step())
        out.push_back({s.int64(0), s.integer(1), s.integer(2), s.text(3), s.text(4)});
    return out;
}

std::vector<SkippedRecord> Workspace::skippedFiles()
{
    std::vector<SkippedRecord> out;
    auto s = mDb->prepare("SELECT path, reason FROM skipped ORDER BY path");
    while (s.step())
        out.push_back({s.text(0), s.text(1)});
    return out;
}

int64_t Workspace::createRun(const RunRecord &run)
{
    mDb->prepare("INSERT INTO runs(name, model, status, params) VALUES(?, ?, ?, ?)")
        .bind(1, run.name)
        .bind(2, run.model)
        .bind(3, std::string(runStatusName(run.status)))
        .bind(4, run.paramsJson.empty() ? std::string("{}") : run.paramsJson)
        .run();
    const int64_t id = mDb->lastInsertId();
    if (!run.checkpoint.empty())
        finishRun(id, run.status, run.bestValAccuracy, run.checkpoint);
    return id;
}

void Workspace::finishRun(int64_t runId, RunStatus status, double bestValAccuracy,
                          const std::string &checkpoint)
{
    mDb->prepare("UPDATE runs SET status = ?, best_val_accuracy = ?, checkpoint = ? WHERE id = ?")
        .bind(1, std::string(runStatusName(status)))
        .bind(2, bestValAccuracy)
        .bind(3, checkpoint)
        .bind(4, runId)
        .run();
}

std::vector<RunRecord> Workspace::runs()
{
    std::vector<RunRecord> out;
    auto s = mDb->prepare("SELECT id, name, model, status, params, checkpoint, started_at, "
                          "best_val_accuracy FROM runs ORDER BY id");
    while (s.step())
        out.push_back({s.int64(0), s.text(1), s.text(2), storedRunStatus(s.text(3)), s.text(4),
                       s.text(5), s.text(6), s.real(7)});
    return out;
}

void Workspace::setRunParams(int64_t runId, const std::string &paramsJson)
{
    mDb->prepare("UPDATE runs SET params = ? WHERE id = ?")
        .bind(1, paramsJson)
        .bind(2, runId)
        .run();
}

std::string Workspace::newestCheckpoint()
{
    const auto all = runs();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if (!it->checkpoint.empty() && fs::is_regular_file(it->checkpoint))
            return it->checkpoint;
    return {};
}

void Workspace::addEpoch(int64_t runId, const EpochRecord &e)
{
    mDb->prepare("INSERT OR REPLACE INTO epochs VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, runId)
        .bind(2, e.epoch)
        .bind(3, e.trainLoss)
        .bind(4, e.trainAccuracy)
        .bind(5, e.valLoss)
        .bind(6, e.valAccuracy)
        .bind(7, e.learningRate)
        .bind(8, e.seconds)
        .run();
}

std::vector<EpochRecord> Workspace::epochs(int64_t runId)
{
    std::vector<EpochRecord> out;
    auto s = mDb->prepare("SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, "
                          "learning_rate, seconds FROM epochs WHERE run_id = ? ORDER BY epoch");
    s.bind(1, runId);
    while (s.step())
        out.push_back(
            {s.integer(0), s.real(1), s.real(2), s.real(3), s.real(4), s.real(5), s.real(6)});
    return out;
}

void Workspace::storePredictions(int64_t runId, Split split,
                                 const std::vector<PredictionRecord> &rows)
{
    Transaction t(*mDb);
    mDb->prepare("DELETE FROM predictions WHERE run_id = ? AND split = ?")
        .bind(1, runId)
        .bind(2, int(split))
        .run();
    auto insert = mDb->prepare("INSERT INTO predictions VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (const auto &r : rows) {
        insert.bind(1, runId).bind(2, r.imageId).bind(3, int(split)).bind(4, r.trueLabel);
        insert.bind(5, r.predicted).bind(6, double(r.loss));
        insert.bindBlob(7, r.probabilities.data(), r.probabilities.size() * sizeof(float));
        insert.run();
    }
    t.commit();
}

std::vector<PredictionRecord> Workspace::predictions(int64_t runId, Split split)
{
    std::vector<PredictionRecord> out;
    auto s = mDb->prepare("SELECT image_id, true_label, predicted, loss, probabilities FROM "
                          "predictions WHERE run_id = ? AND split = ? ORDER BY image_id");
    s.bind(1, runId).bind(2, int(split));
    while (s.step()) {
        PredictionRecord r{s.int64(0), s.integer(1), s.integer(2), float(s.real(3)), {}};
        const auto bytes = s.blob(4);
        r.probabilities.resize(bytes.size() / sizeof(float));
        std::copy(bytes.begin(), bytes.begin() + long(r.probabilities.size() * sizeof(float)),
                  reinterpret_cast<uint8_t *>(r.probabilities.data()));
        out.push_back(std::move(r));
    }
    return out;
}

void Workspace::setImagePath(int64_t imageId, const std::string &path)
{
    mDb->prepare("UPDATE images SET path = ? WHERE id = ?").bind(1, path).bind(2, imageId).run();
}

std::pair<int64_t, Split> Workspace::latestPredictions()
{
    auto s = mDb->prepare("SELECT run_id, split FROM predictions ORDER BY run_id DESC, "
                          "split DESC LIMIT 1");
    if (s.step())
        return {s.int64(0), static_cast<Split>(s.integer(1))};
    return {0, Split::None};
}

std::unordered_map<int64_t, int> Workspace::latestPredictedLabels()
{
    std::unordered_map<int64_t, int> out;
    auto q = mDb->prepare("SELECT image_id, predicted FROM predictions WHERE run_id = "
                          "(SELECT MAX(run_id) FROM predictions)");
    while (q.step())
        out[q.int64(0)] = q.integer(1);
    return out;
}

RunGuard::RunGuard(Workspace &workspace, const RunRecord &run)
    : mWorkspace(workspace), mId(workspace.createRun(run))
{}

RunGuard::~RunGuard()
{
    if (mFinished)
        return;
    try {
        mWorkspace.finishRun(mId, RunStatus::Failed, 0, "");
    } catch (...) {
        // A destructor must not throw; the database itself failed, so nothing more can be kept.
    }
}

void RunGuard::finish(RunStatus status, double bestValAccuracy, const std::string &checkpoint)
{
    mWorkspace.finishRun(mId, status, bestValAccuracy, checkpoint);
    mFinished = true;
}

} // namespace photocat::core
