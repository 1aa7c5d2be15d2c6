#pragma once

// Torch-heavy header: include only from core .cpp files.
#include "models/classifier.h"

#include <nlohmann/json.hpp>

#include <string>

namespace photocat::core {

/**
 * A photocat checkpoint (version 2): a torch.save zip archive, so Python's torch.load reads it,
 * whose dict holds "photocat": 2, "meta" (JSON text: model config, classes, preprocessing,
 * hyperparameters, progress, metric history, temperature), "model" (the state_dict in
 * torchvision/timm names), "optimizer" (per-parameter state, "<sgd|adamw>/<group>/<index>/
 * <field>") and "rng" (the CPU generator state). It is read as data by photocat's own reader:
 * no code from the file runs. Version 1 files (a TorchScript module of the same records,
 * written before) are read as data too; their optimizer state is not restored.
 */
struct Checkpoint
{
    ModelConfig model;
    nlohmann::json meta;
    Classifier net{nullptr};
};

/** Writes atomically: a temp file beside path, fsync, rename, fsync of the folder. A crash at
    any point leaves either the old file or the new one; a write error (disk full) throws
    std::runtime_error naming the cause and leaves the old file. */
void saveCheckpoint(const std::string &path, Classifier net, torch::optim::Optimizer *optimizer,
                    const nlohmann::json &meta);

/** Loads meta and builds the model with its weights on the CPU. Throws std::runtime_error
    naming the file for unreadable, truncated or foreign files, for metadata its tensors
    contradict (checked before the model is built) and for shape mismatches. */
Checkpoint loadCheckpoint(const std::string &path);

/** loadCheckpoint() for a file; for a folder (SageMaker's /opt/ml/model), the model of the
    photocat-cli export (.json + .pth) in it, or else its best.pt, last.pt or other .pt.
    Throws std::runtime_error naming what is wrong. */
Checkpoint loadModel(const std::string &pathOrFolder);

/** Restores the CPU RNG state and the optimizer state saved with the checkpoint; returns
    false when the file has no optimizer state for this optimizer (a version 1 checkpoint, or
    one saved without), which then starts afresh. */
bool loadOptimizerState(const std::string &path, torch::optim::Optimizer &optimizer);

/** ModelConfig <-> JSON */
nlohmann::json toJson(const ModelConfig &config);
ModelConfig modelConfigFromJson(const nlohmann::json &j);

} // namespace photocat::core
