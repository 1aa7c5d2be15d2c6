#include "io/checkpoint.h"
#include "io/checkpointmeta.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

void fsyncPath(const std::string &path, bool directory)
{
    const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
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
    torch::serialize::OutputArchive archive;
    torch::NoGradGuard noGrad;
    for (const auto &p : net->named_parameters())
        archive.write("model." + p.key(), p.value().detach().to(torch::kCPU));
    for (const auto &b : net->named_buffers())
        archive.write("model." + b.key(), b.value().to(torch::kCPU), /*is_buffer=*/true);
    if (optimizer) {
        torch::serialize::OutputArchive state;
        optimizer->save(state);
        archive.write("optimizer", state);
    }
    auto generator = at::detail::getDefaultCPUGenerator();
    {
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write("rng", generator.get_state());
    }
    archive.write("meta", c10::IValue(meta.dump()));

    const std::string tmp = path + ".tmp";
    fs::create_directories(fs::path(path).parent_path());
    try {
        archive.save_to(tmp);
    } catch (const c10::Error &e) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw std::runtime_error(path + ": cannot write checkpoint: " + e.what_without_backtrace());
    }
    fsyncPath(tmp, false);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec)
        throw std::runtime_error(path + ": cannot write checkpoint: " + ec.message());
    fsyncPath(fs::path(path).parent_path().string(), true);
}

Checkpoint loadCheckpoint(const std::string &path)
{
    if (!fs::is_regular_file(path))
        throw std::runtime_error(path + ": no such checkpoint file");
    torch::serialize::InputArchive archive;
    Checkpoint ckpt;
    try {
        archive.load_from(path, torch::kCPU);
        c10::IValue meta;
        if (!archive.try_read("meta", meta) || !meta.isString())
            throw std::runtime_error("not a photocat checkpoint (no meta record)");
        ckpt.meta = nlohmann::json::parse(meta.toStringRef());
        ckpt.model = modelConfigFromJson(ckpt.meta.at("model"));
    } catch (const c10::Error &e) {
        throw std::runtime_error(path +
                                 ": unreadable checkpoint (truncated or not a photocat "
                                 "checkpoint): " +
                                 e.what_without_backtrace());
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(path + ": corrupt checkpoint metadata: " + e.what());
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    ckpt.net = createModel(ckpt.model);
    torch::NoGradGuard noGrad;
    auto assign = [&](const std::string &name, torch::Tensor &target) {
        torch::Tensor value;
        if (!archive.try_read("model." + name, value))
            throw std::runtime_error(path + ": tensor " + name + " is missing");
        if (value.sizes() != target.sizes())
            throw std::runtime_error(path + ": tensor " + name + " has shape " +
                                     c10::str(value.sizes()) + ", model expects " +
                                     c10::str(target.sizes()));
        target.copy_(value);
    };
    for (auto &p : ckpt.net->named_parameters())
        assign(p.key(), p.value());
    for (auto &b : ckpt.net->named_buffers())
        assign(b.key(), b.value());
    return ckpt;
}

void loadOptimizerState(const std::string &path, torch::optim::Optimizer &optimizer)
{
    torch::serialize::InputArchive archive;
    archive.load_from(path, torch::kCPU);
    torch::serialize::InputArchive state;
    if (archive.try_read("optimizer", state))
        optimizer.load(state);
    torch::Tensor rng;
    if (archive.try_read("rng", rng)) {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(rng);
    }
}

} // namespace photocat::core

namespace photocat::core {

std::string readCheckpointMeta(const std::string &path)
{
    if (!fs::is_regular_file(path))
        throw std::runtime_error(path + ": no such checkpoint file");
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path, torch::kCPU);
        c10::IValue meta;
        if (!archive.try_read("meta", meta) || !meta.isString())
            throw std::runtime_error(path + ": not a photocat checkpoint (no meta record)");
        return meta.toStringRef();
    } catch (const c10::Error &e) {
        throw std::runtime_error(path +
                                 ": unreadable checkpoint (truncated or not a photocat "
                                 "checkpoint): " +
                                 e.what_without_backtrace());
    }
}

} // namespace photocat::core
