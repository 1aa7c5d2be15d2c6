#include "evaluation/labelissues.h"

#include "evaluation/metrics.h"
#include "inference/predictor.h"
#include "training/options.h"
#include "training/workspacetraining.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

namespace fs = std::filesystem;

namespace photocat::core {

std::vector<LabelIssueRecord> rankLabelIssues(const std::vector<std::vector<float>> &probabilities,
                                              const std::vector<int> &labels,
                                              const std::vector<int64_t> &imageIds)
{
    const size_t classes = probabilities.empty() ? 0 : probabilities.front().size();
    std::vector<double> sum(classes, 0), count(classes, 0);
    for (size_t i = 0; i < labels.size(); ++i)
        if (labels[i] >= 0 && size_t(labels[i]) < classes) {
            sum[size_t(labels[i])] += probabilities[i][size_t(labels[i])];
            ++count[size_t(labels[i])];
        }
    std::vector<double> threshold(classes, 1.0);
    for (size_t j = 0; j < classes; ++j)
        if (count[j] > 0)
            threshold[j] = sum[j] / count[j];
    std::vector<LabelIssueRecord> out;
    for (size_t i = 0; i < labels.size(); ++i) {
        const auto &p = probabilities[i];
        const int given = labels[i];
        if (given < 0 || size_t(given) >= classes)
            continue;
        LabelIssueRecord r;
        r.imageId = imageIds[i];
        r.givenLabel = given;
        r.selfConfidence = p[size_t(given)];
        int other = -1, confident = -1;
        for (size_t j = 0; j < classes; ++j) {
            if (int(j) == given)
                continue;
            if (other < 0 || p[j] > p[size_t(other)])
                other = int(j);
            if (p[j] >= threshold[j] && (confident < 0 || p[j] > p[size_t(confident)]))
                confident = int(j);
        }
        r.candidate = confident >= 0;
        r.suggestedLabel = r.candidate ? confident : other;
        r.score = (other >= 0 ? p[size_t(other)] : 0) - p[size_t(given)];
        out.push_back(r);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const LabelIssueRecord &a, const LabelIssueRecord &b) {
                         if (a.candidate != b.candidate)
                             return a.candidate;
                         return a.score > b.score;
                     });
    return out;
}

namespace {

/** Fold of each sample: each class shuffled (seeded) and dealt round-robin. */
std::vector<int> assignFolds(const std::vector<Sample> &samples, int folds, uint64_t seed)
{
    std::map<int64_t, std::vector<size_t>> byClass;
    for (size_t i = 0; i < samples.size(); ++i)
        byClass[samples[i].label].push_back(i);
    std::mt19937_64 rng(seed);
    std::vector<int> fold(samples.size(), 0);
    int next = 0;
    for (auto &[label, items] : byClass) {
        std::shuffle(items.begin(), items.end(), rng);
        for (size_t i : items)
            fold[i] = next++ % folds;
    }
    return fold;
}

} // namespace

LabelIssueResult findLabelIssues(Workspace &workspace, const LabelIssueRequest &request)
{
    if (request.folds < 2)
        throw std::invalid_argument("cross-validation needs at least 2 folds");
    const std::vector<Sample> samples = samplesOf(workspace, Split::Train);
    if (samples.size() < size_t(request.folds) * 4)
        throw std::invalid_argument("too few training images for " + std::to_string(request.folds) +
                                    "-fold cross-validation");
    WorkspaceTrainRequest wr;
    wr.options = request.options;
    TrainOptions o = wr.options;
    prepareOptions(workspace, wr, o);
    const std::vector<int> fold = assignFolds(samples, request.folds, o.seed);
    const std::string base = (fs::path(workspace.directory()) / "label-issues").string();
    std::vector<std::vector<float>> probabilities(samples.size());
    LabelIssueResult result;
    // The folds' checkpoints are scratch: removed however this ends.
    struct Cleanup
    {
        std::string dir;
        ~Cleanup()
        {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{base};
    for (int f = 0; f < request.folds; ++f) {
        std::vector<Sample> train, held;
        for (size_t i = 0; i < samples.size(); ++i)
            (fold[i] == f ? held : train).push_back(samples[i]);
        if (request.progress)
            request.progress(f + 1, request.folds,
                             "training fold " + std::to_string(f + 1) + " of " +
                                 std::to_string(request.folds));
        TrainOptions fo = o;
        fo.runDir = (fs::path(base) / ("fold-" + std::to_string(f + 1))).string();
        LoaderOptions lo;
        lo.batchSize = fo.batchSize;
        lo.workers = request.workers;
        lo.seed = fo.seed + uint64_t(f);
        lo.train = true;
        lo.dropLast = train.size() >= size_t(fo.batchSize);
        lo.preprocessing = fo.preprocessing;
        lo.augmentation = fo.augmentation;
        ImageLoader trainSource(train, lo);
        Trainer trainer(fo, trainSource, nullptr);
        const TrainResult tr = trainer.run({}, request.stop);
        if (tr.status == RunStatus::Cancelled || stopRequested(request.stop)) {
            result.cancelled = true;
            return result;
        }
        if (tr.status == RunStatus::Failed)
            throw std::runtime_error("fold " + std::to_string(f + 1) + ": " + tr.error);
        // Out-of-sample probabilities for the held-out fold.
        Predictor predictor(tr.lastCheckpoint, fo.device);
        LoaderOptions eval = lo;
        eval.train = false;
        eval.dropLast = false;
        ImageLoader heldSource(held, eval);
        heldSource.startEpoch(0);
        std::map<int64_t, size_t> indexOf;
        for (size_t i = 0; i < samples.size(); ++i)
            indexOf[samples[i].imageId] = i;
        Batch b;
        while (!stopRequested(request.stop) && heldSource.next(b)) {
            const auto logits = predictor.logits(b);
            for (int i = 0; i < b.n; ++i)
                probabilities[indexOf[b.imageIds[size_t(i)]]] = softmax(logits[size_t(i)]);
        }
        if (stopRequested(request.stop)) {
            result.cancelled = true;
            return result;
        }
    }
    std::vector<std::vector<float>> probs;
    std::vector<int> labels;
    std::vector<int64_t> ids;
    for (size_t i = 0; i < samples.size(); ++i)
        if (!probabilities[i].empty()) { // undecodable images have none
            probs.push_back(probabilities[i]);
            labels.push_back(int(samples[i].label));
            ids.push_back(samples[i].imageId);
        }
    result.issues = rankLabelIssues(probs, labels, ids);
    for (const auto &r : result.issues)
        result.candidates += r.candidate;
    workspace.storeLabelIssues(result.issues);
    return result;
}

} // namespace photocat::core
