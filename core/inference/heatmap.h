#pragma once

#include "inference/predictor.h"

#include <string>

namespace photocat::core {

/**
 * Writes an explanation as a picture (PNG, JPEG, ... by the extension): the model's view of the
 * photo under its class-activation map in the JET colours (blue: no evidence, red: the
 * strongest), opacity 0..1, enlarged to at least 224 pixels. Returns false with error set when
 * the file cannot be written.
 */
bool writeHeatmapOverlay(const Explanation &explanation, const std::string &path, double opacity,
                         std::string *error = nullptr);

} // namespace photocat::core
