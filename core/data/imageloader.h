#pragma once

#include "training/batchsource.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace photocat::core {

struct Sample
{
    std::string path;
    int64_t label = -1;
    int64_t imageId = 0;
    int width = 0; ///< from the workspace's header probe; 0 when unknown
    int height = 0;
};

/** How an image becomes a model input; stored in checkpoints so inference matches training. */
/** Input sides a model may take: a checkpoint naming another is refused before any buffer
    is sized by it. */
constexpr int kMinInputSize = 8;
constexpr int kMaxInputSize = 1024;

struct Preprocessing
{
    int channels = 3; ///< 1 gray, 3 RGB
    int size = 224;   ///< square input side
    int resize = 256; ///< eval: shorter side resized to this, then center crop
    std::vector<float> mean = {0.485f, 0.456f, 0.406f};
    std::vector<float> std = {0.229f, 0.224f, 0.225f};
};

struct Augmentation
{
    std::string crop = "rrc"; ///< "rrc" random-resized-crop, "pad" pad-and-crop, "none"
    float minScale = 0.25f;   ///< rrc: smallest crop area share
    int padding = 2;          ///< pad: border in pixels
    bool flip = true;
    float colorJitter = 0.f; ///< brightness/contrast/saturation range, 0 = off
    float erasing = 0.f;     ///< probability of random erasing
};

struct LoaderOptions
{
    int batchSize = 64;
    int workers = 2;
    int prefetch = 4; ///< ready batches kept ahead of the consumer
    uint64_t seed = 0;
    bool train = false; ///< shuffle + augment when true
    bool dropLast = false;
    Preprocessing preprocessing;
    Augmentation augmentation;
};

/**
 * Decodes images with OpenCV on worker threads into a bounded queue of ready batches.
 * JPEGs much larger than the input are decoded at 1/2, 1/4 or 1/8 scale in the DCT domain; a
 * random-resized crop of an upright JPEG decodes only its box (decodeJpegRegion()), and so
 * does the eval transform (resize, center crop), which also averages only the crop's pixels
 * (the same pixels as OpenCV's INTER_AREA resize of the whole picture, then the cut).
 * A file that cannot be decoded is skipped and named in Batch::failed. Sample order and every
 * augmentation draw depend only on (seed, epoch, position), not on the worker count.
 */
class ImageLoader : public BatchSource
{
public:
    ImageLoader(std::vector<Sample> samples, LoaderOptions options);
    ~ImageLoader() override;

    size_t sampleCount() const override { return mSamples.size(); }
    size_t batchesPerEpoch() const override;
    void startEpoch(int epoch, size_t startBatch = 0) override;
    bool next(Batch &batch) override;
    /** Augmentation draws follow an image's position in the whole epoch, so N ranks with
        batch B see the very images and crops one process with batch N x B would. */
    void shard(int rank, int worldSize) override;

    /** Decodes and preprocesses one image (eval transform); false when it cannot be read. */
    static bool loadOne(const std::string &path, const Preprocessing &pre, std::vector<float> &out);
    /** loadOne() for an image's bytes in memory (an upload); false with error set when they
        are not a picture photocat decodes (probed first: a decompression bomb is refused). */
    static bool loadFromMemory(std::string_view bytes, const Preprocessing &pre,
                               std::vector<float> &out, std::string *error = nullptr);

private:
    void stopWorkers();
    void work();
    Batch makeBatch(size_t index);
    size_t shardSize() const;

    std::vector<Sample> mSamples;
    LoaderOptions mOptions;
    std::vector<size_t> mOrder;     ///< this rank's samples of the epoch, in order
    std::vector<size_t> mPositions; ///< their positions in the whole epoch's order
    int mEpoch = 0;
    int mRank = 0, mWorld = 1;

    std::mutex mMutex;
    std::condition_variable mChanged;
    std::map<size_t, Batch> mReady;
    /** Pixel buffers the consumer handed back (its previous batch's): reused as they are, a
        batch of 64 photos at 224 (38 MB, beyond malloc's mmap threshold) costs no page faults
        and no zero-filling. */
    std::vector<std::vector<float>> mSpare;
    size_t mNextToMake = 0;
    size_t mNextToTake = 0;
    bool mStop = false;
    std::vector<std::thread> mWorkers;
};

} // namespace photocat::core
