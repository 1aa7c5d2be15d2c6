#include "cli.h"

#include "store/summary.h"

#include <cstdio>

namespace photocat::cli {

namespace {

void printText(const core::WorkspaceSummary &s, const std::string &dir)
{
    std::printf("Workspace %s\n", dir.c_str());
    std::printf("  %-22s %8s %8s %8s %8s\n", "class", "train", "val", "test", "unsplit");
    std::array<int64_t, 4> totals{};
    for (size_t c = 0; c < s.classes.size(); ++c) {
        std::printf("  %-22s", s.classes[c].c_str());
        for (size_t k = 0; k < 4; ++k) {
            std::printf(" %8lld", static_cast<long long>(s.counts[c][k]));
            totals[k] += s.counts[c][k];
        }
        std::printf("\n");
    }
    std::printf("  %-22s %8lld %8lld %8lld %8lld\n", "total", (long long)totals[0],
                (long long)totals[1], (long long)totals[2], (long long)totals[3]);
    std::printf("  unlabeled %lld, missing %lld, excluded %lld, indexed %lld\n",
                (long long)s.unlabeled, (long long)s.missing, (long long)s.excluded,
                (long long)s.total);
    std::printf("  width  min %d, median %d, max %d\n", s.width.min, s.width.median, s.width.max);
    std::printf("  height min %d, median %d, max %d\n", s.height.min, s.height.median,
                s.height.max);
    std::printf("  channels: gray %lld, gray+alpha %lld, color %lld, color+alpha %lld\n",
                (long long)s.channels[1], (long long)s.channels[2], (long long)s.channels[3],
                (long long)s.channels[4]);
    std::printf("  skipped files: %zu\n", s.skipped.size());
    for (const auto &k : s.skipped)
        std::printf("    %s: %s\n", k.path.c_str(), k.reason.c_str());
}

nlohmann::json toJson(const core::WorkspaceSummary &s)
{
    nlohmann::json classes = nlohmann::json::array();
    for (size_t c = 0; c < s.classes.size(); ++c)
        classes.push_back({{"name", s.classes[c]},
                           {"display_name", c < s.displayNames.size() ? s.displayNames[c] : ""},
                           {"train", s.counts[c][0]},
                           {"val", s.counts[c][1]},
                           {"test", s.counts[c][2]},
                           {"unsplit", s.counts[c][3]}});
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto &k : s.skipped)
        skipped.push_back({{"path", k.path}, {"reason", k.reason}});
    auto range = [](const core::WorkspaceSummary::Range &r) {
        return nlohmann::json{{"min", r.min}, {"median", r.median}, {"max", r.max}};
    };
    return {
        {"classes", classes},
        {"unlabeled", s.unlabeled},
        {"missing", s.missing},
        {"excluded", s.excluded},
        {"indexed", s.total},
        {"width", range(s.width)},
        {"height", range(s.height)},
        {"channels",
         {{"1", s.channels[1]}, {"2", s.channels[2]}, {"3", s.channels[3]}, {"4", s.channels[4]}}},
        {"skipped", skipped}};
}

} // namespace

namespace {

struct ClassArgs
{
    Common common;
    std::vector<std::string> set;
};

/** classes: lists folder and display names; --set FOLDER=DISPLAY renames for people. */
void runClasses(ClassArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    for (const std::string &pair : a.set) {
        const size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("--set takes FOLDER=DISPLAY NAME, not \"" + pair + "\"");
        const std::string folder = pair.substr(0, eq);
        const int id = workspace.findClass(folder);
        if (id < 0)
            throw std::invalid_argument("no class \"" + folder + "\" in the workspace");
        workspace.setDisplayName(id, pair.substr(eq + 1));
    }
    const auto folders = workspace.classNames();
    const auto display = workspace.displayNames();
    if (a.common.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (size_t c = 0; c < folders.size(); ++c)
            rows.push_back({{"id", c}, {"folder", folders[c]}, {"display", display[c]}});
        printJson({{"classes", rows}});
        return;
    }
    for (size_t c = 0; c < folders.size(); ++c)
        std::printf("%3zu  %-24s %s\n", c, folders[c].c_str(), display[c].c_str());
}

} // namespace

void registerInfoCommand(CLI::App &app)
{
    auto classes = std::make_shared<ClassArgs>();
    auto *cl = app.add_subcommand("classes", "The categories: folder names and the names people "
                                             "read (--set FOLDER=NAME to change one; an empty "
                                             "name returns to the folder's)");
    addCommon(cl, classes->common);
    cl->add_option("--set", classes->set, "FOLDER=DISPLAY NAME, e.g. T-shirt_top=T-shirt/top");
    cl->callback([classes] { runClasses(*classes); });

    auto common = std::make_shared<Common>();
    auto *info = app.add_subcommand("info", "Counts per class and split, image sizes and skipped "
                                            "files of a workspace");
    addCommon(info, *common);
    info->callback([common] {
        core::Workspace workspace(common->workspace);
        const auto summary = core::summarize(workspace);
        if (common->json)
            printJson(toJson(summary));
        else
            printText(summary, common->workspace);
    });
}

} // namespace photocat::cli
