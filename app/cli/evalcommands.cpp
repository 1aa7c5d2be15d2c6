#include "cli.h"

#include "data/photoinputs.h"
#include "evaluation/duplicates.h"
#include "evaluation/evaluator.h"
#include "evaluation/labelissues.h"
#include "evaluation/report.h"
#include "evaluation/similarity.h"
#include "inference/heatmap.h"
#include "inference/predictor.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace photocat::cli {

std::string latestCheckpoint(core::Workspace &workspace)
{
    std::string checkpoint = workspace.newestCheckpoint();
    if (checkpoint.empty())
        throw std::runtime_error("the workspace has no trained model yet; run 'photocat-cli train' "
                                 "or pass --checkpoint");
    return checkpoint;
}

namespace {

struct PolicyArgs
{
    core::PolicyThresholds policy;
    PolicyFlags flags;
    void add(CLI::App *c) { flags = addPolicyOptions(c, policy); }
    /** The flags given over the model's stored thresholds. */
    core::PolicyThresholds resolve(const std::optional<core::ChosenPolicy> &stored) const
    {
        return core::mergePolicy(policy, flags.given(),
                                 stored ? std::optional(stored->thresholds) : std::nullopt);
    }
};

/** The thresholds chosen for a model and how they fare on a split, as eval prints them. */
nlohmann::json chosenPolicyJson(const core::ChosenPolicy &chosen, const core::ChosenPolicy &here)
{
    auto j = core::policyToJson(chosen);
    // null, not 0, where nothing was auto-assigned or shortlisted: no precision to miss.
    const bool assigned = here.autoShare > 0, shortlisted = here.shortlistShare > 0;
    j["on_split"] = {
        {"photos", here.count},
        {"precision", assigned ? nlohmann::json(here.precision) : nlohmann::json()},
        {"precision_lower", assigned ? nlohmann::json(here.precisionLower) : nlohmann::json()},
        {"auto_share", here.autoShare},
        {"hit_rate", shortlisted ? nlohmann::json(here.hitRate) : nlohmann::json()},
        {"hit_rate_lower", shortlisted ? nlohmann::json(here.hitRateLower) : nlohmann::json()},
        {"shortlist_share", here.shortlistShare}};
    return j;
}

/** The newest run's checkpoint, or a message saying there is none. */
void writeFile(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::trunc);
    if (!(out << text))
        throw std::runtime_error(path + ": cannot write");
}

struct EvalArgs
{
    Common common;
    core::EvaluateRequest request;
    PolicyArgs policy;
    std::string split = "test", confusionCsv, predictionsCsv, report;
    int reportMistakes = 12;
};

nlohmann::json metricsJson(const core::EvaluateResult &r)
{
    const auto &m = r.metrics;
    nlohmann::json perClass = nlohmann::json::array();
    for (size_t c = 0; c < m.perClass.size(); ++c)
        perClass.push_back({{"class", r.classes[c]},
                            {"precision", m.perClass[c].precision},
                            {"recall", m.perClass[c].recall},
                            {"f1", m.perClass[c].f1},
                            {"support", m.perClass[c].support}});
    const auto &op = m.operating;
    nlohmann::json chosen = nullptr;
    if (r.chosenPolicy && r.policyOnSplit)
        chosen = chosenPolicyJson(*r.chosenPolicy, *r.policyOnSplit);
    return {{"count", m.count},
            {"accuracy", m.accuracy},
            {"top_k", m.topK},
            {"top_k_accuracy", m.topKAccuracy},
            {"macro_f1", m.macroF1},
            {"loss", m.loss},
            {"classes", r.classes},
            {"confusion", m.confusion},
            {"per_class", perClass},
            {"operating_point",
             {{"auto_share", op.autoShare},
              {"auto_accuracy", op.autoAccuracy},
              {"shortlist_share", op.shortlistShare},
              {"shortlist_hit", op.shortlistHit},
              {"manual_share", op.manualShare},
              {"auto_threshold", r.policy.autoAssign},
              {"shortlist_threshold", r.policy.shortlist},
              {"shortlist_mass", r.policy.shortlistMass},
              {"shortlist_max", r.policy.shortlistMax}}},
            {"chosen_thresholds", chosen},
            {"run", r.runId},
            {"skipped_files", r.skippedFiles},
            {"tta", r.mirrorAveraged},
            {"precision", r.precision}};
}

void printMetrics(const core::EvaluateResult &r, const std::string &split)
{
    const auto &m = r.metrics;
    std::printf("%s split%s%s: %lld images, accuracy %.4f, top-%d %.4f, macro-F1 %.4f, loss %.4f\n",
                split.c_str(), r.mirrorAveraged ? " (mirror-averaged)" : "",
                r.precision == "bf16" ? " (bf16)" : "", static_cast<long long>(m.count), m.accuracy,
                m.topK, m.topKAccuracy, m.macroF1, m.loss);
    std::printf("  %-20s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support");
    for (size_t c = 0; c < m.perClass.size(); ++c)
        std::printf("  %-20s %9.4f %9.4f %9.4f %8lld\n", r.classes[c].c_str(),
                    m.perClass[c].precision, m.perClass[c].recall, m.perClass[c].f1,
                    static_cast<long long>(m.perClass[c].support));
    const auto &op = m.operating;
    std::printf("suggestion policy: auto %.1f%% (accuracy %.2f%%), shortlist %.1f%% (truth in "
                "list %.2f%%), manual %.1f%%\n",
                100 * op.autoShare, 100 * op.autoAccuracy, 100 * op.shortlistShare,
                100 * op.shortlistHit, 100 * op.manualShare);
    if (!r.chosenPolicy || !r.policyOnSplit)
        return;
    const auto &c = *r.chosenPolicy, &here = *r.policyOnSplit;
    std::printf(
        "thresholds chosen with the model (on %lld validation photos, %.0f%% confidence):\n",
        static_cast<long long>(c.count), 100 * c.targets.confidence);
    // Nothing auto-assigned (or shortlisted) on this split has no precision (hit rate) to miss.
    if (c.targets.precision > 0 && here.autoShare <= 0)
        std::printf("  auto-assign >= %.4f for %.1f%% precision: no photo of this split reaches "
                    "it (precision n/a)\n",
                    c.thresholds.autoAssign, 100 * c.targets.precision);
    else if (c.targets.precision > 0)
        std::printf("  auto-assign >= %.4f for %.1f%% precision: on this split %.2f%% precision "
                    "(at least %.2f%%) over %.1f%% of photos%s\n",
                    c.thresholds.autoAssign, 100 * c.targets.precision, 100 * here.precision,
                    100 * here.precisionLower, 100 * here.autoShare,
                    here.precision >= c.targets.precision ? "" : "  (BELOW the target)");
    if (c.targets.hitRate > 0 && here.shortlistShare <= 0)
        std::printf("  shortlists to mass %.2f for %.1f%% hit rate: no photo of this split is "
                    "shortlisted (hit rate n/a)\n",
                    c.thresholds.shortlistMass, 100 * c.targets.hitRate);
    else if (c.targets.hitRate > 0)
        std::printf("  shortlists to mass %.2f for %.1f%% hit rate: on this split the truth in "
                    "%.2f%% (at least %.2f%%) of %.1f%% shortlisted%s\n",
                    c.thresholds.shortlistMass, 100 * c.targets.hitRate, 100 * here.hitRate,
                    100 * here.hitRateLower, 100 * here.shortlistShare,
                    here.hitRate >= c.targets.hitRate ? "" : "  (BELOW the target)");
}

void runEval(EvalArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    a.request.split = core::parseSplit(a.split);
    a.request.policy = a.policy.policy;
    a.request.givenPolicy = a.policy.flags.given();
    if (a.request.checkpoint.empty())
        a.request.checkpoint = latestCheckpoint(workspace);
    const auto r = core::evaluateOnWorkspace(workspace, a.request);
    if (!a.confusionCsv.empty())
        writeFile(a.confusionCsv, core::confusionCsv(r.metrics, r.classes));
    if (!a.predictionsCsv.empty())
        writeFile(a.predictionsCsv, core::predictionsCsv(workspace, r));
    if (!a.report.empty()) {
        core::ReportInfo info{a.common.workspace, a.request.checkpoint, a.split, "", r.policy};
        info.mistakes = core::explainMistakes(workspace, r, a.request.checkpoint, a.reportMistakes);
        for (const auto &run : workspace.runs())
            if (run.id == r.runId)
                info.model = run.model + " (" + run.name + ")";
        writeFile(a.report, core::evaluationReportHtml(r, info));
    }
    if (a.common.json)
        printJson(metricsJson(r));
    else
        printMetrics(r, a.split);
}

struct PredictArgs
{
    Common common;
    std::vector<std::string> inputs;
    std::string checkpoint, device = "auto";
    int topK = 3;
    bool tta = false;
    std::string precision = "fp32";
    PolicyArgs policy;
};

void runPredict(PredictArgs &a)
{
    if (a.checkpoint.empty()) {
        core::Workspace workspace(a.common.workspace);
        a.checkpoint = latestCheckpoint(workspace);
    }
    core::Predictor predictor(a.checkpoint, a.device);
    predictor.setMirrorAveraging(a.tta);
    predictor.setPrecision(a.precision);
    const auto &classes = predictor.classNames();
    const auto &display = predictor.displayNames();
    const core::PolicyThresholds policy = a.policy.resolve(predictor.policy());
    int failures = 0;
    for (const auto &file : core::expandPhotoInputs(a.inputs)) {
        std::vector<float> p;
        try {
            p = predictor.probabilities(file);
        } catch (const std::exception &e) {
            ++failures;
            if (a.common.json)
                printJson({{"path", file}, {"error", e.what()}});
            else
                std::fprintf(stderr, "photocat-cli: %s\n", e.what());
            continue;
        }
        const auto s = core::decide(p, policy);
        const auto order = core::rankClasses(p);
        nlohmann::json top = nlohmann::json::array();
        for (int i = 0; i < std::min<int>(a.topK, int(order.size())); ++i)
            top.push_back({{"category", classes[size_t(order[size_t(i)])]},
                           {"display_name", display[size_t(order[size_t(i)])]},
                           {"probability", p[size_t(order[size_t(i)])]}});
        std::vector<std::string> suggested, suggestedNames;
        for (int c : s.categories) {
            suggested.push_back(classes[size_t(c)]);
            suggestedNames.push_back(display[size_t(c)]);
        }
        if (a.common.json) {
            printJson({{"path", file},
                       {"decision", core::decisionName(s.decision)},
                       {"categories", suggested},
                       {"display_names", suggestedNames},
                       {"top", top},
                       {"tta", a.tta},
                       {"precision", predictor.precision()}});
            continue;
        }
        std::printf("%s: %s", file.c_str(), core::decisionName(s.decision));
        if (s.decision != core::Decision::Manual)
            for (const auto &c : suggestedNames)
                std::printf(" [%s]", c.c_str());
        std::printf("\n");
        for (const auto &t : top)
            std::printf("  %5.1f%%  %s\n", 100 * t["probability"].get<double>(),
                        t["display_name"].get<std::string>().c_str());
    }
    if (failures > 0)
        throw std::runtime_error(std::to_string(failures) + " image(s) could not be read");
}

struct IssueArgs
{
    Common common;
    core::LabelIssueRequest request;
    int show = 20;
};

void runLabelIssues(IssueArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    InterruptStop interrupt;
    a.request.stop = interrupt.flag();
    const bool json = a.common.json;
    a.request.progress = [json](int fold, int folds, const std::string &message) {
        if (json)
            printJson({{"event", "fold"}, {"fold", fold}, {"folds", folds}});
        else
            std::fprintf(stderr, "%s\n", message.c_str());
    };
    const auto r = core::findLabelIssues(workspace, a.request);
    if (r.cancelled)
        throw std::runtime_error("cancelled; the previous label-issue queue is kept");
    const auto classes = workspace.classNames();
    nlohmann::json rows = nlohmann::json::array();
    for (size_t i = 0; i < r.issues.size() && int(i) < a.show; ++i) {
        const auto &issue = r.issues[i];
        const auto image = workspace.image(issue.imageId);
        rows.push_back({{"image", issue.imageId},
                        {"path", image ? image->path : ""},
                        {"given", classes[size_t(issue.givenLabel)]},
                        {"suggested", classes[size_t(issue.suggestedLabel)]},
                        {"self_confidence", issue.selfConfidence},
                        {"score", issue.score},
                        {"candidate", issue.candidate}});
    }
    if (json) {
        printJson({{"event", "end"},
                   {"ranked", r.issues.size()},
                   {"candidates", r.candidates},
                   {"top", rows}});
        return;
    }
    std::printf(
        "%zu training images ranked, %zu flagged as probably mislabeled; the queue is in the "
        "app's Review page\n",
        r.issues.size(), r.candidates);
    for (const auto &row : rows)
        std::printf("  %5.2f  %s: labeled %s, probably %s\n", row["score"].get<double>(),
                    row["path"].get<std::string>().c_str(), row["given"].get<std::string>().c_str(),
                    row["suggested"].get<std::string>().c_str());
}

} // namespace

struct DuplicateArgs
{
    Common common;
    core::DuplicateRequest request;
    int show = 20;
    bool features = false;
};

void runDuplicates(DuplicateArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    if (a.features && a.request.checkpoint.empty())
        a.request.checkpoint = latestCheckpoint(workspace);
    InterruptStop interrupt;
    a.request.stop = interrupt.flag();
    const bool tty = !a.common.json && isatty(STDERR_FILENO);
    if (tty)
        a.request.progress = [](size_t done, size_t total) {
            std::fprintf(stderr, "\rhashing %zu of %zu images", done, total);
        };
    const auto r = core::findDuplicates(workspace, a.request);
    if (tty)
        std::fprintf(stderr, "\n");
    if (r.cancelled)
        throw std::runtime_error("cancelled");
    const auto classes = workspace.classNames();
    auto labelName = [&](int label) {
        return label >= 0 && size_t(label) < classes.size() ? classes[size_t(label)]
                                                            : std::string();
    };
    size_t leaks = 0, conflicts = 0, copies = 0;
    for (const auto &g : r.groups) {
        leaks += g.crossSplit;
        conflicts += g.conflictingLabels;
        copies += g.members.size() - 1;
    }
    if (a.common.json) {
        nlohmann::json groups = nlohmann::json::array();
        for (size_t i = 0; i < r.groups.size() && int(i) < a.show; ++i) {
            const auto &g = r.groups[i];
            nlohmann::json images = nlohmann::json::array();
            for (size_t m : g.members) {
                const auto &img = r.images[m];
                images.push_back({{"image", img.imageId},
                                  {"path", img.path},
                                  {"split", core::splitName(img.split)},
                                  {"label", labelName(img.label)}});
            }
            groups.push_back({{"images", images},
                              {"distance", g.maxDistance},
                              {"by_features", g.byFeatures},
                              {"cross_split", g.crossSplit},
                              {"conflicting_labels", g.conflictingLabels}});
        }
        printJson({{"images", r.images.size()},
                   {"groups", r.groups.size()},
                   {"redundant_copies", copies},
                   {"cross_split", leaks},
                   {"conflicting_labels", conflicts},
                   {"max_distance", a.request.maxDistance},
                   {"min_similarity", a.request.minSimilarity},
                   {"hash_seconds", r.hashSeconds},
                   {"search_seconds", r.searchSeconds},
                   {"feature_pairs", r.featurePairs},
                   {"feature_pairs_truncated", r.featurePairsTruncated},
                   {"feature_seconds", r.featureSeconds},
                   {"min_feature_similarity", a.request.checkpoint.empty()
                                                  ? nlohmann::json()
                                                  : nlohmann::json(a.request.minFeatureSimilarity)},
                   {"skipped_files", r.skippedFiles},
                   {"top", groups}});
        return;
    }
    std::printf("%zu images hashed in %.1f s, all pairs compared in %.1f s: %zu groups of "
                "near-identical images (%zu redundant copies); %zu cross splits (train vs "
                "val/test leaks), %zu disagree on the label\n",
                r.images.size(), r.hashSeconds, r.searchSeconds, r.groups.size(), copies, leaks,
                conflicts);
    if (!a.request.checkpoint.empty())
        std::printf("model features: %zu pairs at cosine >= %.3f%s in %.1f s\n", r.featurePairs,
                    a.request.minFeatureSimilarity,
                    r.featurePairsTruncated ? " (the most similar kept)" : "", r.featureSeconds);
    for (size_t i = 0; i < r.groups.size() && int(i) < a.show; ++i) {
        const auto &g = r.groups[i];
        std::printf("%s%s%s%zu images, distance <= %d\n",
                    g.conflictingLabels ? "[labels disagree] " : "",
                    g.byFeatures ? "[by features] " : "",
                    g.crossSplit ? "[leak across splits] " : "", g.members.size(), g.maxDistance);
        for (size_t m : g.members) {
            const auto &img = r.images[m];
            std::printf("    %s  (%s, %s)\n", img.path.c_str(), core::splitName(img.split),
                        img.label >= 0 ? labelName(img.label).c_str() : "unlabeled");
        }
    }
    for (const auto &f : r.skippedFiles)
        std::fprintf(stderr, "photocat-cli: skipped %s\n", f.c_str());
}

struct SimilarArgs
{
    Common common;
    std::string photo, checkpoint, device = "auto";
    int64_t image = 0;
    int k = 10, workers = 2;
};

void runSimilar(SimilarArgs &a)
{
    if (a.photo.empty() == (a.image == 0))
        throw std::invalid_argument("name a photo or an --image id of the workspace");
    core::Workspace workspace(a.common.workspace);
    if (a.checkpoint.empty())
        a.checkpoint = latestCheckpoint(workspace);
    InterruptStop interrupt;
    core::FeatureRequest request;
    request.checkpoint = a.checkpoint;
    request.workers = a.workers;
    request.device = a.device;
    request.stop = interrupt.flag();
    const bool tty = !a.common.json && isatty(STDERR_FILENO);
    if (tty)
        request.progress = [](size_t done, size_t total) {
            std::fprintf(stderr, "\rfeatures of %zu of %zu images", done, total);
        };
    const auto features = core::workspaceFeatures(workspace, request);
    if (tty && features.computed > 0)
        std::fprintf(stderr, "\n");
    if (features.cancelled)
        throw std::runtime_error("cancelled; the features computed so far are kept");
    if (!features.cacheError.empty())
        std::fprintf(stderr, "photocat-cli: warning: %s\n", features.cacheError.c_str());
    std::vector<float> query;
    if (a.image != 0) {
        const float *row = features.table.row(a.image);
        if (!row)
            throw std::invalid_argument("image " + std::to_string(a.image) +
                                        " is not in use in the workspace (or is excluded, missing "
                                        "or could not be read)");
        query.assign(row, row + features.table.dim);
    } else {
        core::Predictor predictor(a.checkpoint, a.device);
        query = predictor.features(a.photo);
    }
    const auto searchStart = std::chrono::steady_clock::now();
    const auto neighbours =
        core::nearestNeighbours(features.table, query, a.k, a.image != 0 ? a.image : -1);
    const double searchMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - searchStart)
            .count();
    const auto classes = workspace.classNames();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto &n : neighbours) {
        const auto img = workspace.image(n.imageId);
        const std::string label = img && img->label >= 0 && size_t(img->label) < classes.size()
                                      ? classes[size_t(img->label)]
                                      : "";
        rows.push_back({{"image", n.imageId},
                        {"similarity", n.similarity},
                        {"path", img ? img->path : ""},
                        {"split", img ? core::splitName(img->split) : ""},
                        {"label", label}});
    }
    if (a.common.json) {
        printJson({{"neighbours", rows},
                   {"images", features.table.ids.size()},
                   {"cached", features.cached},
                   {"computed", features.computed},
                   {"feature_seconds", features.seconds},
                   {"search_ms", searchMs},
                   {"skipped_files", features.skippedFiles}});
        return;
    }
    std::printf("features of %zu images (%zu cached, %zu computed) in %.1f s; the %zu most similar "
                "by cosine similarity in %.1f ms:\n",
                features.table.ids.size(), features.cached, features.computed, features.seconds,
                neighbours.size(), searchMs);
    for (const auto &row : rows)
        std::printf("  %.3f  %s  (%s, %s)\n", row["similarity"].get<double>(),
                    row["path"].get<std::string>().c_str(), row["split"].get<std::string>().c_str(),
                    row["label"].get<std::string>().empty()
                        ? "unlabeled"
                        : row["label"].get<std::string>().c_str());
}

struct CalibrateArgs
{
    Common common;
    std::string checkpoint, device = "auto";
    core::PolicyTargets targets;
    PolicyArgs policy;
};

void runCalibrate(CalibrateArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    if (a.checkpoint.empty())
        a.checkpoint = latestCheckpoint(workspace);
    core::ThresholdRequest request;
    request.checkpoint = a.checkpoint;
    request.targets = a.targets;
    request.start = a.policy.policy;
    request.given = a.policy.flags.given();
    request.device = a.device;
    const auto chosen = core::chooseThresholds(workspace, request);
    if (a.common.json) {
        auto j = core::policyToJson(chosen);
        j["checkpoint"] = a.checkpoint;
        printJson(j);
        return;
    }
    for (const auto &m : chosen.messages)
        std::printf("%s\n", m.c_str());
    std::printf("stored in %s: predict, serve and the Classify page use them\n",
                a.checkpoint.c_str());
}

struct ExplainArgs
{
    Common common;
    std::string photo, checkpoint, category, out, device = "auto";
    double opacity = 0.5;
};

void runExplain(ExplainArgs &a)
{
    if (a.checkpoint.empty()) {
        core::Workspace workspace(a.common.workspace);
        a.checkpoint = latestCheckpoint(workspace);
    }
    core::Predictor predictor(a.checkpoint, a.device);
    const auto &classes = predictor.classNames();
    int category = -1;
    if (!a.category.empty()) {
        const auto it = std::find(classes.begin(), classes.end(), a.category);
        if (it == classes.end())
            throw std::invalid_argument("--category " + a.category +
                                        " is not one of the model's categories");
        category = int(it - classes.begin());
    }
    const core::Explanation e = predictor.explain(a.photo, category);
    std::string error;
    if (!a.out.empty() && !core::writeHeatmapOverlay(e, a.out, a.opacity, &error))
        throw std::runtime_error(error);
    const double px = (e.peakX + 0.5) / e.size, py = (e.peakY + 0.5) / e.size;
    if (a.common.json) {
        printJson({{"photo", a.photo},
                   {"predicted", classes[size_t(e.predicted)]},
                   {"probability", e.probabilities[size_t(e.predicted)]},
                   {"category", classes[size_t(e.category)]},
                   {"category_probability", e.probabilities[size_t(e.category)]},
                   {"peak", {{"x", px}, {"y", py}}},
                   {"out", a.out}});
        return;
    }
    std::printf("%s: predicted %s (%.3f); evidence for %s peaks at (%.2f, %.2f) of the crop%s%s\n",
                a.photo.c_str(), classes[size_t(e.predicted)].c_str(),
                e.probabilities[size_t(e.predicted)], classes[size_t(e.category)].c_str(), px, py,
                a.out.empty() ? "" : "; overlay ", a.out.c_str());
}

void registerEvalCommands(CLI::App &app)
{
    auto li = std::make_shared<IssueArgs>();
    auto &lo = li->request.options;
    lo.epochs = 5;
    lo.width = 16;
    auto *issues =
        app.add_subcommand("label-issues", "Rank training images whose label is probably "
                                           "wrong (confident learning on k-fold "
                                           "cross-validated predictions)");
    addCommon(issues, li->common);
    issues->add_option("--folds", li->request.folds, "Cross-validation folds")
        ->check(CLI::Range(2, 20))
        ->capture_default_str();
    issues->add_option("--model,-m", lo.model, "Model trained on each fold")->capture_default_str();
    issues->add_option("--width", lo.width, "resnet-small: channels of the first stage")
        ->capture_default_str()
        ->check(CLI::Range(1, 128));
    issues->add_option("--epochs,-e", lo.epochs, "Epochs per fold")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    issues->add_option("--batch-size,-b", lo.batchSize, "Batch size")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    issues->add_option("--lr", lo.learningRate, "Peak learning rate")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    issues->add_option("--seed", lo.seed, "Seed of folds and training")->capture_default_str();
    issues->add_option("--workers", li->request.workers, "Image-decoding threads")
        ->capture_default_str();
    issues->add_option("--show", li->show, "How many of the top to print")->capture_default_str();
    issues->callback([li] { runLabelIssues(*li); });

    auto e = std::make_shared<EvalArgs>();
    auto *ev = app.add_subcommand("eval", "Accuracy, top-k, per-class precision/recall/F1, "
                                          "confusion matrix and suggestion-policy operating point");
    addCommon(ev, e->common);
    ev->add_option("--checkpoint,-c", e->request.checkpoint,
                   "Checkpoint (default: newest run's best)")
        ->check(CLI::ExistingFile);
    ev->add_option("--split", e->split, "train, val or test")
        ->check(CLI::IsMember({"train", "val", "test"}))
        ->capture_default_str();
    ev->add_option("--top-k", e->request.topK, "k of top-k accuracy")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    ev->add_option("--batch-size", e->request.batchSize, "Batch size")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    ev->add_option("--workers", e->request.workers, "Image-decoding threads")
        ->capture_default_str();
    ev->add_option("--device", e->request.device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    addPrecisionOption(ev, e->request.precision);
    ev->add_flag("--tta", e->request.mirrorAveraging,
                 "Test-time augmentation: average each image's "
                 "logits with its mirror image's (twice the time)");
    ev->add_option("--confusion-csv", e->confusionCsv, "Write the confusion matrix as CSV");
    ev->add_option("--predictions-csv", e->predictionsCsv, "Write per-image predictions as CSV");
    ev->add_option("--report", e->report,
                   "Write an HTML evaluation report (metrics, confusion matrix, "
                   "per-class table, the most confident mistakes with their heat maps, "
                   "suggestion-policy operating point)");
    ev->add_option("--report-mistakes", e->reportMistakes,
                   "Mistakes the report shows with heat maps (most confident first)")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    e->policy.add(ev);
    ev->callback([e] { runEval(*e); });

    auto p = std::make_shared<PredictArgs>();
    auto *pr = app.add_subcommand("predict", "Suggest categories for product photos: top-k and "
                                             "the auto / shortlist / manual decision");
    addCommon(pr, p->common);
    pr->add_option("inputs", p->inputs, "Image files or folders")->required();
    pr->add_option("--checkpoint,-c", p->checkpoint,
                   "Checkpoint, or a model folder (export's .json + .pth, SageMaker's model/); "
                   "default: the newest run's best")
        ->check(CLI::ExistingPath);
    pr->add_option("--top-k", p->topK, "Categories to list")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    pr->add_option("--device", p->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    addPrecisionOption(pr, p->precision);
    pr->add_flag("--tta", p->tta,
                 "Test-time augmentation: average each photo's logits with its "
                 "mirror image's (twice the time)");
    p->policy.add(pr);
    pr->callback([p] { runPredict(*p); });

    auto dup = std::make_shared<DuplicateArgs>();
    auto *du = app.add_subcommand("duplicates",
                                  "Find near-identical images (perceptual hash: exact, resized, "
                                  "recompressed and mirrored copies); leaks across splits and "
                                  "copies with different labels first");
    addCommon(du, dup->common);
    du->add_option("--max-distance", dup->request.maxDistance,
                   "Hash bits (of 64) that may differ between copies")
        ->check(CLI::Range(0, 32))
        ->capture_default_str();
    du->add_option("--min-similarity", dup->request.minSimilarity,
                   "Correlation of 16x16 thumbnails a hash match must also reach")
        ->check(CLI::Range(-1.0, 1.0))
        ->capture_default_str();
    du->add_flag("--features", dup->features,
                 "Also find copies a hash does not see (crops, other photos of the item) by the "
                 "newest model's features");
    du->add_option("--checkpoint,-c", dup->request.checkpoint,
                   "Use this model's features (implies --features)")
        ->check(CLI::ExistingPath);
    du->add_option("--min-feature-similarity", dup->request.minFeatureSimilarity,
                   "Cosine similarity of features that makes a copy")
        ->check(CLI::Range(0.5, 1.0))
        ->capture_default_str();
    du->add_option("--threads", dup->request.threads, "Decoding threads (default: one per core)")
        ->check(CLI::Range(0, 256));
    du->add_option("--show", dup->show, "How many groups to list")->capture_default_str();
    du->callback([dup] { runDuplicates(*dup); });

    auto sim = std::make_shared<SimilarArgs>();
    auto *si = app.add_subcommand("similar", "More like this: the workspace's images most similar "
                                             "to a photo (cosine similarity of the model's "
                                             "features, cached per model)");
    addCommon(si, sim->common);
    si->add_option("photo", sim->photo, "A photo (any file)")->check(CLI::ExistingFile);
    si->add_option("--image", sim->image, "Or an image of the workspace, by id");
    si->add_option("--checkpoint,-c", sim->checkpoint,
                   "Model whose features are compared (default: the newest run's best)")
        ->check(CLI::ExistingPath);
    si->add_option("-k,--count", sim->k, "How many to list")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    si->add_option("--workers", sim->workers, "Decoding threads")->capture_default_str();
    si->add_option("--device", sim->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    si->callback([sim] { runSimilar(*sim); });

    auto k = std::make_shared<CalibrateArgs>();
    auto *ca = app.add_subcommand("calibrate",
                                  "Choose the suggestion thresholds from what the business needs "
                                  "(auto-assign at a precision, shortlists at a hit rate) on the "
                                  "validation split, and store them with the model");
    addCommon(ca, k->common);
    ca->add_option("--checkpoint,-c", k->checkpoint,
                   "Checkpoint to choose them for (default: the newest run's best)")
        ->check(CLI::ExistingPath);
    ca->add_option("--target-precision", k->targets.precision,
                   "Auto-assigned photos must be right this often (0.99: 99%)")
        ->check(CLI::Range(0.0, 0.99999));
    ca->add_option("--target-hit-rate", k->targets.hitRate,
                   "Shortlists must hold the truth this often (0.99: 99%)")
        ->check(CLI::Range(0.0, 0.99999));
    ca->add_option("--confidence", k->targets.confidence,
                   "How sure the targets must hold on unseen photos")
        ->check(CLI::Range(0.5, 0.9999))
        ->capture_default_str();
    ca->add_option("--device", k->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    k->policy.add(ca);
    ca->callback([k] { runCalibrate(*k); });

    auto x = std::make_shared<ExplainArgs>();
    auto *ex = app.add_subcommand("explain", "Why the model chose: a Grad-CAM heat map of where "
                                             "a photo holds the evidence for a category");
    addCommon(ex, x->common);
    ex->add_option("photo", x->photo, "Image file")->required()->check(CLI::ExistingFile);
    ex->add_option("--checkpoint,-c", x->checkpoint,
                   "Checkpoint or model folder; default: the newest run's best")
        ->check(CLI::ExistingPath);
    ex->add_option("--category", x->category, "Category to explain (default: the predicted one)");
    ex->add_option("--out,-o", x->out, "Write the photo under its heat map here (.png, .jpg)");
    ex->add_option("--opacity", x->opacity, "Heat map opacity 0..1")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    ex->add_option("--device", x->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    ex->callback([x] { runExplain(*x); });
}

} // namespace photocat::cli
