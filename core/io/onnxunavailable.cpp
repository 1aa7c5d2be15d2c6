#include "io/onnxexport.h"

#include <stdexcept>

namespace photocat::core {

// Built when CMake found no ONNX (an official LibTorch build without Debian's libonnx-dev).

bool onnxExportAvailable() { return false; }

OnnxExportResult exportOnnx(const std::string &, const std::string &)
{
    throw std::runtime_error("this photocat was built without ONNX (Debian: install libonnx-dev "
                             "and rebuild); export --format pth works everywhere");
}

} // namespace photocat::core
