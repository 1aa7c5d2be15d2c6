#pragma once

#include "inference/policy.h"

#include <cstdint>
#include <string>
#include <vector>

namespace photocat::core {

struct ClassMetrics
{
    double precision = 0, recall = 0, f1 = 0;
    int64_t support = 0;
};

/** How the suggestion rule would have treated a labeled set. */
struct OperatingPoint
{
    double autoShare = 0, autoAccuracy = 0;
    double shortlistShare = 0, shortlistHit = 0; ///< hit: the truth is in the shortlist
    double manualShare = 0;
};

struct EvaluationMetrics
{
    int64_t count = 0;
    double loss = 0; ///< mean cross-entropy
    double accuracy = 0;
    int topK = 3;
    double topKAccuracy = 0;
    double macroF1 = 0;
    std::vector<std::vector<int64_t>> confusion; ///< [true][predicted]
    std::vector<ClassMetrics> perClass;
    OperatingPoint operating;
};

/** Metrics of per-image probabilities against labels (class ids in [0, classes)). */
EvaluationMetrics computeMetrics(const std::vector<std::vector<float>> &probabilities,
                                 const std::vector<int> &labels, int topK,
                                 const PolicyThresholds &policy);

OperatingPoint operatingPoint(const std::vector<std::vector<float>> &probabilities,
                              const std::vector<int> &labels, const PolicyThresholds &policy);

/** One point of the coverage-vs-accuracy curve of the auto-assign threshold. */
struct PolicyPoint
{
    double threshold = 0;
    double coverage = 0; ///< share of images whose top-1 probability reaches the threshold
    double accuracy = 0; ///< top-1 accuracy among them (1 when none)
};

/** The curve at thresholds 0, 1/steps, ..., 1. */
std::vector<PolicyPoint> policyCurve(const std::vector<std::vector<float>> &probabilities,
                                     const std::vector<int> &labels, int steps = 100);

/** Softmax of logits / temperature. */
std::vector<float> softmax(const std::vector<float> &logits, double temperature = 1.0);

/** The temperature T minimizing the negative log-likelihood of softmax(logits / T) on a
    held-out set (golden-section search over log T); 1 when the set is empty. */
double fitTemperature(const std::vector<std::vector<float>> &logits,
                      const std::vector<int> &labels);

/** A CSV field, quoted when it holds a comma, quote or newline (RFC 4180). */
std::string csvField(const std::string &s);

/** The confusion matrix as CSV: class names as header row and first column. */
std::string confusionCsv(const EvaluationMetrics &m, const std::vector<std::string> &classes);

} // namespace photocat::core
