#pragma once

#include <string>

namespace photocat::core {

/** The JSON metadata of a photocat checkpoint, read without building the model (torch-free
    header). Throws std::runtime_error naming the file when it is not a readable checkpoint. */
std::string readCheckpointMeta(const std::string &path);

} // namespace photocat::core
