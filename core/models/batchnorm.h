#pragma once

#include <torch/torch.h>

namespace photocat::core {

/** Sums tensors over every process of a data-parallel job (the trainer's process group). */
class BatchNormSync
{
public:
    virtual ~BatchNormSync() = default;
    /** In place; blocks until every rank has contributed. */
    virtual void allReduceSum(torch::Tensor &t) = 0;
};

/** While set on a thread (by the trainer of a --sync-bn job), the BatchNorm layers of the
    models it runs in training mode normalize with the mean and variance of the global batch
    and update their running statistics from them, as PyTorch's SyncBatchNorm does; their
    backward pass sums its terms over the ranks too. nullptr (the default): per-rank
    statistics. */
void setBatchNormSync(BatchNormSync *sync);

/** A model's BatchNorm layer applied to x: the layer's own forward, or the synchronized one. */
torch::Tensor batchNorm(torch::nn::BatchNorm2dImpl &bn, const torch::Tensor &x);

} // namespace photocat::core
