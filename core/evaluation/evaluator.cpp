#include "evaluation/evaluator.h"

#include "data/imageloader.h"
#include "inference/predictor.h"
#include "io/checkpointmeta.h"
#include "training/workspacetraining.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** The run a checkpoint's predictions are stored under: the workspace's run that wrote it (its
    best.pt and last.pt share its folder), else a run of its own for that very file, which
    records the model's class order (Review maps the stored class numbers through it). */
int64_t runFor(Workspace &workspace, const std::string &checkpoint,
               const std::vector<std::string> &classes)
{
    const std::string absolute = fs::absolute(checkpoint).lexically_normal().string();
    const nlohmann::json params{{"classes", classes}};
    for (const auto &run : workspace.runs()) {
        if (run.checkpoint.empty())
            continue;
        if (run.status == RunStatus::Imported) {
            if (run.checkpoint != absolute)
                continue;
            workspace.setRunParams(run.id, params.dump()); // runs stored before it had them
            return run.id;
        }
        const fs::path runDir = fs::absolute(run.checkpoint).parent_path().lexically_normal();
        if (fs::path(absolute).parent_path() == runDir)
            return run.id;
    }
    RunRecord r;
    r.name = "evaluation of " + fs::path(absolute).filename().string();
    r.model = "checkpoint";
    r.status = RunStatus::Imported;
    r.checkpoint = absolute;
    r.paramsJson = params.dump();
    return workspace.createRun(r);
}

} // namespace

EvaluateResult evaluateOnWorkspace(Workspace &workspace, const EvaluateRequest &req)
{
    Predictor predictor(req.checkpoint, req.device);
    predictor.setMirrorAveraging(req.mirrorAveraging);
    predictor.setPrecision(req.precision);
    EvaluateResult result;
    result.mirrorAveraged = req.mirrorAveraging;
    result.precision = predictor.precision();
    result.classes = predictor.classNames();
    result.displayNames = workspace.displayNamesFor(result.classes);
    std::map<std::string, int> modelClass;
    for (size_t i = 0; i < result.classes.size(); ++i)
        modelClass[result.classes[i]] = int(i);
    const auto workspaceClasses = workspace.classNames();

    std::vector<Sample> samples;
    for (auto s : samplesOf(workspace, req.split)) {
        const auto it = modelClass.find(workspaceClasses.at(size_t(s.label)));
        if (it == modelClass.end())
            continue; // a class the model was not trained on
        s.label = it->second;
        samples.push_back(std::move(s));
    }
    if (samples.empty())
        throw std::runtime_error(std::string("no labeled images of the model's classes in the ") +
                                 splitName(req.split) + " split");
    LoaderOptions lo;
    lo.batchSize = inferenceBatchSize(predictor.preprocessing(), predictor.onGpu(), req.batchSize);
    lo.workers = req.workers;
    lo.preprocessing = predictor.preprocessing();
    ImageLoader loader(samples, lo);
    loader.startEpoch(0);
    std::vector<std::vector<float>> probabilities;
    std::vector<int> labels;
    Batch b;
    size_t done = 0;
    while (loader.next(b)) {
        if (stopRequested(req.stop)) {
            result.cancelled = true;
            return result;
        }
        result.skippedFiles.insert(result.skippedFiles.end(), b.failed.begin(), b.failed.end());
        const auto logits = predictor.logits(b);
        for (int i = 0; i < b.n; ++i) {
            auto p = softmax(logits[size_t(i)], predictor.temperature());
            const int truth = int(b.labels[size_t(i)]);
            PredictionRecord r;
            r.imageId = b.imageIds[size_t(i)];
            r.trueLabel = truth;
            r.predicted = rankClasses(p).front();
            r.loss = -std::log(std::max(1e-12f, p[size_t(truth)]));
            r.probabilities = p;
            result.predictions.push_back(r);
            probabilities.push_back(std::move(p));
            labels.push_back(truth);
        }
        done += size_t(b.n) + b.failed.size();
        if (req.progress)
            req.progress(done, samples.size());
    }
    result.chosenPolicy = predictor.policy();
    result.policy = mergePolicy(req.policy, req.givenPolicy,
                                result.chosenPolicy ? std::optional(result.chosenPolicy->thresholds)
                                                    : std::nullopt);
    if (result.chosenPolicy)
        result.policyOnSplit = measurePolicy(probabilities, labels, *result.chosenPolicy);
    result.metrics = computeMetrics(probabilities, labels, req.topK, result.policy);
    result.runId = runFor(workspace, req.checkpoint, result.classes);
    workspace.storePredictions(result.runId, req.split, result.predictions);
    return result;
}

ChosenPolicy chooseThresholds(Workspace &workspace, const ThresholdRequest &req)
{
    if (req.targets.precision <= 0 && req.targets.hitRate <= 0)
        throw std::invalid_argument("name a target precision, a target hit rate or both");
    if (!fs::is_regular_file(req.checkpoint))
        throw std::invalid_argument(req.checkpoint + ": thresholds are stored in a checkpoint "
                                                     "file (.pt); choose them there, then "
                                                     "export again");
    // The metadata first: a file that cannot take the thresholds fails before evaluating.
    nlohmann::json meta;
    try {
        meta = nlohmann::json::parse(readCheckpointMeta(req.checkpoint));
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(req.checkpoint + ": corrupt checkpoint metadata: " + e.what());
    }
    EvaluateRequest eval;
    eval.checkpoint = req.checkpoint;
    eval.split = Split::Val;
    eval.device = req.device;
    eval.stop = req.stop;
    const EvaluateResult r = evaluateOnWorkspace(workspace, eval);
    if (r.cancelled)
        throw std::runtime_error("cancelled");
    std::vector<std::vector<float>> probabilities;
    std::vector<int> labels;
    for (const auto &p : r.predictions) {
        probabilities.push_back(p.probabilities);
        labels.push_back(p.trueLabel);
    }
    const PolicyThresholds start =
        mergePolicy(req.start, req.given,
                    r.chosenPolicy ? std::optional(r.chosenPolicy->thresholds) : std::nullopt);
    ChosenPolicy chosen = choosePolicy(probabilities, labels, req.targets, start);
    meta["policy"] = policyToJson(chosen);
    writeCheckpointMeta(req.checkpoint, meta.dump());
    return chosen;
}

std::string predictionsCsv(Workspace &workspace, const EvaluateResult &result)
{
    const auto quote = csvField;
    std::ostringstream out;
    out << "path,true,predicted,loss";
    for (const auto &c : result.classes)
        out << "," << quote("p(" + c + ")");
    out << '\n';
    for (const auto &r : result.predictions) {
        const auto img = workspace.image(r.imageId);
        out << quote(img ? img->path : std::to_string(r.imageId)) << ','
            << quote(result.classes.at(size_t(r.trueLabel))) << ','
            << quote(result.classes.at(size_t(r.predicted))) << ',' << r.loss;
        for (float p : r.probabilities)
            out << ',' << p;
        out << '\n';
    }
    return out.str();
}

} // namespace photocat::core
