#pragma once

#include "models/batchnorm.h"
#include "training/distenv.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace photocat::core {

/** Whether this build has torch.distributed's c10d process groups (Gloo; NCCL on CUDA builds
    made with it). */
bool distributedAvailable();

/**
 * This process's membership in a data-parallel job: a c10d process group (Gloo on CPUs, NCCL
 * on CUDA) joined through c10d's TCPStore, which rank 0 serves at the job's rendezvous
 * address. Every collective is bounded by the job's timeout; a failure or timeout throws
 * std::runtime_error naming this rank and what it waited for, never hangs.
 */
class DistGroup : public BatchNormSync
{
public:
    /** Joins the job; blocks until every rank has (or the timeout passes). Throws
        std::runtime_error when the rendezvous or the backend cannot be set up. */
    DistGroup(const DistSettings &settings, torch::Device device);
    ~DistGroup() override;

    int rank() const;
    int size() const;
    const std::string &backend() const;

    /** Rank 0's values into every rank's tensors, in place. */
    void broadcast(std::vector<torch::Tensor> tensors);
    void allReduceSum(torch::Tensor &t) override;
    /** Sums of small host-side counters over all ranks (one collective). */
    std::vector<double> allReduceSum(const std::vector<double> &values);

private:
    friend class GradientReducer;
    struct Impl;
    std::unique_ptr<Impl> d;
};

/**
 * Averages gradients over the ranks the way DistributedDataParallel does: parameters in
 * reverse order (the order backward produces their gradients) are packed into buckets of about
 * bucketBytes; a hook on each parameter copies its gradient into its bucket, and a full bucket
 * is all-reduced asynchronously while backward goes on (buckets in index order on every rank).
 * finish() sends what is left, waits, and writes the averages into the parameters' .grad.
 */
class GradientReducer
{
public:
    GradientReducer(DistGroup &group, std::vector<torch::Tensor> params,
                    size_t bucketBytes = 25u << 20);
    ~GradientReducer();

    /** Before backward: arms the hooks for one step. */
    void prepare();
    /** After backward (or instead of it, for a rank whose batch was empty: it sends zeros). */
    void finish();

    size_t bucketCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace photocat::core
