#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace photocat::core {

/** One image in a review queue: its current label (labels change while reviewing) and what
    the model said. */
struct ReviewEntry
{
    int64_t imageId = 0;
    std::string path;
    int64_t mtimeNs = 0, bytes = 0;
    int label = -1;             ///< current label in the workspace
    int labelAtEvaluation = -1; ///< the label the prediction was scored against
    int predicted = -1;
    float loss = 0;
    float confidence = 0;                   ///< probability of the predicted class
    std::vector<std::pair<int, float>> top; ///< top-3 (class, probability)
    ImageStatus status = ImageStatus::Ok;
    double score = 0; ///< label issues: how likely mislabeled
};

enum class ReviewOrder { Loss, Confidence };

/** The newest run with stored predictions and their split, or {0, Split::None}. */
std::pair<int64_t, Split> latestPredictions(Workspace &workspace);

/** Stored predictions of (run, split) that were wrong, highest loss or most confident first. */
std::vector<ReviewEntry> misclassified(Workspace &workspace, int64_t runId, Split split,
                                       ReviewOrder order);

/** Exactly the images of one confusion-matrix cell (true class, predicted class), by loss. */
std::vector<ReviewEntry> confusionCell(Workspace &workspace, int64_t runId, Split split,
                                       int trueClass, int predicted);

/** The stored label-issue queue, most likely mislabeled first: the flagged images, and at most
    `limit` in all (every training image is ranked; the tail is not worth a look). */
std::vector<ReviewEntry> labelIssueQueue(Workspace &workspace, size_t limit = 2000);

/** A pool image (unlabeled) with the model's suggestion. */
struct PoolItem
{
    int64_t imageId = 0;
    std::string path;
    int suggested = -1; ///< workspace class id, -1 without a model
    float confidence = 0;
    float margin = 1; ///< top-1 minus top-2 probability: small = informative
};

/**
 * The unlabeled pool, ordered for active learning: with a checkpoint, every image gets the
 * model's suggestion (calibrated probabilities, classes matched by name) and the pool is sorted
 * by margin, most uncertain first; without one, in import order. stop is checked per batch.
 */
std::vector<PoolItem> labelingPool(Workspace &workspace, const std::string &checkpoint,
                                   const StopFlag *stop = nullptr);

struct FileMove
{
    int64_t imageId = 0;
    std::string from, to, error; ///< error: why it was not moved
};

/** Whether a class name can be a folder name: not empty, "." or "..", no '/', no control
    characters, at most 255 bytes. */
bool isSafeFolderName(const std::string &name);

/** Images whose file sits in a folder named after another class than their label (e.g. after
    relabeling in review). A class whose name cannot be a folder name gives a move with its
    error set, which moveToClassFolders() leaves alone. */
std::vector<FileMove> misfiledImages(Workspace &workspace);

/** Moves those files into the sibling folder of their class and updates the workspace, one
    image at a time (a failed move leaves that image as it was and says why). Never replaces a
    file (a taken name gets a numbered suffix, atomically), never moves through a class folder
    that is a symbolic link, and never out of the file's parent folder. progress gets
    (done, total) after each file; after a stop the remaining files stay where they are, each
    with the error "cancelled". */
std::vector<FileMove> moveToClassFolders(Workspace &workspace, std::vector<FileMove> moves,
                                         const std::function<void(size_t, size_t)> &progress = {},
                                         const StopFlag *stop = nullptr);

} // namespace photocat::core
