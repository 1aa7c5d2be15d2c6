#pragma once

#include <string>

namespace photocat::core {

/** What exportOnnx() wrote. */
struct OnnxExportResult
{
    std::string path;
    int opset = 0;
    size_t nodes = 0;
    size_t initializers = 0;
};

/** Whether this build can write ONNX (it links Debian's libonnx). */
bool onnxExportAvailable();

/**
 * Writes a photocat checkpoint's model as an ONNX model (opset 13, checked with ONNX's own
 * checker before it is written): input "image" [batch, channels, size, size] preprocessed as
 * the checkpoint says, outputs "logits" and "probabilities" (softmax of logits / the model's
 * calibration temperature), both [batch, classes]; the batch dimension is dynamic. The class
 * names, preprocessing, model config and temperature are in its metadata_props as JSON.
 * The ResNet family (resnet-small at any width, resnet18, resnet34, resnet50) is exported;
 * other architectures throw std::runtime_error saying so, as do unreadable checkpoints and
 * write errors (the old file, if any, is left). Written to a temporary file and renamed.
 */
OnnxExportResult exportOnnx(const std::string &checkpoint, const std::string &onnxPath);

} // namespace photocat::core
