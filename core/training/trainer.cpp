#include "training/trainer.h"

#include "common/coremonitor.h"
#include "common/memory.h"
#include "common/torchcompat.h"
#include "evaluation/metrics.h"
#include "evaluation/operating.h"
#include "io/checkpoint.h"
#include "io/weights.h"
#include "training/distributed.h"
#include "training/options.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

using Clock = std::chrono::steady_clock;
double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Evaluation
{
    double loss = 0, accuracy = 0, topK = 0;
    double lossSum = 0, right = 0, count = 0, topKHits = 0;
    std::vector<std::vector<float>> logits;
    std::vector<int> labels;
};

} // namespace

int defaultThreadCount()
{
    // OMP_NUM_THREADS, as PyTorch honours it; else every core (LibTorch would pick 1 here).
    if (const char *env = std::getenv("OMP_NUM_THREADS")) {
        char *end = nullptr;
        const long n = std::strtol(env, &end, 10);
        if (end != env && *end == '\0' && n > 0 && n <= 4096)
            return int(n);
    }
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

void configureRuntime(int threads)
{
    keepLargeAllocations();
    torch::set_num_threads(threads > 0 ? threads : defaultThreadCount());
}

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string deviceDescription()
{
    std::string s = "cpu (" + std::to_string(torch::get_num_threads()) + " threads)";
    if (cudaAvailable())
        s += ", cuda (" + std::to_string(torch::cuda::device_count()) + " devices)";
    return s;
}

struct Trainer::Impl
{
    TrainOptions o;
    BatchSource &train;
    BatchSource *val;
    torch::Device device{torch::kCPU};
    std::string precisionNote; ///< how "auto" was resolved, logged when the run starts
    // Threads follow the cores other processes leave free (threads 0 and no OMP_NUM_THREADS).
    bool adaptThreads = false;
    int maxThreads = 1;
    CoreMonitor cores;
    Clock::time_point lastCoreCheck = Clock::now();
    Classifier net{nullptr};
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    // Data-parallel training (null in a single process).
    DistSettings dist;
    std::unique_ptr<DistGroup> group;
    std::unique_ptr<GradientReducer> reducer;
    int reducerFrozenBelow = -1; ///< the freeze the reducer's parameter list was made for
    std::string resumeNote;
    std::string resumedBest; ///< the resumed run's best.pt, carried into this run's folder

    // Progress, all saved in checkpoints so a resumed run continues exactly.
    int epoch = 0;           ///< completed epochs
    size_t batchInEpoch = 0; ///< batches done of the current epoch
    int64_t step = 0;
    double lossSum = 0, dataWait = 0, trainSeconds = 0;
    int64_t correct = 0, seen = 0, skipped = 0;
    double bestAccuracy = -1;
    int bestEpoch = 0, sinceBest = 0;
    std::vector<EpochMetrics> history;

    // Transfer learning: stages below frozenBelow are frozen (their BatchNorm in eval mode).
    int frozenBelow = 0;
    double backboneScale = 1.0;
    std::string weightNote;

    Impl(TrainOptions options, BatchSource &t, BatchSource *v)
        : o(std::move(options)), train(t), val(v)
    {}

    /** Batches trained per epoch: the loader's, or --limit-batches when fewer. */
    size_t batchesPerEpoch() const;
    double learningRate() const;
    void applyLearningRate(double lr);
    torch::Tensor input(Batch &b);
    /** overRanks: the source is this rank's shard; the sums are over all ranks. fp32: whatever
        the training's precision (calibration: predict, eval and serve default to fp32). */
    Evaluation evaluate(BatchSource &source, bool overRanks, bool fp32 = false);
    int rank() const { return group ? group->rank() : 0; }
    int worldSize() const { return group ? group->size() : 1; }
    /** Gradient averaging for the parameters trained this epoch. */
    void prepareReducer();
    nlohmann::json meta() const;
    void restore(const nlohmann::json &meta);
    void resetEpochSums() { lossSum = dataWait = trainSeconds = 0, correct = seen = skipped = 0; }
    int stageCount() const { return int(net->stages().size()); }
    int firstTrainableStage(int epochIndex) const;
    void applyFreeze(int epochIndex);
    void trainMode();
    void makeOptimizer();
};

int Trainer::Impl::firstTrainableStage(int epochIndex) const
{
    const int n = stageCount();
    if (o.finetune == "probe")
        return n;
    if (o.finetune == "last")
        return std::max(0, n - o.trainStages);
    if (o.finetune == "two-phase") {
        const int head = o.headEpochs > 0 ? o.headEpochs : std::max(1, o.epochs / 4);
        return epochIndex < head ? n : 0;
    }
    return 0;
}

void Trainer::Impl::applyFreeze(int epochIndex)
{
    frozenBelow = firstTrainableStage(epochIndex);
    for (auto &p : net->named_parameters()) {
        const int stage = stageOf(*net, p.key());
        p.value().set_requires_grad(stage < 0 || stage >= frozenBelow);
    }
}

void Trainer::Impl::trainMode()
{
    net->train();
    if (frozenBelow == 0)
        return;
    // A frozen stage keeps the running statistics it came with: its BatchNorm layers stay in
    // eval mode, as a linear probe on a pretrained backbone expects.
    for (const auto &m : net->named_modules("", false))
        if (m.value()->as<torch::nn::BatchNorm2d>() && stageOf(*net, m.key()) < frozenBelow)
            m.value()->eval();
}

void Trainer::Impl::makeOptimizer()
{
    // One group when nothing differs between head and backbone (the layout of checkpoints
    // before transfer learning existed); otherwise head first, backbone second.
    backboneScale = o.backboneLrScale > 0 ? o.backboneLrScale : (o.weights.empty() ? 1.0 : 0.1);
    const bool grouped = backboneScale != 1.0 || o.finetune != "full";
    std::vector<torch::Tensor> head, backbone;
    for (auto &p : net->named_parameters())
        (grouped && stageOf(*net, p.key()) < 0 ? head : backbone).push_back(p.value());
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!head.empty())
        groups.emplace_back(head);
    groups.emplace_back(backbone);
    if (o.optimizer == "adamw")
        optimizer = std::make_unique<torch::optim::AdamW>(
            groups, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
    else
        optimizer =
            std::make_unique<torch::optim::SGD>(groups, torch::optim::SGDOptions(o.learningRate)
                                                            .momentum(o.momentum)
                                                            .nesterov(o.nesterov && o.momentum > 0)
                                                            .weight_decay(o.weightDecay));
}

size_t Trainer::Impl::batchesPerEpoch() const
{
    const size_t all = train.batchesPerEpoch();
    return o.limitBatches > 0 ? std::min(all, size_t(o.limitBatches)) : all;
}

double Trainer::Impl::learningRate() const
{
    const double perEpoch = double(std::max<size_t>(1, batchesPerEpoch()));
    const double total = perEpoch * o.epochs, s = double(step);
    const double warm = std::min(total, o.warmupEpochs * perEpoch);
    const double pi = 3.14159265358979;
    if (o.schedule == "onecycle") {
        const double up = std::max(1.0, 0.3 * total);
        if (s < up)
            return o.learningRate * (0.04 + 0.96 * s / up);
        return o.learningRate *
               (1e-4 +
                (1 - 1e-4) * 0.5 * (1 + std::cos(pi * (s - up) / std::max(1.0, total - up))));
    }
    if (s < warm)
        return o.learningRate * (s + 1) / warm;
    if (o.schedule == "constant")
        return o.learningRate;
    if (o.schedule == "step") {
        const int epoch = int(s / perEpoch);
        const auto drops = std::count_if(o.stepEpochs.begin(), o.stepEpochs.end(),
                                         [epoch](int e) { return e <= epoch; });
        return o.learningRate * std::pow(o.stepFactor, double(drops));
    }
    return o.learningRate * 0.5 * (1 + std::cos(pi * (s - warm) / std::max(1.0, total - warm)));
}

void Trainer::Impl::applyLearningRate(double lr)
{
    auto &groups = optimizer->param_groups();
    for (size_t i = 0; i < groups.size(); ++i) {
        // With two groups the second is the backbone's.
        const double value = i == 1 ? lr * backboneScale : lr;
        if (o.optimizer == "adamw")
            static_cast<torch::optim::AdamWOptions &>(groups[i].options()).lr(value);
        else
            static_cast<torch::optim::SGDOptions &>(groups[i].options()).lr(value);
    }
}

torch::Tensor Trainer::Impl::input(Batch &b)
{
    auto x = torch::from_blob(b.pixels.data(), {b.n, b.channels, b.height, b.width}).to(device);
    if (o.channelsLast)
        x = x.contiguous(at::MemoryFormat::ChannelsLast);
    return x;
}

Evaluation Trainer::Impl::evaluate(BatchSource &source, bool overRanks, bool fp32)
{
    Evaluation e;
    torch::NoGradGuard noGrad;
    net->eval();
    source.startEpoch(0);
    Batch b;
    while (source.next(b)) {
        if (b.n == 0)
            continue;
        torch::Tensor logits;
        {
            AutocastScope autocast(o.precision == "bf16" && !fp32, device);
            logits = net->forward(input(b));
        }
        logits = logits.to(torch::kFloat32).to(torch::kCPU);
        auto y = torch::from_blob(b.labels.data(), {b.n}, torch::kLong);
        e.lossSum += torch::nn::functional::cross_entropy(logits, y).item<double>() * b.n;
        e.right += double(logits.argmax(1).eq(y).sum().item<int64_t>());
        const auto *z = logits.data_ptr<float>();
        const int64_t classes = logits.size(1);
        for (int i = 0; i < b.n; ++i) {
            e.logits.emplace_back(z + i * classes, z + (i + 1) * classes);
            e.labels.push_back(int(b.labels[size_t(i)]));
            if (o.topK > 0) {
                const auto &row = e.logits.back();
                const float truth = row[size_t(e.labels.back())];
                e.topKHits += std::count_if(row.begin(), row.end(),
                                            [truth](float v) { return v > truth; }) < o.topK;
            }
        }
    }
    trainMode();
    e.count = double(e.labels.size());
    if (overRanks && group) {
        const auto sums = group->allReduceSum({e.lossSum, e.right, e.count, e.topKHits});
        e.lossSum = sums[0], e.right = sums[1], e.count = sums[2], e.topKHits = sums[3];
    }
    const double n = std::max(1.0, e.count);
    e.loss = e.lossSum / n;
    e.accuracy = e.right / n;
    e.topK = e.topKHits / n;
    return e;
}

void Trainer::Impl::prepareReducer()
{
    if (!group || (reducer && reducerFrozenBelow == frozenBelow))
        return;
    reducer.reset();
    std::vector<torch::Tensor> trained;
    for (const auto &p : net->parameters())
        if (p.requires_grad())
            trained.push_back(p);
    reducer = std::make_unique<GradientReducer>(*group, trained);
    reducerFrozenBelow = frozenBelow;
}

nlohmann::json Trainer::Impl::meta() const
{
    nlohmann::json h = nlohmann::json::array();
    for (const auto &m : history)
        h.push_back(toJson(m));
    nlohmann::json j = {
        {"format", "photocat-checkpoint"},
        {"version", 1},
        {"model", toJson(net->config())},
        {"classes", o.classNames},
        {"preprocessing", toJson(o.preprocessing)},
        {"options", toJson(o)},
        {"progress",
         {{"epoch", epoch},
          {"batch", batchInEpoch},
          {"step", step},
          {"loss_sum", lossSum},
          {"correct", correct},
          {"seen", seen},
          {"data_wait", dataWait},
          {"train_seconds", trainSeconds},
          {"skipped", skipped},
          {"world_size", worldSize()}}},
        {"best", {{"accuracy", bestAccuracy}, {"epoch", bestEpoch}, {"since", sinceBest}}},
        {"history", h},
        {"temperature", 1.0}};
    if (o.displayNames.size() == o.classNames.size())
        j["display_names"] = o.displayNames;
    return j;
}

void Trainer::Impl::restore(const nlohmann::json &m)
{
    const auto &p = m.at("progress");
    epoch = p.at("epoch");
    batchInEpoch = p.at("batch");
    step = p.at("step");
    lossSum = p.at("loss_sum");
    correct = p.at("correct");
    seen = p.at("seen");
    dataWait = p.at("data_wait");
    trainSeconds = p.value("train_seconds", 0.0);
    skipped = p.at("skipped");
    bestAccuracy = m.at("best").at("accuracy");
    bestEpoch = m.at("best").at("epoch");
    sinceBest = m.at("best").at("since");
    history.clear();
    for (const auto &e : m.at("history"))
        history.push_back(epochMetricsFromJson(e));
    // Another world size deals other shards and batch counts: continue from the same share
    // of the epoch and the same point of the schedule (not bit-exact).
    const int savedWorld = p.value("world_size", 1);
    if (savedWorld != worldSize()) {
        batchInEpoch = batchInEpoch * size_t(savedWorld) / size_t(worldSize());
        step = int64_t(epoch) * int64_t(batchesPerEpoch()) + int64_t(batchInEpoch);
        resumeNote = "resuming a run of " + std::to_string(savedWorld) + " ranks on " +
                     std::to_string(worldSize()) +
                     ": same epochs and schedule, other shards (not bit-exact)";
    } else if (m.at("options").value("limit_batches", 0) != o.limitBatches) {
        // Another --limit-batches makes other epochs: the schedule continues from the epoch.
        batchInEpoch = std::min(batchInEpoch, batchesPerEpoch());
        step = int64_t(epoch) * int64_t(batchesPerEpoch()) + int64_t(batchInEpoch);
    }
}

Trainer::Trainer(TrainOptions options, BatchSource &train, BatchSource *val, DistSettings dist)
    : d(std::make_unique<Impl>(std::move(options), train, val))
{
    d->dist = std::move(dist);
    TrainOptions &o = d->o;
    validate(o);
    configureRuntime(o.threads);
    d->maxThreads = torch::get_num_threads();
    d->adaptThreads = o.threads == 0 && !std::getenv("OMP_NUM_THREADS") && d->maxThreads > 1;
    if (o.device == "cuda" && !cudaAvailable())
        throw std::invalid_argument(
            "device cuda was asked for, but this build or machine has no CUDA device");
    // One GPU per local rank (LOCAL_RANK), as torchrun users expect.
    const int gpu = cudaAvailable() && d->dist.env.distributed()
                        ? d->dist.env.localRank % std::max<int>(1, int(torch::cuda::device_count()))
                        : 0;
    d->device = (o.device != "cpu" && cudaAvailable())
                    ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(gpu))
                    : torch::Device(torch::kCPU);
    if (d->device.is_cuda())
        o.channelsLast = true;
    if (o.precision == "auto") {
        o.precision = resolvePrecision(o.precision, d->device.is_cuda());
        d->precisionNote = "precision auto: " + o.precision +
                           (d->device.is_cuda()     ? " on CUDA"
                            : o.precision == "bf16" ? " (this CPU computes bf16 natively)"
                                                    : " (this CPU has no native bf16)");
    }
    if (train.sampleCount() == 0)
        throw std::invalid_argument("no training images (is the train split empty?)");
    torch::manual_seed(o.seed);
    ModelConfig config{o.model, int(o.classNames.size()), o.preprocessing.channels, o.width};
    d->net = createModel(config);
    if (!o.weights.empty()) {
        const WeightReport report = loadWeights(*d->net, readWeights(o.weights));
        d->weightNote = "weights " + o.weights + ": " + report.summary();
    }
    d->net->to(d->device);
    if (o.channelsLast) {
        torch::NoGradGuard noGrad;
        for (auto &p : d->net->parameters())
            if (p.dim() == 4)
                p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
    }
    d->makeOptimizer();
    if (d->dist.env.distributed()) {
        d->group = std::make_unique<DistGroup>(d->dist, d->device);
        train.shard(d->group->rank(), d->group->size());
        if (val)
            val->shard(d->group->rank(), d->group->size());
        // Every rank starts from rank 0's weights and BatchNorm statistics.
        std::vector<torch::Tensor> state;
        for (const auto &p : d->net->parameters())
            state.push_back(p.data());
        for (const auto &b : d->net->buffers())
            state.push_back(b);
        d->group->broadcast(state);
    }
}

Trainer::~Trainer() = default;

void Trainer::resumeFrom(const std::string &path)
{
    Checkpoint ckpt = loadCheckpoint(path);
    const auto &m = ckpt.meta;
    if (m.at("classes").get<std::vector<std::string>>() != d->o.classNames)
        throw std::invalid_argument(path + ": checkpoint classes differ from the workspace's");
    if (ckpt.model.name != d->o.model || ckpt.model.inChannels != d->o.preprocessing.channels ||
        ckpt.model.width != d->net->config().width)
        throw std::invalid_argument(path + ": checkpoint is a " + ckpt.model.name +
                                    " model with other settings than this run");
    {
        torch::NoGradGuard noGrad;
        auto dst = d->net->named_parameters();
        for (const auto &p : ckpt.net->named_parameters())
            dst[p.key()].copy_(p.value());
        auto dstBuffers = d->net->named_buffers();
        for (const auto &b : ckpt.net->named_buffers())
            dstBuffers[b.key()].copy_(b.value());
    }
    if (!loadOptimizerState(path, *d->optimizer))
        d->weightNote += std::string(d->weightNote.empty() ? "" : "; ") + "resumed from " + path +
                         " without optimizer state (an older checkpoint): it starts afresh";
    d->restore(m);
    // The best model so far lives beside the checkpoint: a resumed run that never beats it
    // must still end with it (calibrated), not with its last weights.
    const fs::path best = fs::path(path).parent_path() / "best.pt";
    std::error_code ec;
    if (d->bestEpoch > 0 && fs::is_regular_file(best, ec))
        d->resumedBest = best.string();
}

/** One run() call: what the per-batch, end-of-epoch and calibration steps share. */
struct Trainer::RunState
{
    const TrainCallbacks &cb;
    const StopFlag *stop;
    const std::atomic<bool> *pause;
    std::string last, best;  ///< checkpoint paths; empty without a run folder
    size_t batches = 0;      ///< per epoch, after limitBatches
    double batchSeconds = 0; ///< this call's batches, for the ETA
    int64_t batchCount = 0;
    TrainResult result;

    void log(const std::string &line) const
    {
        if (cb.onLog)
            cb.onLog(line);
    }
    bool distributed = false;
    bool stopAll = false; ///< distributed: some rank asked to stop (agreed after each batch)
    bool stopping() const { return distributed ? stopAll : stopRequested(stop); }
    void waitWhilePaused() const
    {
        // A paused rank would stall the others' collectives into their timeout.
        while (!distributed && pause && pause->load() && !stopping())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
};

TrainResult Trainer::run(const TrainCallbacks &cb, const StopFlag *stop,
                         const std::atomic<bool> *pause)
{
    Impl &s = *d;
    const TrainOptions &o = s.o;
    RunState r{cb, stop, pause, {}, {}, 0, 0, 0, {}};
    // Only rank 0 writes checkpoints.
    const bool writes = !o.runDir.empty() && s.rank() == 0;
    r.last = writes ? (fs::path(o.runDir) / "last.pt").string() : "";
    r.best = writes ? (fs::path(o.runDir) / "best.pt").string() : "";
    r.distributed = s.group != nullptr;
    if (writes && !s.resumedBest.empty() && !fs::exists(r.best)) {
        fs::create_directories(o.runDir);
        fs::copy_file(s.resumedBest, r.best);
        r.log("the best model so far (epoch " + std::to_string(s.bestEpoch) + ") is " + r.best);
    }
    struct SyncScope
    {
        explicit SyncScope(BatchNormSync *sync) { setBatchNormSync(sync); }
        ~SyncScope() { setBatchNormSync(nullptr); }
    } syncBatchNorm(s.group && s.dist.syncBatchNorm ? s.group.get() : nullptr);
    if (s.group)
        r.log("rank " + std::to_string(s.rank()) + " of " + std::to_string(s.worldSize()) + " (" +
              s.group->backend() + "): global batch " +
              std::to_string(o.batchSize * s.worldSize()) + " (" + std::to_string(o.batchSize) +
              " per rank), " + (s.dist.syncBatchNorm ? "synchronized" : "per-rank") +
              " BatchNorm statistics");
    if (!s.resumeNote.empty())
        r.log(s.resumeNote);
    r.log("training " + o.model + " on " + (s.device.is_cuda() ? "cuda" : "cpu") + " with " +
          std::to_string(torch::get_num_threads()) + " threads, " +
          std::to_string(s.train.sampleCount()) + " images, " + o.precision);
    if (!s.precisionNote.empty())
        r.log(s.precisionNote);
    if (!s.weightNote.empty())
        r.log(s.weightNote);
    if (o.finetune != "full" || s.backboneScale != 1.0)
        r.log("fine-tuning: " + o.finetune + ", backbone learning rate x" +
              std::to_string(s.backboneScale));
    r.batches = s.batchesPerEpoch();
    r.result.status = RunStatus::Finished;
    const int firstEpoch = s.epoch;
    while (s.epoch < o.epochs) {
        const int frozenBefore = s.frozenBelow;
        s.applyFreeze(s.epoch);
        if (s.epoch > firstEpoch && frozenBefore != s.frozenBelow)
            r.log("epoch " + std::to_string(s.epoch + 1) + ": backbone unfrozen");
        s.trainMode();
        s.prepareReducer();
        s.train.startEpoch(s.epoch, s.batchInEpoch);
        Batch b;
        auto batchStart = Clock::now();
        while (!r.stopping() && (o.limitBatches <= 0 || s.batchInEpoch < size_t(o.limitBatches)) &&
               s.train.next(b)) {
            if (!trainBatch(b, batchStart, r)) {
                r.result.history = s.history;
                r.result.lastCheckpoint = fs::exists(r.last) ? r.last : "";
                r.result.bestCheckpoint = fs::exists(r.best) ? r.best : "";
                return r.result;
            }
            r.waitWhilePaused();
            adaptThreads(r);
            batchStart = Clock::now();
        }
        if (r.stopping()) {
            r.result.status = RunStatus::Cancelled;
            save(r.last);
            r.log("stopped at epoch " + std::to_string(s.epoch + 1) + ", batch " +
                  std::to_string(s.batchInEpoch) +
                  (r.last.empty() ? std::string() : "; checkpoint " + r.last));
            break;
        }
        if (!endEpoch(r))
            break;
    }
    r.result.epochsCompleted = s.epoch;
    r.result.history = s.history;
    r.result.bestValAccuracy = std::max(0.0, s.bestAccuracy);
    r.result.bestEpoch = s.bestEpoch;
    r.result.lastCheckpoint = r.last;
    r.result.bestCheckpoint = fs::exists(r.best) ? r.best : "";
    if (r.result.status != RunStatus::Cancelled)
        calibrate(r);
    return r.result;
}

void Trainer::adaptThreads(RunState &r)
{
    Impl &s = *d;
    if (!s.adaptThreads || s.device.is_cuda() ||
        Clock::now() - s.lastCoreCheck < std::chrono::seconds(1))
        return;
    s.lastCoreCheck = Clock::now();
    const double others = s.cores.othersBusyCores();
    const int threads = CoreMonitor::threadsFor(s.maxThreads, others);
    if (threads == torch::get_num_threads())
        return;
    torch::set_num_threads(threads);
    char busy[32];
    std::snprintf(busy, sizeof busy, "%.1f", std::max(0.0, others));
    r.log(threads < s.maxThreads
              ? std::string("other processes are using ") + busy + " cores: training on " +
                    std::to_string(threads) + " threads"
              : "cores free again: training on " + std::to_string(threads) + " threads");
}

void Trainer::save(const std::string &path)
{
    if (!path.empty())
        saveCheckpoint(path, d->net, d->optimizer.get(), d->meta());
}

bool Trainer::trainBatch(Batch &b, Clock::time_point batchStart, RunState &r)
{
    Impl &s = *d;
    const TrainOptions &o = s.o;
    s.dataWait += b.waitSeconds;
    s.skipped += int64_t(b.failed.size());
    for (const auto &f : b.failed) {
        r.result.skippedFiles.push_back(f);
        r.log("skipped unreadable image " + f);
    }
    // A batch of unreadable images is passed over, but counted: the schedule, the
    // checkpoint's position and --limit-batches follow the loader's batches.
    const auto skip = [&s] {
        ++s.step;
        ++s.batchInEpoch;
        return true;
    };
    if (b.n == 0 && !s.group)
        return skip();
    if (s.group && s.dist.syncBatchNorm) {
        // Synchronized BatchNorm runs collectives in forward and backward: a rank whose batch
        // came out empty (every image unreadable) cannot take part, so every rank skips it.
        if (s.group->allReduceSum(std::vector<double>{b.n == 0 ? 1.0 : 0.0})[0] > 0)
            return skip();
    }
    const double lr = s.learningRate();
    s.applyLearningRate(lr);
    torch::Tensor logits, loss;
    double value = 0;
    double right = 0, count = b.n;
    if (b.n > 0) {
        auto y = torch::from_blob(b.labels.data(), {b.n}, torch::kLong).to(s.device);
        {
            AutocastScope autocast(o.precision == "bf16", s.device);
            logits = s.net->forward(s.input(b));
        }
        loss = torch::nn::functional::cross_entropy(
            logits.to(torch::kFloat32), y,
            torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(o.labelSmoothing));
        value = loss.item<double>();
        right = double(logits.argmax(1).eq(y).sum().item<int64_t>());
    }
    bool finite = std::isfinite(value);
    double lossSum = finite ? value * b.n : 0;
    if (s.group) {
        // One small collective per step: the global loss and accuracy, and decisions every
        // rank must take together (a non-finite loss anywhere, a stop asked anywhere).
        const auto g =
            s.group->allReduceSum({lossSum, count, right, finite ? 0.0 : 1.0,
                                   stopRequested(r.stop) ? 1.0 : 0.0, double(b.failed.size())});
        lossSum = g[0], count = g[1], right = g[2];
        finite = g[3] == 0;
        r.stopAll = r.stopAll || g[4] > 0;
        s.skipped += int64_t(g[5]) - int64_t(b.failed.size()); // the other ranks' skipped files
        value = finite ? lossSum / std::max(1.0, count) : value;
    }
    if (!finite) {
        r.result.status = RunStatus::Failed;
        r.result.error = "loss became " +
                         (s.group && std::isfinite(value) ? std::string("nan on another rank")
                                                          : std::to_string(value)) +
                         " at epoch " + std::to_string(s.epoch + 1) + ", batch " +
                         std::to_string(s.batchInEpoch + 1) +
                         ": training stopped without saving these weights; lower the learning rate";
        r.log(r.result.error);
        return false;
    }
    s.optimizer->zero_grad();
    if (s.reducer)
        s.reducer->prepare();
    if (b.n > 0)
        loss.backward();
    if (s.reducer)
        s.reducer->finish();
    s.optimizer->step();
    s.lossSum += lossSum;
    s.correct += int64_t(right);
    s.seen += int64_t(count);
    ++s.step;
    ++s.batchInEpoch;
    const double took = seconds(Clock::now() - batchStart);
    s.trainSeconds += took;
    r.batchSeconds += took;
    ++r.batchCount;
    if (r.cb.onBatch) {
        const double perBatch = r.batchSeconds / double(r.batchCount);
        const double remaining =
            double(r.batches - s.batchInEpoch) + double(r.batches) * double(o.epochs - s.epoch - 1);
        r.cb.onBatch({s.epoch + 1, o.epochs, s.batchInEpoch, r.batches, value, lr,
                      double(s.seen) / std::max(1e-9, s.trainSeconds), perBatch * remaining});
    }
    return true;
}

bool Trainer::endEpoch(RunState &r)
{
    Impl &s = *d;
    const TrainOptions &o = s.o;
    EpochMetrics m;
    m.epoch = s.epoch + 1;
    m.trainLoss = s.lossSum / double(std::max<int64_t>(1, s.seen));
    m.trainAccuracy = double(s.correct) / double(std::max<int64_t>(1, s.seen));
    m.learningRate = s.learningRate();
    m.dataWaitSeconds = s.dataWait;
    m.skippedImages = size_t(s.skipped);
    m.imagesPerSecond = double(s.seen) / std::max(1e-9, s.trainSeconds);
    const auto valStart = Clock::now();
    if (s.val && s.val->sampleCount() > 0) {
        if (s.group && !s.dist.syncBatchNorm) {
            // Per-rank BatchNorm statistics differ; validate (and save) rank 0's on every rank,
            // as DistributedDataParallel's buffer broadcast does.
            std::vector<torch::Tensor> buffers;
            for (const auto &b : s.net->buffers())
                buffers.push_back(b);
            s.group->broadcast(buffers);
        }
        const Evaluation e = s.evaluate(*s.val, true);
        m.valLoss = e.loss;
        m.valAccuracy = e.accuracy;
        m.valTopK = o.topK > 0 ? e.topK : 0;
    } else {
        m.valAccuracy = m.trainAccuracy;
        m.valLoss = m.trainLoss;
    }
    m.seconds = s.trainSeconds + seconds(Clock::now() - valStart);
    m.best = m.valAccuracy > s.bestAccuracy;
    // Early stopping counts an epoch as better only for a gain of minImprovement (relative).
    const bool improved =
        m.best && (s.bestAccuracy <= 0 ||
                   (m.valAccuracy - s.bestAccuracy) / s.bestAccuracy >= o.minImprovement);
    if (m.best) {
        s.bestAccuracy = m.valAccuracy;
        s.bestEpoch = m.epoch;
    }
    s.sinceBest = improved ? 0 : s.sinceBest + 1;
    s.history.push_back(m);
    ++s.epoch;
    s.batchInEpoch = 0;
    s.resetEpochSums();
    save(r.last);
    if (m.best)
        save(r.best);
    if (r.cb.onEpoch)
        r.cb.onEpoch(m);
    if (r.cb.onCheckpoint && !r.last.empty())
        r.cb.onCheckpoint(r.last);
    if (o.patience > 0 && s.sinceBest >= o.patience && s.epoch < o.epochs &&
        s.epoch >= o.minEpochs) {
        r.result.status = RunStatus::StoppedEarly;
        r.log("no validation improvement for " + std::to_string(o.patience) +
              " epochs: stopping early");
        return false;
    }
    return true;
}

void Trainer::calibrate(RunState &r)
{
    // Calibrate the best model on validation so 0.9 confidence means ~90% precision.
    Impl &s = *d;
    if (r.best.empty() || !fs::exists(r.best) || !s.val || s.val->sampleCount() == 0)
        return;
    Checkpoint ckpt = loadCheckpoint(r.best);
    Classifier current = s.net;
    s.net = ckpt.net;
    s.net->to(s.device);
    // Rank 0 alone calibrates (only it has the checkpoint), on the whole split.
    if (s.group)
        s.val->shard(0, 1);
    // In fp32 whatever the training's precision: the temperature and thresholds are for the
    // probabilities predict, eval and serve compute by default.
    const Evaluation e = s.evaluate(*s.val, false, true);
    r.result.temperature = fitTemperature(e.logits, e.labels);
    ckpt.meta["temperature"] = r.result.temperature;
    const TrainOptions &o = s.o;
    if (o.targetPrecision > 0 || o.targetHitRate > 0) {
        std::vector<std::vector<float>> probabilities;
        for (const auto &z : e.logits)
            probabilities.push_back(softmax(z, r.result.temperature));
        PolicyTargets targets;
        targets.precision = o.targetPrecision;
        targets.hitRate = o.targetHitRate;
        const ChosenPolicy chosen = choosePolicy(probabilities, e.labels, targets);
        ckpt.meta["policy"] = policyToJson(chosen);
        r.result.policyMessages = chosen.messages;
    }
    saveCheckpoint(r.best, s.net, nullptr, ckpt.meta);
    s.net = current;
    r.log("temperature " + std::to_string(r.result.temperature) + " fitted on validation");
    for (const auto &m : r.result.policyMessages)
        r.log("thresholds: " + m);
}

} // namespace photocat::core
