#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"

#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace photocat::core {

/** MXNet's im2rec.py --list: image lists of a folder, written as that script writes them. */
struct ListOptions
{
    std::string prefix;     ///< lists are PREFIX.lst or PREFIX_train.lst, _val.lst, _test.lst
    std::string root;       ///< the folder of images; list paths are relative to it
    bool recursive = false; ///< one label per folder holding images; else every image label 0
    std::vector<std::string> exts = {".jpeg", ".jpg", ".png"};
    double trainRatio = 1.0;
    double testRatio = 0.0;
    bool shuffle = true;
    uint64_t seed = 100; ///< im2rec.py's random.seed(100): the same order as that script
};

struct ListResult
{
    std::vector<std::string> written; ///< the list files, in the order they were written
    size_t images = 0;
    /** Each labelled folder (relative to root, "." for root itself) and its label. */
    std::vector<std::pair<std::string, int>> classes;
};

/** Writes image lists as `im2rec.py --list` does: folders walked top-down in name order (links
    followed once), labels by first folder holding an image, the same shuffle as Python's
    random.shuffle after random.seed(seed), the same ratios, "INDEX<TAB>LABEL<TAB>PATH" lines
    with the label as "%f". Throws std::runtime_error when root cannot be read. */
ListResult makeImageLists(const ListOptions &options);

/** Python's random.shuffle() after random.seed(seed) (Mersenne Twister, init_by_array): the
    permutation im2rec.py's --shuffle applies. */
void pythonShuffle(std::vector<size_t> &items, uint64_t seed);

/** How im2rec.py packs an image into a record. */
struct PackOptions
{
    int resize = 0;          ///< shorter side resized to this (0 keeps the size)
    bool centerCrop = false; ///< crop the center square first
    int quality = 95;        ///< JPEG quality, or PNG compression level (0-9) for .png
    std::string encoding = ".jpg";
    int color = 1;             ///< 1 color, 0 gray, -1 as stored
    bool passThrough = false;  ///< the file's bytes as they are (checked to be an image)
    bool packLabel = false;    ///< all of a line's labels in the record, not just the first
    bool allowOutside = false; ///< pack paths the list names outside root (refused otherwise)
    int threads = 1;
    const StopFlag *stop = nullptr;
};

/** One line of an .lst file. */
struct ListItem
{
    uint64_t index = 0;
    std::vector<float> labels;
    std::string path;
};

/** Parses an .lst as im2rec.py reads one; a line with fewer than three fields is reported in
    skipped ("FILE:LINE"), as is one whose index or labels are not numbers. */
std::vector<ListItem> readImageList(std::istream &in, const std::string &file,
                                    std::vector<SkippedRecord> &skipped);

/** Writes items as im2rec.py writes a list: "INDEX<TAB>LABEL...<TAB>PATH", labels as "%f".
    Throws std::runtime_error when the file cannot be written. */
void writeImageList(const std::string &file, const std::vector<ListItem> &items);

struct PackReport
{
    std::vector<std::string> written; ///< the .rec files
    size_t packed = 0;
    std::vector<SkippedRecord> skipped;
    bool cancelled = false;
};

/** Packs items into recPath + idxPath (see RecordWriter), in item order; the image of item i is
    read from root/path (an absolute path as it is; a record path too). An unreadable or
    undecodable image is skipped and reported. */
void packImages(const std::vector<ListItem> &items, const std::string &root,
                const std::string &recPath, const std::string &idxPath, const PackOptions &options,
                PackReport &report);

/** `im2rec.py PREFIX ROOT`: packs every PREFIX*.lst into a .rec and an .idx of the same name.
    Throws std::runtime_error when there is no such list. */
PackReport packImageLists(const std::string &prefix, const std::string &root,
                          const PackOptions &options);

/**
 * Writes a workspace's labelled train, val and test images (current labels: the analysts'
 * relabels applied; excluded, ambiguous and missing images left out) to outDir as
 * SPLIT.lst + SPLIT.rec + SPLIT.idx, labels being class ids, with classes.txt naming them
 * ("ID<TAB>NAME"). Images are packed as their bytes unless options say to re-encode. A split
 * with no images writes no files.
 */
PackReport exportRecords(Workspace &workspace, const std::string &outDir,
                         const PackOptions &options);

} // namespace photocat::core
