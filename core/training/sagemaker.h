#pragma once

#include "store/workspace.h"
#include "training/workspacetraining.h"

#include <string>
#include <vector>

namespace photocat::core {

/**
 * A SageMaker training job as the built-in image-classification algorithm receives one, under
 * root (SageMaker's /opt/ml): input/config/hyperparameters.json, the channels
 * input/data/{train,validation} (RecordIO, or images with .lst files in train_lst and
 * validation_lst) and input/data/pretrained; the model goes to model/, checkpoints to
 * checkpoints/, a failure's reason to output/failure.
 */
struct SageMakerJob
{
    std::string root;
    WorkspaceTrainRequest request;
    int numClasses = 0;
    int64_t numTrainingSamples = 0; ///< 0 when not given
    /** Hyperparameters that are unknown or that photocat does not act on, and what the job
        chose in their stead: printed before training. */
    std::vector<std::string> notes;

    std::string channel(const std::string &name) const { return root + "/input/data/" + name; }
    std::string modelDir() const { return root + "/model"; }
    std::string checkpointDir() const { return root + "/checkpoints"; }
    std::string failureFile() const { return root + "/output/failure"; }
};

/** Reads the job's hyperparameters (values as strings, as SageMaker sends them, or as JSON
    numbers). Throws std::invalid_argument naming the hyperparameter for a bad value and a
    missing num_classes. */
SageMakerJob readSageMakerJob(const std::string &root);

/** Imports the train and validation channels into the workspace (train and val splits, class
    names from a classes.txt in a channel, else "0" .. num_classes - 1) and checks them against
    the hyperparameters. Returns notes for the log; throws std::runtime_error for unusable
    channels. */
std::vector<std::string> importSageMakerChannels(Workspace &workspace, const SageMakerJob &job);

/** Writes reason as one line to output/failure (SageMaker shows it as the job's failure). */
void writeSageMakerFailure(const std::string &root, const std::string &reason);

} // namespace photocat::core
