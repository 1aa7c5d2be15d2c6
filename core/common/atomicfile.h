#pragma once

#include <string>
#include <string_view>

namespace photocat::core {

/**
 * Writes bytes to path atomically: a temp file beside it, fsync, rename over path, fsync of
 * the folder (created when missing). A crash at any point leaves the old file or the new one;
 * a write error (disk full, no permission) throws std::runtime_error naming path and the cause
 * and leaves the old file.
 */
void writeFileAtomically(const std::string &path, std::string_view bytes);

/** Whether two paths name the same file, however spelled (links, ".."; a file that does not
    exist yet included); where the file system cannot tell (a folder it may not read), as
    written. What an export checks before it could overwrite its own source. */
bool sameFile(const std::string &a, const std::string &b);

} // namespace photocat::core
