#include "inference/predictor.h"

#include "common/torchcompat.h"
#include "evaluation/metrics.h"
#include "io/checkpoint.h"
#include "store/workspace.h"
#include "training/options.h"
#include "training/trainer.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace photocat::core {

struct Predictor::Impl
{
    Checkpoint ckpt;
    std::vector<std::string> classes, displayNames;
    Preprocessing pre;
    double temperature = 1.0;
    bool channelsLast = true; ///< NHWC weights and inputs: oneDNN's faster convolutions
    torch::Tensor input(float *pixels, int64_t n, int64_t channels, int64_t height,
                        int64_t width) const;
    std::optional<ChosenPolicy> policy;
    bool mirror = false;
    std::string precision = "fp32";
    torch::Device device{torch::kCPU};
    std::string digest; ///< weightsDigest(), once computed
};

namespace {

bool temperatureInvalid(double t) { return !(t > 0) || !std::isfinite(t); }

} // namespace

Predictor::Predictor(const std::string &checkpoint, const std::string &device)
    : d(std::make_unique<Impl>())
{
    configureRuntime();
    d->ckpt = loadModel(checkpoint);
    try {
        d->classes = d->ckpt.meta.at("classes").get<std::vector<std::string>>();
        d->pre = preprocessingFromJson(d->ckpt.meta.at("preprocessing"));
        d->temperature = d->ckpt.meta.value("temperature", 1.0);
        d->displayNames = d->ckpt.meta.value("display_names", std::vector<std::string>{});
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(checkpoint + ": corrupt checkpoint metadata: " + e.what());
    }
    if (d->displayNames.size() != d->classes.size()) {
        d->displayNames.clear();
        for (const auto &c : d->classes)
            d->displayNames.push_back(defaultDisplayName(c));
    }
    try {
        d->policy = storedPolicy(d->ckpt.meta);
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(checkpoint + ": " + e.what());
    }
    // Every output needs a name and every name an output: a hand-edited or damaged checkpoint
    // would otherwise index past the list.
    const int64_t outputs = d->ckpt.net->head()->options.out_features();
    if (int64_t(d->classes.size()) != outputs)
        throw std::runtime_error(checkpoint + ": the checkpoint names " +
                                 std::to_string(d->classes.size()) + " classes but its model has " +
                                 std::to_string(outputs) + " outputs");
    if (temperatureInvalid(d->temperature))
        throw std::runtime_error(checkpoint + ": calibration temperature " +
                                 std::to_string(d->temperature) + " is not a positive number");
    if (device == "cuda" && !cudaAvailable())
        throw std::invalid_argument(
            "device cuda was asked for, but this build or machine has no CUDA device");
    if (device != "cpu" && cudaAvailable())
        d->device = torch::Device(torch::kCUDA);
    d->ckpt.net->to(d->device);
    d->ckpt.net->eval();
    if (d->channelsLast) { // batch-32 resnet18 at 224 on 2 cores: 90-99 img/s against 67-71
        torch::NoGradGuard noGrad;
        for (auto &p : d->ckpt.net->parameters())
            if (p.dim() == 4)
                p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
    }
}

torch::Tensor Predictor::Impl::input(float *pixels, int64_t n, int64_t channels, int64_t height,
                                     int64_t width) const
{
    auto x = torch::from_blob(pixels, {n, channels, height, width}).to(device);
    return channelsLast ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

Predictor::~Predictor() = default;

const std::vector<std::string> &Predictor::classNames() const { return d->classes; }
const std::vector<std::string> &Predictor::displayNames() const { return d->displayNames; }
const Preprocessing &Predictor::preprocessing() const { return d->pre; }
const std::string &Predictor::modelName() const { return d->ckpt.model.name; }
nlohmann::json Predictor::training() const
{
    const nlohmann::json &m = d->ckpt.meta;
    nlohmann::json t = nlohmann::json::object();
    if (m.contains("options"))
        t["options"] = m["options"];
    if (m.contains("progress") && m["progress"].is_object())
        t["epochs"] = m["progress"].value("epoch", 0);
    if (m.contains("best"))
        t["best"] = m["best"];
    return t;
}

double Predictor::temperature() const { return d->temperature; }
const std::optional<ChosenPolicy> &Predictor::policy() const { return d->policy; }

bool Predictor::onGpu() const { return d->device.is_cuda(); }
std::string Predictor::metaJson() const { return d->ckpt.meta.dump(); }
void Predictor::setMirrorAveraging(bool on) { d->mirror = on; }
void Predictor::setPrecision(const std::string &precision)
{
    if (!isPrecisionName(precision))
        throw std::invalid_argument("precision must be fp32, bf16 or auto, not \"" + precision +
                                    "\"");
    d->precision = resolvePrecision(precision, d->device.is_cuda());
}
const std::string &Predictor::precision() const { return d->precision; }
bool Predictor::mirrorAveraging() const { return d->mirror; }

std::vector<std::vector<float>> Predictor::logits(Batch &b)
{
    std::vector<std::vector<float>> out;
    if (b.n == 0)
        return out;
    torch::NoGradGuard noGrad;
    AutocastScope autocast(d->precision == "bf16", d->device);
    auto x = d->input(b.pixels.data(), b.n, b.channels, b.height, b.width);
    auto z = d->ckpt.net->forward(x);
    if (d->mirror)
        z = (z + d->ckpt.net->forward(x.flip({3}))) / 2;
    z = z.to(torch::kFloat32).to(torch::kCPU).contiguous();
    const int64_t classes = z.size(1);
    const float *p = z.data_ptr<float>();
    for (int i = 0; i < b.n; ++i)
        out.emplace_back(p + i * classes, p + (i + 1) * classes);
    return out;
}

std::vector<std::vector<float>> Predictor::probabilities(Batch &batch)
{
    auto rows = logits(batch);
    for (auto &r : rows)
        r = softmax(r, d->temperature);
    return rows;
}

namespace {

/** A batch of one photo, as the model's preprocessing wants it. */
Batch batchOfOne(const std::string &imagePath, const Preprocessing &pre)
{
    Batch b;
    if (!ImageLoader::loadOne(imagePath, pre, b.pixels))
        throw std::runtime_error(imagePath + ": cannot decode image");
    b.n = 1;
    b.channels = pre.channels;
    b.height = b.width = pre.size;
    return b;
}

} // namespace

std::vector<float> Predictor::probabilities(const std::string &imagePath)
{
    Batch b = batchOfOne(imagePath, d->pre);
    return softmax(logits(b).front(), d->temperature);
}

int64_t Predictor::featureDim() const { return d->ckpt.net->featureDim(); }

const std::string &Predictor::weightsDigest()
{
    if (!d->digest.empty())
        return d->digest;
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const void *data, size_t n) { // FNV-1a a word at a time, plus a shift
        const auto *bytes = static_cast<const uint8_t *>(data);
        size_t i = 0;
        for (uint64_t word = 0; i + 8 <= n; i += 8) {
            std::memcpy(&word, bytes + i, 8);
            h = (h ^ word) * 1099511628211ull;
            h ^= h >> 29;
        }
        for (; i < n; ++i)
            h = (h ^ bytes[i]) * 1099511628211ull;
    };
    const std::string config = toJson(d->ckpt.model).dump();
    mix(config.data(), config.size());
    torch::NoGradGuard noGrad;
    auto add = [&](const std::string &name, const torch::Tensor &t) {
        mix(name.data(), name.size());
        const torch::Tensor plain = t.detach().to(torch::kCPU).contiguous();
        mix(plain.data_ptr(), size_t(plain.nbytes()));
    };
    for (const auto &p : d->ckpt.net->named_parameters())
        add(p.key(), p.value());
    for (const auto &b : d->ckpt.net->named_buffers())
        add(b.key(), b.value());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    d->digest = hex;
    return d->digest;
}

std::vector<float> Predictor::features(Batch &b)
{
    if (b.n == 0)
        return {};
    torch::NoGradGuard noGrad;
    AutocastScope autocast(d->precision == "bf16", d->device);
    auto x = d->input(b.pixels.data(), b.n, b.channels, b.height, b.width);
    const auto f = d->ckpt.net->features(x).to(torch::kFloat32).to(torch::kCPU).contiguous();
    return std::vector<float>(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
}

std::vector<std::vector<float>> Predictor::probabilitiesOfFeatures(const float *rows, int64_t count)
{
    std::vector<std::vector<float>> out;
    if (count <= 0)
        return out;
    torch::NoGradGuard noGrad;
    const auto f = torch::from_blob(const_cast<float *>(rows), {count, featureDim()});
    auto &head = d->ckpt.net->head();
    const auto logits = head->forward(f.to(head->weight.device(), head->weight.scalar_type()))
                            .to(torch::kFloat32)
                            .to(torch::kCPU)
                            .contiguous();
    const float *z = logits.data_ptr<float>();
    const int64_t classes = logits.size(1);
    out.reserve(size_t(count));
    for (int64_t i = 0; i < count; ++i)
        out.push_back(
            softmax(std::vector<float>(z + i * classes, z + (i + 1) * classes), d->temperature));
    return out;
}

std::vector<float> Predictor::features(const std::string &imagePath)
{
    Batch b = batchOfOne(imagePath, d->pre);
    return features(b);
}

Explanation Predictor::explain(const std::string &imagePath, int category)
{
    Explanation e;
    const Preprocessing &pre = d->pre;
    std::vector<float> pixels;
    if (!ImageLoader::loadOne(imagePath, pre, pixels))
        throw std::runtime_error(imagePath + ": cannot decode image");
    auto &net = d->ckpt.net;
    net->eval();
    const int64_t side = pre.size, channels = pre.channels;
    const auto x = d->input(pixels.data(), 1, channels, side, side);
    torch::Tensor maps;
    {
        torch::NoGradGuard noGrad;
        maps = net->featureMaps(x);
    }
    maps = maps.detach().to(torch::kFloat32).requires_grad_(true);
    const auto logits = net->head()->forward(torch::adaptive_avg_pool2d(maps, {1, 1}).flatten(1));
    const auto row = logits.detach().to(torch::kCPU)[0];
    e.predicted = int(row.argmax().item<int64_t>());
    e.category = category < 0 ? e.predicted : category;
    if (e.category >= row.size(0))
        throw std::invalid_argument("category " + std::to_string(category) + " is not one of the " +
                                    std::to_string(row.size(0)) + " categories");
    const auto *z = row.data_ptr<float>();
    e.probabilities = softmax(std::vector<float>(z, z + row.size(0)), d->temperature);
    // The category's score against the mean of all scores: evidence every category shares
    // (the background's texture, say) cancels, and unlike a softmax the gradient does not
    // vanish when the model is sure.
    (logits[0][e.category] - logits[0].mean()).backward();
    torch::Tensor cam;
    {
        torch::NoGradGuard noGrad;
        const auto weights = maps.grad().mean({2, 3}, true); // [1, C, 1, 1]
        cam = torch::relu((weights * maps).sum(1, true));    // [1, 1, h, w]
        cam =
            torch::nn::functional::interpolate(cam, torch::nn::functional::InterpolateFuncOptions()
                                                        .size(std::vector<int64_t>{side, side})
                                                        .mode(torch::kBilinear)
                                                        .align_corners(false));
        const double peak = cam.max().item<double>();
        cam = (peak > 0 ? cam / peak : cam).to(torch::kCPU).contiguous();
    }
    e.size = int(side);
    const auto *h = cam.data_ptr<float>();
    e.heat.assign(h, h + side * side);
    const auto peakAt = std::max_element(e.heat.begin(), e.heat.end()) - e.heat.begin();
    e.peakX = int(peakAt % side);
    e.peakY = int(peakAt / side);
    // The model's view, de-normalized: what the heat map lies over.
    e.channels = int(channels);
    e.image.resize(size_t(side * side * channels));
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t i = 0; i < side * side; ++i) {
            const float v =
                pixels[size_t(c * side * side + i)] * pre.std[size_t(c)] + pre.mean[size_t(c)];
            e.image[size_t(i * channels + c)] =
                uint8_t(std::clamp(std::lround(v * 255.f), 0L, 255L));
        }
    return e;
}

} // namespace photocat::core
