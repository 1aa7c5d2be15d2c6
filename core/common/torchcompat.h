#pragma once

// What differs between the LibTorch lines photocat builds against (Debian's 1.13, official
// 2.x), in one place. Checked against 2.x's sources and found unchanged for photocat's calls:
// c10d's TCPStore, ProcessGroupGloo/NCCL and their options (new parameters have defaults),
// autograd Functions, the optimizers' options and per-parameter state types, the CPU
// generator's state, PyTorchStreamWriter. The build refuses a pre-C++11-ABI LibTorch
// (CMakeLists.txt) and takes gloo's headers from a 2.x LibTorch itself (core/CMakeLists.txt).
// tests/check_libtorch_api.py compiles every LibTorch-using source against another LibTorch's
// headers (run against 2.3.0 and 2.7.1).
#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <sstream>
#include <string>
#include <type_traits>

namespace photocat::core {

// Mixed precision: 1.13 and 2.0-2.3 name the switches per device (set_cpu_enabled /
// set_enabled), 2.4+ take the device type as an argument.

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

/** The optimizer state map's key for a parameter: LibTorch 1.x keys by the TensorImpl's
    address as text, 2.x by the address itself. */
template <typename Map>
typename Map::key_type optimizerStateKey(const Map &, const torch::Tensor &p)
{
    using Key = typename Map::key_type;
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream s;
        s << p.unsafeGetTensorImpl();
        return s.str();
    } else {
        return reinterpret_cast<Key>(p.unsafeGetTensorImpl());
    }
}

} // namespace photocat::core
