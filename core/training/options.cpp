#include "training/options.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "models/modelnames.h"

#include <algorithm>
#include <stdexcept>

namespace photocat::core {

nlohmann::json toJson(const Preprocessing &p)
{
    return {{"channels", p.channels},
            {"size", p.size},
            {"resize", p.resize},
            {"mean", p.mean},
            {"std", p.std}};
}

Preprocessing preprocessingFromJson(const nlohmann::json &j)
{
    Preprocessing p;
    p.channels = j.at("channels").get<int>();
    p.size = j.at("size").get<int>();
    p.resize = j.value("resize", p.size);
    p.mean = j.at("mean").get<std::vector<float>>();
    p.std = j.at("std").get<std::vector<float>>();
    // From a file: bounded before anything sizes a buffer by it.
    if (p.channels != 1 && p.channels != 3)
        throw std::runtime_error("preprocessing: " + std::to_string(p.channels) +
                                 " input channels (1 or 3)");
    if (p.size < kMinInputSize || p.size > kMaxInputSize || p.resize < p.size ||
        p.resize > 2 * kMaxInputSize)
        throw std::runtime_error("preprocessing: input size " + std::to_string(p.size) +
                                 " (resize " + std::to_string(p.resize) + ") out of range " +
                                 std::to_string(kMinInputSize) + " to " +
                                 std::to_string(kMaxInputSize));
    if (p.mean.size() != size_t(p.channels) || p.std.size() != size_t(p.channels) ||
        std::any_of(p.std.begin(), p.std.end(), [](float v) { return !(v > 0); }))
        throw std::runtime_error("preprocessing: mean and std need one value per channel, std > 0");
    return p;
}

nlohmann::json toJson(const Augmentation &a)
{
    return {{"crop", a.crop}, {"min_scale", a.minScale},       {"padding", a.padding},
            {"flip", a.flip}, {"color_jitter", a.colorJitter}, {"erasing", a.erasing}};
}

Augmentation augmentationFromJson(const nlohmann::json &j)
{
    Augmentation a;
    a.crop = j.value("crop", a.crop);
    a.minScale = j.value("min_scale", a.minScale);
    a.padding = j.value("padding", a.padding);
    a.flip = j.value("flip", a.flip);
    a.colorJitter = j.value("color_jitter", a.colorJitter);
    a.erasing = j.value("erasing", a.erasing);
    return a;
}

nlohmann::json toJson(const TrainOptions &o)
{
    return {{"model", o.model},
            {"width", o.width},
            {"epochs", o.epochs},
            {"batch_size", o.batchSize},
            {"optimizer", o.optimizer},
            {"learning_rate", o.learningRate},
            {"momentum", o.momentum},
            {"weight_decay", o.weightDecay},
            {"nesterov", o.nesterov},
            {"schedule", o.schedule},
            {"step_epochs", o.stepEpochs},
            {"step_factor", o.stepFactor},
            {"warmup_epochs", o.warmupEpochs},
            {"label_smoothing", o.labelSmoothing},
            {"seed", o.seed},
            {"patience", o.patience},
            {"target_precision", o.targetPrecision},
            {"target_hit_rate", o.targetHitRate},
            {"min_epochs", o.minEpochs},
            {"min_improvement", o.minImprovement},
            {"top_k", o.topK},
            {"device", o.device},
            {"precision", o.precision},
            {"channels_last", o.channelsLast},
            {"threads", o.threads},
            {"limit_batches", o.limitBatches},
            {"run_dir", o.runDir},
            {"weights", o.weights},
            {"finetune", o.finetune},
            {"train_stages", o.trainStages},
            {"backbone_lr_scale", o.backboneLrScale},
            {"head_epochs", o.headEpochs},
            {"classes", o.classNames},
            {"preprocessing", toJson(o.preprocessing)},
            {"augmentation", toJson(o.augmentation)}};
}

TrainOptions trainOptionsFromJson(const nlohmann::json &j)
{
    TrainOptions o;
    o.model = j.at("model").get<std::string>();
    o.width = j.value("width", o.width);
    o.epochs = j.value("epochs", o.epochs);
    o.batchSize = j.value("batch_size", o.batchSize);
    o.optimizer = j.value("optimizer", o.optimizer);
    o.learningRate = j.value("learning_rate", o.learningRate);
    o.momentum = j.value("momentum", o.momentum);
    o.weightDecay = j.value("weight_decay", o.weightDecay);
    o.nesterov = j.value("nesterov", o.nesterov);
    o.schedule = j.value("schedule", o.schedule);
    o.stepEpochs = j.value("step_epochs", o.stepEpochs);
    o.stepFactor = j.value("step_factor", o.stepFactor);
    o.warmupEpochs = j.value("warmup_epochs", o.warmupEpochs);
    o.labelSmoothing = j.value("label_smoothing", o.labelSmoothing);
    o.seed = j.value("seed", o.seed);
    o.patience = j.value("patience", o.patience);
    o.targetPrecision = j.value("target_precision", o.targetPrecision);
    o.targetHitRate = j.value("target_hit_rate", o.targetHitRate);
    o.minEpochs = j.value("min_epochs", o.minEpochs);
    o.minImprovement = j.value("min_improvement", o.minImprovement);
    o.topK = j.value("top_k", o.topK);
    o.device = j.value("device", o.device);
    o.precision = j.value("precision", o.precision);
    o.channelsLast = j.value("channels_last", o.channelsLast);
    o.threads = j.value("threads", o.threads);
    o.limitBatches = j.value("limit_batches", o.limitBatches);
    o.runDir = j.value("run_dir", o.runDir);
    o.weights = j.value("weights", o.weights);
    o.finetune = j.value("finetune", o.finetune);
    o.trainStages = j.value("train_stages", o.trainStages);
    o.backboneLrScale = j.value("backbone_lr_scale", o.backboneLrScale);
    o.headEpochs = j.value("head_epochs", o.headEpochs);
    o.classNames = j.value("classes", o.classNames);
    o.preprocessing = preprocessingFromJson(j.at("preprocessing"));
    o.augmentation = augmentationFromJson(j.value("augmentation", nlohmann::json::object()));
    return o;
}

nlohmann::json toJson(const EpochMetrics &m)
{
    return {{"epoch", m.epoch},
            {"train_loss", m.trainLoss},
            {"train_accuracy", m.trainAccuracy},
            {"val_loss", m.valLoss},
            {"val_accuracy", m.valAccuracy},
            {"val_top_k", m.valTopK},
            {"learning_rate", m.learningRate},
            {"seconds", m.seconds},
            {"data_wait_seconds", m.dataWaitSeconds},
            {"images_per_second", m.imagesPerSecond},
            {"skipped_images", m.skippedImages},
            {"best", m.best}};
}

EpochMetrics epochMetricsFromJson(const nlohmann::json &j)
{
    EpochMetrics m;
    m.epoch = j.at("epoch").get<int>();
    m.trainLoss = j.value("train_loss", 0.0);
    m.trainAccuracy = j.value("train_accuracy", 0.0);
    m.valLoss = j.value("val_loss", 0.0);
    m.valAccuracy = j.value("val_accuracy", 0.0);
    m.valTopK = j.value("val_top_k", 0.0);
    m.learningRate = j.value("learning_rate", 0.0);
    m.seconds = j.value("seconds", 0.0);
    m.dataWaitSeconds = j.value("data_wait_seconds", 0.0);
    m.imagesPerSecond = j.value("images_per_second", 0.0);
    m.skippedImages = j.value("skipped_images", size_t(0));
    m.best = j.value("best", false);
    return m;
}

void validate(const TrainOptions &o)
{
    auto fail = [](const std::string &what) { throw std::invalid_argument(what); };
    if (!isModelName(o.model))
        fail("unknown model \"" + o.model + "\" (expected " + modelNameList() + ")");
    if (o.epochs < 1)
        fail("epochs must be at least 1");
    if (o.batchSize < 1)
        fail("batch size must be at least 1");
    if (!(o.learningRate > 0))
        fail("learning rate must be positive");
    if (o.optimizer != "sgd" && o.optimizer != "adamw")
        fail("unknown optimizer \"" + o.optimizer + "\" (expected sgd or adamw)");
    if (o.schedule != "cosine" && o.schedule != "onecycle" && o.schedule != "constant" &&
        o.schedule != "step")
        fail("unknown schedule \"" + o.schedule +
             "\" (expected cosine, onecycle, constant or step)");
    if (o.schedule == "step" && !(o.stepFactor > 0 && o.stepFactor <= 1))
        fail("the step schedule's factor must be in (0, 1]");
    if (o.topK < 0)
        fail("top-k must not be negative");
    if (o.device != "auto" && o.device != "cpu" && o.device != "cuda")
        fail("unknown device \"" + o.device + "\" (expected auto, cpu or cuda)");
    if (!isPrecisionName(o.precision))
        fail("unknown precision \"" + o.precision + "\" (expected auto, fp32 or bf16)");
    if (o.labelSmoothing < 0 || o.labelSmoothing >= 1)
        fail("label smoothing must be in [0, 1)");
    if (!(o.targetPrecision >= 0 && o.targetPrecision < 1) ||
        !(o.targetHitRate >= 0 && o.targetHitRate < 1))
        fail("a target precision or hit rate must be in [0, 1): 0.99 asks for 99%");
    if (o.finetune != "full" && o.finetune != "probe" && o.finetune != "last" &&
        o.finetune != "two-phase")
        fail("unknown fine-tuning mode \"" + o.finetune +
             "\" (expected full, probe, last or two-phase)");
    if (o.trainStages < 1)
        fail("the number of trained stages must be at least 1");
    if (o.backboneLrScale < 0)
        fail("the backbone learning-rate scale must not be negative");
    if (o.finetune == "two-phase" && (o.headEpochs < 0 || o.headEpochs >= o.epochs || o.epochs < 2))
        fail("two-phase fine-tuning needs more epochs than head-only epochs (" +
             std::to_string(o.headEpochs) + " of " + std::to_string(o.epochs) + ")");
    if (o.classNames.size() < 2)
        fail("training needs at least 2 classes with images");
}

bool cpuHasBf16()
{
#if defined(__x86_64__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) // OSXSAVE: xgetbv is usable
        return false;
    unsigned lo = 0, hi = 0;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    const bool zmmState = (lo & 0xe6) == 0xe6;              // opmask, ZMM upper halves, ZMM16-31
    const bool tileState = (lo & (3u << 17)) == (3u << 17); // AMX tile config and data
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    const bool avx512f = b & (1u << 16), amxBf16 = d & (1u << 22);
    unsigned a1 = 0, b1 = 0, c1 = 0, d1 = 0;
    const bool avx512Bf16 = __get_cpuid_count(7, 1, &a1, &b1, &c1, &d1) && (a1 & (1u << 5));
    return (avx512f && avx512Bf16 && zmmState) || (amxBf16 && tileState);
#else
    return false; // other CPUs train in fp32 unless asked
#endif
}

bool isPrecisionName(const std::string &precision)
{
    return precision == "fp32" || precision == "bf16" || precision == "auto";
}

std::string resolvePrecision(const std::string &precision, bool cuda)
{
    if (precision != "auto")
        return precision;
    return cuda || cpuHasBf16() ? "bf16" : "fp32";
}

} // namespace photocat::core
