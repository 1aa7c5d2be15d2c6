#include "inference/policy.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace photocat::core {

const char *decisionName(Decision d)
{
    switch (d) {
    case Decision::Auto: return "auto";
    case Decision::Shortlist: return "shortlist";
    case Decision::Manual: break;
    }
    return "manual";
}

std::vector<int> rankClasses(const std::vector<float> &p)
{
    std::vector<int> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return p[size_t(a)] > p[size_t(b)]; });
    return order;
}

PolicyThresholds mergePolicy(const PolicyThresholds &given, const PolicyOverride &which,
                             const std::optional<PolicyThresholds> &stored)
{
    if (!stored)
        return given;
    PolicyThresholds t = *stored;
    if (which.autoAssign)
        t.autoAssign = given.autoAssign;
    if (which.shortlist)
        t.shortlist = given.shortlist;
    if (which.shortlistMass)
        t.shortlistMass = given.shortlistMass;
    if (which.shortlistMax)
        t.shortlistMax = given.shortlistMax;
    if (!which.shortlist)
        t.shortlist = std::min(t.shortlist, t.autoAssign);
    return t;
}

Suggestion decide(const std::vector<float> &p, const PolicyThresholds &t)
{
    if (t.shortlist > t.autoAssign || t.shortlist < 0 || t.autoAssign > 1 || t.shortlistMax < 1)
        throw std::invalid_argument("thresholds must satisfy 0 <= shortlist <= auto <= 1 and a "
                                    "shortlist of at least one category");
    Suggestion s;
    const auto order = rankClasses(p);
    if (order.empty())
        return s;
    // Probabilities are floats: compare in float, so a 0.90 threshold takes 0.9f (just below
    // 0.9 as a double). A threshold of 1 turns auto-assignment off, as calibration sets it when
    // no threshold meets the target: a saturated softmax gives exactly 1.0f, and such photos
    // were not shown to meet it either.
    const float top = p[size_t(order[0])];
    if (t.autoAssign < 1 && top >= float(t.autoAssign)) {
        s.decision = Decision::Auto;
        s.categories = {order[0]};
    } else if (top >= float(t.shortlist)) {
        s.decision = Decision::Shortlist;
        double mass = 0;
        for (int c : order) {
            if (int(s.categories.size()) >= t.shortlistMax || mass >= t.shortlistMass)
                break;
            s.categories.push_back(c);
            mass += p[size_t(c)];
        }
    } else {
        s.decision = Decision::Manual;
        s.categories = order;
    }
    return s;
}

} // namespace photocat::core
