#pragma once

#include "common/stopflag.h"
#include "evaluation/metrics.h"
#include "evaluation/operating.h"
#include "store/workspace.h"

#include <functional>
#include <string>
#include <vector>

namespace photocat::core {

struct EvaluateRequest
{
    std::string checkpoint;
    Split split = Split::Test;
    int topK = 3;
    PolicyThresholds policy;
    /** The fields of policy used as given; the others come from the thresholds stored with
        the model, when it has any (see mergePolicy()). */
    PolicyOverride givenPolicy;
    int batchSize = 128; ///< on a CPU at most inferenceBatchSize() allows (4 at 3x224x224)
    int workers = 2;
    std::string device = "auto";
    bool mirrorAveraging = false;   ///< test-time augmentation: see Predictor::setMirrorAveraging
    std::string precision = "fp32"; ///< fp32, bf16 or auto: see Predictor::setPrecision
    std::function<void(size_t, size_t)> progress; ///< (images done, total)
    const StopFlag *stop = nullptr;
};

struct EvaluateResult
{
    EvaluationMetrics metrics;
    std::vector<std::string> classes;          ///< the model's classes (folder names)
    std::vector<std::string> displayNames;     ///< the same classes as the workspace shows them
    std::vector<PredictionRecord> predictions; ///< probabilities calibrated
    int64_t runId = 0;                         ///< run the predictions are stored under
    bool mirrorAveraged = false;               ///< evaluated with test-time mirror averaging
    std::string precision = "fp32";            ///< the precision used: fp32 or bf16
    std::vector<std::string> skippedFiles;
    bool cancelled = false;
    PolicyThresholds policy; ///< the thresholds the operating point was measured with
    /** The model's stored thresholds as chosen (on validation), and as they fare on this
        split: precision, hit rate and their bounds measured here. */
    std::optional<ChosenPolicy> chosenPolicy, policyOnSplit;
};

/**
 * Evaluates a checkpoint on a workspace split and stores per-image predictions (true,
 * predicted, probabilities, loss) under the checkpoint's run, for the review screens.
 * Workspace classes are matched to the model's by name. Throws std::runtime_error for an
 * unreadable checkpoint or a split with no labeled images.
 */
EvaluateResult evaluateOnWorkspace(Workspace &workspace, const EvaluateRequest &request);

struct ThresholdRequest
{
    std::string checkpoint; ///< a checkpoint file: the thresholds are stored in it
    PolicyTargets targets;
    /** The shortlist threshold and size limit: the fields named in given as they are in
        start, the others as stored with the model, else PolicyThresholds' defaults. */
    PolicyThresholds start;
    PolicyOverride given;
    std::string device = "auto";
    const StopFlag *stop = nullptr;
};

/**
 * Chooses the suggestion thresholds for targets on the workspace's validation split
 * (choosePolicy()) and stores them in the checkpoint's metadata, where predict, serve, eval
 * and the app take them from. Throws std::invalid_argument when no target is named or the
 * model is a folder, std::runtime_error as evaluateOnWorkspace() and writeCheckpointMeta();
 * a cancelled choice stores nothing and throws std::runtime_error("cancelled").
 */
ChosenPolicy chooseThresholds(Workspace &workspace, const ThresholdRequest &request);

/** Per-image predictions as CSV: path,true,predicted,loss,p(class)... */
std::string predictionsCsv(Workspace &workspace, const EvaluateResult &result);

} // namespace photocat::core
