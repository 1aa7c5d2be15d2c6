#pragma once

#include "common/stopflag.h"
#include "data/imageprobe.h"
#include "store/workspace.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace photocat::core {

enum class SourceFormat { Auto, Folder, Lst, Csv, Rec };

struct ImportOptions
{
    std::string source; ///< folder, .lst, .csv or .rec file
    SourceFormat format = SourceFormat::Auto;
    std::string classMap; ///< .lst, .rec: file with one class name per line (line = label)
    /** .rec: its MXNet .idx; empty takes the .idx beside it when there is one, else the .rec
        is walked once from the start. */
    std::string recordIndex;
    /** Every image goes to this split (a SageMaker channel); None: as the source says. */
    Split split = Split::None;
    /** .lst, CSV: resolve the list's paths against this folder, not the list's own. */
    std::string listRoot;
    /** .rec walked without an .idx: write one beside it (or at recordIndex). */
    bool writeRecordIndex = false;
    uint64_t seed = 42; ///< for the stratified split of images without split folders
    double trainFraction = 0.8;
    double valFraction = 0.1; ///< test gets the rest
    /** When the source has train/ and test/ folders but no val/, this share of each class's
        training images becomes the validation split (0 keeps train as it is). */
    double valFromTrain = 0.1;
    /** Import every image as unlabeled (the labeling pool), whatever folders it sits in;
        images already in the workspace keep their labels. */
    bool unlabeled = false;
    /** Lists (.lst, CSV): files outside the list's folder (../, absolute paths, links that
        lead out) are skipped unless this is set. */
    bool allowOutside = false;
    /** Images with more pixels are skipped as "image too large (W×H ...)"; at most
        kMaxDecodePixels. */
    int64_t maxPixels = kMaxImagePixels;
    int threads = 0; ///< header-probing threads; 0 = all cores
    /** Called from the importing thread with (done, total) files while probing. */
    std::function<void(size_t, size_t)> progress;
    const StopFlag *stop = nullptr;
};

struct ImportReport
{
    size_t found = 0; ///< image candidates in the source
    size_t added = 0;
    size_t updated = 0;   ///< changed size or mtime, re-probed
    size_t unchanged = 0; ///< not re-probed
    size_t missing = 0;   ///< indexed before, gone now
    size_t restored = 0;  ///< marked missing before, back now
    std::vector<SkippedRecord> skipped;
    std::vector<std::string> notes; ///< what the source did that an analyst should know
    bool cancelled = false;         ///< nothing was written when true
    double seconds = 0;
};

/**
 * Indexes a folder-per-class tree (optionally under train/ val/ test/), an MXNet im2rec .lst
 * file, a "path,label[,split]" CSV or an MXNet RecordIO .rec file into the workspace. A .rec
 * is indexed in place: each record becomes an image whose path is its record locator
 * ("FILE#OFFSET+LENGTH"), read by offset; its split comes from the file's name (…_train.rec,
 * …_val.rec, …_test.rec), its class from the record's label (the first of several, counted
 * in ImportReport::notes). Reads image headers only. Unreadable
 * files are reported in ImportReport::skipped and never abort the import; re-import skips
 * files whose size and mtime are unchanged and marks vanished ones missing. All changes are
 * written in one transaction, so a failure or cancel leaves the workspace as it was.
 * Throws std::runtime_error when the source itself cannot be read.
 */
ImportReport importDataset(Workspace &workspace, const ImportOptions &options);

/** Stable 64-bit hash of a key under a seed (FNV-1a), used to order images for splits. */
uint64_t seededHash(uint64_t seed, const std::string &key);

} // namespace photocat::core
