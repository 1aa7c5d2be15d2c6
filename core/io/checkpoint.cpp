#include "io/checkpoint.h"
#include "io/checkpointmeta.h"

#include "common/torchcompat.h"
#include "io/weightreaders.h"
#include "io/weights.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** "sgd" or "adamw" (the optimizers photocat trains with), "" for others. */
std::string optimizerKind(torch::optim::Optimizer &o)
{
    if (dynamic_cast<torch::optim::SGD *>(&o))
        return "sgd";
    if (dynamic_cast<torch::optim::AdamW *>(&o))
        return "adamw";
    return "";
}

/** The optimizer's per-parameter state as named tensors: "<kind>/<group>/<index>/<field>". */
std::vector<NamedTensor> optimizerTensors(torch::optim::Optimizer &o)
{
    std::vector<NamedTensor> out;
    const std::string kind = optimizerKind(o);
    auto &state = o.state();
    for (size_t g = 0; g < o.param_groups().size(); ++g) {
        const auto &params = o.param_groups()[g].params();
        for (size_t i = 0; i < params.size(); ++i) {
            const auto it = state.find(optimizerStateKey(state, params[i]));
            if (it == state.end())
                continue;
            const std::string name = kind + "/" + std::to_string(g) + "/" + std::to_string(i) + "/";
            auto add = [&](const char *field, const torch::Tensor &t) {
                if (t.defined())
                    out.push_back({name + field, t.detach().to(torch::kCPU)});
            };
            if (auto *sgd = dynamic_cast<torch::optim::SGDParamState *>(it->second.get())) {
                add("momentum_buffer", sgd->momentum_buffer());
            } else if (auto *adam =
                           dynamic_cast<torch::optim::AdamWParamState *>(it->second.get())) {
                add("step", torch::tensor(int64_t(adam->step()), torch::kLong));
                add("exp_avg", adam->exp_avg());
                add("exp_avg_sq", adam->exp_avg_sq());
                add("max_exp_avg_sq", adam->max_exp_avg_sq());
            }
        }
    }
    return out;
}

/** Restores what optimizerTensors() saved; false when the records are for another
    optimizer or other parameters (the optimizer then starts afresh). */
bool restoreOptimizer(torch::optim::Optimizer &o, const std::vector<NamedTensor> &records)
{
    const std::string kind = optimizerKind(o);
    std::map<std::string, torch::Tensor> byName;
    for (const auto &r : records)
        byName[r.name] = r.value;
    if (kind.empty() || byName.empty())
        return false;
    auto &state = o.state();
    std::vector<std::pair<decltype(optimizerStateKey(state, torch::Tensor())),
                          std::unique_ptr<torch::optim::OptimizerParamState>>>
        restored;
    for (size_t g = 0; g < o.param_groups().size(); ++g) {
        const auto &params = o.param_groups()[g].params();
        for (size_t i = 0; i < params.size(); ++i) {
            const std::string name = kind + "/" + std::to_string(g) + "/" + std::to_string(i) + "/";
            auto field = [&](const char *f) -> torch::Tensor {
                const auto it = byName.find(name + f);
                if (it == byName.end())
                    return {};
                if (it->second.sizes() != params[i].sizes() ||
                    !at::isFloatingType(it->second.scalar_type()))
                    throw std::runtime_error("optimizer state " + name + f +
                                             " does not fit its parameter");
                return it->second.to(params[i].device(), params[i].scalar_type());
            };
            if (kind == "sgd") {
                torch::Tensor momentum = field("momentum_buffer");
                if (!momentum.defined())
                    continue;
                auto s = std::make_unique<torch::optim::SGDParamState>();
                s->momentum_buffer(momentum);
                restored.emplace_back(optimizerStateKey(state, params[i]), std::move(s));
            } else {
                const auto step = byName.find(name + "step");
                torch::Tensor avg = field("exp_avg"), sq = field("exp_avg_sq");
                if (step == byName.end() || !avg.defined() || !sq.defined())
                    continue;
                if (step->second.numel() != 1 || step->second.scalar_type() != torch::kLong)
                    throw std::runtime_error("optimizer state " + name + "step is damaged");
                auto s = std::make_unique<torch::optim::AdamWParamState>();
                s->step(step->second.item<int64_t>());
                s->exp_avg(avg);
                s->exp_avg_sq(sq);
                if (torch::Tensor max = field("max_exp_avg_sq"); max.defined())
                    s->max_exp_avg_sq(max);
                restored.emplace_back(optimizerStateKey(state, params[i]), std::move(s));
            }
        }
    }
    if (restored.empty())
        return false;
    for (auto &[key, value] : restored)
        state[key] = std::move(value);
    return true;
}

void checkedJson(const std::string &path, const std::function<void()> &f)
{
    try {
        f();
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(path + ": corrupt checkpoint metadata: " + e.what());
    }
}

/** Writes a checkpoint's records; a failure names the file and the cause. */
void writeRecords(const std::string &path,
                  const std::vector<std::pair<std::string, weightio::ArchiveValue>> &records)
{
    try {
        weightio::writeArchive(path, records);
    } catch (const std::runtime_error &e) {
        const std::string what = e.what(), marker = ": cannot write: ";
        const size_t at = what.find(marker);
        throw std::runtime_error(
            path + ": cannot write checkpoint: " +
            (at == std::string::npos ? what : what.substr(at + marker.size())));
    }
}

/** Reads a checkpoint's records; throws std::runtime_error naming the file. */
weightio::ZipContents readRecords(const std::string &path, bool withData)
{
    if (!fs::is_regular_file(path))
        throw std::runtime_error(path + ": no such checkpoint file");
    weightio::ZipContents c;
    try {
        if (weightio::sniff(path) != "zip")
            throw std::runtime_error("not a photocat checkpoint");
        c = weightio::readZip(path, withData);
    } catch (const c10::Error &e) {
        throw std::runtime_error(path + ": unreadable checkpoint: " + e.what_without_backtrace());
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(path +
                                 ": unreadable checkpoint (truncated or not a photocat "
                                 "checkpoint): " +
                                 e.what());
    }
    if (c.checkpointVersion == 0)
        throw std::runtime_error(path + ": not a photocat checkpoint (a plain state_dict: use it "
                                        "as pretrained weights instead)");
    return c;
}

/** Refuses metadata the file's own tensors contradict, before a model is built from it: the
    head must have the rows of num_classes and the first convolution the input channels, so
    a small file cannot make a huge model. */
void checkAgainstFile(const std::string &path, const ModelConfig &c,
                      const std::vector<WeightFileInfo::Entry> &entries)
{
    auto shape = [&](const std::string &name) -> std::vector<int64_t> {
        for (const auto &e : entries)
            if (e.name == name)
                return e.shape;
        throw std::runtime_error(path + ": damaged checkpoint: tensor " + name + " is missing");
    };
    const bool inception = c.name == "inception-resnet-v2";
    const auto head = shape(inception ? "classif.weight" : "fc.weight");
    const auto stem = shape(inception ? "conv2d_1a.conv.weight" : "conv1.weight");
    if (head.size() != 2 || head[0] != c.numClasses)
        throw std::runtime_error(
            path + ": damaged checkpoint: its metadata says " + std::to_string(c.numClasses) +
            " classes, its head tensor has shape " + weightio::shapeText(head));
    if (stem.size() != 4 || stem[1] != c.inChannels ||
        (c.name == "resnet-small" && stem[0] != std::max(4, c.width)))
        throw std::runtime_error(path + ": damaged checkpoint: its first convolution has shape " +
                                 weightio::shapeText(stem) + ", not that of its metadata's model");
}

/** Copies every parameter and buffer of net from tensors by name; throws naming path for a
    missing tensor or a shape that differs. Extra tensors are ignored. */
void assignStrictly(const std::string &path, ClassifierImpl &net,
                    const std::vector<NamedTensor> &tensors)
{
    std::map<std::string, const torch::Tensor *> byName;
    for (const auto &t : tensors)
        byName[t.name] = &t.value;
    torch::NoGradGuard noGrad;
    auto assign = [&](const std::string &name, torch::Tensor &target) {
        const auto it = byName.find(name);
        if (it == byName.end())
            throw std::runtime_error(path + ": tensor " + name + " is missing");
        const torch::Tensor &value = *it->second;
        if (value.sizes() != target.sizes())
            throw std::runtime_error(path + ": tensor " + name + " has shape " +
                                     c10::str(value.sizes()) + ", model expects " +
                                     c10::str(target.sizes()));
        target.copy_(value);
    };
    for (auto &p : net.named_parameters())
        assign(p.key(), p.value());
    for (auto &b : net.named_buffers())
        assign(b.key(), b.value());
}

/** The model config describes, built once the file's tensors are known to agree with it (so
    a small file cannot make a huge model) and filled from them strictly. */
Classifier buildChecked(const std::string &path, const ModelConfig &config,
                        const std::vector<WeightFileInfo::Entry> &entries,
                        const std::vector<NamedTensor> &tensors)
{
    checkAgainstFile(path, config, entries);
    Classifier net{nullptr};
    try {
        net = createModel(config);
    } catch (const std::invalid_argument &e) {
        throw std::runtime_error(path + ": damaged checkpoint metadata: " + e.what());
    }
    assignStrictly(path, *net, tensors);
    return net;
}

} // namespace

nlohmann::json toJson(const ModelConfig &c)
{
    return {{"name", c.name},
            {"num_classes", c.numClasses},
            {"in_channels", c.inChannels},
            {"width", c.width}};
}

ModelConfig modelConfigFromJson(const nlohmann::json &j)
{
    ModelConfig c;
    c.name = j.at("name").get<std::string>();
    c.numClasses = j.at("num_classes").get<int>();
    c.inChannels = j.at("in_channels").get<int>();
    c.width = j.value("width", 32);
    return c;
}

void saveCheckpoint(const std::string &path, Classifier net, torch::optim::Optimizer *optimizer,
                    const nlohmann::json &meta)
{
    std::vector<std::pair<std::string, weightio::ArchiveValue>> records;
    records.emplace_back("photocat", int64_t(2));
    records.emplace_back("meta", meta.dump());
    records.emplace_back("model", stateDict(*net));
    if (optimizer)
        records.emplace_back("optimizer", optimizerTensors(*optimizer));
    auto generator = at::detail::getDefaultCPUGenerator();
    {
        std::lock_guard<std::mutex> lock(generator.mutex());
        records.emplace_back("rng", generator.get_state());
    }
    writeRecords(path, records);
}

Checkpoint loadCheckpoint(const std::string &path)
{
    const weightio::ZipContents records = readRecords(path, true);
    Checkpoint ckpt;
    checkedJson(path, [&] {
        ckpt.meta = nlohmann::json::parse(records.meta);
        ckpt.model = modelConfigFromJson(ckpt.meta.at("model"));
    });
    ckpt.net = buildChecked(path, ckpt.model, records.entries, records.tensors);
    return ckpt;
}

Checkpoint loadModel(const std::string &pathOrFolder)
{
    std::error_code ec;
    if (!fs::is_directory(pathOrFolder, ec))
        return loadCheckpoint(pathOrFolder);
    // A folder (SageMaker's /opt/ml/model): photocat-cli export's .json + .pth, or a checkpoint.
    std::vector<fs::path> exports, checkpoints;
    for (const auto &entry : fs::directory_iterator(pathOrFolder, ec)) {
        if (!entry.is_regular_file(ec))
            continue;
        const auto ext = entry.path().extension();
        if (ext == ".json" && entry.file_size(ec) <= (1u << 20))
            exports.push_back(entry.path());
        else if (ext == ".pt")
            checkpoints.push_back(entry.path());
    }
    std::sort(exports.begin(), exports.end());
    std::sort(checkpoints.begin(), checkpoints.end());
    for (const auto &jsonPath : exports) {
        nlohmann::json j;
        try {
            std::ifstream in(jsonPath);
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception &) {
            continue; // some other .json
        }
        if (!j.is_object() || !j.contains("format") || j["format"] != "photocat-export")
            continue;
        const std::string where = jsonPath.string();
        Checkpoint ckpt;
        std::string weights;
        checkedJson(where, [&] {
            ckpt.model = modelConfigFromJson(j.at("model"));
            weights = j.at("weights").get<std::string>();
            ckpt.meta = {{"model", j.at("model")},
                         {"classes", j.at("classes")},
                         {"preprocessing", j.at("preprocessing")},
                         {"temperature", j.value("temperature", 1.0)}};
            if (j.contains("policy"))
                ckpt.meta["policy"] = j["policy"];
            if (j.contains("display_names"))
                ckpt.meta["display_names"] = j["display_names"];
        });
        // The weights sit beside the .json: a name, never a path out of the folder.
        if (weights.empty() || weights.find('/') != std::string::npos || weights == "." ||
            weights == "..")
            throw std::runtime_error(where + ": \"weights\" must name a file in its folder");
        const std::string pth = (jsonPath.parent_path() / weights).string();
        const WeightFile file = readWeights(pth);
        std::vector<WeightFileInfo::Entry> entries;
        for (const auto &t : file.tensors)
            entries.push_back({t.name, t.value.sizes().vec(), ""});
        ckpt.net = buildChecked(pth, ckpt.model, entries, file.tensors);
        return ckpt;
    }
    for (const auto &name : {"best.pt", "last.pt"})
        for (const auto &c : checkpoints)
            if (c.filename() == name)
                return loadCheckpoint(c.string());
    if (!checkpoints.empty())
        return loadCheckpoint(checkpoints.front().string());
    throw std::runtime_error(pathOrFolder + ": holds neither a photocat export (the .json and "
                                            ".pth of photocat-cli export) nor a checkpoint (.pt)");
}

bool loadOptimizerState(const std::string &path, torch::optim::Optimizer &optimizer)
{
    const weightio::ZipContents records = readRecords(path, true);
    if (records.rng.defined() && records.rng.scalar_type() == torch::kByte) {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        try {
            generator.set_state(records.rng);
        } catch (const c10::Error &) {
            // A damaged RNG record: the run continues with the current generator.
        }
    }
    try {
        return restoreOptimizer(optimizer, records.optimizer);
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

} // namespace photocat::core

namespace photocat::core {

std::string readCheckpointMeta(const std::string &path) { return readRecords(path, false).meta; }

void writeCheckpointMeta(const std::string &path, const std::string &metaJson)
{
    const weightio::ZipContents c = readRecords(path, true);
    if (c.checkpointVersion != 2)
        throw std::runtime_error(path + ": a version 1 checkpoint; resume or fine-tune it once "
                                        "to write it in the current format");
    std::vector<std::pair<std::string, weightio::ArchiveValue>> records;
    records.emplace_back("photocat", int64_t(2));
    records.emplace_back("meta", metaJson);
    records.emplace_back("model", c.tensors);
    if (!c.optimizer.empty())
        records.emplace_back("optimizer", c.optimizer);
    if (c.rng.defined())
        records.emplace_back("rng", c.rng);
    writeRecords(path, records);
}

} // namespace photocat::core
