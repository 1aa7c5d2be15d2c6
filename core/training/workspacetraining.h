#pragma once

#include "store/workspace.h"
#include "training/trainer.h"

#include <memory>
#include <string>

namespace photocat::core {

struct WorkspaceTrainRequest
{
    TrainOptions options; ///< classNames, runDir and unset preprocessing are filled in
    int inputSize = 0;    ///< 0: 224 for ImageNet ResNets, the median image side for resnet-small
    int channels = 0;     ///< 0: 1 when every image is gray, else 3
    int workers = 2;      ///< image-decoding threads
    /** options.augmentation.crop was chosen: kept for small images, where "rrc" otherwise
        becomes "pad" (random-resized crops of 28x28 pictures lose too much). */
    bool cropChosen = false;
    std::string resume; ///< checkpoint to continue from (options.epochs 0: its epochs)
    std::string runName;
    bool synthetic = false; ///< train on in-memory random batches (compute-only benchmark)
    DistSettings dist;      ///< one rank of a data-parallel job (see Trainer)
};

/** Fills what the request leaves open: preprocessing from the data (and from pretrained
    weights), the width of a resnet-small whose weights are given, class names. Throws
    std::invalid_argument / std::runtime_error for unusable options or weight files. */
void prepareOptions(Workspace &workspace, const WorkspaceTrainRequest &request,
                    TrainOptions &options);

/** Samples of a split: labeled images with status Ok. */
std::vector<Sample> samplesOf(Workspace &workspace, Split split);

/**
 * Trains on a workspace's train split, validates on its val split, and records the run, its
 * epochs and checkpoints in the workspace. Construct, then run(). The training works from its
 * own snapshot of the splits taken by the constructor: images imported or relabeled meanwhile
 * join the next run. A run recorded by a constructor that then throws is stored as failed.
 */
class WorkspaceTraining
{
public:
    /** Throws std::invalid_argument / std::runtime_error for unusable options or data. */
    WorkspaceTraining(Workspace &workspace, WorkspaceTrainRequest request);
    ~WorkspaceTraining();

    /** The run recorded in the workspace; 0 on ranks other than 0 of a distributed job, which
        record nothing (rank 0 writes the run, its epochs and checkpoints). */
    int64_t runId() const { return mRun ? mRun->id() : 0; }
    const TrainOptions &options() const { return mOptions; }
    /** Trains to the end, a stop or a failure; the run's status is stored in the workspace.
        stop and pause are the caller's flags (see Trainer::run). */
    TrainResult run(TrainCallbacks callbacks, const StopFlag *stop = nullptr,
                    const std::atomic<bool> *pause = nullptr);

private:
    Workspace &mWorkspace;
    TrainOptions mOptions;
    std::unique_ptr<RunGuard> mRun;
    std::unique_ptr<BatchSource> mTrain, mVal;
    std::unique_ptr<Trainer> mTrainer;
};

} // namespace photocat::core
