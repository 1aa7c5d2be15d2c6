#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace photocat::core {

/** What a weight file holds, read without loading its tensors where the format allows
    (torch-free header, for the app's file picker and `photocat-cli weights`). */
struct WeightFileInfo
{
    std::string format; ///< "pth (zip)", "pth (legacy)", "safetensors", "photocat checkpoint"
    struct Entry
    {
        std::string name;
        std::vector<int64_t> shape;
        std::string dtype;
    };
    std::vector<Entry> tensors;
    std::string architecture; ///< best guess from the names: resnet18, ..., "" when unknown
    int64_t classes = 0;      ///< rows of the classifier head, 0 when there is none
    int64_t parameters = 0;
    std::string checkpointMeta; ///< photocat checkpoints: their JSON metadata
};

/** Throws std::runtime_error naming the file for unreadable, truncated, hostile or foreign
    files. */
WeightFileInfo inspectWeights(const std::string &path);

/** What exportModel() wrote. */
struct ExportResult
{
    std::string pth, json;
    size_t tensors = 0;
    std::string python; ///< how to build the matching model in Python, as written
    std::string module; ///< NAME.py beside NAME.pth: the architecture by torchvision's names
};

/**
 * Writes a photocat checkpoint's model as a PyTorch state_dict .pth (torchvision/timm names;
 * loads with load_state_dict(strict=True)), and beside it a .py of the same name (which builds
 * the architecture, any width, by torchvision's names and loads the .pth strictly) and a .json
 * with the class names in output order, preprocessing, model config, temperature and the
 * one line of Python that loads it. Each is written atomically, the .json last. Throws
 * std::runtime_error, before writing anything when two of the files, or one and the
 * checkpoint, would be the same file.
 */
ExportResult exportModel(const std::string &checkpoint, const std::string &pthPath);

/** A checkpoint's model as plain float tensors, for writers without LibTorch (ONNX). */
struct PlainModel
{
    struct Tensor
    {
        std::string name;
        std::vector<int64_t> shape;
        std::vector<float> values;
    };
    nlohmann::json model;        ///< the ModelConfig: name, classes, in_channels, width
    nlohmann::json meta;         ///< the checkpoint's metadata (classes, preprocessing, ...)
    std::vector<Tensor> tensors; ///< the state_dict (parameters and buffers), float32
};

/** Loads a checkpoint (checked as loadCheckpoint() does) into plain tensors. Throws
    std::runtime_error naming the file. */
PlainModel readPlainModel(const std::string &checkpoint);

} // namespace photocat::core
