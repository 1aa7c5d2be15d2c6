#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"
#include "training/trainer.h"

#include <functional>
#include <vector>

namespace photocat::core {

/**
 * Confident-learning ranking (Northcutt et al., 2021) of out-of-sample probabilities: each class
 * j gets the threshold t_j = mean probability of j over the images labeled j; an image labeled
 * i is a candidate when another class reaches its threshold (the suggestion is the likeliest
 * such class). Score = max over j != i of p_j, minus p_i. Candidates come first, then the rest,
 * each by score.
 */
std::vector<LabelIssueRecord> rankLabelIssues(const std::vector<std::vector<float>> &probabilities,
                                              const std::vector<int> &labels,
                                              const std::vector<int64_t> &imageIds);

struct LabelIssueRequest
{
    TrainOptions options; ///< model and recipe trained on each fold (runDir is set per fold)
    int folds = 4;
    int workers = 2;
    /** (fold 1-based, folds, message), from the calling thread. */
    std::function<void(int, int, const std::string &)> progress;
    const StopFlag *stop = nullptr;
};

struct LabelIssueResult
{
    std::vector<LabelIssueRecord> issues;
    size_t candidates = 0;
    bool cancelled = false;
};

/**
 * k-fold cross-validation over the train split (stratified, seeded): a model is trained on k-1
 * folds and predicts the held-out fold, so every training image gets probabilities from a
 * model that never saw its label; then ranks them and stores the queue in the workspace.
 * Blocking (run it as a background job). Throws std::invalid_argument for too few images.
 */
LabelIssueResult findLabelIssues(Workspace &workspace, const LabelIssueRequest &request);

} // namespace photocat::core
