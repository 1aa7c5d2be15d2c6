#include "evaluation/report.h"

#include "inference/heatmap.h"
#include "inference/predictor.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace photocat::core {

namespace {

std::string escape(const std::string &s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string base64(const std::string &bytes)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        const uint32_t n = uint32_t(uint8_t(bytes[i])) << 16 |
                           (i + 1 < bytes.size() ? uint32_t(uint8_t(bytes[i + 1])) << 8 : 0) |
                           (i + 2 < bytes.size() ? uint32_t(uint8_t(bytes[i + 2])) : 0);
        out += digits[n >> 18 & 63];
        out += digits[n >> 12 & 63];
        out += i + 1 < bytes.size() ? digits[n >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? digits[n & 63] : '=';
    }
    return out;
}

std::string percent(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
    return buf;
}

std::string fixed(double v, int digits = 3)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

void confusionTable(std::ostream &o, const EvaluationMetrics &m,
                    const std::vector<std::string> &classes)
{
    o << "<h2>Confusion matrix</h2>\n<p>Rows: true category; columns: predicted. Each cell: count "
         "and share of its row.</p>\n<table class=\"cm\"><tr><th>true \\ predicted</th>";
    for (const auto &c : classes)
        o << "<th>" << escape(c) << "</th>";
    o << "</tr>\n";
    for (size_t r = 0; r < m.confusion.size(); ++r) {
        int64_t rowSum = 0;
        for (auto v : m.confusion[r])
            rowSum += v;
        o << "<tr><th>" << escape(classes[r]) << "</th>";
        for (size_t c = 0; c < m.confusion[r].size(); ++c) {
            const double share = rowSum ? double(m.confusion[r][c]) / double(rowSum) : 0;
            // Diagonal cells shade green, errors red, by their share of the row.
            const int alpha = int(15 + 200 * share);
            const char *rgb = r == c ? "40,150,60" : "210,60,40";
            o << "<td style=\"background: rgba(" << rgb << "," << fixed(alpha / 255.0, 2) << ")\">"
              << m.confusion[r][c] << "<br><small>" << percent(share) << "</small></td>";
        }
        o << "</tr>\n";
    }
    o << "</table>\n";
}

} // namespace

std::vector<ReportMistake> explainMistakes(Workspace &workspace, const EvaluateResult &result,
                                           const std::string &checkpoint, int count,
                                           const StopFlag *stop)
{
    std::vector<const PredictionRecord *> wrong;
    for (const auto &p : result.predictions)
        if (p.predicted != p.trueLabel)
            wrong.push_back(&p);
    std::stable_sort(wrong.begin(), wrong.end(), [](const auto *a, const auto *b) {
        return a->probabilities[size_t(a->predicted)] > b->probabilities[size_t(b->predicted)];
    });
    std::vector<ReportMistake> out;
    if (wrong.empty() || count <= 0)
        return out;
    Predictor predictor(checkpoint, "auto");
    for (const PredictionRecord *p : wrong) {
        if (int(out.size()) >= count || stopRequested(stop))
            break;
        const auto image = workspace.image(p->imageId);
        if (!image)
            continue;
        try {
            const Explanation e = predictor.explain(image->path, p->predicted);
            const auto &names = result.displayNames.size() == result.classes.size()
                                    ? result.displayNames
                                    : result.classes;
            out.push_back({image->path, names.at(size_t(p->trueLabel)),
                           names.at(size_t(p->predicted)), p->probabilities[size_t(p->predicted)],
                           heatmapOverlayPng(e, 0.5)});
        } catch (const std::exception &) {
            // The file is gone or changed since the evaluation: leave it out.
        }
    }
    return out;
}

std::string evaluationReportHtml(const EvaluateResult &result, const ReportInfo &info)
{
    const auto &m = result.metrics;
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>photocat evaluation</title>\n"
         "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
         "margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
         "th{background:#eee}.cm td{text-align:center;min-width:3em}.cards "
         "span{display:inline-block;"
         "border:1px solid #bbb;border-radius:6px;padding:8px 16px;margin-right:8px}"
         ".cards b{font-size:1.4em;display:block}figure{display:inline-block;width:170px;"
         "margin:4px;vertical-align:top;font-size:.8em}figure img{width:160px;"
         "image-rendering:pixelated}figcaption{word-break:break-all}</style></head><body>\n";
    o << "<h1>Evaluation report</h1>\n<p>Model <b>" << escape(info.model) << "</b> ("
      << escape(info.checkpoint) << ") on the <b>" << escape(info.split) << "</b> split of "
      << escape(info.workspace) << ": " << m.count << " images"
      << (result.mirrorAveraged
              ? ", each prediction averaged with its mirror image's (test-time augmentation)"
              : "")
      << ".</p>\n";
    o << "<div class=\"cards\"><span>accuracy<b>" << percent(m.accuracy) << "</b></span><span>top-"
      << m.topK << "<b>" << percent(m.topKAccuracy) << "</b></span><span>macro F1<b>"
      << fixed(m.macroF1) << "</b></span><span>mean loss<b>" << fixed(m.loss)
      << "</b></span></div>\n";
    const auto &names =
        result.displayNames.size() == result.classes.size() ? result.displayNames : result.classes;
    confusionTable(o, m, names);
    o << "<h2>Per category</h2>\n<table><tr><th>category</th><th>precision</th><th>recall</th>"
         "<th>F1</th><th>images</th></tr>\n";
    for (size_t i = 0; i < m.perClass.size(); ++i) {
        const auto &c = m.perClass[i];
        o << "<tr><th>" << escape(names[i]) << "</th><td>" << fixed(c.precision) << "</td><td>"
          << fixed(c.recall) << "</td><td>" << fixed(c.f1) << "</td><td>" << c.support
          << "</td></tr>\n";
    }
    o << "</table>\n";
    if (!info.mistakes.empty()) {
        o << "<h2>Most confident mistakes</h2>\n<p>Each photo under the heat map of where the "
             "model found the evidence for the category it chose (red: the strongest).</p>\n"
             "<div class=\"mistakes\">";
        for (const auto &w : info.mistakes) {
            o << "<figure>";
            if (!w.png.empty())
                o << "<img src=\"data:image/png;base64," << base64(w.png) << "\" alt=\"\">";
            o << "<figcaption>" << escape(w.predicted) << " " << percent(w.confidence)
              << ", labeled " << escape(w.truth) << "<br><small>" << escape(w.path)
              << "</small></figcaption></figure>";
        }
        o << "</div>\n";
    }
    const auto &op = m.operating;
    o << "<h2>Suggestion policy</h2>\n<p>Auto-assign at top-1 &ge; "
      << fixed(info.policy.autoAssign, 2) << ", shortlist at &ge; "
      << fixed(info.policy.shortlist, 2) << " (at most " << info.policy.shortlistMax
      << " categories up to " << percent(info.policy.shortlistMass)
      << " probability), manual otherwise.</p>\n<table><tr><th></th><th>share of uploads</th>"
         "<th>quality</th></tr>\n<tr><th>auto-assigned</th><td>"
      << percent(op.autoShare) << "</td><td>" << percent(op.autoAccuracy) << " correct</td></tr>\n"
      << "<tr><th>shortlisted</th><td>" << percent(op.shortlistShare) << "</td><td>"
      << percent(op.shortlistHit) << " contain the truth</td></tr>\n<tr><th>manual</th><td>"
      << percent(op.manualShare) << "</td><td></td></tr></table>\n";
    if (result.chosenPolicy && result.policyOnSplit) {
        const auto &c = *result.chosenPolicy, &here = *result.policyOnSplit;
        o << "<h3>Thresholds chosen for the model</h3>\n<p>";
        for (const auto &m : c.messages)
            o << escape(m) << ".<br>\n";
        o << "</p>\n<table><tr><th></th><th>chosen on " << c.count
          << " validation photos</th><th>on these " << here.count << " photos</th></tr>\n";
        // A rate over no photos is n/a, not 0% (as eval prints it).
        auto rate = [](double v, double share) { return share > 0 ? percent(v) : "n/a"; };
        if (c.targets.precision > 0)
            o << "<tr><th>auto-assigned: precision (target " << percent(c.targets.precision)
              << ")</th><td>" << rate(c.precision, c.autoShare) << " of " << percent(c.autoShare)
              << "</td><td>" << rate(here.precision, here.autoShare) << " of "
              << percent(here.autoShare) << "</td></tr>\n";
        if (c.targets.hitRate > 0)
            o << "<tr><th>shortlisted: truth in the list (target " << percent(c.targets.hitRate)
              << ")</th><td>" << rate(c.hitRate, c.shortlistShare) << " of "
              << percent(c.shortlistShare) << "</td><td>" << rate(here.hitRate, here.shortlistShare)
              << " of " << percent(here.shortlistShare) << "</td></tr>\n";
        o << "</table>\n";
    }
    std::vector<std::vector<float>> probabilities;
    std::vector<int> labels;
    for (const auto &p : result.predictions) {
        probabilities.push_back(p.probabilities);
        labels.push_back(p.trueLabel);
    }
    o << "<h3>Coverage and accuracy by auto-assign threshold</h3>\n<table><tr><th>threshold</th>"
         "<th>auto-assigned</th><th>their accuracy</th></tr>\n";
    for (const auto &pt : policyCurve(probabilities, labels, 20))
        if (pt.threshold >= 0.5)
            o << "<tr><td>" << fixed(pt.threshold, 2) << "</td><td>" << percent(pt.coverage)
              << "</td><td>" << percent(pt.accuracy) << "</td></tr>\n";
    o << "</table>\n<p><small>Written by photocat.</small></p></body></html>\n";
    return o.str();
}

} // namespace photocat::core
