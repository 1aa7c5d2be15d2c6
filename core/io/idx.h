#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace photocat::core {

/** The contents of an IDX file (the MNIST format), optionally gzip-compressed. */
struct IdxArray
{
    std::vector<uint32_t> dims; ///< e.g. {60000, 28, 28} for images, {60000} for labels
    std::vector<uint8_t> data;  ///< row-major unsigned bytes
};

/** Reads an unsigned-byte IDX file (.gz or plain). Throws std::runtime_error naming the file
    for a missing file, a wrong magic number, a non-ubyte type or a short payload. */
IdxArray readIdx(const std::string &path);

/** Fashion-MNIST's documented category names, in label order. */
const std::vector<std::string> &fashionMnistClasses();

/** Makes a category name usable as a folder name ("T-shirt/top" -> "T-shirt_top"). */
std::string safeFolderName(const std::string &name);

struct IdxUnpackReport
{
    size_t written = 0;
    std::vector<size_t> perClass;
};

/**
 * Writes an IDX image/label pair as PNG files into outDir/split/<class>/<split>-NNNNN.png.
 * classNames maps labels to names (Fashion-MNIST's when empty). Throws std::runtime_error when
 * the files disagree (counts, label out of range) or a PNG cannot be written.
 */
IdxUnpackReport unpackIdx(const std::string &imagesPath, const std::string &labelsPath,
                          const std::string &outDir, const std::string &split,
                          std::vector<std::string> classNames = {});

} // namespace photocat::core
