#include "io/weights.h"

#include "io/weightreaders.h"

#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

/** "module.conv1.weight" (DataParallel) -> "conv1.weight", when every name has the prefix. */
template <typename T> void stripCommonPrefix(std::vector<T> &items, std::string T::*name)
{
    for (const char *prefix : {"module.", "model."}) {
        bool all = !items.empty();
        for (const auto &i : items)
            all = all && startsWith(i.*name, prefix);
        if (all)
            for (auto &i : items)
                (i.*name).erase(0, std::strlen(prefix));
    }
}

std::string guessArchitecture(const std::vector<WeightFileInfo::Entry> &tensors)
{
    std::map<std::string, const WeightFileInfo::Entry *> byName;
    for (const auto &t : tensors)
        byName[t.name] = &t;
    if (byName.count("conv2d_7b.conv.weight"))
        return "inception-resnet-v2";
    if (!byName.count("layer4.0.conv1.weight"))
        return "";
    const bool bottleneck = byName.count("layer1.0.conv3.weight") > 0;
    const auto conv1 = byName.find("conv1.weight");
    if (conv1 != byName.end() && conv1->second->shape.size() == 4 && conv1->second->shape[2] == 3)
        return "resnet-small";
    if (bottleneck)
        return "resnet50";
    return byName.count("layer3.5.conv1.weight") ? "resnet34" : "resnet18";
}

std::vector<int64_t> shapeOf(const torch::Tensor &t) { return t.sizes().vec(); }

} // namespace

WeightFile readWeights(const std::string &path)
{
    if (!fs::is_regular_file(path))
        throw std::runtime_error(path + ": no such weight file");
    WeightFile w;
    w.path = path;
    try {
        const std::string kind = weightio::sniff(path);
        if (kind == "zip") {
            auto contents = weightio::readZip(path, true);
            w.format = contents.checkpointVersion ? "photocat checkpoint" : "pth (zip)";
            w.checkpointMeta = std::move(contents.meta);
            w.tensors = std::move(contents.tensors);
        } else if (kind == "pth (legacy)") {
            w.format = kind;
            w.tensors = weightio::readLegacy(path);
        } else if (kind == "safetensors") {
            w.format = kind;
            w.tensors = weightio::readSafetensors(path);
        } else {
            throw std::runtime_error("not a weight file (expected a torch.save .pth, .safetensors "
                                     "or photocat checkpoint)");
        }
    } catch (const c10::Error &e) {
        throw std::runtime_error(path + ": " + e.what_without_backtrace());
    } catch (const std::runtime_error &e) {
        const std::string what = e.what();
        throw std::runtime_error(startsWith(what, path) ? what : path + ": " + what);
    }
    stripCommonPrefix(w.tensors, &NamedTensor::name);
    return w;
}

WeightFileInfo inspectWeights(const std::string &path)
{
    WeightFileInfo info;
    try {
        const std::string kind = fs::is_regular_file(path) ? weightio::sniff(path) : "";
        if (kind == "zip") {
            auto contents = weightio::readZip(path, false);
            info.format = contents.checkpointVersion ? "photocat checkpoint" : "pth (zip)";
            info.checkpointMeta = std::move(contents.meta);
            info.tensors = std::move(contents.entries);
        } else if (kind == "safetensors") {
            info.format = kind;
            info.tensors = weightio::listSafetensors(path);
        } else {
            const WeightFile w = readWeights(path);
            info.format = w.format;
            for (const auto &t : w.tensors)
                info.tensors.push_back(
                    {t.name, shapeOf(t.value), weightio::dtypeOf(t.value.scalar_type())->name});
        }
    } catch (const c10::Error &e) {
        throw std::runtime_error(path + ": " + e.what_without_backtrace());
    } catch (const std::runtime_error &e) {
        const std::string what = e.what();
        throw std::runtime_error(startsWith(what, path) ? what : path + ": " + what);
    }
    stripCommonPrefix(info.tensors, &WeightFileInfo::Entry::name);
    info.architecture = guessArchitecture(info.tensors);
    for (const auto &t : info.tensors) {
        const bool buffer = t.name.find("running_") != std::string::npos ||
                            t.name.find("num_batches_tracked") != std::string::npos;
        if (!buffer)
            info.parameters += weightio::elements(t.shape, t.name);
        if ((t.name == "fc.weight" || t.name == "classif.weight") && t.shape.size() == 2)
            info.classes = t.shape[0];
    }
    return info;
}

std::string WeightReport::summary() const
{
    std::string s = std::to_string(loaded) + " tensors loaded";
    if (!headNote.empty())
        s += "; " + headNote;
    if (!channelNote.empty())
        s += "; " + channelNote;
    if (!unused.empty()) {
        s += "; " + std::to_string(unused.size()) + " unused (";
        for (size_t i = 0; i < unused.size() && i < 4; ++i)
            s += (i ? ", " : "") + unused[i];
        s += unused.size() > 4 ? ", ...)" : ")";
    }
    return s;
}

WeightReport loadWeights(ClassifierImpl &model, const WeightFile &file, const LoadOptions &options)
{
    std::map<std::string, const torch::Tensor *> byName;
    for (const auto &t : file.tensors)
        byName[t.name] = &t.value;
    WeightReport report;
    std::vector<std::string> missing;
    std::map<std::string, bool> used;
    auto fail = [&file](const std::string &what) {
        throw std::runtime_error(file.path + ": " + what);
    };
    auto targets = model.named_parameters();
    for (const auto &b : model.named_buffers())
        targets.insert(b.key(), b.value());
    bool headReplaced = false;
    int64_t fileClasses = 0;
    torch::NoGradGuard noGrad;
    for (auto &item : targets) {
        const std::string &name = item.key();
        torch::Tensor &target = item.value();
        const bool head = stageOf(model, name) < 0;
        const auto it = byName.find(name);
        if (it == byName.end()) {
            if (head)
                headReplaced = true;
            else if (name.find("num_batches_tracked") == std::string::npos)
                missing.push_back(name);
            continue;
        }
        used[name] = true;
        torch::Tensor value = *it->second;
        if (head) {
            fileClasses = value.dim() > 0 ? value.size(0) : 0; // a scalar head: replaced
            if (!options.keepHead || value.sizes() != target.sizes()) {
                headReplaced = true;
                continue;
            }
        }
        if (value.sizes() != target.sizes()) {
            // A color stem for a gray model: gray replicated to RGB through W equals gray
            // through W summed over its input channels (and the reverse, spread evenly).
            const bool firstConv = value.dim() == 4 && target.dim() == 4 &&
                                   stageOf(model, name) == 0 && value.size(0) == target.size(0) &&
                                   value.sizes().slice(2) == target.sizes().slice(2);
            if (firstConv && value.size(1) == 3 && target.size(1) == 1) {
                value = value.sum(1, true);
                report.channelNote = "RGB first convolution " + name + " summed for gray input";
            } else if (firstConv && value.size(1) == 1 && target.size(1) == 3) {
                value = value.repeat({1, 3, 1, 1}) / 3;
                report.channelNote = "gray first convolution " + name + " spread over RGB input";
            } else {
                fail("tensor " + name + " has shape " + weightio::shapeText(shapeOf(value)) +
                     " in the file, the model expects " + weightio::shapeText(shapeOf(target)));
            }
        }
        target.copy_(value.to(target.scalar_type()));
        ++report.loaded;
    }
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size() && i < 3; ++i)
            list += (i ? ", " : "") + missing[i];
        if (report.loaded == 0)
            fail("none of the file's " + std::to_string(file.tensors.size()) + " tensors match " +
                 model.config().name + "'s names (" + list +
                 ", ...): is it for another architecture?");
        fail(std::to_string(missing.size()) + " of " + model.config().name +
             "'s tensors are missing from the file (" + list + (missing.size() > 3 ? ", ..." : "") +
             ")");
    }
    for (const auto &t : file.tensors)
        if (!used.count(t.name))
            report.unused.push_back(t.name);
    if (headReplaced)
        report.headNote =
            "head " + model.headName() + " initialized for " +
            std::to_string(model.config().numClasses) + " classes" +
            (fileClasses ? " (the file's has " + std::to_string(fileClasses) + ")" : "");
    else
        report.headNote = "head " + model.headName() + " loaded";
    return report;
}

std::vector<NamedTensor> stateDict(ClassifierImpl &model)
{
    std::vector<NamedTensor> out;
    for (const auto &p : model.named_parameters())
        out.push_back({p.key(), p.value().detach().to(torch::kCPU)});
    for (const auto &b : model.named_buffers())
        out.push_back({b.key(), b.value().detach().to(torch::kCPU)});
    return out;
}

} // namespace photocat::core
