#include "io/weights.h"

#include "common/atomicfile.h"
#include "io/checkpoint.h"
#include "io/checkpointmeta.h"
#include "io/weightreaders.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

void writeStateDict(const std::string &path, const std::vector<NamedTensor> &tensors)
{
    weightio::writeArchive(path, tensors);
}

namespace {

/** A Python string literal for text (paths: quotes and backslashes escaped). */
std::string pyString(const std::string &text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '\\' || c == '"')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

/** The body of model.py's build(): the architecture by torchvision's (or timm's) names. */
std::string buildFunction(const ModelConfig &m)
{
    const std::string in = std::to_string(m.inChannels);
    if (m.name == "inception-resnet-v2")
        return "    import timm  # not in torchvision: timm's module names\n"
               "    return timm.create_model(\"inception_resnet_v2\", num_classes=num_classes, "
               "in_chans=" +
               in + ")\n";
    if (m.name == "resnet-small") {
        // torchvision's ResNet-18 blocks with a 3x3 stride-1 stem, no max-pool and a base
        // width: torchvision's constructor has none, so the stages are rebuilt at that width.
        const std::string w = std::to_string(std::max(4, m.width));
        return "    model = ResNet(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)\n"
               "    width = " +
               w +
               "\n"
               "    model.inplanes = width\n"
               "    model.conv1 = torch.nn.Conv2d(" +
               in +
               ", width, 3, 1, 1, bias=False)\n"
               "    model.bn1 = torch.nn.BatchNorm2d(width)\n"
               "    model.maxpool = torch.nn.Identity()\n"
               "    model.layer1 = model._make_layer(BasicBlock, width, 2)\n"
               "    model.layer2 = model._make_layer(BasicBlock, width * 2, 2, stride=2)\n"
               "    model.layer3 = model._make_layer(BasicBlock, width * 4, 2, stride=2)\n"
               "    model.layer4 = model._make_layer(BasicBlock, width * 8, 2, stride=2)\n"
               "    model.fc = torch.nn.Linear(width * 8, num_classes)\n"
               "    return model\n";
    }
    std::string py = "    model = torchvision.models." + m.name + "(num_classes=num_classes)\n";
    if (m.inChannels != 3)
        py += "    model.conv1 = torch.nn.Conv2d(" + in + ", 64, 7, 2, 3, bias=False)\n";
    return py + "    return model\n";
}

std::string modelModule(const ModelConfig &m, const nlohmann::json &classes,
                        const std::string &pthName, const std::string &moduleName)
{
    return "\"\"\"The model photocat exported: " + m.name + ", " + std::to_string(m.numClasses) +
           " classes, " + std::to_string(m.inChannels) +
           " input channel(s). Written by photocat-cli export.\n\n"
           "    import runpy\n"
           "    model = runpy.run_path(" +
           pyString(moduleName) + ")[\"load\"]()  # " + pthName +
           " beside this file, strict, in eval mode\n\n"
           "Inputs are preprocessed as the .json beside this file says.\"\"\"\n"
           "import os\n\n"
           "import torch\n"
           "import torchvision\n"
           "from torchvision.models.resnet import BasicBlock, ResNet\n\n"
           "CLASSES = " +
           classes.dump() +
           "\n\n\n"
           "def build(num_classes=" +
           std::to_string(m.numClasses) +
           "):\n"
           "    \"\"\"The architecture, untrained.\"\"\"\n" +
           buildFunction(m) +
           "\n\n"
           "def load(path=None):\n"
           "    \"\"\"The exported weights, loaded with strict=True, in eval mode.\"\"\"\n"
           "    if path is None:\n"
           "        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), " +
           pyString(pthName) +
           ")\n"
           "    model = build()\n"
           "    model.load_state_dict(torch.load(path, map_location=\"cpu\"), strict=True)\n"
           "    return model.eval()\n";
}

} // namespace

ExportResult exportModel(const std::string &checkpoint, const std::string &pthPath)
{
    Checkpoint ckpt = loadCheckpoint(checkpoint);
    ExportResult r;
    r.pth = pthPath;
    r.json = (fs::path(pthPath).replace_extension(".json")).string();
    // Named after the weights, so two exports into one folder keep their own architectures.
    r.module = (fs::path(pthPath).replace_extension(".py")).string();
    const std::string moduleName = fs::path(r.module).filename().string();
    // Its recipe imports these: a module of the same name beside it would import itself.
    const std::string stem = fs::path(r.module).stem().string();
    for (const char *taken : {"torch", "torchvision", "timm", "os", "runpy", "numpy"})
        if (stem == taken)
            throw std::runtime_error(pthPath + ": name the export otherwise (" + moduleName +
                                     " would hide Python's " + taken +
                                     " module from its own "
                                     "imports), e.g. model.pth");
    for (const auto &[a, b] :
         {std::pair{pthPath, r.json}, std::pair{pthPath, r.module}, std::pair{pthPath, checkpoint},
          std::pair{r.json, checkpoint}, std::pair{r.module, checkpoint}})
        if (sameFile(a, b))
            throw std::runtime_error(
                pthPath + ": the export would overwrite " + b +
                " (the weights, their .json and .py and the checkpoint must be four files: "
                "name the export like model.pth)");
    const auto tensors = stateDict(*ckpt.net);
    r.tensors = tensors.size();
    // Runs as written from the folder export was run in.
    r.python = "import runpy; model = runpy.run_path(" + pyString(r.module) + ")[\"load\"](" +
               pyString(pthPath) + ")";
    if (!fs::path(pthPath).parent_path().empty())
        fs::create_directories(fs::path(pthPath).parent_path());
    writeStateDict(pthPath, tensors);
    const nlohmann::json classes = ckpt.meta.value("classes", nlohmann::json::array());
    writeFileAtomically(r.module, modelModule(ckpt.model, classes,
                                              fs::path(pthPath).filename().string(), moduleName));
    nlohmann::json j = {
        {"format", "photocat-export"},
        {"version", 2},
        {"weights", fs::path(pthPath).filename().string()},
        {"module", moduleName},
        {"model", toJson(ckpt.model)},
        {"classes", classes},
        {"preprocessing", ckpt.meta.value("preprocessing", nlohmann::json::object())},
        {"temperature", ckpt.meta.value("temperature", 1.0)},
        {"python", r.python},
        {"source_checkpoint", checkpoint}};
    if (ckpt.meta.contains("policy"))
        j["policy"] = ckpt.meta["policy"];
    if (ckpt.meta.contains("display_names"))
        j["display_names"] = ckpt.meta["display_names"];
    writeFileAtomically(r.json, j.dump(2) + "\n"); // last: it names the other two
    return r;
}

PlainModel readPlainModel(const std::string &checkpoint)
{
    Checkpoint ckpt = loadCheckpoint(checkpoint);
    PlainModel p;
    p.model = toJson(ckpt.model);
    p.meta = ckpt.meta;
    for (const auto &t : stateDict(*ckpt.net)) {
        const torch::Tensor v = t.value.to(torch::kFloat32).contiguous();
        PlainModel::Tensor out{t.name, v.sizes().vec(), {}};
        out.values.assign(v.data_ptr<float>(), v.data_ptr<float>() + v.numel());
        p.tensors.push_back(std::move(out));
    }
    return p;
}

} // namespace photocat::core
