#pragma once

// Torch-heavy header: include only from core .cpp files.
#include "models/classifier.h"

#include <nlohmann/json.hpp>

#include <string>

namespace photocat::core {

/**
 * A photocat checkpoint: one file written by torch::save's archive format holding the model's
 * parameters and buffers under "model.<torchvision name>", the optimizer state, the CPU RNG
 * state and a JSON "meta" record (model config, classes, preprocessing, hyperparameters,
 * progress, metric history, temperature).
 */
struct Checkpoint
{
    ModelConfig model;
    nlohmann::json meta;
    Classifier net{nullptr};
};

/** Writes atomically: a temp file beside path, fsync, rename, fsync of the folder. A crash at
    any point leaves either the old file or the new one. Throws std::runtime_error. */
void saveCheckpoint(const std::string &path, Classifier net, torch::optim::Optimizer *optimizer,
                    const nlohmann::json &meta);

/** Loads meta and builds the model with its weights on the CPU. Throws std::runtime_error
    naming the file for unreadable, truncated or foreign files and for shape mismatches. */
Checkpoint loadCheckpoint(const std::string &path);

/** Restores the optimizer state (and the CPU RNG state) saved with the checkpoint. */
void loadOptimizerState(const std::string &path, torch::optim::Optimizer &optimizer);

/** ModelConfig <-> JSON */
nlohmann::json toJson(const ModelConfig &config);
ModelConfig modelConfigFromJson(const nlohmann::json &j);

} // namespace photocat::core
