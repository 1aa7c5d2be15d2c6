#include "evaluation/review.h"

#include "data/imageloader.h"
#include "data/imageprobe.h"
#include "evaluation/metrics.h"
#include "inference/policy.h"
#include "inference/predictor.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** An entry with the image's current file and label. */
ReviewEntry entryFor(const ImageRecord &image)
{
    ReviewEntry e;
    e.imageId = image.id;
    e.path = image.path;
    e.mtimeNs = image.mtimeNs;
    e.bytes = image.bytes;
    e.label = image.label;
    e.status = image.status;
    return e;
}

/** Workspace class id of each of a run's model outputs, matched by name: stored predictions
    use the model's class order, which can differ from the workspace's (a checkpoint from
    elsewhere, classes added since). */
std::vector<int> workspaceIdsOfRun(Workspace &workspace, int64_t runId)
{
    const auto names = workspace.classNames();
    std::vector<int> ids;
    for (const auto &run : workspace.runs()) {
        if (run.id != runId)
            continue;
        const auto params = nlohmann::json::parse(run.paramsJson, nullptr, false);
        if (params.is_object() && params.contains("classes") && params["classes"].is_array())
            for (const auto &c : params["classes"]) {
                const auto it = std::find(names.begin(), names.end(),
                                          c.is_string() ? c.get<std::string>() : "");
                ids.push_back(it == names.end() ? -1 : int(it - names.begin()));
            }
    }
    return ids;
}

std::vector<ReviewEntry> entries(Workspace &workspace, const std::vector<PredictionRecord> &rows,
                                 int64_t runId)
{
    const std::vector<int> ids = workspaceIdsOfRun(workspace, runId);
    auto map = [&ids](int modelClass) {
        return ids.empty()                                          ? modelClass
               : modelClass >= 0 && size_t(modelClass) < ids.size() ? ids[size_t(modelClass)]
                                                                    : -1;
    };
    std::vector<ReviewEntry> out;
    for (const auto &p : rows) {
        const auto image = workspace.image(p.imageId);
        if (!image)
            continue;
        ReviewEntry e = entryFor(*image);
        e.labelAtEvaluation = map(p.trueLabel);
        e.predicted = map(p.predicted);
        e.loss = p.loss;
        if (p.predicted >= 0 && size_t(p.predicted) < p.probabilities.size())
            e.confidence = p.probabilities[size_t(p.predicted)];
        const auto order = rankClasses(p.probabilities);
        for (size_t i = 0; i < order.size() && i < 3; ++i)
            e.top.push_back({map(order[i]), p.probabilities[size_t(order[i])]});
        out.push_back(std::move(e));
    }
    return out;
}

void sortBy(std::vector<ReviewEntry> &v, ReviewOrder order)
{
    std::stable_sort(v.begin(), v.end(), [order](const ReviewEntry &a, const ReviewEntry &b) {
        return order == ReviewOrder::Loss ? a.loss > b.loss : a.confidence > b.confidence;
    });
}

} // namespace

std::pair<int64_t, Split> latestPredictions(Workspace &workspace)
{
    return workspace.latestPredictions();
}

std::vector<ReviewEntry> misclassified(Workspace &workspace, int64_t runId, Split split,
                                       ReviewOrder order)
{
    std::vector<PredictionRecord> wrong;
    for (auto &p : workspace.predictions(runId, split))
        if (p.trueLabel >= 0 && p.predicted != p.trueLabel)
            wrong.push_back(std::move(p));
    auto out = entries(workspace, wrong, runId);
    sortBy(out, order);
    return out;
}

std::vector<ReviewEntry> confusionCell(Workspace &workspace, int64_t runId, Split split,
                                       int trueClass, int predicted)
{
    std::vector<PredictionRecord> cell;
    for (auto &p : workspace.predictions(runId, split))
        if (p.trueLabel == trueClass && p.predicted == predicted)
            cell.push_back(std::move(p));
    auto out = entries(workspace, cell, runId);
    sortBy(out, ReviewOrder::Loss);
    return out;
}

std::vector<ReviewEntry> labelIssueQueue(Workspace &workspace, size_t limit)
{
    std::vector<ReviewEntry> out;
    for (const auto &issue : workspace.labelIssues()) {
        if (out.size() >= limit && !issue.candidate)
            break;
        const auto image = workspace.image(issue.imageId);
        if (!image)
            continue;
        ReviewEntry e = entryFor(*image);
        e.labelAtEvaluation = issue.givenLabel;
        e.predicted = issue.suggestedLabel;
        e.confidence = float(issue.selfConfidence + issue.score); // p(suggested), in the best case
        e.score = issue.score;
        e.top = {{issue.suggestedLabel, float(std::max(0.0, issue.selfConfidence + issue.score))},
                 {issue.givenLabel, float(issue.selfConfidence)}};
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<PoolItem> labelingPool(Workspace &workspace, const std::string &checkpoint,
                                   const StopFlag *stop)
{
    ImageFilter unlabeled;
    unlabeled.label = -1;
    std::vector<PoolItem> pool;
    std::vector<Sample> samples;
    for (const auto &img : workspace.images(unlabeled)) {
        pool.push_back({img.id, img.path});
        samples.push_back({img.path, 0, img.id, img.width, img.height});
    }
    if (checkpoint.empty() || pool.empty())
        return pool;
    Predictor predictor(checkpoint);
    const auto classes = workspace.classNames();
    std::vector<int> toWorkspace;
    for (const auto &name : predictor.classNames()) {
        const auto it = std::find(classes.begin(), classes.end(), name);
        toWorkspace.push_back(it == classes.end() ? -1 : int(it - classes.begin()));
    }
    std::map<int64_t, size_t> indexOf;
    for (size_t i = 0; i < pool.size(); ++i)
        indexOf[pool[i].imageId] = i;
    LoaderOptions lo;
    lo.batchSize = 64;
    lo.preprocessing = predictor.preprocessing();
    ImageLoader loader(samples, lo);
    loader.startEpoch(0);
    Batch b;
    while (loader.next(b)) {
        if (stopRequested(stop))
            break;
        const auto logits = predictor.logits(b);
        for (int i = 0; i < b.n; ++i) {
            const auto p = softmax(logits[size_t(i)], predictor.temperature());
            const auto order = rankClasses(p);
            PoolItem &item = pool[indexOf[b.imageIds[size_t(i)]]];
            item.suggested = toWorkspace[size_t(order[0])];
            item.confidence = p[size_t(order[0])];
            item.margin = p[size_t(order[0])] - (order.size() > 1 ? p[size_t(order[1])] : 0.f);
        }
    }
    std::stable_sort(pool.begin(), pool.end(),
                     [](const PoolItem &a, const PoolItem &b) { return a.margin < b.margin; });
    return pool;
}

bool isSafeFolderName(const std::string &name)
{
    if (name.empty() || name == "." || name == ".." || name.size() > 255)
        return false;
    for (unsigned char c : name)
        if (c == '/' || c < 0x20 || c == 0x7f)
            return false;
    return true;
}

std::vector<FileMove> misfiledImages(Workspace &workspace)
{
    const auto classes = workspace.classNames();
    std::map<std::string, int> idOf;
    for (size_t i = 0; i < classes.size(); ++i)
        idOf[classes[i]] = int(i);
    std::vector<FileMove> out;
    ImageFilter all;
    all.status.reset();
    for (const auto &img : workspace.images(all)) {
        // A record of a .rec file has no file of its own to move.
        if (img.label < 0 || size_t(img.label) >= classes.size() || isRecordPath(img.path))
            continue;
        const fs::path path(img.path);
        const std::string folder = path.parent_path().filename().string();
        const auto it = idOf.find(folder);
        if (it == idOf.end() || it->second == img.label)
            continue;
        const std::string &name = classes[size_t(img.label)];
        FileMove move{img.id, img.path, {}, {}};
        // A class name becomes a folder name: one that would leave the dataset's folder (a
        // CSV label "../../x" or "/tmp/x") or is no valid name is reported, never used.
        if (isSafeFolderName(name))
            move.to = (path.parent_path().parent_path() / name / path.filename()).string();
        else
            move.error = "the class name \"" + name + "\" cannot be a folder name";
        out.push_back(std::move(move));
    }
    return out;
}

namespace {

/** Why the class folder cannot take files, or "": a symbolic link (it could point anywhere)
    or something that is not a folder. Creates it when absent. */
std::string prepareClassFolder(const fs::path &folder)
{
    std::error_code ec;
    const auto status = fs::symlink_status(folder, ec);
    if (fs::is_symlink(status))
        return folder.string() + " is a symbolic link; files are not moved through it";
    if (fs::exists(status) && !fs::is_directory(status))
        return folder.string() + " is not a folder";
    if (!fs::exists(status) && !fs::create_directory(folder, ec) && ec)
        return folder.string() + ": " + ec.message();
    return {};
}

/** rename(2) that fails with EEXIST instead of replacing: renameat2(RENAME_NOREPLACE), or on
    file systems without it (NFS, some FUSE mounts) link(2), which never replaces, then unlink. */
bool renameWithoutReplacing(const fs::path &from, const fs::path &to)
{
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return false;
    if (::link(from.c_str(), to.c_str()) != 0)
        return false;
    ::unlink(from.c_str());
    return true;
}

/** Renames without ever replacing an existing file (renameat2 with RENAME_NOREPLACE, so no
    check-then-rename race); a taken name gets a numbered suffix. Returns the name used, or
    "" with why set. */
std::string renameNoReplace(const fs::path &from, const fs::path &wanted, std::string &why)
{
    for (int n = 0; n < 10000; ++n) {
        const fs::path to =
            n == 0 ? wanted
                   : wanted.parent_path() / (wanted.stem().string() + "-" + std::to_string(n) +
                                             wanted.extension().string());
        if (renameWithoutReplacing(from, to))
            return to.string();
        if (errno != EEXIST) {
            why = std::strerror(errno);
            return {};
        }
    }
    why = "no free file name in " + wanted.parent_path().string();
    return {};
}

} // namespace

std::vector<FileMove> moveToClassFolders(Workspace &workspace, std::vector<FileMove> moves,
                                         const std::function<void(size_t, size_t)> &progress,
                                         const StopFlag *stop)
{
    size_t done = 0;
    for (auto &m : moves) {
        if (progress && done > 0)
            progress(done, moves.size());
        ++done;
        if (!m.error.empty())
            continue;
        if (stopRequested(stop)) {
            m.error = "cancelled";
            continue;
        }
        const fs::path from(m.from), wanted(m.to);
        // Only ever into a sibling folder of the file's current one.
        if (wanted.parent_path().parent_path() != from.parent_path().parent_path() ||
            !isSafeFolderName(wanted.parent_path().filename().string())) {
            m.error = m.to + " is not a class folder next to " + from.parent_path().string();
            continue;
        }
        m.error = prepareClassFolder(wanted.parent_path());
        if (!m.error.empty())
            continue;
        const std::string to = renameNoReplace(from, wanted, m.error);
        if (to.empty())
            continue;
        m.to = to;
        try {
            workspace.setImagePath(m.imageId, m.to);
        } catch (const std::exception &e) {
            // Keep file and index in agreement, without replacing anything at the old path.
            renameWithoutReplacing(m.to, m.from);
            m.error = e.what();
        }
    }
    return moves;
}

} // namespace photocat::core
