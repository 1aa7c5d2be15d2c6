#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace photocat::core {
class Workspace;
}

namespace photocat::test {

/**
 * A small learnable image of class cls: a class-specific pattern (stripes at an angle, plus a
 * class-coloured blob) with per-sample noise, so a tiny CNN separates the classes quickly.
 * channels: 1 gray, 3 BGR, 4 BGRA.
 */
std::vector<uint8_t> classPattern(int cls, int sample, int size, int channels);

/** Writes an image from raw interleaved bytes with OpenCV; the extension picks the format. */
void writeImage(const std::string &path, const std::vector<uint8_t> &pixels, int width, int height,
                int channels, int depth = 8);

/** Writes a JPEG whose EXIF orientation tag is orientation; the stored image is w x h. */
void writeJpegWithOrientation(const std::string &path, int width, int height, int orientation);

/** Writes a folder-per-class dataset root/<class>/img-N.png of learnable patterns.
    Returns the class names (c0, c1, ...). */
std::vector<std::string> makeDataset(const std::string &root, int classes, int perClass, int size,
                                     int channels = 1, const std::string &ext = ".png");

/** makeDataset() into dir/src, imported into a new workspace at dir/ws (default split). */
std::unique_ptr<core::Workspace> makeWorkspace(const std::string &dir, int classes, int perClass,
                                               int size, int channels = 1);

/** Writes a checkpoint of an untrained resnet-small (width 4) for 3 gray classes ("shoe",
    "bag", "shirt") whose inputs are size x size: for tests of what reads models, quickly. */
void writeUntrainedCheckpoint(const std::string &path, int size);

/** Writes an IDX file (ubyte), gzip-compressed when the path ends in .gz. */
void writeIdx(const std::string &path, const std::vector<uint32_t> &dims,
              const std::vector<uint8_t> &data);

/** Writes bytes to a file, replacing it. */
void writeFile(const std::string &path, const std::string &bytes);
std::string readFile(const std::string &path);

/** Runs photocat-cli (path from $PHOTOCAT_CLI) with arguments; returns its exit code and
    stdout/stderr. */
struct CliResult
{
    int exitCode = -1;
    std::string out;
    std::string err;
};
CliResult runCli(const std::vector<std::string> &args, int timeoutMs = 50000);

/** Runs Debian's Python (/usr/bin/python3: the one with python3-torch, the test oracle; not
    a pyenv python3 on PATH) with arguments; returns its exit code (-1 when it crashed or timed
    out) and its stdout and stderr together in out. */
CliResult runOracle(const std::vector<std::string> &args, int timeoutMs = 120000);

} // namespace photocat::test
