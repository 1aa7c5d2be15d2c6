#pragma once

#include "data/imageloader.h"
#include "evaluation/operating.h"
#include "training/batchsource.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace photocat::core {

/** The largest CPU batch in input floats: 4 photos at 3x224x224. Larger batches ran slower
    per image here (resnet18 at 224: 51 img/s at batch 4, 54 at 8, 31 at 16, 20 at 64: their
    activations are over glibc's largest mmap threshold, so every layer's output is fresh
    pages), and a batch's time is the wait of the requests behind it (at concurrency 8, p99
    243 ms with batches of 4 against 296-467 ms with 8). The default 28x28 gray model batches
    up to the batch asked for; so does a GPU. */
constexpr size_t kCpuBatchFloats = size_t(4) * 3 * 224 * 224;

/** The batch size for inference on pre's inputs: requested, capped to kCpuBatchFloats on a CPU
    (serving's dynamic batches, evaluation). */
inline int inferenceBatchSize(const Preprocessing &pre, bool gpu, int requested)
{
    const size_t imageFloats =
        std::max<size_t>(1, size_t(pre.channels) * size_t(pre.size) * size_t(pre.size));
    const size_t cap = std::max<size_t>(1, kCpuBatchFloats / imageFloats);
    return gpu ? requested : int(std::min<size_t>(size_t(std::max(1, requested)), cap));
}

/** Why the model chose: a class-activation map of one photo. */
struct Explanation
{
    int predicted = 0; ///< the most likely category
    int category = 0;  ///< the category the map is for
    std::vector<float> probabilities;
    int size = 0;            ///< the model's input side: heat and image are size x size
    std::vector<float> heat; ///< 0..1, 1 where the evidence for category is strongest
    int channels = 0;
    std::vector<uint8_t> image; ///< the model's view of the photo (its crop), HWC, RGB or gray
    int peakX = 0, peakY = 0;   ///< where heat is 1, in image pixels
};

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
    /** The classes as people read them ("T-shirt/top"), stored with the model at training;
        for older models, the folder names with underscores as spaces. */
    const std::vector<std::string> &displayNames() const;
    const Preprocessing &preprocessing() const;
    const std::string &modelName() const;
    double temperature() const;
    /** The suggestion thresholds chosen for this model from a precision or hit-rate target
        (photocat-cli calibrate, train --target-precision), stored in its checkpoint; empty
        when none were chosen (callers then use their own or PolicyThresholds' defaults). */
    const std::optional<ChosenPolicy> &policy() const;
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

    /**
     * Inference precision: "fp32" (the default), "bf16" (autocast; on CPUs with AVX512-BF16 and
     * on CUDA about twice as fast, probabilities a little different from fp32's) or "auto"
     * (resolvePrecision(): bf16 where the hardware computes it natively). Logits, probabilities
     * and features follow it; Grad-CAM (explain()) stays fp32. Throws std::invalid_argument for
     * another value.
     */
    void setPrecision(const std::string &precision);
    /** The precision in use: "fp32" or "bf16". */
    const std::string &precision() const;

    /** Raw logits, one row per image of the batch. */
    std::vector<std::vector<float>> logits(Batch &batch);
    /** Calibrated class probabilities, one row per image of the batch. */
    std::vector<std::vector<float>> probabilities(Batch &batch);
    /** The pooled features the head classifies (what "similar images" compares): rows of
        featureDim() floats, one per image of the batch, flattened. */
    std::vector<float> features(Batch &batch);
    /** features() of one photo; throws std::runtime_error when the file cannot be decoded. */
    std::vector<float> features(const std::string &imagePath);
    int64_t featureDim() const;
    /** 16 hex digits over the model's configuration and every weight and buffer (not the
        checkpoint's metadata: a calibration or a copy elsewhere keeps it): what keys the
        feature caches of this model. Computed once. */
    const std::string &weightsDigest();
    /** Calibrated class probabilities from rows of featureDim() pooled features (features(),
        or a feature cache): the model's head only, so a whole workspace takes milliseconds. */
    std::vector<std::vector<float>> probabilitiesOfFeatures(const float *rows, int64_t count);
    /** Calibrated class probabilities of one photo; throws std::runtime_error when the file
        cannot be decoded. */
    std::vector<float> probabilities(const std::string &imagePath);
    /**
     * Grad-CAM (Selvaraju et al.) of one photo for category (-1: the predicted one): the last
     * convolutional stage's activations weighted by the spatial mean of the gradient of the
     * category's score less the mean score of all categories (so evidence they all share
     * cancels), rectified, upsampled to the input and scaled to 0..1.
     * Throws std::runtime_error when the file cannot be decoded, std::invalid_argument for a
     * category out of range.
     */
    Explanation explain(const std::string &imagePath, int category = -1);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace photocat::core
