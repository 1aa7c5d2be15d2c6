// photocat-bench: photocat's side of bench/run for the data pipeline and inference.
//   photocat-bench loader DIR [--size 224] [--channels 3] [--batch 64] [--batches 40] [--workers 2] [--augment rrc|pad|none]
//   photocat-bench infer CHECKPOINT IMAGE... [--repeat 50] [--batch 32] [--threads N]
#include "data/imageloader.h"
#include "data/imageprobe.h"
#include "data/sourcescan.h"
#include "inference/predictor.h"
#include "training/trainer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>

using namespace photocat::core;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
            start = Clock::now(), images = 0;   // skip the queue's first fill
        images += size_t(b.n);
    }
    std::cout << nlohmann::json{{"images_per_second", double(images) / since(start)}}.dump() << '\n';
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

void benchInfer(const std::string &checkpoint, const std::vector<std::string> &images, int repeat,
                int batchSize)
{
    Predictor predictor(checkpoint, "cpu");
    predictor.probabilities(images.front());   // warm up
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i) {
        const auto t = Clock::now();
        predictor.probabilities(images[size_t(i) % images.size()]);
        ms.push_back(since(t) * 1000);
    }
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
    const int rounds = 5;
    const auto t = Clock::now();
    for (int i = 0; i < rounds; ++i)
        predictor.logits(b);
    const double ips = double(rounds * batchSize) / since(t);
    std::cout << nlohmann::json{{"latency_ms_p50", percentile(ms, 0.5)},
                                {"latency_ms_p95", percentile(ms, 0.95)},
                                {"batch_images_per_second", ips}}
                     .dump()
              << '\n';
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
        } else {
            configureRuntime(threads);
            benchInfer(checkpoint, images, repeat, batchSize);
        }
    } catch (const std::exception &e) {
        std::cerr << "photocat-bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
