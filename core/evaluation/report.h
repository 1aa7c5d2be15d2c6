#pragma once

#include "evaluation/evaluator.h"

#include <string>

namespace photocat::core {

/** A mistake the report shows with the heat map of why the model chose as it did. */
struct ReportMistake
{
    std::string path, truth, predicted;
    double confidence = 0; ///< the predicted category's probability
    std::string png;       ///< the photo under its Grad-CAM map for the predicted category
};

struct ReportInfo
{
    std::string workspace, checkpoint, split, model;
    PolicyThresholds policy;
    std::vector<ReportMistake> mistakes; ///< most confident first; see explainMistakes()
};

/**
 * The count most confidently wrong predictions of result, each with the Grad-CAM map of the
 * predicted category from checkpoint (the model that made them). Photos that cannot be read
 * any more are left out. stop is checked between photos.
 */
std::vector<ReportMistake> explainMistakes(Workspace &workspace, const EvaluateResult &result,
                                           const std::string &checkpoint, int count = 12,
                                           const StopFlag *stop = nullptr);

/**
 * A self-contained HTML evaluation report: metrics, the confusion matrix with counts and
 * row-normalized percentages (cells shaded), the per-class table, the most confident mistakes
 * with their heat maps (embedded PNGs) and the suggestion policy's operating point with its
 * coverage-vs-accuracy curve. The app prints the same HTML to PDF.
 */
std::string evaluationReportHtml(const EvaluateResult &result, const ReportInfo &info);

} // namespace photocat::core
