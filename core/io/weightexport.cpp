#include "io/weights.h"

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

std::string pythonConstructor(const ModelConfig &m)
{
    const std::string n = std::to_string(m.numClasses);
    std::string py;
    if (m.name == "inception-resnet-v2")
        py = "model = timm.create_model('inception_resnet_v2', num_classes=" + n +
             (m.inChannels == 1 ? ", in_chans=1" : "") + ")";
    else if (m.name == "resnet-small")
        // torchvision's ResNet-18 layout with a 3x3 stride-1 stem, no max-pool and a base
        // width: torchvision has no width argument for basic blocks, so widths other than 64
        // need their own module with these names.
        py = "from torchvision.models.resnet import BasicBlock, ResNet; model = ResNet(BasicBlock, "
             "[2, 2, 2, 2], num_classes=" +
             n + "); model.conv1 = torch.nn.Conv2d(" + std::to_string(m.inChannels) +
             ", 64, 3, 1, 1, bias=False); model.maxpool = "
             "torch.nn.Identity()" +
             (m.width != 64 ? "  # base width " + std::to_string(m.width) +
                                  ": scale every stage's channels accordingly"
                            : "");
    else
        py = "model = torchvision.models." + m.name + "(num_classes=" + n + ")" +
             (m.inChannels == 1 ? "; model.conv1 = torch.nn.Conv2d(1, 64, 7, 2, 3, bias=False)"
                                : "");
    return py + "; model.load_state_dict(torch.load(PATH), strict=True); model.eval()";
}

} // namespace

ExportResult exportModel(const std::string &checkpoint, const std::string &pthPath)
{
    Checkpoint ckpt = loadCheckpoint(checkpoint);
    ExportResult r;
    r.pth = pthPath;
    r.json = (fs::path(pthPath).replace_extension(".json")).string();
    const auto tensors = stateDict(*ckpt.net);
    r.tensors = tensors.size();
    r.python = pythonConstructor(ckpt.model);
    if (!fs::path(pthPath).parent_path().empty())
        fs::create_directories(fs::path(pthPath).parent_path());
    writeStateDict(pthPath, tensors);
    nlohmann::json j = {
        {"format", "photocat-export"},
        {"version", 1},
        {"weights", fs::path(pthPath).filename().string()},
        {"model", toJson(ckpt.model)},
        {"classes", ckpt.meta.value("classes", nlohmann::json::array())},
        {"preprocessing", ckpt.meta.value("preprocessing", nlohmann::json::object())},
        {"temperature", ckpt.meta.value("temperature", 1.0)},
        {"python", r.python},
        {"source_checkpoint", checkpoint}};
    std::ofstream out(r.json, std::ios::trunc);
    if (!(out << j.dump(2) << '\n'))
        throw std::runtime_error(r.json + ": cannot write");
    return r;
}

} // namespace photocat::core
