#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"
#include "training/trainer.h"

#include <functional>
#include <string>

namespace photocat::core {

/** A linear probe on cached backbone features: the backbone runs once per image, the head
    trains in seconds, and changing head hyperparameters reuses the cache. */
struct ProbeRequest
{
    std::string weights; ///< backbone weights (.pth, .safetensors, photocat checkpoint)
    std::string model = "resnet18";
    int inputSize = 0; ///< 0: as WorkspaceTraining picks it
    int channels = 0;
    int workers = 2;
    int epochs = 30;
    int batchSize = 1024;
    double learningRate = 3e-3; ///< AdamW
    double weightDecay = 1e-4;
    double labelSmoothing = 0;
    uint64_t seed = 1;
    int threads = 0;
    std::string runName;
};

struct ProbeProgress
{
    std::string phase;          ///< "features" or "head"
    size_t done = 0, total = 0; ///< images (features) or epochs (head)
};

struct LinearProbeResult
{
    int64_t runId = 0;
    RunStatus status = RunStatus::Finished; ///< Finished or Cancelled
    std::string checkpoint;                 ///< backbone + trained head, usable by eval and predict
    std::string cacheFile;
    size_t cachedImages = 0;   ///< images whose features came from the cache
    size_t computedImages = 0; ///< images the backbone ran on now
    int64_t featureDim = 0;
    double featureSeconds = 0, headSeconds = 0;
    double bestValAccuracy = 0;
    double temperature = 1;
    std::vector<EpochMetrics> history;
};

struct ProbeCallbacks
{
    std::function<void(const ProbeProgress &)> onProgress;
    std::function<void(const EpochMetrics &)> onEpoch;
    std::function<void(const std::string &)> onLog;
};

/**
 * Computes (or reads from workspace/features/<key>.f32, the key hashing the weights' bytes,
 * model and preprocessing) the pooled backbone features of every labeled image, trains a
 * linear head on the train split with AdamW, keeps the best head by validation accuracy, fits
 * the temperature, and records the run like any other. stop is checked between batches.
 * Throws std::invalid_argument / std::runtime_error for unusable options, weights or data.
 */
LinearProbeResult runLinearProbe(Workspace &workspace, const ProbeRequest &request,
                                 const ProbeCallbacks &callbacks = {},
                                 const StopFlag *stop = nullptr);

/** Trains only the head on given features (the part the bench times): features [n x dim],
    labels [n]; returns per-epoch train loss. Exposed for benchmarks and tests. */
std::vector<double> trainLinearHead(const std::vector<float> &features,
                                    const std::vector<int64_t> &labels, int64_t dim, int classes,
                                    const ProbeRequest &request);

} // namespace photocat::core
