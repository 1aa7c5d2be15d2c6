#include "store/summary.h"

#include <algorithm>

namespace photocat::core {

namespace {
WorkspaceSummary::Range range(std::vector<int> v)
{
    if (v.empty())
        return {};
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    const int median = v[v.size() / 2];
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return {*lo, median, *hi};
}
} // namespace

WorkspaceSummary summarize(Workspace &workspace)
{
    WorkspaceSummary s;
    s.classes = workspace.classNames();
    s.displayNames = workspace.displayNames();
    s.counts.assign(s.classes.size(), {0, 0, 0, 0});
    auto q = workspace.db().prepare("SELECT label, COALESCE(split, 3), status, COUNT(*) FROM "
                                    "images GROUP BY 1, 2, 3");
    while (q.step()) {
        const auto status = static_cast<ImageStatus>(q.integer(2));
        const int64_t n = q.int64(3);
        s.total += n;
        if (status == ImageStatus::Missing)
            s.missing += n;
        else if (status != ImageStatus::Ok)
            s.excluded += n;
        else if (q.isNull(0))
            s.unlabeled += n;
        else if (size_t(q.integer(0)) < s.counts.size())
            s.counts[size_t(q.integer(0))][size_t(std::clamp(q.integer(1), 0, 3))] += n;
    }
    std::vector<int> widths, heights;
    auto dims =
        workspace.db().prepare("SELECT width, height, channels FROM images WHERE status = 0");
    while (dims.step()) {
        widths.push_back(dims.integer(0));
        heights.push_back(dims.integer(1));
        ++s.channels[size_t(std::clamp(dims.integer(2), 0, 4))];
    }
    s.width = range(std::move(widths));
    s.height = range(std::move(heights));
    s.skipped = workspace.skippedFiles();
    return s;
}

} // namespace photocat::core
