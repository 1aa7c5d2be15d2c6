#include "evaluation/operating.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace photocat::core {

namespace {

/** The continued fraction of the incomplete beta function (modified Lentz's method). */
double betaContinuedFraction(double a, double b, double x)
{
    constexpr double tiny = 1e-300, epsilon = 1e-15;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 100000; ++m) {
        for (int half = 0; half < 2; ++half) {
            const double numerator =
                half == 0 ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                          : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + numerator * d;
            d = 1 / (std::abs(d) < tiny ? tiny : d);
            c = 1 + numerator / c;
            if (std::abs(c) < tiny)
                c = tiny;
            const double step = c * d;
            h *= step;
            if (half == 1 && std::abs(step - 1) < epsilon)
                return h;
        }
    }
    return h;
}

/** The regularized incomplete beta function I_x(a, b). */
double incompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double logFront =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1) / (a + b + 2))
        return std::exp(logFront) * betaContinuedFraction(a, b, x) / a;
    return 1 - std::exp(logFront) * betaContinuedFraction(b, a, 1 - x) / b;
}

/** Candidate auto-assign thresholds: 0.5 to 0.99995, evenly spaced in log(1 - t). */
std::vector<double> autoCandidates()
{
    std::vector<double> t;
    constexpr int count = 100;
    for (int i = 0; i < count; ++i)
        t.push_back(1 - 0.5 * std::pow(10.0, -4.0 * i / (count - 1)));
    return t;
}

std::string percent(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100 * v);
    return text;
}

std::string fixed(double v, int digits)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

struct Counts
{
    int64_t autoN = 0, autoRight = 0, listN = 0, listHit = 0;
};

Counts count(const std::vector<std::vector<float>> &probabilities, const std::vector<int> &labels,
             const PolicyThresholds &t)
{
    Counts c;
    for (size_t i = 0; i < probabilities.size(); ++i) {
        const auto s = decide(probabilities[i], t);
        const bool hit =
            std::find(s.categories.begin(), s.categories.end(), labels[i]) != s.categories.end();
        if (s.decision == Decision::Auto)
            ++c.autoN, c.autoRight += hit;
        else if (s.decision == Decision::Shortlist)
            ++c.listN, c.listHit += hit;
    }
    return c;
}

double ratio(int64_t a, int64_t b) { return b > 0 ? double(a) / double(b) : 0; }

void checkInputs(const std::vector<std::vector<float>> &probabilities,
                 const std::vector<int> &labels, const PolicyTargets &targets)
{
    if (probabilities.size() != labels.size())
        throw std::invalid_argument(
            "choosing thresholds: probabilities and labels differ in count");
    for (double v : {targets.precision, targets.hitRate})
        if (!(v >= 0 && v < 1))
            throw std::invalid_argument("a target precision or hit rate must be below 1 (100%)");
    if (!(targets.confidence > 0 && targets.confidence < 1))
        throw std::invalid_argument("the confidence must be between 0 and 1");
}

} // namespace

double clopperPearsonLower(int64_t successes, int64_t trials, double alpha)
{
    if (successes <= 0 || trials <= 0)
        return 0;
    successes = std::min(successes, trials);
    // P(X >= k | p) = I_p(k, n - k + 1) grows with p: bisect for alpha.
    const double a = double(successes), b = double(trials - successes + 1);
    double lo = 0, hi = 1;
    for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
        const double mid = (lo + hi) / 2;
        (incompleteBeta(a, b, mid) < alpha ? lo : hi) = mid;
    }
    return lo;
}

ChosenPolicy choosePolicy(const std::vector<std::vector<float>> &probabilities,
                          const std::vector<int> &labels, const PolicyTargets &targets,
                          const PolicyThresholds &start)
{
    checkInputs(probabilities, labels, targets);
    decide({}, start); // throws for inconsistent starting thresholds
    ChosenPolicy r;
    r.thresholds = start;
    r.targets = targets;
    r.count = int64_t(labels.size());
    const std::string photos = std::to_string(r.count) + " held-out photos";
    const std::string sure = percent(targets.confidence) + " confidence";

    if (targets.precision > 0) {
        const auto candidates = autoCandidates();
        const double alpha = (1 - targets.confidence) / double(candidates.size());
        // Top-1 probability and correctness, sorted: each threshold keeps a suffix.
        std::vector<std::pair<float, bool>> top;
        for (size_t i = 0; i < probabilities.size(); ++i) {
            const auto &p = probabilities[i];
            const auto best = std::max_element(p.begin(), p.end());
            if (best != p.end())
                top.push_back({*best, int(best - p.begin()) == labels[i]});
        }
        std::sort(top.begin(), top.end());
        std::vector<int64_t> rightFrom(top.size() + 1, 0);
        for (size_t i = top.size(); i-- > 0;)
            rightFrom[i] = rightFrom[i + 1] + top[i].second;
        double bestLower = -1, bestAt = 1;
        bool found = false;
        for (double t : candidates) {
            const size_t first =
                size_t(std::lower_bound(top.begin(), top.end(), std::make_pair(float(t), false)) -
                       top.begin());
            const int64_t n = int64_t(top.size() - first), right = rightFrom[first];
            const double lower = clopperPearsonLower(right, n, alpha);
            if (lower > bestLower)
                bestLower = lower, bestAt = t;
            if (lower >= targets.precision) {
                r.thresholds.autoAssign = t;
                found = true;
                break; // the lowest such threshold: candidates ascend
            }
        }
        r.precisionMet = found;
        if (!found) {
            r.thresholds.autoAssign = 1;
            r.messages.push_back("no auto-assign threshold reaches " + percent(targets.precision) +
                                 " precision with " + sure + " on " + photos +
                                 " (the best bound, " + percent(std::max(0.0, bestLower)) +
                                 ", at " + fixed(bestAt, 4) +
                                 "): auto-assignment is off; more validation photos or a "
                                 "better model would allow it");
        }
        r.thresholds.shortlist = std::min(r.thresholds.shortlist, r.thresholds.autoAssign);
    }

    if (targets.hitRate > 0) {
        constexpr int steps = 50; // masses 0.50, 0.51, ..., 1.00
        const double alpha = (1 - targets.confidence) / (steps + 1);
        bool found = false;
        double bestLower = -1;
        for (int i = 0; i <= steps; ++i) {
            PolicyThresholds t = r.thresholds;
            t.shortlistMass = 0.5 + 0.5 * i / steps;
            const Counts c = count(probabilities, labels, t);
            const double lower = clopperPearsonLower(c.listHit, c.listN, alpha);
            bestLower = std::max(bestLower, lower);
            if (c.listN == 0 || lower >= targets.hitRate) {
                r.thresholds.shortlistMass = t.shortlistMass;
                found = true;
                if (c.listN == 0)
                    r.messages.push_back("no held-out photo falls between the shortlist and "
                                         "auto-assign thresholds: the shortlist mass is left at " +
                                         fixed(t.shortlistMass, 2));
                break;
            }
        }
        r.hitRateMet = found;
        if (!found) {
            r.thresholds.shortlistMass = 1;
            r.messages.push_back(
                "no shortlist of at most " + std::to_string(r.thresholds.shortlistMax) +
                " categories holds the truth " + percent(targets.hitRate) + " of the time with " +
                sure + " on " + photos + " (the best bound, " + percent(std::max(0.0, bestLower)) +
                "): shortlists take categories up to the limit; allow longer shortlists, raise "
                "the shortlist threshold or lower the target");
        }
    }

    const ChosenPolicy measured = measurePolicy(probabilities, labels, r);
    r.precision = measured.precision;
    r.precisionLower = measured.precisionLower;
    r.autoShare = measured.autoShare;
    r.hitRate = measured.hitRate;
    r.hitRateLower = measured.hitRateLower;
    r.shortlistShare = measured.shortlistShare;
    if (targets.precision > 0 && r.precisionMet)
        r.messages.insert(r.messages.begin(),
                          "auto-assign at top-1 >= " + fixed(r.thresholds.autoAssign, 4) + ": " +
                              percent(r.precision) + " precision on " + photos + ", " +
                              percent(r.autoShare) + " of them assigned automatically (at least " +
                              percent(targets.precision) + " expected with " + sure + ")");
    if (targets.hitRate > 0 && r.hitRateMet && r.shortlistShare > 0)
        r.messages.push_back(
            "shortlists until their probabilities reach " + fixed(r.thresholds.shortlistMass, 2) +
            " (at most " + std::to_string(r.thresholds.shortlistMax) + "): the truth in " +
            percent(r.hitRate) + " of " + percent(r.shortlistShare) + " shortlisted (at least " +
            percent(targets.hitRate) + " expected with " + sure + ")");
    return r;
}

ChosenPolicy measurePolicy(const std::vector<std::vector<float>> &probabilities,
                           const std::vector<int> &labels, const ChosenPolicy &chosen)
{
    checkInputs(probabilities, labels, chosen.targets);
    ChosenPolicy r = chosen;
    r.messages.clear();
    r.count = int64_t(labels.size());
    const Counts c = count(probabilities, labels, chosen.thresholds);
    const double alpha = 1 - chosen.targets.confidence;
    r.precision = ratio(c.autoRight, c.autoN);
    r.precisionLower = clopperPearsonLower(c.autoRight, c.autoN, alpha);
    r.autoShare = ratio(c.autoN, r.count);
    r.hitRate = ratio(c.listHit, c.listN);
    r.hitRateLower = clopperPearsonLower(c.listHit, c.listN, alpha);
    r.shortlistShare = ratio(c.listN, r.count);
    return r;
}

nlohmann::json policyToJson(const ChosenPolicy &p)
{
    const auto &t = p.thresholds;
    return {{"auto_threshold", t.autoAssign},
            {"shortlist_threshold", t.shortlist},
            {"shortlist_mass", t.shortlistMass},
            {"shortlist_max", t.shortlistMax},
            {"chosen_on",
             {{"photos", p.count},
              {"target_precision", p.targets.precision},
              {"target_hit_rate", p.targets.hitRate},
              {"confidence", p.targets.confidence},
              {"precision_met", p.precisionMet},
              {"hit_rate_met", p.hitRateMet},
              {"precision", p.precision},
              {"precision_lower", p.precisionLower},
              {"auto_share", p.autoShare},
              {"hit_rate", p.hitRate},
              {"hit_rate_lower", p.hitRateLower},
              {"shortlist_share", p.shortlistShare},
              {"messages", p.messages}}}};
}

std::optional<ChosenPolicy> storedPolicy(const nlohmann::json &meta)
{
    if (!meta.is_object() || !meta.contains("policy") || meta["policy"].is_null())
        return std::nullopt;
    ChosenPolicy p;
    try {
        const auto &j = meta.at("policy");
        auto &t = p.thresholds;
        t.autoAssign = j.at("auto_threshold").get<double>();
        t.shortlist = j.at("shortlist_threshold").get<double>();
        t.shortlistMass = j.at("shortlist_mass").get<double>();
        t.shortlistMax = j.at("shortlist_max").get<int>();
        const auto on = j.value("chosen_on", nlohmann::json::object());
        p.count = on.value("photos", int64_t(0));
        p.targets.precision = on.value("target_precision", 0.0);
        p.targets.hitRate = on.value("target_hit_rate", 0.0);
        p.targets.confidence = on.value("confidence", 0.95);
        p.precisionMet = on.value("precision_met", true);
        p.hitRateMet = on.value("hit_rate_met", true);
        p.precision = on.value("precision", 0.0);
        p.precisionLower = on.value("precision_lower", 0.0);
        p.autoShare = on.value("auto_share", 0.0);
        p.hitRate = on.value("hit_rate", 0.0);
        p.hitRateLower = on.value("hit_rate_lower", 0.0);
        p.shortlistShare = on.value("shortlist_share", 0.0);
        p.messages = on.value("messages", std::vector<std::string>{});
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(std::string("the model's stored thresholds are malformed: ") +
                                 e.what());
    }
    const auto &t = p.thresholds;
    if (!(t.autoAssign <= 1 && t.shortlistMass >= 0 && t.shortlistMass <= 1) ||
        !std::isfinite(t.autoAssign) || !std::isfinite(t.shortlist))
        throw std::runtime_error("the model's stored thresholds are out of range");
    try {
        decide({}, t);
    } catch (const std::invalid_argument &e) {
        throw std::runtime_error(std::string("the model's stored thresholds: ") + e.what());
    }
    return p;
}

} // namespace photocat::core
