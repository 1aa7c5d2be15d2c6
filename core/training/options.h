#pragma once

#include "training/trainer.h"

#include <nlohmann/json.hpp>

namespace photocat::core {

nlohmann::json toJson(const Preprocessing &p);
Preprocessing preprocessingFromJson(const nlohmann::json &j);
nlohmann::json toJson(const Augmentation &a);
Augmentation augmentationFromJson(const nlohmann::json &j);
/** Hyperparameters as stored in checkpoints and the workspace's runs table. */
nlohmann::json toJson(const TrainOptions &o);
TrainOptions trainOptionsFromJson(const nlohmann::json &j);
nlohmann::json toJson(const EpochMetrics &m);
EpochMetrics epochMetricsFromJson(const nlohmann::json &j);

/** Checks options a user typed; throws std::invalid_argument with the offending value. */
void validate(const TrainOptions &o);

} // namespace photocat::core
