#pragma once

#include "inference/predictor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace photocat::core {

/**
 * The model's view of the photo under its class-activation map in the JET colours (blue: no
 * evidence, red: the strongest), opacity 0..1, enlarged by a whole factor to at least minSide
 * pixels: RGB bytes, side x side. Empty for an explanation without a map.
 */
std::vector<uint8_t> heatmapOverlayRgb(const Explanation &explanation, double opacity, int &side,
                                       int minSide = 224);

/** heatmapOverlayRgb() as PNG bytes (for reports); empty when there is no map. */
std::string heatmapOverlayPng(const Explanation &explanation, double opacity, int minSide = 160);

/**
 * Writes an explanation as a picture (PNG, JPEG, ... by the extension): the model's view of the
 * photo under its class-activation map in the JET colours (blue: no evidence, red: the
 * strongest), opacity 0..1, enlarged to at least 224 pixels. Returns false with error set when
 * the file cannot be written.
 */
bool writeHeatmapOverlay(const Explanation &explanation, const std::string &path, double opacity,
                         std::string *error = nullptr);

} // namespace photocat::core
