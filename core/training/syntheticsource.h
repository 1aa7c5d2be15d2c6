#pragma once

#include "training/batchsource.h"

#include <random>

namespace photocat::core {

/** In-memory random batches: measures the compute-only ceiling of training, with no decoding. */
class SyntheticSource : public BatchSource
{
public:
    SyntheticSource(size_t samples, int batchSize, int channels, int size, int classes)
        : mSamples(samples), mBatchSize(batchSize)
    {
        std::mt19937 rng(1);
        std::normal_distribution<float> noise;
        mBatch.n = batchSize;
        mBatch.channels = channels;
        mBatch.height = mBatch.width = size;
        mBatch.pixels.resize(size_t(batchSize * channels * size * size));
        for (auto &v : mBatch.pixels)
            v = noise(rng);
        for (int i = 0; i < batchSize; ++i)
            mBatch.labels.push_back(i % classes);
        mBatch.imageIds.assign(size_t(batchSize), 0);
    }
    size_t sampleCount() const override { return mSamples; }
    size_t batchesPerEpoch() const override { return mSamples / size_t(mBatchSize); }
    void startEpoch(int, size_t startBatch) override { mNext = startBatch; }
    bool next(Batch &batch) override
    {
        if (mNext >= batchesPerEpoch())
            return false;
        batch = mBatch;
        batch.index = mNext++;
        return true;
    }

private:
    size_t mSamples;
    int mBatchSize;
    size_t mNext = 0;
    Batch mBatch;
};

} // namespace photocat::core
