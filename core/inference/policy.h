#pragma once

#include <optional>
#include <string>
#include <vector>

namespace photocat::core {

/** The suggestion rule of the original design; thresholds are configurable. */
struct PolicyThresholds
{
    double autoAssign = 0.90; ///< top-1 at or above: choose the category for the seller (1: never)
    double shortlist = 0.50;  ///< top-1 at or above: offer a shortlist
    double shortlistMass = 0.90; ///< the shortlist grows until its probabilities reach this
    int shortlistMax = 3;        ///< and never holds more than this many categories
};

/** Which thresholds a caller set on purpose (command-line flags, a spin box): those win over
    the thresholds stored with a model; the others come from the model. */
struct PolicyOverride
{
    bool autoAssign = false, shortlist = false, shortlistMass = false, shortlistMax = false;
};

/** given's overridden fields over stored's (or over given's own when nothing is stored).
    The shortlist threshold is lowered to the auto threshold when a stored auto threshold
    falls below it. */
PolicyThresholds mergePolicy(const PolicyThresholds &given, const PolicyOverride &which,
                             const std::optional<PolicyThresholds> &stored);

enum class Decision { Auto, Shortlist, Manual };

const char *decisionName(Decision d);

struct Suggestion
{
    Decision decision = Decision::Manual;
    /** auto: the one category; shortlist: the shortlist; manual: every category by probability. */
    std::vector<int> categories;
};

/** Applies the rule to one image's (calibrated) class probabilities. Throws
    std::invalid_argument for inconsistent thresholds. */
Suggestion decide(const std::vector<float> &probabilities, const PolicyThresholds &t);

/** Indices of probabilities sorted from most to least likely. */
std::vector<int> rankClasses(const std::vector<float> &probabilities);

} // namespace photocat::core
