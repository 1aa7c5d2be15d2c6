#include "io/weights.h"

#include "io/checkpoint.h"
#include "io/checkpointmeta.h"
#include "io/pickleops.h"
#include "io/weightreaders.h"

#include <caffe2/serialize/inline_container.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

using pickle::Op;

/** The few pickle opcodes torch.save's state_dict output needs. */
class PickleWriter
{
public:
    std::string bytes;

    void op(pickle::Op o) { bytes += char(o); }
    void text(const std::string &s)
    {
        op(Op::BinUnicode);
        uint32_t n = uint32_t(s.size());
        bytes.append(reinterpret_cast<const char *>(&n), 4);
        bytes += s;
    }
    void integer(int64_t v)
    {
        if (v >= INT32_MIN && v <= INT32_MAX) {
            op(Op::BinInt);
            int32_t i = int32_t(v);
            bytes.append(reinterpret_cast<const char *>(&i), 4);
        } else {
            op(Op::Long1);
            bytes += char(8);
            bytes.append(reinterpret_cast<const char *>(&v), 8);
        }
    }
    void global(const std::string &module, const std::string &name)
    {
        bytes += char(Op::Global) + module + "\n" + name + "\n";
    }
    void tuple(const std::vector<int64_t> &values)
    {
        op(Op::Mark);
        for (int64_t v : values)
            integer(v);
        op(Op::Tuple);
    }
    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        op(Op::EmptyTuple);
        op(Op::Reduce);
    }
};

} // namespace

void writeStateDict(const std::string &path, const std::vector<NamedTensor> &tensors)
{
    PickleWriter w;
    w.bytes = "\x80\x02";
    w.emptyOrderedDict();
    w.op(Op::Mark);
    std::vector<torch::Tensor> storages;
    for (const auto &t : tensors) {
        const weightio::DtypeName *d = weightio::dtypeOf(t.value.scalar_type());
        if (!d)
            throw std::runtime_error(path + ": cannot export tensor " + t.name + " of this dtype");
        const torch::Tensor value = t.value.detach().to(torch::kCPU).contiguous();
        const std::string key = std::to_string(storages.size());
        storages.push_back(value);
        w.text(t.name);
        w.global("torch._utils", "_rebuild_tensor_v2");
        w.op(Op::Mark);
        w.op(Op::Mark);
        w.text("storage");
        const std::string storage = d->storage;
        w.global("torch", storage.substr(storage.find('.') + 1));
        w.text(key);
        w.text("cpu");
        w.integer(value.numel());
        w.op(Op::Tuple);
        w.op(Op::BinPersId);
        w.integer(0);
        w.tuple(value.sizes().vec());
        w.tuple(value.strides().vec());
        w.op(Op::NewFalse);
        w.emptyOrderedDict();
        w.op(Op::Tuple);
        w.op(Op::Reduce);
    }
    w.op(Op::SetItems);
    w.op(Op::Stop);

    const std::string tmp = path + ".tmp";
    try {
        {
            caffe2::serialize::PyTorchStreamWriter writer(tmp);
            writer.writeRecord("data.pkl", w.bytes.data(), w.bytes.size());
            for (size_t i = 0; i < storages.size(); ++i)
                writer.writeRecord("data/" + std::to_string(i), storages[i].data_ptr(),
                                   size_t(storages[i].nbytes()));
            writer.writeEndOfFile();
        }
        fs::rename(tmp, path);
    } catch (const std::exception &e) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw std::runtime_error(path + ": cannot write: " + e.what());
    }
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
