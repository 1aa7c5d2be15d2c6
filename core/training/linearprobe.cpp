#include "training/linearprobe.h"

#include "data/imageloader.h"
#include "evaluation/metrics.h"
#include "io/checkpoint.h"
#include "io/weights.h"
#include "training/featurecache.h"
#include "training/options.h"
#include "training/workspacetraining.h"

#include <dlfcn.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string cacheKey(const std::string &weights, const ModelConfig &m, const Preprocessing &p)
{
    const nlohmann::json settings = {{"model", toJson(m)}, {"preprocessing", toJson(p)}};
    return featureCacheKey(weights, settings.dump());
}

struct Split3
{
    std::vector<Sample> train, val, test;
};

/** Runs the backbone over the images the table lacks. Returns false when stopped. */
bool computeFeatures(Classifier &net, const Preprocessing &pre, const std::vector<Sample> &todo,
                     const std::unordered_map<int64_t, int64_t> &stampOf, int workers,
                     FeatureTable &table, const ProbeCallbacks &cb, const StopFlag *stop,
                     size_t *computed)
{
    LoaderOptions lo;
    lo.batchSize = 64;
    lo.workers = workers;
    lo.preprocessing = pre;
    ImageLoader loader(todo, lo);
    loader.startEpoch(0);
    Batch b;
    size_t done = 0;
    torch::NoGradGuard noGrad;
    while (loader.next(b)) {
        if (stopRequested(stop))
            return false;
        if (b.n > 0) {
            auto x = torch::from_blob(b.pixels.data(), {b.n, b.channels, b.height, b.width});
            const auto f = net->features(x).contiguous();
            for (int i = 0; i < b.n; ++i) {
                const int64_t id = b.imageIds[size_t(i)];
                const auto stamp = stampOf.find(id);
                table.add(id, f.data_ptr<float>() + i * table.dim,
                          stamp == stampOf.end() ? 0 : stamp->second);
            }
            *computed += size_t(b.n);
        }
        done += size_t(b.n) + b.failed.size();
        if (cb.onProgress)
            cb.onProgress({"features", done, todo.size()});
    }
    return true;
}

torch::Tensor stack(const FeatureTable &t, const std::vector<Sample> &samples,
                    torch::Tensor &labels)
{
    std::vector<float> x;
    std::vector<int64_t> y;
    for (const auto &s : samples)
        if (const float *row = t.row(s.imageId)) {
            x.insert(x.end(), row, row + t.dim);
            y.push_back(s.label);
        }
    labels = torch::tensor(y, torch::kLong);
    return torch::from_blob(x.data(), {int64_t(y.size()), t.dim}).clone();
}

/**
 * OpenBLAS's threads make the head's skinny matrix products (n x dim times dim x classes)
 * several times slower on this machine (measured: 0.20 s vs 0.06 s per 60K x 512 epoch), so the
 * head trains with one BLAS thread; LibTorch's own threads are left as they are. A no-op when
 * the BLAS is not OpenBLAS.
 */
class SingleBlasThread
{
public:
    SingleBlasThread()
    {
        mSet = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        if (mSet && get) {
            mPrevious = get();
            mSet(1);
        }
    }
    ~SingleBlasThread()
    {
        if (mSet && mPrevious > 0)
            mSet(mPrevious);
    }

private:
    void (*mSet)(int) = nullptr;
    int mPrevious = 0;
};

struct HeadFit
{
    torch::nn::Linear head{nullptr};
    std::vector<EpochMetrics> history;
    double bestAccuracy = -1;
    int bestEpoch = 0;
    bool stopped = false;
};

HeadFit fitHead(const torch::Tensor &x, const torch::Tensor &y, const torch::Tensor *xv,
                const torch::Tensor *yv, int classes, const ProbeRequest &r,
                const ProbeCallbacks &cb, const StopFlag *stop)
{
    torch::manual_seed(r.seed);
    SingleBlasThread blas;
    HeadFit fit;
    fit.head = torch::nn::Linear(x.size(1), classes);
    torch::nn::Linear best = torch::nn::Linear(x.size(1), classes);
    torch::optim::AdamW optimizer(
        fit.head->parameters(),
        torch::optim::AdamWOptions(r.learningRate).weight_decay(r.weightDecay));
    const int64_t n = x.size(0);
    const auto options =
        torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(r.labelSmoothing);
    for (int epoch = 0; epoch < r.epochs; ++epoch) {
        if (stopRequested(stop)) {
            fit.stopped = true;
            break;
        }
        const auto start = Clock::now();
        // Cosine decay over the epochs, as the image trainer does.
        const double lr =
            r.learningRate * 0.5 * (1 + std::cos(3.14159265358979 * epoch / r.epochs));
        static_cast<torch::optim::AdamWOptions &>(optimizer.param_groups()[0].options()).lr(lr);
        // Per-step overhead, not arithmetic, bounds this loop, so a step does only what the
        // update needs; the epoch's train metrics come from one pass at its end.
        const auto order = torch::randperm(n, torch::kLong);
        for (int64_t i = 0; i < n; i += r.batchSize) {
            const auto idx = order.slice(0, i, std::min(n, i + r.batchSize));
            auto loss = torch::nn::functional::cross_entropy(fit.head(x.index_select(0, idx)),
                                                             y.index_select(0, idx), options);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        double lossTotal = 0;
        int64_t right = 0;
        {
            torch::NoGradGuard noGrad;
            const auto logits = fit.head(x);
            lossTotal =
                torch::nn::functional::cross_entropy(logits, y, options).item<double>() * double(n);
            right = logits.argmax(1).eq(y).sum().item<int64_t>();
        }
        EpochMetrics m;
        m.epoch = epoch + 1;
        m.trainLoss = lossTotal / double(std::max<int64_t>(1, n));
        m.trainAccuracy = double(right) / double(std::max<int64_t>(1, n));
        m.learningRate = lr;
        {
            torch::NoGradGuard noGrad;
            if (xv && xv->size(0) > 0) {
                const auto logits = fit.head(*xv);
                m.valLoss = torch::nn::functional::cross_entropy(logits, *yv).item<double>();
                m.valAccuracy = logits.argmax(1).eq(*yv).to(torch::kDouble).mean().item<double>();
            } else {
                m.valLoss = m.trainLoss;
                m.valAccuracy = m.trainAccuracy;
            }
            m.best = m.valAccuracy > fit.bestAccuracy;
            if (m.best) {
                fit.bestAccuracy = m.valAccuracy;
                fit.bestEpoch = m.epoch;
                best->weight.copy_(fit.head->weight);
                best->bias.copy_(fit.head->bias);
            }
        }
        m.seconds = since(start);
        m.imagesPerSecond = double(n) / std::max(1e-9, m.seconds);
        fit.history.push_back(m);
        if (cb.onEpoch)
            cb.onEpoch(m);
        if (cb.onProgress)
            cb.onProgress({"head", size_t(epoch + 1), size_t(r.epochs)});
    }
    if (fit.bestEpoch > 0)
        fit.head = best;
    return fit;
}

nlohmann::json checkpointMeta(const TrainOptions &o, const ModelConfig &model, const HeadFit &fit,
                              double temperature, double seconds)
{
    nlohmann::json h = nlohmann::json::array();
    for (const auto &m : fit.history)
        h.push_back(toJson(m));
    nlohmann::json j = {
        {"format", "photocat-checkpoint"},
        {"version", 1},
        {"model", toJson(model)},
        {"classes", o.classNames},
        {"preprocessing", toJson(o.preprocessing)},
        {"options", toJson(o)},
        {"progress",
         {{"epoch", int(fit.history.size())},
          {"batch", 0},
          {"step", 0},
          {"loss_sum", 0.0},
          {"correct", 0},
          {"seen", 0},
          {"data_wait", 0.0},
          {"train_seconds", seconds},
          {"skipped", 0}}},
        {"best", {{"accuracy", fit.bestAccuracy}, {"epoch", fit.bestEpoch}, {"since", 0}}},
        {"history", h},
        {"temperature", temperature},
        {"linear_probe", true}};
    if (o.displayNames.size() == o.classNames.size())
        j["display_names"] = o.displayNames;
    return j;
}

} // namespace

std::vector<double> trainLinearHead(const std::vector<float> &features,
                                    const std::vector<int64_t> &labels, int64_t dim, int classes,
                                    const ProbeRequest &request)
{
    configureRuntime(request.threads);
    const auto x =
        torch::from_blob(const_cast<float *>(features.data()), {int64_t(labels.size()), dim});
    const auto y = torch::from_blob(const_cast<int64_t *>(labels.data()), {int64_t(labels.size())},
                                    torch::kLong);
    const HeadFit fit = fitHead(x, y, nullptr, nullptr, classes, request, {}, nullptr);
    std::vector<double> losses;
    for (const auto &m : fit.history)
        losses.push_back(m.trainLoss);
    return losses;
}

LinearProbeResult runLinearProbe(Workspace &workspace, const ProbeRequest &r,
                                 const ProbeCallbacks &cb, const StopFlag *stop)
{
    if (r.weights.empty())
        throw std::invalid_argument("a linear probe needs a backbone weights file");
    if (r.epochs < 1 || r.batchSize < 1 || !(r.learningRate > 0))
        throw std::invalid_argument(
            "a linear probe needs epochs, batch size and learning rate above 0");
    auto log = [&cb](const std::string &line) {
        if (cb.onLog)
            cb.onLog(line);
    };
    configureRuntime(r.threads);
    WorkspaceTrainRequest wr;
    TrainOptions &o = wr.options;
    o.model = r.model;
    o.weights = r.weights;
    o.finetune = "probe";
    o.epochs = r.epochs;
    o.batchSize = r.batchSize;
    o.optimizer = "adamw";
    o.learningRate = r.learningRate;
    o.weightDecay = r.weightDecay;
    o.labelSmoothing = r.labelSmoothing;
    o.seed = r.seed;
    wr.inputSize = r.inputSize;
    wr.channels = r.channels;
    prepareOptions(workspace, wr, o);
    validate(o);
    const ModelConfig config{o.model, int(o.classNames.size()), o.preprocessing.channels, o.width};
    Classifier net = createModel(config);
    const WeightReport report = loadWeights(*net, readWeights(o.weights));
    log("weights " + o.weights + ": " + report.summary());
    net->eval();

    LinearProbeResult result;
    const auto featureStart = Clock::now();
    result.featureDim = net->featureDim();
    result.cacheFile = (fs::path(workspace.directory()) / "features" /
                        (cacheKey(o.weights, config, o.preprocessing) + ".f32"))
                           .string();
    FeatureTable table = loadFeatureTable(result.cacheFile, result.featureDim);
    Split3 splits{samplesOf(workspace, Split::Train), samplesOf(workspace, Split::Val),
                  samplesOf(workspace, Split::Test)};
    std::unordered_map<int64_t, int64_t> stampOf; // a photo changed since is computed again
    for (const auto &img : workspace.images())
        stampOf[img.id] = featureStamp(img.bytes, img.mtimeNs);
    std::vector<Sample> todo;
    for (const auto *split : {&splits.train, &splits.val, &splits.test})
        for (const auto &s : *split) {
            const auto stamp = stampOf.find(s.imageId);
            if (table.fresh(s.imageId, stamp == stampOf.end() ? 0 : stamp->second))
                ++result.cachedImages;
            else
                todo.push_back(s);
        }
    log(std::to_string(result.cachedImages) + " images' features cached, " +
        std::to_string(todo.size()) + " to compute");
    bool complete = true;
    if (!todo.empty()) {
        size_t computed = 0;
        complete = computeFeatures(net, o.preprocessing, todo, stampOf, r.workers, table, cb, stop,
                                   &computed);
        result.computedImages = computed;
        // Partial work is kept for the next run; a cache that cannot be written costs time.
        if (computed > 0) {
            try {
                saveFeatureTable(result.cacheFile, table);
            } catch (const std::exception &e) {
                log(std::string("the feature cache is not saved: ") + e.what());
            }
        }
    }
    // Only rows of the files as they are now: a replaced photo whose new file does not decode
    // keeps its old row in the cache, and must not train under its new label.
    table = table.current(stampOf);
    result.featureSeconds = since(featureStart);
    RunRecord run;
    run.name = r.runName.empty() ? o.model + " linear probe" : r.runName;
    run.model = o.model;
    run.paramsJson = toJson(o).dump();
    RunGuard guard(workspace, run); // however this ends, the run does not stay "running"
    result.runId = guard.id();
    if (!complete) {
        result.status = RunStatus::Cancelled;
        guard.finish(result.status, 0, "");
        return result;
    }

    const auto headStart = Clock::now();
    torch::Tensor yTrain, yVal;
    const torch::Tensor xTrain = stack(table, splits.train, yTrain);
    const torch::Tensor xVal = stack(table, splits.val, yVal);
    if (xTrain.size(0) == 0) {
        throw std::invalid_argument("no training images (is the train split empty?)");
    }
    ProbeCallbacks recording = cb;
    recording.onEpoch = [&](const EpochMetrics &m) {
        workspace.addEpoch(result.runId, {m.epoch, m.trainLoss, m.trainAccuracy, m.valLoss,
                                          m.valAccuracy, m.learningRate, m.seconds});
        if (cb.onEpoch)
            cb.onEpoch(m);
    };
    HeadFit fit =
        fitHead(xTrain, yTrain, &xVal, &yVal, int(o.classNames.size()), r, recording, stop);
    result.headSeconds = since(headStart);
    result.history = fit.history;
    result.bestValAccuracy = std::max(0.0, fit.bestAccuracy);
    if (fit.history.empty()) {
        result.status = RunStatus::Cancelled;
        guard.finish(result.status, 0, "");
        return result;
    }
    {
        torch::NoGradGuard noGrad;
        if (xVal.size(0) > 0) {
            const auto logits = fit.head(xVal).contiguous();
            std::vector<std::vector<float>> rows;
            std::vector<int> labels;
            for (int64_t i = 0; i < logits.size(0); ++i) {
                rows.emplace_back(logits[i].data_ptr<float>(),
                                  logits[i].data_ptr<float>() + logits.size(1));
                labels.push_back(int(yVal[i].item<int64_t>()));
            }
            result.temperature = fitTemperature(rows, labels);
        }
        net->head()->weight.copy_(fit.head->weight);
        net->head()->bias.copy_(fit.head->bias);
    }
    const std::string runDir =
        (fs::path(workspace.directory()) / "runs" / std::to_string(result.runId)).string();
    result.checkpoint = (fs::path(runDir) / "best.pt").string();
    o.runDir = runDir;
    saveCheckpoint(result.checkpoint, net, nullptr,
                   checkpointMeta(o, config, fit, result.temperature, result.headSeconds));
    result.status = fit.stopped ? RunStatus::Cancelled : RunStatus::Finished;
    guard.finish(result.status, result.bestValAccuracy, result.checkpoint);
    log("head trained in " + std::to_string(result.headSeconds) + " s; best val accuracy " +
        std::to_string(result.bestValAccuracy) + " at epoch " + std::to_string(fit.bestEpoch));
    return result;
}

} // namespace photocat::core
