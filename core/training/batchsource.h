#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace photocat::core {

/** One batch of ready-to-train images in NCHW float layout. Plain data: no torch, no OpenCV,
    so the trainer builds against any LibTorch without the image loader. */
struct Batch
{
    size_t index = 0; ///< position within the epoch
    int n = 0, channels = 0, height = 0, width = 0;
    std::vector<float> pixels;       ///< n * channels * height * width, normalized
    std::vector<int64_t> labels;     ///< class ids
    std::vector<int64_t> imageIds;   ///< workspace image ids (0 when not from a workspace)
    std::vector<std::string> failed; ///< files of this batch that could not be decoded: skipped
    double waitSeconds = 0;          ///< how long next() waited for this batch
};

/**
 * Where the trainer and evaluator take their batches from. Batches of an epoch arrive in
 * order; the same (seed, epoch) gives the same batches.
 */
class BatchSource
{
public:
    virtual ~BatchSource() = default;
    virtual size_t sampleCount() const = 0;
    virtual size_t batchesPerEpoch() const = 0;
    /** Begins epoch `epoch` (0-based), skipping its first startBatch batches (for resume). */
    virtual void startEpoch(int epoch, size_t startBatch = 0) = 0;
    /** Fills the next batch of the epoch; returns false when the epoch is over. */
    virtual bool next(Batch &batch) = 0;
    /** Data-parallel training: from the next startEpoch(), only rank's share of each epoch, as
        PyTorch's DistributedSampler deals it (positions rank, rank + worldSize, ... of the
        epoch's order). A shuffled (training) source pads its order by repeating its start, so
        every rank gets as many batches; an evaluation source does not, so each image counts
        once. Default: the whole epoch on every rank. */
    virtual void shard(int rank, int worldSize)
    {
        (void)rank;
        (void)worldSize;
    }
};

} // namespace photocat::core
