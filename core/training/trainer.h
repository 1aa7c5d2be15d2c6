#pragma once

#include "common/runstatus.h"
#include "common/stopflag.h"
#include "data/imageloader.h"
#include "training/batchsource.h"
#include "training/distenv.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace photocat::core {

/** Hyperparameters and run settings. Stored in checkpoints as JSON. */
struct TrainOptions
{
    std::string model = "resnet-small";
    int width = 32; ///< resnet-small only
    int epochs = 10;
    int batchSize = 128;
    std::string optimizer = "sgd"; ///< "sgd" (momentum, Nesterov's unless nesterov is off) or
                                   ///< "adamw"
    bool nesterov = true;
    double learningRate = 0.1;
    double momentum = 0.9;
    double weightDecay = 5e-4;
    std::string schedule = "cosine"; ///< "cosine" (after warmup), "onecycle", "constant",
                                     ///< "step" (x stepFactor at each of stepEpochs)
    std::vector<int> stepEpochs;     ///< "step": epochs (0-based) at which the rate drops
    double stepFactor = 0.1;
    double warmupEpochs = 1.0;
    double labelSmoothing = 0.0;
    uint64_t seed = 1;
    int patience = 0; ///< early stopping on validation accuracy; 0 = off
    /** After training, choose the suggestion thresholds on validation for these targets and
        store them with the best model (choosePolicy()); 0 = keep the defaults. */
    double targetPrecision = 0, targetHitRate = 0;
    /** How people read the classes ("T-shirt/top"), in classNames' order; stored with the
        model so predict and serve answer with them. Empty: the folder names. */
    std::vector<std::string> displayNames;
    int minEpochs = 0;              ///< early stopping: never before this many epochs
    double minImprovement = 0;      ///< early stopping: relative gain that counts as better
    int topK = 0;                   ///< also report validation top-k accuracy; 0 = off
    std::string device = "auto";    ///< "auto", "cpu", "cuda"
    std::string precision = "fp32"; ///< "fp32", "bf16" (autocast) or "auto" (resolvePrecision(),
                                    ///< replaced by what it chose when training starts)
    /** NHWC tensors: oneDNN's convolutions run faster so on CPU too (resnet18 at 224 +18% fp32,
        +12-23% bf16; resnet-small at 28 +1-10%, measured side by side); always on for CUDA. */
    bool channelsLast = true;
    int threads = 0;      ///< intra-op threads; 0 = all cores
    int limitBatches = 0; ///< stop each epoch after this many batches (smoke runs, bench)
    std::string runDir;   ///< where last.pt and best.pt go
    // Transfer learning
    std::string weights;           ///< pretrained weights to start from; "" = random init
    std::string finetune = "full"; ///< "full"; "probe" (head only, backbone and its BatchNorm
                                   ///< frozen); "last" (the last trainStages backbone stages
                                   ///< and the head); "two-phase" (probe, then full)
    int trainStages = 1;           ///< "last": backbone stages trained
    double backboneLrScale = 0;    ///< backbone LR = LR x this; 0 = auto (0.1 with weights)
    int headEpochs = 0;            ///< "two-phase": head-only epochs; 0 = auto (a quarter)
    std::vector<std::string> classNames;
    Preprocessing preprocessing;
    Augmentation augmentation;
};

/** Reported after every batch (from the training thread). */
struct BatchProgress
{
    int epoch = 0; ///< 1-based
    int epochs = 0;
    size_t batch = 0; ///< 1-based within the epoch
    size_t batches = 0;
    double loss = 0;
    double learningRate = 0;
    double imagesPerSecond = 0;
    double etaSeconds = 0;
};

/** Reported after every epoch (from the training thread). */
struct EpochMetrics
{
    int epoch = 0; ///< 1-based
    double trainLoss = 0, trainAccuracy = 0;
    double valLoss = 0, valAccuracy = 0;
    double valTopK = 0; ///< top-k accuracy (TrainOptions::topK), 0 when off
    double learningRate = 0;
    double seconds = 0;
    double dataWaitSeconds = 0; ///< time the model waited for the loader
    double imagesPerSecond = 0;
    size_t skippedImages = 0; ///< undecodable files skipped this epoch
    bool best = false;
};

struct TrainCallbacks
{
    std::function<void(const BatchProgress &)> onBatch;
    std::function<void(const EpochMetrics &)> onEpoch;
    std::function<void(const std::string &)> onLog;
    /** Called once an epoch's checkpoint is on disk. */
    std::function<void(const std::string &)> onCheckpoint;
};

struct TrainResult
{
    RunStatus status = RunStatus::Finished;
    std::string error; ///< why, when failed
    int epochsCompleted = 0;
    double bestValAccuracy = 0;
    int bestEpoch = 0;
    double temperature = 1.0;
    /** The thresholds chosen for targetPrecision / targetHitRate, what they achieved on
        validation, and why a target could not be met. */
    std::vector<std::string> policyMessages;
    std::string bestCheckpoint, lastCheckpoint;
    std::vector<EpochMetrics> history;
    std::vector<std::string> skippedFiles;
};

/** Intra-op threads when none are asked for: OMP_NUM_THREADS when set, else the core count. */
int defaultThreadCount();

/** Applies the measured runtime settings: intra-op threads (threads, or defaultThreadCount()
    when 0; LibTorch alone picks 1 here) and malloc thresholds that stop mmap/munmap churn on
    large tensors. Idempotent. */
void configureRuntime(int threads = 0);

/** Whether this build and machine can run on CUDA / run bf16 fast on the CPU. */
bool cudaAvailable();
std::string deviceDescription();

/**
 * Trains a model from batch sources. run() blocks on the calling thread (the GUI calls it on a
 * worker thread) and is stopped or paused through flags its caller owns, checked between
 * batches. A checkpoint is written atomically after every epoch and on stop; a non-finite loss
 * fails the run without writing NaN weights.
 */
class Trainer
{
public:
    /** val may be null (no validation; best = last). Throws std::invalid_argument for bad
        options.

        With dist.env.worldSize > 1 this is one rank of a data-parallel job (see DistGroup): it
        joins the job's process group, takes rank 0's initial weights, trains on its shard of
        every epoch (the global batch is batchSize x worldSize; the learning rate is used as
        given), averages gradients with the other ranks, validates on its shard and sums the
        counts, so every rank reports the whole split's figures and makes the same decisions.
        Only rank 0 writes checkpoints. A rank that fails or stops answering ends the run on
        every rank within dist.timeoutSeconds (run() throws std::runtime_error). */
    Trainer(TrainOptions options, BatchSource &train, BatchSource *val, DistSettings dist = {});
    ~Trainer();

    /** Continues from a checkpoint written by a previous run (same model and classes). */
    void resumeFrom(const std::string &checkpoint);
    /** stop (see StopFlag) ends the run after the current batch (in a distributed run: on
        every rank, after the batch in which any rank asked) with status "cancelled" and a
        checkpoint; while *pause is true the run waits between batches. Both are owned by the
        caller, may be null, and must outlive the call. */
    TrainResult run(const TrainCallbacks &callbacks = {}, const StopFlag *stop = nullptr,
                    const std::atomic<bool> *pause = nullptr);

private:
    struct Impl;
    struct RunState;
    using Clock = std::chrono::steady_clock;
    /** Every second: as many compute threads as cores other processes leave free. */
    void adaptThreads(RunState &r);
    /** One optimizer step; false when the loss is not finite (the run failed). */
    bool trainBatch(Batch &batch, Clock::time_point batchStart, RunState &run);
    /** Validation, best tracking, checkpoints, callbacks; false when patience ran out. */
    bool endEpoch(RunState &run);
    /** Fits the best checkpoint's temperature on validation and stores it there. */
    void calibrate(RunState &run);
    void save(const std::string &checkpoint);

    std::unique_ptr<Impl> d;
};

} // namespace photocat::core
