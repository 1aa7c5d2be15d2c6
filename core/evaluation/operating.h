#pragma once

#include "inference/policy.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace photocat::core {

/** What the business asks of the suggestion rule; 0 leaves that threshold as it is. */
struct PolicyTargets
{
    double precision = 0;     ///< auto-assigned photos: the share whose category is right
    double hitRate = 0;       ///< shortlisted photos: the share whose truth is in the list
    double confidence = 0.95; ///< how sure the bounds are, over all thresholds tried
};

/** Thresholds chosen on a labeled split, with what they achieved there. */
struct ChosenPolicy
{
    PolicyThresholds thresholds;
    PolicyTargets targets;
    int64_t count = 0;        ///< labeled photos they were chosen on
    bool precisionMet = true; ///< the bound reached the target (true when none was asked)
    bool hitRateMet = true;
    double precision = 0, precisionLower = 0, autoShare = 0;
    double hitRate = 0, hitRateLower = 0, shortlistShare = 0;
    /** One sentence per target saying what was chosen, or why it could not be met. */
    std::vector<std::string> messages;
};

/**
 * The one-sided Clopper-Pearson lower bound of a binomial proportion: the smallest p for
 * which seeing at least `successes` of `trials` has probability alpha (0 when successes is
 * 0). Exact, so conservative.
 */
double clopperPearsonLower(int64_t successes, int64_t trials, double alpha);

/**
 * Chooses the suggestion thresholds for targets from calibrated probabilities and labels of
 * held-out photos (the validation split). The auto-assign threshold is the lowest of a fixed
 * grid of candidates (0.5 up to 0.99995, denser near 1) whose Clopper-Pearson lower bound on
 * precision reaches the target; the shortlist mass is the smallest of 0.50, 0.51, ..., 1
 * whose lower bound on the hit rate among shortlisted photos (top-1 at or above the shortlist
 * threshold and below the chosen auto threshold, at most shortlistMax categories) reaches
 * its target. Each bound is taken at (1 - confidence) / candidates (Bonferroni), so with
 * that confidence every accepted threshold meets its target on photos like these at once:
 * the choice holds on unseen data, not only on the photos it was tuned on. A target the
 * data cannot support leaves auto-assignment off (threshold 1) or the mass at 1, and says
 * so. start gives the shortlist threshold and size limit, and the thresholds of targets
 * not asked for. Throws std::invalid_argument for targets outside (0, 1) or sizes that
 * disagree.
 */
ChosenPolicy choosePolicy(const std::vector<std::vector<float>> &probabilities,
                          const std::vector<int> &labels, const PolicyTargets &targets,
                          const PolicyThresholds &start = {});

/** How chosen thresholds fare on another labeled split (eval on test): the same fields,
    targets and thresholds as chosen, measured on these photos. */
ChosenPolicy measurePolicy(const std::vector<std::vector<float>> &probabilities,
                           const std::vector<int> &labels, const ChosenPolicy &chosen);

/** The "policy" record stored in a checkpoint's metadata. */
nlohmann::json policyToJson(const ChosenPolicy &policy);
/** The thresholds stored in a checkpoint's metadata ("policy"), if any; throws
    std::runtime_error for a record that is there but malformed or inconsistent. */
std::optional<ChosenPolicy> storedPolicy(const nlohmann::json &meta);

} // namespace photocat::core
