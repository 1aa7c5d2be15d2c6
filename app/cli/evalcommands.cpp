#include "cli.h"

#include "data/photoinputs.h"
#include "evaluation/evaluator.h"
#include "evaluation/labelissues.h"
#include "evaluation/report.h"
#include "inference/heatmap.h"
#include "inference/predictor.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace photocat::cli {

namespace {

struct PolicyArgs
{
    core::PolicyThresholds policy;
    void add(CLI::App *c) { addPolicyOptions(c, policy); }
};

/** The newest run's checkpoint, or a message saying there is none. */
std::string latestCheckpoint(core::Workspace &workspace)
{
    std::string checkpoint = workspace.newestCheckpoint();
    if (checkpoint.empty())
        throw std::runtime_error("the workspace has no trained model yet; run 'photocat-cli train' "
                                 "or pass --checkpoint");
    return checkpoint;
}

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
              {"manual_share", op.manualShare}}},
            {"run", r.runId},
            {"skipped_files", r.skippedFiles},
            {"tta", r.mirrorAveraged}};
}

void printMetrics(const core::EvaluateResult &r, const std::string &split)
{
    const auto &m = r.metrics;
    std::printf("%s split%s: %lld images, accuracy %.4f, top-%d %.4f, macro-F1 %.4f, loss %.4f\n",
                split.c_str(), r.mirrorAveraged ? " (mirror-averaged)" : "",
                static_cast<long long>(m.count), m.accuracy, m.topK, m.topKAccuracy, m.macroF1,
                m.loss);
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
}

void runEval(EvalArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    a.request.split = core::parseSplit(a.split);
    a.request.policy = a.policy.policy;
    if (a.request.checkpoint.empty())
        a.request.checkpoint = latestCheckpoint(workspace);
    const auto r = core::evaluateOnWorkspace(workspace, a.request);
    if (!a.confusionCsv.empty())
        writeFile(a.confusionCsv, core::confusionCsv(r.metrics, r.classes));
    if (!a.predictionsCsv.empty())
        writeFile(a.predictionsCsv, core::predictionsCsv(workspace, r));
    if (!a.report.empty()) {
        core::ReportInfo info{a.common.workspace, a.request.checkpoint, a.split, "",
                              a.policy.policy};
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
    const auto &classes = predictor.classNames();
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
        const auto s = core::decide(p, a.policy.policy);
        const auto order = core::rankClasses(p);
        nlohmann::json top = nlohmann::json::array();
        for (int i = 0; i < std::min<int>(a.topK, int(order.size())); ++i)
            top.push_back({{"category", classes[size_t(order[size_t(i)])]},
                           {"probability", p[size_t(order[size_t(i)])]}});
        std::vector<std::string> suggested;
        for (int c : s.categories)
            suggested.push_back(classes[size_t(c)]);
        if (a.common.json) {
            printJson({{"path", file},
                       {"decision", core::decisionName(s.decision)},
                       {"categories", suggested},
                       {"top", top},
                       {"tta", a.tta}});
            continue;
        }
        std::printf("%s: %s", file.c_str(), core::decisionName(s.decision));
        if (s.decision != core::Decision::Manual)
            for (const auto &c : suggested)
                std::printf(" [%s]", c.c_str());
        std::printf("\n");
        for (const auto &t : top)
            std::printf("  %5.1f%%  %s\n", 100 * t["probability"].get<double>(),
                        t["category"].get<std::string>().c_str());
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
    static core::StopFlag stop{false};
    a.request.stop = &stop;
    std::signal(SIGINT, [](int) { stop = true; });
    const bool json = a.common.json;
    a.request.progress = [json](int fold, int folds, const std::string &message) {
        if (json)
            printJson({{"event", "fold"}, {"fold", fold}, {"folds", folds}});
        else
            std::fprintf(stderr, "%s\n", message.c_str());
    };
    const auto r = core::findLabelIssues(workspace, a.request);
    std::signal(SIGINT, SIG_DFL);
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
    ev->add_flag("--tta", e->request.mirrorAveraging,
                 "Test-time augmentation: average each image's "
                 "logits with its mirror image's (twice the time)");
    ev->add_option("--confusion-csv", e->confusionCsv, "Write the confusion matrix as CSV");
    ev->add_option("--predictions-csv", e->predictionsCsv, "Write per-image predictions as CSV");
    ev->add_option("--report", e->report,
                   "Write an HTML evaluation report (metrics, confusion matrix, "
                   "per-class table, suggestion-policy operating point)");
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
    pr->add_flag("--tta", p->tta,
                 "Test-time augmentation: average each photo's logits with its "
                 "mirror image's (twice the time)");
    p->policy.add(pr);
    pr->callback([p] { runPredict(*p); });

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
