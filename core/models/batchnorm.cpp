#include "models/batchnorm.h"

#include <cstdint>

namespace photocat::core {

namespace {

thread_local BatchNormSync *tSync = nullptr;

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/** BatchNorm over the batches of all ranks. Forward: one all-reduce (in double) of the
    per-channel sums, sums of squared deviations from each rank's own mean, and counts: Chan et
    al.'s parallel variance; backward: one all-reduce of the two per-channel gradient sums. The
    weight and bias gradients stay local: the trainer averages them with the others. */
struct SyncBatchNormFunction : torch::autograd::Function<SyncBatchNormFunction>
{
    static torch::Tensor forward(AutogradContext *ctx, torch::Tensor x, torch::Tensor weight,
                                 torch::Tensor bias, torch::Tensor runningMean,
                                 torch::Tensor runningVar, double momentum, double eps,
                                 int64_t syncAddress)
    {
        auto *sync = reinterpret_cast<BatchNormSync *>(syncAddress);
        const auto xf = x.to(torch::kFloat32);
        const int64_t c = xf.size(1);
        const std::vector<int64_t> dims{0, 2, 3};
        const double n = double(xf.numel() / std::max<int64_t>(1, c));
        const auto localMean = xf.mean(dims);
        const auto m2 = (xf - localMean.view({1, c, 1, 1})).square().sum(dims);
        // Chan et al.: per rank its count, sum and sum of squared deviations from its own mean
        // (stable in float); combined in double, where N * mean^2 cancels without loss.
        const auto mean64 = localMean.to(torch::kFloat64);
        auto stats = torch::cat({mean64 * n, m2.to(torch::kFloat64), mean64.square() * n,
                                 torch::full({1}, n, mean64.options())});
        sync->allReduceSum(stats);
        const double total = stats[3 * c].item<double>();
        const auto mean64g = stats.slice(0, 0, c) / total;
        const auto var64 =
            ((stats.slice(0, c, 2 * c) + stats.slice(0, 2 * c, 3 * c)) / total - mean64g.square())
                .clamp_min(0);
        const auto mean = mean64g.to(torch::kFloat32);
        const auto var = var64.to(torch::kFloat32);
        const auto invstd = (var64 + eps).rsqrt().to(torch::kFloat32);
        {
            torch::NoGradGuard noGrad;
            runningMean.mul_(1 - momentum).add_(mean * momentum);
            runningVar.mul_(1 - momentum).add_(var * (total / std::max(1.0, total - 1)) * momentum);
        }
        const auto xhat = (xf - mean.view({1, c, 1, 1})) * invstd.view({1, c, 1, 1});
        ctx->save_for_backward({xhat, invstd, weight});
        ctx->saved_data["total"] = total;
        ctx->saved_data["sync"] = syncAddress;
        ctx->saved_data["half"] = x.scalar_type() != torch::kFloat32;
        auto y = xhat * weight.view({1, c, 1, 1}) + bias.view({1, c, 1, 1});
        return x.scalar_type() == torch::kFloat32 ? y : y.to(x.scalar_type());
    }

    static variable_list backward(AutogradContext *ctx, variable_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &xhat = saved[0], &invstd = saved[1], &weight = saved[2];
        auto *sync = reinterpret_cast<BatchNormSync *>(ctx->saved_data["sync"].toInt());
        const double total = ctx->saved_data["total"].toDouble();
        const auto gy = gradOutputs[0].to(torch::kFloat32);
        const int64_t c = xhat.size(1);
        const std::vector<int64_t> dims{0, 2, 3};
        const auto sumDy = gy.sum(dims);
        const auto sumDyXhat = (gy * xhat).sum(dims);
        auto sums = torch::cat({sumDy, sumDyXhat});
        sync->allReduceSum(sums);
        const auto meanDy = (sums.slice(0, 0, c) / total).view({1, c, 1, 1});
        const auto meanDyXhat = (sums.slice(0, c, 2 * c) / total).view({1, c, 1, 1});
        auto gx = (gy - meanDy - xhat * meanDyXhat) * (invstd * weight).view({1, c, 1, 1});
        if (ctx->saved_data["half"].toBool())
            gx = gx.to(gradOutputs[0].scalar_type());
        return {gx,
                sumDyXhat,
                sumDy,
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor()};
    }
};

} // namespace

void setBatchNormSync(BatchNormSync *sync) { tSync = sync; }

torch::Tensor batchNorm(torch::nn::BatchNorm2dImpl &bn, const torch::Tensor &x)
{
    if (!tSync || !bn.is_training() || !bn.options.affine() || !bn.options.track_running_stats())
        return bn.forward(x);
    {
        torch::NoGradGuard noGrad;
        bn.num_batches_tracked += 1;
    }
    const bool channelsLast =
        x.dim() == 4 && !x.is_contiguous() && x.is_contiguous(at::MemoryFormat::ChannelsLast);
    auto y = SyncBatchNormFunction::apply(
        channelsLast ? x.contiguous() : x, bn.weight, bn.bias, bn.running_mean, bn.running_var,
        bn.options.momentum().value(), bn.options.eps(), reinterpret_cast<int64_t>(tSync));
    return channelsLast ? y.contiguous(at::MemoryFormat::ChannelsLast) : y;
}

} // namespace photocat::core
