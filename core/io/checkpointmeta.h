#pragma once

#include <string>

namespace photocat::core {

/** The JSON metadata of a photocat checkpoint, read without building the model (torch-free
    header). Throws std::runtime_error naming the file when it is not a readable checkpoint. */
std::string readCheckpointMeta(const std::string &path);

/** Replaces a checkpoint's JSON metadata, keeping its weights, optimizer and RNG state as they
    are (atomically, as saveCheckpoint()). Throws std::runtime_error naming the file when it
    is not a version 2 photocat checkpoint or cannot be written. */
void writeCheckpointMeta(const std::string &path, const std::string &metaJson);

} // namespace photocat::core
