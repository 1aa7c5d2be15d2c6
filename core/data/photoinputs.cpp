#include "data/photoinputs.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

bool hidden(const fs::path &p)
{
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

} // namespace

std::vector<std::string> expandPhotoInputs(const std::vector<std::string> &inputs)
{
    std::vector<std::string> files;
    for (const auto &in : inputs) {
        std::error_code ec;
        if (in.empty())
            continue;
        if (!fs::is_directory(in, ec)) {
            files.push_back(in); // a missing file is reported by whoever reads it
            continue;
        }
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec),
            end;
        for (; !ec && it != end; it.increment(ec)) {
            // Entry checks have their own error: a dangling link is skipped, not the rest.
            std::error_code entry;
            if (hidden(it->path())) {
                if (it->is_directory(entry))
                    it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(entry))
                found.push_back(it->path().string());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

} // namespace photocat::core
