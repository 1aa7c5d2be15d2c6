#pragma once

#include <string>
#include <vector>

namespace photocat::core {

/**
 * The photos named by files and folders given to predict or dropped on the Classify page:
 * a file is taken as it is (in the order given); a folder is walked recursively, and its regular
 * files are added in sorted path order. Hidden files and folders (a name starting with '.') are
 * skipped, symbolic links to folders are not followed, and unreadable folders are passed over.
 * Walks the file system: call it off the GUI thread.
 */
std::vector<std::string> expandPhotoInputs(const std::vector<std::string> &inputs);

} // namespace photocat::core
