#include "training/workspacetraining.h"

#include "io/checkpointmeta.h"
#include "io/weightinfo.h"
#include "store/summary.h"
#include "training/options.h"
#include "training/syntheticsource.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** Picks input size, channels, normalization and augmentation from the data. */
void fillPreprocessing(Workspace &workspace, const WorkspaceTrainRequest &r, TrainOptions &o)
{
    const WorkspaceSummary s = summarize(workspace);
    const bool allGray = s.channels[1] + s.channels[2] > 0 && s.channels[3] + s.channels[4] == 0;
    Preprocessing &p = o.preprocessing;
    p.channels = r.channels ? r.channels : (allGray ? 1 : 3);
    const int median = std::max(1, std::min(s.width.median, s.height.median));
    p.size = r.inputSize ? r.inputSize : (o.model == "resnet-small" ? std::min(median, 64) : 224);
    // Photos much larger than the input are resized to 8/7 of it and center-cropped, as
    // torchvision's ImageNet evaluation does; small images are used whole.
    p.resize = median > p.size + p.size / 8 ? p.size * 8 / 7 : p.size;
    if (p.channels == 3) {
        p.mean = {0.485f, 0.456f, 0.406f};
        p.std = {0.229f, 0.224f, 0.225f};
    } else {
        p.mean = {0.5f};
        p.std = {0.25f};
    }
    if (o.model == "inception-resnet-v2") {
        // timm's inception_resnet_v2: 299x299, inputs scaled to [-1, 1].
        p.size = r.inputSize ? r.inputSize : 299;
        p.resize = median > p.size + p.size / 8 ? p.size * 8 / 7 : p.size;
        p.mean.assign(size_t(p.channels), 0.5f);
        p.std.assign(size_t(p.channels), 0.5f);
    }
    Augmentation &a = o.augmentation;
    if (p.size <= 64 && median <= 64) {
        a.crop = a.crop == "rrc" && !r.cropChosen ? "pad" : a.crop;
        a.padding = std::max(1, p.size / 14);
    }
}

/** Settings that must follow the pretrained weights: a photocat checkpoint's preprocessing and
    width, or the first convolution's width for resnet-small. Checks the file early, so a bad
    one is reported before a run is recorded. */
void followWeights(const WorkspaceTrainRequest &r, TrainOptions &o)
{
    const WeightFileInfo info = inspectWeights(o.weights);
    if (!info.checkpointMeta.empty()) {
        const auto meta = nlohmann::json::parse(info.checkpointMeta);
        const auto model = meta.at("model");
        if (model.at("name") != o.model)
            throw std::invalid_argument(o.weights + " holds a " +
                                        model.at("name").get<std::string>() + " model, not " +
                                        o.model);
        o.width = model.value("width", o.width);
        const int size = r.inputSize;
        o.preprocessing = preprocessingFromJson(meta.at("preprocessing"));
        if (size)
            o.preprocessing.size = size;
        return;
    }
    // Feed the pretrained stem what it was trained on: its channel count (gray photos are
    // replicated to RGB) and ImageNet normalization (timm's Inception: [-1, 1]).
    Preprocessing &p = o.preprocessing;
    for (const auto &t : info.tensors) {
        if ((t.name != "conv1.weight" && t.name != "conv2d_1a.conv.weight") || t.shape.size() != 4)
            continue;
        if (o.model == "resnet-small")
            o.width = int(t.shape[0]);
        if (!r.channels && (t.shape[1] == 1 || t.shape[1] == 3))
            p.channels = int(t.shape[1]);
    }
    const bool inception = o.model == "inception-resnet-v2";
    if (p.channels == 3) {
        p.mean = inception ? std::vector<float>{0.5f, 0.5f, 0.5f}
                           : std::vector<float>{0.485f, 0.456f, 0.406f};
        p.std = inception ? std::vector<float>{0.5f, 0.5f, 0.5f}
                          : std::vector<float>{0.229f, 0.224f, 0.225f};
    }
}

} // namespace

void prepareOptions(Workspace &workspace, const WorkspaceTrainRequest &r, TrainOptions &o)
{
    fillPreprocessing(workspace, r, o);
    if (!o.weights.empty())
        followWeights(r, o);
    o.classNames = workspace.classNames();
    o.displayNames = workspace.displayNames();
}

std::vector<Sample> samplesOf(Workspace &workspace, Split split)
{
    std::vector<Sample> out;
    ImageFilter f;
    f.split = split;
    for (const auto &img : workspace.images(f))
        if (img.label >= 0)
            out.push_back({img.path, img.label, img.id, img.width, img.height});
    return out;
}

WorkspaceTraining::WorkspaceTraining(Workspace &workspace, WorkspaceTrainRequest r)
    : mWorkspace(workspace), mOptions(std::move(r.options))
{
    TrainOptions &o = mOptions;
    const bool resuming = !r.resume.empty();
    if (resuming) {
        // A resumed run keeps the checkpoint's hyperparameters and preprocessing; the epoch
        // count may grow (0: the checkpoint's), and where it runs is this machine's choice.
        const auto meta = nlohmann::json::parse(readCheckpointMeta(r.resume));
        const TrainOptions asked = o;
        o = trainOptionsFromJson(meta.at("options"));
        o.epochs = std::max(o.epochs, asked.epochs);
        o.device = asked.device;
        o.threads = asked.threads;
        o.limitBatches = asked.limitBatches;
        o.weights.clear(); // the checkpoint holds the weights now
        o.classNames = workspace.classNames();
        o.displayNames = workspace.displayNames();
    } else {
        prepareOptions(workspace, r, o);
    }
    validate(o);
    if (r.dist.env.rank == 0) {
        RunRecord run;
        run.name = r.runName.empty() ? o.model + (resuming ? " (resumed)" : "") : r.runName;
        if (r.dist.env.distributed())
            run.name += " (" + std::to_string(r.dist.env.worldSize) + " ranks)";
        run.model = o.model;
        run.paramsJson = toJson(o).dump();
        mRun = std::make_unique<RunGuard>(workspace, run);
        o.runDir = (fs::path(workspace.directory()) / "runs" / std::to_string(mRun->id())).string();
        fs::create_directories(o.runDir);
        workspace.setRunParams(mRun->id(), toJson(o).dump());
    } else {
        o.runDir.clear();
    }

    LoaderOptions train;
    train.batchSize = o.batchSize;
    train.workers = r.workers;
    train.seed = o.seed;
    train.train = true;
    train.dropLast = true;
    train.preprocessing = o.preprocessing;
    train.augmentation = o.augmentation;
    LoaderOptions val = train;
    val.train = false;
    val.dropLast = false;
    auto trainSamples = samplesOf(workspace, Split::Train);
    // Each rank trains on its share: one smaller than a batch keeps its partial batch (dropped,
    // an epoch would have no batch at all).
    const size_t ranks = size_t(std::max(1, r.dist.env.worldSize));
    if ((trainSamples.size() + ranks - 1) / ranks < size_t(o.batchSize))
        train.dropLast = false;
    if (r.synthetic) {
        mTrain = std::make_unique<SyntheticSource>(trainSamples.size(), o.batchSize,
                                                   o.preprocessing.channels, o.preprocessing.size,
                                                   int(o.classNames.size()));
    } else {
        mTrain = std::make_unique<ImageLoader>(std::move(trainSamples), train);
        mVal = std::make_unique<ImageLoader>(samplesOf(workspace, Split::Val), val);
    }
    mTrainer = std::make_unique<Trainer>(o, *mTrain, mVal.get(), r.dist);
    if (mTrain->batchesPerEpoch() == 0) // sharded by the trainer
        throw std::invalid_argument("the train split has " + std::to_string(mTrain->sampleCount()) +
                                    " images: no batch to train on");
    if (resuming)
        mTrainer->resumeFrom(r.resume);
}

WorkspaceTraining::~WorkspaceTraining() = default;

TrainResult WorkspaceTraining::run(TrainCallbacks callbacks, const StopFlag *stop,
                                   const std::atomic<bool> *pause)
{
    auto userEpoch = callbacks.onEpoch;
    callbacks.onEpoch = [this, userEpoch](const EpochMetrics &m) {
        if (mRun)
            mWorkspace.addEpoch(mRun->id(), {m.epoch, m.trainLoss, m.trainAccuracy, m.valLoss,
                                             m.valAccuracy, m.learningRate, m.seconds});
        if (userEpoch)
            userEpoch(m);
    };
    // An exception leaves the guard unfinished: the run is stored as failed.
    TrainResult result = mTrainer->run(callbacks, stop, pause);
    if (mRun)
        mRun->finish(result.status, result.bestValAccuracy,
                     result.bestCheckpoint.empty() ? result.lastCheckpoint : result.bestCheckpoint);
    return result;
}

} // namespace photocat::core
