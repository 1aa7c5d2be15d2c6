#pragma once

#include "evaluation/evaluator.h"

#include <string>

namespace photocat::core {

struct ReportInfo
{
    std::string workspace, checkpoint, split, model;
    PolicyThresholds policy;
};

/**
 * A self-contained HTML evaluation report: metrics, the confusion matrix with counts and
 * row-normalized percentages (cells shaded), the per-class table and the suggestion policy's
 * operating point with its coverage-vs-accuracy curve. The app prints the same HTML to PDF.
 */
std::string evaluationReportHtml(const EvaluateResult &result, const ReportInfo &info);

} // namespace photocat::core
