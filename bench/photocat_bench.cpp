// photocat-bench: photocat's side of bench/run for the data pipeline and inference.
//   photocat-bench loader DIR [--size 224] [--channels 3] [--batch 64] [--batches 40] [--workers 2]
//   [--augment rrc|pad|none] photocat-bench infer CHECKPOINT IMAGE... [--repeat 50] [--batch 32]
//   [--threads N] photocat-bench probe-head [--n 60000] [--dim 512] [--classes 10] [--epochs 30]
//   photocat-bench idle-team [--rounds 4] [--steps 40] [--photos 100] [--threads 2]
#include "common/passingthread.h"
#include "data/imageloader.h"
#include "data/imageprobe.h"
#include "data/sourcescan.h"
#include "inference/predictor.h"
#include "models/classifier.h"
#include "training/linearprobe.h"
#include "training/trainer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

using namespace photocat::core;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

void benchLoader(const std::string &dir, LoaderOptions o, int batches)
{
    ImportOptions io;
    io.source = dir;
    auto scan = scanSource(io);
    std::map<std::string, int> ids;
    std::vector<Sample> samples;
    for (const auto &c : scan.candidates) {
        const auto probe = probeImage(c.path);
        if (!probe.ok)
            continue;
        const int id = ids.emplace(c.label, int(ids.size())).first->second;
        samples.push_back({c.path, id, 0, probe.header.width, probe.header.height});
    }
    ImageLoader loader(samples, o);
    loader.startEpoch(0);
    Batch b;
    size_t images = 0;
    Clock::time_point start;
    for (int i = 0; i < batches && loader.next(b); ++i) {
        if (i == 2)
            start = Clock::now(), images = 0; // skip the queue's first fill
        images += size_t(b.n);
    }
    std::cout << nlohmann::json{{"images_per_second", double(images) / since(start)}}.dump()
              << '\n';
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

/** The machine's stolen time so far (hypervisor), in clock ticks: /proc/stat's 8th cpu field. */
long stealTicks()
{
    std::ifstream f("/proc/stat");
    std::string cpu;
    long v[8] = {};
    f >> cpu;
    for (auto &x : v)
        f >> x;
    return v[7];
}

/** What happened to the process during one single-photo call. */
struct CallRecord
{
    double ms = 0;
    long preempted = 0; ///< involuntary context switches (another thread took our CPU)
    long faults = 0;    ///< minor page faults (first touch of fresh memory)
    long steal = 0;     ///< ticks the hypervisor gave the machine's CPUs to someone else
};

/** The mean attribution of calls [from, to) of records sorted by time. */
nlohmann::json attribution(const std::vector<CallRecord> &r, size_t from, size_t to)
{
    double preempted = 0, anyPreempted = 0, faults = 0, steal = 0;
    for (size_t i = from; i < to; ++i) {
        preempted += double(r[i].preempted);
        anyPreempted += r[i].preempted > 0;
        faults += double(r[i].faults);
        steal += double(r[i].steal);
    }
    const double n = double(std::max<size_t>(1, to - from));
    return {{"ms_from", r[from].ms},
            {"ms_to", r[to - 1].ms},
            {"preemptions_per_call", preempted / n},
            {"calls_preempted_percent", 100 * anyPreempted / n},
            {"page_faults_per_call", faults / n},
            {"steal_ticks_per_call", steal / n}};
}

void benchInfer(const std::string &checkpoint, const std::vector<std::string> &images, int repeat,
                int batchSize, int threads, const std::string &device, int rounds,
                const std::string &precision)
{
    Predictor predictor(checkpoint, device);
    predictor.setPrecision(precision);
    configureRuntime(threads);               // after the predictor's own default
    predictor.probabilities(images.front()); // warm up
    std::vector<double> ms;
    std::vector<CallRecord> records;
    for (int i = 0; i < repeat; ++i) {
        rusage before, after;
        getrusage(RUSAGE_SELF, &before);
        const long steal = stealTicks();
        const auto t = Clock::now();
        predictor.probabilities(images[size_t(i) % images.size()]);
        ms.push_back(since(t) * 1000);
        getrusage(RUSAGE_SELF, &after);
        records.push_back({ms.back(), after.ru_nivcsw - before.ru_nivcsw,
                           after.ru_minflt - before.ru_minflt, stealTicks() - steal});
    }
    // Where the slow calls come from: the fastest half against the slowest 5% and 1%.
    std::sort(records.begin(), records.end(),
              [](const CallRecord &a, const CallRecord &b) { return a.ms < b.ms; });
    const size_t n = records.size();
    const nlohmann::json tail = {
        {"fastest_half", attribution(records, 0, n / 2)},
        {"slowest_5_percent", attribution(records, n - std::max<size_t>(1, n / 20), n)},
        {"slowest_1_percent", attribution(records, n - std::max<size_t>(1, n / 100), n)}};
    const auto &pre = predictor.preprocessing();
    Batch b;
    b.n = batchSize;
    b.channels = pre.channels;
    b.height = b.width = pre.size;
    std::vector<float> one;
    for (int i = 0; i < batchSize; ++i) {
        ImageLoader::loadOne(images[size_t(i) % images.size()], pre, one);
        b.pixels.insert(b.pixels.end(), one.begin(), one.end());
    }
    predictor.logits(b);
    const auto t = Clock::now();
    for (int i = 0; i < rounds; ++i)
        predictor.logits(b);
    const double ips = double(rounds * batchSize) / since(t);
    std::cout << nlohmann::json{{"latency_ms_p50", percentile(ms, 0.5)},
                                {"latency_ms_p95", percentile(ms, 0.95)},
                                {"latency_ms_p99", percentile(ms, 0.99)},
                                {"batch_images_per_second", ips},
                                {"device", deviceDescription()},
                                {"on_gpu", predictor.onGpu()},
                                {"precision", predictor.precision()},
                                {"latency_tail", tail}}
                     .dump()
              << '\n';
}

/** The linear probe's head training alone, on random features of the given shape. */
void benchProbeHead(int64_t n, int64_t dim, int classes, int epochs, int threads, int batch)
{
    std::vector<float> features(static_cast<size_t>(n * dim));
    std::vector<int64_t> labels(static_cast<size_t>(n));
    uint64_t state = 12345;
    for (auto &f : features) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        f = float(state >> 40) / float(1 << 24);
    }
    for (size_t i = 0; i < labels.size(); ++i)
        labels[i] = int64_t(i % size_t(classes));
    ProbeRequest r;
    r.epochs = epochs;
    r.threads = threads;
    r.batchSize = batch;
    const auto start = Clock::now();
    const auto losses = trainLinearHead(features, labels, dim, classes, r);
    nlohmann::json j = {{"images", n},
                        {"dim", dim},
                        {"epochs", epochs},
                        {"seconds", since(start)},
                        {"final_loss", losses.back()}};
    std::cout << j.dump() << '\n';
}

/** A thread that runs one parallel region (leaving its OpenMP team) and then idles until the
    object goes: a QThreadPool thread after a torch job, the desktop's old training thread. */
class IdleTeam
{
public:
    IdleTeam()
    {
        mThread = std::thread([this] {
            (torch::ones({256, 256, 64}) * 2).sum().item<float>(); // a parallel region
            std::unique_lock lock(mMutex);
            mReady = true;
            mChanged.notify_all();
            mChanged.wait(lock, [this] { return mDone; });
        });
        std::unique_lock lock(mMutex);
        mChanged.wait(lock, [this] { return mReady; });
    }
    ~IdleTeam()
    {
        {
            std::lock_guard lock(mMutex);
            mDone = true;
        }
        mChanged.notify_all();
        mThread.join();
    }

private:
    std::thread mThread;
    std::mutex mMutex;
    std::condition_variable mChanged;
    bool mReady = false, mDone = false;
};

/**
 * What an idle OpenMP team elsewhere in the process costs (the desktop's background jobs):
 * resnet-small width 16 training steps on 28x28 batches of 128, and resnet18 single-photo
 * forward passes at 224, each on a fresh thread (as the desktop's runs are), alone and with an
 * idle team left by another thread, alternated over rounds. Prints medians per round.
 */
void benchIdleTeam(int rounds, int steps, int photos, int threads)
{
    configureRuntime(threads);
    auto trainStep = [steps] {
        ModelConfig c;
        c.inChannels = 1;
        c.width = 16;
        auto model = createModel(c);
        torch::optim::SGD opt(model->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
        const auto x = torch::randn({128, 1, 28, 28});
        const auto y = torch::randint(0, 10, {128});
        std::vector<double> ms;
        for (int i = 0; i < steps + 3; ++i) {
            const auto t = Clock::now();
            opt.zero_grad();
            torch::nn::functional::cross_entropy(model->forward(x), y).backward();
            opt.step();
            if (i >= 3) // warm-up
                ms.push_back(since(t) * 1000);
        }
        return ms;
    };
    ModelConfig big;
    big.name = "resnet18";
    auto resnet18 = createModel(big);
    resnet18->eval();
    auto predict = [&resnet18, photos] {
        torch::NoGradGuard noGrad;
        const auto x = torch::randn({1, 3, 224, 224}).contiguous(at::MemoryFormat::ChannelsLast);
        std::vector<double> ms;
        for (int i = 0; i < photos + 3; ++i) {
            const auto t = Clock::now();
            resnet18->forward(x);
            if (i >= 3)
                ms.push_back(since(t) * 1000);
        }
        return ms;
    };
    auto median = [](std::vector<double> v) { return percentile(v, 0.5); };
    nlohmann::json out = nlohmann::json::array();
    for (int r = 0; r < rounds; ++r) {
        for (const bool idle : {false, true}) {
            std::unique_ptr<IdleTeam> team;
            if (idle)
                team = std::make_unique<IdleTeam>();
            const double step = median(onPassingThread(trainStep));
            const double photo = median(onPassingThread(predict));
            out.push_back({{"round", r + 1},
                           {"idle_team", idle},
                           {"train_step_ms", step},
                           {"resnet18_224_photo_ms", photo}});
        }
    }
    std::cout << out.dump() << '\n';
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"photocat-bench: photocat's side of bench/run"};
    app.require_subcommand(1);
    std::string dir, checkpoint, augment = "none";
    std::vector<std::string> images;
    LoaderOptions lo;
    lo.preprocessing.size = 224;
    int batches = 40, repeat = 50, batchSize = 32, threads = 0;
    auto *loader = app.add_subcommand("loader", "Decode + augment throughput");
    loader->add_option("dir", dir)->required();
    loader->add_option("--size", lo.preprocessing.size);
    loader->add_option("--resize", lo.preprocessing.resize);
    loader->add_option("--batch", lo.batchSize);
    loader->add_option("--batches", batches);
    loader->add_option("--workers", lo.workers);
    loader->add_option("--augment", augment);
    bool gray = false;
    loader->add_flag("--gray", gray);
    auto *infer = app.add_subcommand("infer", "Single-image latency and batch throughput");
    infer->add_option("checkpoint", checkpoint)->required();
    infer->add_option("images", images)->required();
    infer->add_option("--repeat", repeat);
    infer->add_option("--batch", batchSize);
    infer->add_option("--threads", threads);
    std::string device = "cpu";
    int rounds = 5;
    infer->add_option("--device", device, "cpu, cuda or auto");
    infer->add_option("--rounds", rounds, "Batches timed for the throughput");
    std::string precision = "fp32";
    infer->add_option("--precision", precision, "fp32, bf16 or auto");
    int64_t probeN = 60000, probeDim = 512;
    int probeClasses = 10, probeEpochs = 30;
    auto *probe = app.add_subcommand("probe-head", "Linear-probe head training on cached features");
    probe->add_option("--n", probeN);
    probe->add_option("--dim", probeDim);
    probe->add_option("--classes", probeClasses);
    probe->add_option("--epochs", probeEpochs);
    int probeBatch = 256;
    probe->add_option("--threads", threads);
    probe->add_option("--batch", probeBatch);
    int teamRounds = 4, teamSteps = 40, teamPhotos = 100;
    auto *team = app.add_subcommand("idle-team", "What an idle OpenMP team elsewhere costs");
    team->add_option("--rounds", teamRounds);
    team->add_option("--steps", teamSteps);
    team->add_option("--photos", teamPhotos);
    team->add_option("--threads", threads);
    CLI11_PARSE(app, argc, argv);
    try {
        if (*loader) {
            if (gray) {
                lo.preprocessing.channels = 1;
                lo.preprocessing.mean = {0.5f};
                lo.preprocessing.std = {0.25f};
            }
            lo.train = augment != "none";
            lo.augmentation.crop = augment;
            benchLoader(dir, lo, batches);
        } else if (*team) {
            benchIdleTeam(teamRounds, teamSteps, teamPhotos, threads);
        } else if (*probe) {
            benchProbeHead(probeN, probeDim, probeClasses, probeEpochs, threads, probeBatch);
        } else {
            benchInfer(checkpoint, images, repeat, batchSize, threads, device, rounds, precision);
        }
    } catch (const std::exception &e) {
        std::cerr << "photocat-bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
