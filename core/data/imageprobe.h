#pragma once

#include <cstdint>
#include <string>

namespace photocat::core {

/** What the header of an image file says, without decoding its pixels. */
struct ImageHeader
{
    std::string format; ///< "jpeg", "png", "bmp", "webp", "tiff"
    int width = 0;      ///< after EXIF orientation is applied
    int height = 0;
    int channels = 0;    ///< 1 gray, 2 gray+alpha, 3 color, 4 color+alpha
    int bitDepth = 8;    ///< bits per channel
    int orientation = 1; ///< EXIF orientation 1..8
};

struct ProbeResult
{
    bool ok = false;
    ImageHeader header;
    std::string error; ///< why the file is not usable, when !ok
};

/**
 * Reads width, height, channels and orientation of a JPEG, PNG, BMP, WebP or TIFF file from
 * its header, and checks cheaply that the file is not truncated (end markers / declared sizes).
 * Never throws: unreadable, empty, truncated, unsupported and non-image files return !ok with
 * a reason. Thread-safe.
 */
ProbeResult probeImage(const std::string &path);

/** Images with more pixels than this are refused at import and never decoded (Pillow's
    decompression-bomb limit: about 13,377 × 13,377). */
constexpr int64_t kMaxImagePixels = 178956970;

} // namespace photocat::core
