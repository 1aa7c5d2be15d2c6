#include "training/distributed.h"

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#ifdef PHOTOCAT_HAVE_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef PHOTOCAT_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace photocat::core {

#ifdef PHOTOCAT_HAVE_C10D

bool distributedAvailable() { return true; }

namespace {

std::string messageOf(const std::exception &e)
{
    if (const auto *c = dynamic_cast<const c10::Error *>(&e))
        return c->what_without_backtrace();
    return e.what();
}

bool isLoopback(const std::string &host)
{
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

} // namespace

struct DistGroup::Impl
{
    int rank = 0, size = 1;
    std::string backend;
    int timeoutSeconds = 600;
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#ifdef PHOTOCAT_HAVE_NCCL
    c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif

    [[noreturn]] void fail(const std::string &what, const std::exception &e) const
    {
        throw std::runtime_error("rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                 ": " + what + " failed (" + messageOf(e) +
                                 "): another rank ended or did not answer within " +
                                 std::to_string(timeoutSeconds) + " s (--dist-timeout)");
    }

    c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor> &tensors)
    {
#ifdef PHOTOCAT_HAVE_NCCL
        if (nccl)
            return nccl->allreduce(tensors);
#endif
        return gloo->allreduce(tensors);
    }

    c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor> &tensors)
    {
        c10d::BroadcastOptions options;
        options.rootRank = 0;
#ifdef PHOTOCAT_HAVE_NCCL
        if (nccl)
            return nccl->broadcast(tensors, options);
#endif
        return gloo->broadcast(tensors, options);
    }

    void wait(const c10::intrusive_ptr<c10d::Work> &work, const std::string &what)
    {
        try {
            work->wait();
        } catch (const std::exception &e) {
            fail(what, e);
        }
    }
};

DistGroup::DistGroup(const DistSettings &settings, torch::Device device)
    : d(std::make_unique<Impl>())
{
    const DistEnv &env = settings.env;
    d->rank = env.rank;
    d->size = env.worldSize;
    d->timeoutSeconds = settings.timeoutSeconds;
    d->backend =
        settings.backend == "auto" ? (device.is_cuda() ? "nccl" : "gloo") : settings.backend;
#ifndef PHOTOCAT_HAVE_NCCL
    if (d->backend == "nccl" && settings.backend == "auto")
        d->backend = "gloo"; // Gloo all-reduces CUDA tensors too, through host memory
#endif
    if (d->backend == "nccl" && !device.is_cuda())
        throw std::runtime_error("--dist-backend nccl needs --device cuda");
#ifndef PHOTOCAT_HAVE_NCCL
    if (d->backend == "nccl")
        throw std::runtime_error("this build has no NCCL backend (build against a CUDA LibTorch "
                                 "with -DPHOTOCAT_NCCL=ON); use --dist-backend gloo");
#endif
    const std::chrono::milliseconds timeout(int64_t(settings.timeoutSeconds) * 1000);
    try {
        c10d::TCPStoreOptions options;
        options.port = uint16_t(env.masterPort);
        options.isServer = env.rank == 0;
        options.numWorkers = size_t(env.worldSize);
        options.waitWorkers = true;
        options.timeout = timeout;
        d->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, options);
    } catch (const std::exception &e) {
        throw std::runtime_error("rank " + std::to_string(env.rank) +
                                 ": no rendezvous with the other ranks at " + env.masterAddr + ":" +
                                 std::to_string(env.masterPort) + " within " +
                                 std::to_string(settings.timeoutSeconds) + " s: " + messageOf(e));
    }
    try {
        if (d->backend == "nccl") {
#ifdef PHOTOCAT_HAVE_NCCL
            // Without these, a timed-out NCCL collective would never end the process.
            setenv("NCCL_BLOCKING_WAIT", "1", 0);
            setenv("NCCL_ASYNC_ERROR_HANDLING", "1", 0);
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeout;
            d->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(d->store, env.rank, env.worldSize,
                                                                  options);
#endif
        } else {
            auto options = c10d::ProcessGroupGloo::Options::create(timeout);
            if (const char *ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
                options->devices.push_back(
                    c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
            else if (isLoopback(env.masterAddr))
                options->devices.push_back(
                    c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
            else
                options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            options->threads = 2;
            d->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(d->store, env.rank, env.worldSize,
                                                                  options);
        }
    } catch (const std::exception &e) {
        d->fail("joining the " + d->backend + " process group", e);
    }
}

DistGroup::~DistGroup() = default;

int DistGroup::rank() const { return d->rank; }
int DistGroup::size() const { return d->size; }
const std::string &DistGroup::backend() const { return d->backend; }

void DistGroup::broadcast(std::vector<torch::Tensor> tensors)
{
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    std::vector<std::vector<at::Tensor>> lists;
    lists.reserve(tensors.size());
    for (auto &t : tensors) {
        lists.push_back({t});
        works.push_back(d->broadcast(lists.back()));
    }
    for (const auto &w : works)
        d->wait(w, "broadcasting rank 0's weights");
}

void DistGroup::allReduceSum(torch::Tensor &t)
{
    std::vector<at::Tensor> list{t};
    d->wait(d->allreduce(list), "an all-reduce");
}

std::vector<double> DistGroup::allReduceSum(const std::vector<double> &values)
{
    auto t = torch::tensor(values, torch::kFloat64);
    std::vector<at::Tensor> list{t};
    d->wait(d->allreduce(list), "summing counters over the ranks");
    return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

struct GradientReducer::Impl
{
    struct Bucket
    {
        std::vector<size_t> params;
        torch::Tensor flat;
        size_t pending = 0;
        c10::intrusive_ptr<c10d::Work> work;
    };
    DistGroup &group;
    std::vector<torch::Tensor> params;
    std::vector<std::pair<size_t, int64_t>> where; ///< bucket and offset of each parameter
    std::vector<Bucket> buckets;
    std::vector<char> arrived;
    size_t nextLaunch = 0;
    bool armed = false;
    std::mutex mutex;
    std::vector<unsigned> hooks;

    Impl(DistGroup &g, std::vector<torch::Tensor> p) : group(g), params(std::move(p)) {}

    void launchReady()
    {
        while (nextLaunch < buckets.size() && buckets[nextLaunch].pending == 0) {
            auto &b = buckets[nextLaunch++];
            std::vector<at::Tensor> list{b.flat};
            b.work = group.d->allreduce(list);
        }
    }

    void onGradient(size_t i, const torch::Tensor &grad)
    {
        std::lock_guard lock(mutex);
        if (!armed || arrived[i])
            return;
        const auto [bucket, offset] = where[i];
        auto &b = buckets[bucket];
        b.flat.narrow(0, offset, grad.numel()).copy_(grad.reshape({-1}));
        arrived[i] = 1;
        --b.pending;
        launchReady();
    }
};

GradientReducer::GradientReducer(DistGroup &group, std::vector<torch::Tensor> params,
                                 size_t bucketBytes)
    : d(std::make_unique<Impl>(group, std::move(params)))
{
    auto &s = *d;
    s.where.resize(s.params.size());
    s.arrived.assign(s.params.size(), 0);
    // Backward produces the last layers' gradients first: fill buckets from the end.
    size_t bytes = bucketBytes;
    std::vector<int64_t> sizes;
    for (size_t k = s.params.size(); k-- > 0;) {
        const auto &p = s.params[k];
        const size_t pBytes = size_t(p.numel()) * p.element_size();
        if (s.buckets.empty() || bytes + pBytes > bucketBytes) {
            s.buckets.emplace_back();
            sizes.push_back(0);
            bytes = 0;
        }
        s.buckets.back().params.push_back(k);
        s.where[k] = {s.buckets.size() - 1, sizes.back()};
        sizes.back() += p.numel();
        bytes += pBytes;
    }
    for (size_t b = 0; b < s.buckets.size(); ++b) {
        const auto &first = s.params[s.buckets[b].params.front()];
        s.buckets[b].flat = torch::zeros({sizes[b]}, first.options().requires_grad(false));
    }
    try {
        for (size_t k = 0; k < s.params.size(); ++k)
            s.hooks.push_back(s.params[k].register_hook(
                [impl = d.get(), k](const torch::Tensor &grad) { impl->onGradient(k, grad); }));
    } catch (...) {
        for (size_t k = 0; k < s.hooks.size(); ++k)
            s.params[k].remove_hook(s.hooks[k]);
        throw;
    }
}

GradientReducer::~GradientReducer()
{
    for (size_t k = 0; k < d->params.size(); ++k)
        d->params[k].remove_hook(d->hooks[k]);
}

size_t GradientReducer::bucketCount() const { return d->buckets.size(); }

void GradientReducer::prepare()
{
    std::lock_guard lock(d->mutex);
    for (auto &b : d->buckets) {
        b.flat.zero_();
        b.pending = b.params.size();
        b.work.reset();
    }
    std::fill(d->arrived.begin(), d->arrived.end(), 0);
    d->nextLaunch = 0;
    d->armed = true;
}

void GradientReducer::finish()
{
    std::lock_guard lock(d->mutex);
    d->armed = false;
    // Parameters that got no gradient this step (an empty batch) contribute zeros.
    for (auto &b : d->buckets)
        b.pending = 0;
    d->launchReady();
    const double world = double(d->group.size());
    for (auto &b : d->buckets) {
        d->group.d->wait(b.work, "averaging gradients");
        b.flat.div_(world);
        for (size_t k : b.params) {
            auto &p = d->params[k];
            const auto avg = b.flat.narrow(0, d->where[k].second, p.numel()).view_as(p);
            if (p.grad().defined())
                p.mutable_grad().copy_(avg);
            else
                p.mutable_grad() = avg.clone();
        }
    }
}

#else // no c10d in this build

bool distributedAvailable() { return false; }

struct DistGroup::Impl
{};

DistGroup::DistGroup(const DistSettings &, torch::Device)
{
    throw std::runtime_error("this build of photocat has no torch.distributed (c10d) support: "
                             "install libgloo-dev and rebuild");
}
DistGroup::~DistGroup() = default;
int DistGroup::rank() const { return 0; }
int DistGroup::size() const { return 1; }
const std::string &DistGroup::backend() const
{
    static const std::string none;
    return none;
}
void DistGroup::broadcast(std::vector<torch::Tensor>) {}
void DistGroup::allReduceSum(torch::Tensor &) {}
std::vector<double> DistGroup::allReduceSum(const std::vector<double> &v) { return v; }

struct GradientReducer::Impl
{};
GradientReducer::GradientReducer(DistGroup &, std::vector<torch::Tensor>, size_t) {}
GradientReducer::~GradientReducer() = default;
size_t GradientReducer::bucketCount() const { return 0; }
void GradientReducer::prepare() {}
void GradientReducer::finish() {}

#endif

} // namespace photocat::core
