#pragma once

#include "common/runstatus.h"
#include "store/sqlite.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace photocat::core {

enum class Split : int { None = -1, Train = 0, Val = 1, Test = 2 };
enum class ImageStatus : int { Ok = 0, Missing = 1, Excluded = 2, Ambiguous = 3 };

const char *splitName(Split split);

/** A folder name as people write it: underscores become spaces ("Ankle_boot" -> "Ankle boot"). */
std::string defaultDisplayName(const std::string &className);
/** Parses "train", "val" or "test"; throws std::invalid_argument otherwise. */
Split parseSplit(const std::string &name);

/** One indexed image. label is a class id (index into Workspace::classNames()), -1 unlabeled. */
struct ImageRecord
{
    int64_t id = 0;
    std::string path;
    int64_t bytes = 0;
    int64_t mtimeNs = 0;
    int width = 0;
    int height = 0;
    int channels = 0;
    int bitDepth = 8;
    int orientation = 1;
    int label = -1;
    Split split = Split::None;
    ImageStatus status = ImageStatus::Ok;
};

struct ImageFilter
{
    std::optional<int> label; ///< class id; -1 selects unlabeled images
    std::optional<Split> split;
    std::optional<ImageStatus> status = ImageStatus::Ok;
};

struct SkippedRecord
{
    std::string path;
    std::string reason;
};

/** A training run as stored in the workspace. */
struct RunRecord
{
    int64_t id = 0;
    std::string name;
    std::string model;
    RunStatus status = RunStatus::Running;
    std::string paramsJson; ///< hyperparameters as JSON
    std::string checkpoint; ///< best checkpoint path
    std::string startedAt;
    double bestValAccuracy = 0.0;
};

struct EpochRecord
{
    int epoch = 0;
    double trainLoss = 0, trainAccuracy = 0, valLoss = 0, valAccuracy = 0;
    double learningRate = 0, seconds = 0;
};

/** A stored per-image prediction of an evaluation. */
struct PredictionRecord
{
    int64_t imageId = 0;
    int trueLabel = -1;
    int predicted = -1;
    float loss = 0;
    std::vector<float> probabilities;
};

/** An image whose label is probably wrong (confident learning on cross-validated predictions). */
struct LabelIssueRecord
{
    int64_t imageId = 0;
    int givenLabel = -1;
    int suggestedLabel = -1;
    double selfConfidence = 0; ///< out-of-sample probability of the given label
    double score = 0;          ///< higher = more likely mislabeled
    bool candidate = false;    ///< flagged by the per-class thresholds
};

/**
 * A photocat workspace: a directory holding workspace.db (SQLite, WAL, foreign keys on) plus
 * run folders. Opening migrates older schemas; a newer schema is refused with a message.
 * A Workspace is used from one thread at a time; open a second instance for another thread.
 */
class Workspace
{
public:
    static constexpr int kSchemaVersion = 4;
    /** Class ids run from 0 to kMaxClasses - 1. */
    static constexpr int64_t kMaxClasses = 100000;

    /** Opens dir/workspace.db; creates dir and the database when create is true.
        Throws std::runtime_error with a message naming the directory when that fails. */
    explicit Workspace(const std::string &dir, bool create = false);

    static bool exists(const std::string &dir);

    const std::string &directory() const { return mDir; }
    int schemaVersion();

    /** The classes' names as their folders spell them ("T-shirt_top"), by class id. */
    std::vector<std::string> classNames();
    /** The names people read ("T-shirt/top"), by class id: the one set with setDisplayName(),
        else defaultDisplayName() of the folder name. */
    std::vector<std::string> displayNames();
    /** displayNames() for classes named by folder (a model's class list, in its order);
        a name the workspace lacks gets defaultDisplayName(). */
    std::vector<std::string> displayNamesFor(const std::vector<std::string> &classNames);
    /** Sets a class's display name; an empty one returns to the default. Throws
        std::invalid_argument for an unknown class or a name with control characters or over
        100 bytes. */
    void setDisplayName(int classId, const std::string &displayName);
    /** Returns the id of the class, creating it when absent. */
    int ensureClass(const std::string &name);
    /** The id of the class or -1. */
    int findClass(const std::string &name);

    std::vector<ImageRecord> images(const ImageFilter &filter = {});
    std::optional<ImageRecord> image(int64_t id);
    int64_t imageCount(const ImageFilter &filter = {});

    /** Changes the label of an image and records old -> new in the label history, in one
        transaction. source says who changed it ("review", "labeling", "import", ...). */
    void relabel(int64_t imageId, int newLabel, const std::string &source);
    /** Sets an image's status (Excluded, Ambiguous, back to Ok); with a source the change is
        recorded in the label history, in the same transaction. */
    void setStatus(int64_t imageId, ImageStatus status, const std::string &source = {});
    void setSplit(int64_t imageId, Split split);
    /** Records that an image's file moved (Review's "Move Files to Class Folders"). */
    void setImagePath(int64_t imageId, const std::string &path);
    /** Brings an image's label, status and split to the given ones in one transaction (the
        label and status changes through the label history): an undo or redo is never half
        applied. Throws std::invalid_argument for an unknown image or class. */
    void setLabelState(int64_t imageId, int label, ImageStatus status, Split split,
                       const std::string &source);
    /** Labels (or relabels) an image through the label history and puts an image that had no
        split into the train split, in one transaction: how labeled pool images join training. */
    void labelImage(int64_t imageId, int label, const std::string &source);

    /** The label-issue queue, best candidates first; storing replaces the previous queue. */
    void storeLabelIssues(const std::vector<LabelIssueRecord> &issues);
    std::vector<LabelIssueRecord> labelIssues();

    struct LabelChange
    {
        int64_t imageId;
        int oldLabel;
        int newLabel;
        std::string at;
        std::string source;
    };
    std::vector<LabelChange> labelHistory(int64_t imageId = 0);

    std::vector<SkippedRecord> skippedFiles();

    /** Records a run (its status, usually Running, and checkpoint as given); returns its id.
        Training code records runs through RunGuard, so none stays "running" after an error. */
    int64_t createRun(const RunRecord &run);
    void finishRun(int64_t runId, RunStatus status, double bestValAccuracy,
                   const std::string &checkpoint);
    /** Stores a run's settings (JSON) once they are complete, e.g. with its run folder. */
    void setRunParams(int64_t runId, const std::string &paramsJson);
    std::vector<RunRecord> runs();
    /** The checkpoint of the newest run whose checkpoint file still exists, or "". */
    std::string newestCheckpoint();
    void addEpoch(int64_t runId, const EpochRecord &epoch);
    std::vector<EpochRecord> epochs(int64_t runId);

    /** Replaces the stored predictions of (runId, split) with these, in one transaction. */
    void storePredictions(int64_t runId, Split split, const std::vector<PredictionRecord> &rows);
    std::vector<PredictionRecord> predictions(int64_t runId, Split split);
    /** The newest stored evaluation: (run, split), or (0, Split::None) when there is none. */
    std::pair<int64_t, Split> latestPredictions();
    /** The predicted class of each image in the newest evaluated run, all its splits. */
    std::unordered_map<int64_t, int> latestPredictedLabels();

private:
    // SQL lives in the store: its own modules reach the connection, nothing else does.
    friend class ImportBatch;
    friend struct WorkspaceSummary summarize(Workspace &workspace);
    Database &db() { return *mDb; }
    void migrate();

    std::string mDir;
    std::unique_ptr<Database> mDb;
};

/**
 * The lifecycle of one recorded run, shared by training and the linear probe: the constructor
 * records the run as running; finish() stores how it ended; a guard destroyed without finish()
 * (an exception, a constructor that threw) marks the run failed, so no run stays "running".
 */
class RunGuard
{
public:
    RunGuard(Workspace &workspace, const RunRecord &run);
    ~RunGuard();
    RunGuard(const RunGuard &) = delete;
    RunGuard &operator=(const RunGuard &) = delete;

    int64_t id() const { return mId; }
    void finish(RunStatus status, double bestValAccuracy, const std::string &checkpoint);

private:
    Workspace &mWorkspace;
    int64_t mId = 0;
    bool mFinished = false;
};

} // namespace photocat::core
