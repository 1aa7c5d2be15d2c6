#pragma once

#include "data/importer.h"

#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace photocat::core {

/** One file named by an import source, before its header is read. */
struct Candidate
{
    std::string path;    ///< absolute, lexically normal
    std::string relPath; ///< relative to the source root: the split hash key
    std::string label;   ///< class name; empty for unlabeled images
    Split split = Split::None;
};

struct SourceScan
{
    std::string root; ///< absolute folder the source's paths are relative to
    std::vector<Candidate> candidates;
    std::vector<SkippedRecord> skipped;  ///< malformed list lines, unreadable folders
    std::vector<std::string> classOrder; ///< a class map's names, created first, in order
    std::vector<std::string> lines;      ///< lists: "file:line" of each candidate, while scanning
    std::vector<std::string> notes;      ///< see ImportReport::notes
    /** Indexed paths that start with this belong to the source: marked missing when gone.
        Empty means root + "/". */
    std::string owned;
    bool hasSplitFolders = false;
    bool hasValFolder = false;
};

/** Lists the files of a folder tree, .lst, CSV or .rec source. Throws std::runtime_error when the
    source cannot be opened at all. */
SourceScan scanSource(const ImportOptions &options);

/** The parsers behind scanSource() for a list's text (fuzz targets and tests read them from
    memory). file names the source in messages; candidates are resolved against scan.root. A
    line over 64 KB, and a class map's out-of-range ids and gaps, throw std::runtime_error (the
    source is not a list); a bad list line is reported in scan.skipped. */
std::vector<std::string> parseClassMap(std::istream &in, const std::string &file);
void parseLst(std::istream &in, const std::string &file, const std::vector<std::string> &classNames,
              SourceScan &scan);
void parseCsv(std::istream &in, const std::string &file, SourceScan &scan);

/** The split a file's name says it holds: "train", "val" or "test", alone or after _ - or .
    (data_train.rec, fashion-val.lst); nullopt for other names. */
std::optional<Split> splitOfName(const std::string &stem);

/** Whether path, named by a list of root's files, is inside root: lexically, and after
    resolving links for one that exists (a missing one counts as inside: reading it fails). */
bool insideRoot(const std::filesystem::path &root, const std::string &path);

/** True for files and folders nobody wants indexed: hidden ones and OS droppings. */
bool isIgnoredName(const std::string &name);

} // namespace photocat::core
