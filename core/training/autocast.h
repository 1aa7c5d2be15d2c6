#pragma once

// Mixed precision across LibTorch versions: 1.13 and 2.0-2.3 name the switches per device
// (set_cpu_enabled / set_enabled), 2.4+ take the device type as an argument.
#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

namespace photocat::core {

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define PHOTOCAT_AUTOCAST_DEVICE_API 1
#endif

/** bf16 autocast for the scope's lifetime on the given device; a no-op when off. */
class AutocastScope
{
public:
    AutocastScope(bool enabled, const torch::Device &device)
        : mEnabled(enabled), mCuda(device.is_cuda())
    {
        if (!mEnabled)
            return;
#ifdef PHOTOCAT_AUTOCAST_DEVICE_API
        const auto type = mCuda ? at::kCUDA : at::kCPU;
        at::autocast::set_autocast_dtype(type, at::kBFloat16);
        at::autocast::set_autocast_enabled(type, true);
#else
        if (mCuda) {
            at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
            at::autocast::set_enabled(true);
        } else {
            at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
            at::autocast::set_cpu_enabled(true);
        }
#endif
    }
    ~AutocastScope()
    {
        if (!mEnabled)
            return;
#ifdef PHOTOCAT_AUTOCAST_DEVICE_API
        at::autocast::set_autocast_enabled(mCuda ? at::kCUDA : at::kCPU, false);
#else
        if (mCuda)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
#endif
        at::autocast::clear_cache();
    }
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

private:
    bool mEnabled;
    bool mCuda;
};

} // namespace photocat::core
