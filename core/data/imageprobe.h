#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

/** Images with more pixels than this are refused at import and never decoded (Pillow's
    decompression-bomb limit: about 13,377 × 13,377). `import --max-pixels` chooses another. */
constexpr int64_t kMaxImagePixels = 178956970;

/** The most pixels `import --max-pixels` may allow, and so the most any image the workspace
    holds is decoded with (OpenCV's own limit). */
constexpr int64_t kMaxDecodePixels = int64_t(1) << 30;

/**
 * Reads width, height, channels and orientation of a JPEG, PNG, BMP, WebP or TIFF file from
 * its header, and checks cheaply that the file is not truncated (end markers / declared sizes).
 * Only regular files are opened (without blocking: a FIFO or device is refused, checked on the
 * opened descriptor; so are /proc and /sys files). Images over maxPixels are refused as
 * "image too large (W×H pixels; ...)". A record path (isRecordPath()) is probed from the
 * record's image bytes. Never throws: unreadable, empty, truncated, unsupported
 * and non-image files return !ok with a reason. Thread-safe.
 */
ProbeResult probeImage(const std::string &path, int64_t maxPixels = kMaxImagePixels);

/** Image files larger than this are not read (a photo is a few MB; the largest image under
    kMaxImagePixels, an uncompressed 16-bit RGBA BMP, is about 1.4 GB, and nobody trains on one). */
constexpr int64_t kMaxImageFileBytes = int64_t(1) << 30;

/** Reads a whole image file, opened as probeImage() opens one; false with error set for a
    file that is not regular, unreadable or over maxBytes. */
bool readImageFile(const std::string &path, std::string &bytes, std::string &error,
                   int64_t maxBytes = kMaxImageFileBytes);

/** Whether a workspace path names a record of a .rec file ("FILE#OFFSET+LENGTH", see
    io/recordio.h) rather than a file: probeImage() and readImageFile() read such records. */
bool isRecordPath(const std::string &path);

/** Opens a regular file for reading as probeImage() does (without blocking on a FIFO or device;
    nothing under /proc or /sys); the descriptor, or -1 with error set. */
int openRegularFile(const std::string &path, int64_t &size, std::string &error);

/** pread()s exactly n bytes at offset; false with error set when the file is shorter. */
bool readFully(int fd, char *out, size_t n, int64_t offset, std::string &error);

/** probeImage() for bytes in memory (an upload). */
ProbeResult probeImageData(std::string_view bytes, int64_t maxPixels = kMaxImagePixels);

} // namespace photocat::core
