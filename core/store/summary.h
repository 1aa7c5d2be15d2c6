#pragma once

#include "store/workspace.h"

#include <array>
#include <string>
#include <vector>

namespace photocat::core {

/** What `photocat-cli info` and the dataset panel show about a workspace. */
struct WorkspaceSummary
{
    std::vector<std::string> classes;      ///< folder names
    std::vector<std::string> displayNames; ///< as people read them
    /** counts[class][split]: split 0 train, 1 val, 2 test, 3 no split. Images with status Ok. */
    std::vector<std::array<int64_t, 4>> counts;
    int64_t unlabeled = 0;
    int64_t missing = 0;
    int64_t excluded = 0; ///< excluded or ambiguous
    int64_t total = 0;    ///< all indexed rows
    struct Range
    {
        int min = 0, median = 0, max = 0;
    };
    Range width, height;
    std::array<int64_t, 5> channels{}; ///< index = channel count
    std::vector<SkippedRecord> skipped;
};

WorkspaceSummary summarize(Workspace &workspace);

} // namespace photocat::core
