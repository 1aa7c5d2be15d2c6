#pragma once

// Torch-heavy header: include only from core .cpp files.
#include "io/weightinfo.h"
#include "models/classifier.h"

#include <string>
#include <vector>

namespace photocat::core {

struct NamedTensor
{
    std::string name;
    torch::Tensor value;
};

/** Tensors of a weight file, in the file's order, on the CPU in their stored dtype. */
struct WeightFile
{
    std::string path;
    std::string format; ///< as in WeightFileInfo
    std::vector<NamedTensor> tensors;
    std::string checkpointMeta; ///< photocat checkpoints: their JSON metadata
};

/**
 * Reads weights without Python: torch.save archives (zip holding a pickled dict/OrderedDict,
 * as torchvision and timm publish them), legacy (pre-1.6, non-zip) torch.save files,
 * .safetensors and photocat checkpoints. A {"state_dict": ...} or {"model": ...} wrapper and
 * a "module." prefix (DataParallel) are unwrapped. Every size is checked against the file
 * before anything is allocated. Throws std::runtime_error naming the file.
 */
WeightFile readWeights(const std::string &path);

struct LoadOptions
{
    bool keepHead = false; ///< load the classifier head too when its shape fits
};

/** What loadWeights() did, for the log. */
struct WeightReport
{
    size_t loaded = 0;
    std::vector<std::string> unused; ///< file tensors the model has no place for
    std::string headNote;            ///< how the head was treated
    std::string channelNote;         ///< set when the first convolution was adapted
    std::string summary() const;
};

/**
 * Copies a weight file into a model by parameter/buffer name. The classifier head is
 * re-initialized for the model's classes unless keepHead and the shapes fit; a 3-channel first
 * convolution is summed for a 1-channel (gray) model and vice versa. Throws
 * std::runtime_error naming the file and the tensor for a missing backbone tensor or a shape
 * mismatch ("resnet50.pth: tensor layer4.2.bn3.weight has shape [1024] in the file, the model
 * expects [2048]").
 */
WeightReport loadWeights(ClassifierImpl &model, const WeightFile &file,
                         const LoadOptions &options = {});

/** The model's parameters and buffers in torch's state_dict naming, on the CPU. */
std::vector<NamedTensor> stateDict(ClassifierImpl &model);

/**
 * Writes tensors as torch.save(state_dict) does (zip archive, pickled OrderedDict of
 * _rebuild_tensor_v2 calls), so Python's torch.load + load_state_dict(strict=True) take it.
 * Atomic (temp file + rename). Throws std::runtime_error.
 */
void writeStateDict(const std::string &path, const std::vector<NamedTensor> &tensors);

} // namespace photocat::core
