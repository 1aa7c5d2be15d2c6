#pragma once

#include "data/imageloader.h"
#include "training/batchsource.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace photocat::core {

/**
 * Runs a trained checkpoint: loads the model, its classes, preprocessing and calibration
 * temperature once, then predicts batches or single photos. Not thread-safe: use one
 * Predictor per thread.
 */
class Predictor
{
public:
    /** checkpoint: a photocat checkpoint, or a folder holding one or a photocat-cli export
        (loadModel()). Throws std::runtime_error naming the file for a missing or unreadable
        model. */
    explicit Predictor(const std::string &checkpoint, const std::string &device = "auto");
    ~Predictor();

    const std::vector<std::string> &classNames() const;
    const Preprocessing &preprocessing() const;
    const std::string &modelName() const;
    double temperature() const;
    /** How the model was trained, from its checkpoint: {"options", "epochs", "best"}; empty
        for exports and checkpoints without it. */
    nlohmann::json training() const;
    /** Whether the model runs on a GPU. */
    bool onGpu() const;
    /** The JSON metadata stored in the checkpoint (options, history, ...), as text. */
    std::string metaJson() const;

    /**
     * Test-time augmentation: each image's logits are averaged with those of its mirror image
     * (twice the compute). Off by default. The calibration temperature was fitted without it,
     * so the averaged probabilities are not calibrated.
     */
    void setMirrorAveraging(bool on);
    bool mirrorAveraging() const;

    /** Raw logits, one row per image of the batch. */
    std::vector<std::vector<float>> logits(Batch &batch);
    /** Calibrated class probabilities, one row per image of the batch. */
    std::vector<std::vector<float>> probabilities(Batch &batch);
    /** Calibrated class probabilities of one photo; throws std::runtime_error when the file
        cannot be decoded. */
    std::vector<float> probabilities(const std::string &imagePath);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace photocat::core
