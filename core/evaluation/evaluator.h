#pragma once

#include "common/stopflag.h"
#include "evaluation/metrics.h"
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
    int batchSize = 128; ///< on a CPU at most inferenceBatchSize() allows (4 at 3x224x224)
    int workers = 2;
    std::string device = "auto";
    bool mirrorAveraging = false; ///< test-time augmentation: see Predictor::setMirrorAveraging
    std::function<void(size_t, size_t)> progress; ///< (images done, total)
    const StopFlag *stop = nullptr;
};

struct EvaluateResult
{
    EvaluationMetrics metrics;
    std::vector<std::string> classes;
    std::vector<PredictionRecord> predictions; ///< probabilities calibrated
    int64_t runId = 0;                         ///< run the predictions are stored under
    bool mirrorAveraged = false;               ///< evaluated with test-time mirror averaging
    std::vector<std::string> skippedFiles;
    bool cancelled = false;
};

/**
 * Evaluates a checkpoint on a workspace split and stores per-image predictions (true,
 * predicted, probabilities, loss) under the checkpoint's run, for the review screens.
 * Workspace classes are matched to the model's by name. Throws std::runtime_error for an
 * unreadable checkpoint or a split with no labeled images.
 */
EvaluateResult evaluateOnWorkspace(Workspace &workspace, const EvaluateRequest &request);

/** Per-image predictions as CSV: path,true,predicted,loss,p(class)... */
std::string predictionsCsv(Workspace &workspace, const EvaluateResult &result);

} // namespace photocat::core
