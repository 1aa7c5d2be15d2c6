#include "evaluation/metrics.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace photocat::core {

std::vector<float> softmax(const std::vector<float> &logits, double temperature)
{
    std::vector<float> p(logits.size());
    if (logits.empty())
        return p;
    const double top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (size_t i = 0; i < logits.size(); ++i)
        sum += (p[i] = float(std::exp((logits[i] - top) / temperature)));
    for (auto &v : p)
        v = float(v / sum);
    return p;
}

OperatingPoint operatingPoint(const std::vector<std::vector<float>> &probabilities,
                              const std::vector<int> &labels, const PolicyThresholds &policy)
{
    OperatingPoint op;
    int64_t autoN = 0, autoRight = 0, listN = 0, listHit = 0, manualN = 0;
    for (size_t i = 0; i < probabilities.size(); ++i) {
        const auto s = decide(probabilities[i], policy);
        const bool hit =
            std::find(s.categories.begin(), s.categories.end(), labels[i]) != s.categories.end();
        if (s.decision == Decision::Auto)
            ++autoN, autoRight += hit;
        else if (s.decision == Decision::Shortlist)
            ++listN, listHit += hit;
        else
            ++manualN;
    }
    const double n = std::max<size_t>(1, probabilities.size());
    op.autoShare = double(autoN) / n;
    op.autoAccuracy = autoN ? double(autoRight) / double(autoN) : 0;
    op.shortlistShare = double(listN) / n;
    op.shortlistHit = listN ? double(listHit) / double(listN) : 0;
    op.manualShare = double(manualN) / n;
    return op;
}

std::vector<PolicyPoint> policyCurve(const std::vector<std::vector<float>> &probabilities,
                                     const std::vector<int> &labels, int steps)
{
    // Sort images by top-1 probability once; each threshold is then a suffix.
    std::vector<std::pair<float, bool>> top;
    for (size_t i = 0; i < probabilities.size(); ++i) {
        const auto &p = probabilities[i];
        const auto best = std::max_element(p.begin(), p.end());
        top.push_back({*best, int(best - p.begin()) == labels[i]});
    }
    std::sort(top.begin(), top.end());
    std::vector<int64_t> rightFrom(top.size() + 1, 0); // right answers in top[i..]
    for (size_t i = top.size(); i-- > 0;)
        rightFrom[i] = rightFrom[i + 1] + top[i].second;
    std::vector<PolicyPoint> curve;
    const double n = double(std::max<size_t>(1, top.size()));
    for (int k = 0; k <= steps; ++k) {
        const double t = double(k) / steps;
        const size_t first =
            size_t(std::lower_bound(top.begin(), top.end(), std::make_pair(float(t), false)) -
                   top.begin());
        const size_t covered = top.size() - first;
        curve.push_back(
            {t, double(covered) / n, covered ? double(rightFrom[first]) / double(covered) : 1.0});
    }
    return curve;
}

EvaluationMetrics computeMetrics(const std::vector<std::vector<float>> &probabilities,
                                 const std::vector<int> &labels, int topK,
                                 const PolicyThresholds &policy)
{
    if (probabilities.size() != labels.size())
        throw std::invalid_argument("one label per prediction expected");
    EvaluationMetrics m;
    const size_t classes = probabilities.empty() ? 0 : probabilities.front().size();
    m.count = int64_t(labels.size());
    m.topK = topK;
    m.confusion.assign(classes, std::vector<int64_t>(classes, 0));
    int64_t right = 0, inTopK = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const auto &p = probabilities[i];
        const auto order = rankClasses(p);
        const int truth = labels[i];
        if (truth < 0 || size_t(truth) >= classes)
            throw std::invalid_argument("label " + std::to_string(truth) + " out of range");
        ++m.confusion[size_t(truth)][size_t(order[0])];
        right += order[0] == truth;
        inTopK += std::find(order.begin(), order.begin() + std::min<long>(topK, long(order.size())),
                            truth) != order.begin() + std::min<long>(topK, long(order.size()));
        m.loss -= std::log(std::max(1e-12f, p[size_t(truth)]));
    }
    const double n = std::max<int64_t>(1, m.count);
    m.loss /= n;
    m.accuracy = double(right) / n;
    m.topKAccuracy = double(inTopK) / n;
    m.perClass.resize(classes);
    size_t present = 0; // classes labeled or predicted in the split, as scikit-learn averages
    for (size_t c = 0; c < classes; ++c) {
        int64_t predicted = 0;
        for (size_t t = 0; t < classes; ++t)
            predicted += m.confusion[t][c];
        auto &pc = m.perClass[c];
        for (auto v : m.confusion[c])
            pc.support += v;
        const double tp = double(m.confusion[c][c]);
        pc.precision = predicted ? tp / double(predicted) : 0;
        pc.recall = pc.support ? tp / double(pc.support) : 0;
        pc.f1 = pc.precision + pc.recall > 0
                    ? 2 * pc.precision * pc.recall / (pc.precision + pc.recall)
                    : 0;
        if (pc.support > 0 || predicted > 0) {
            m.macroF1 += pc.f1;
            ++present;
        }
    }
    m.macroF1 /= double(std::max<size_t>(1, present));
    m.operating = operatingPoint(probabilities, labels, policy);
    return m;
}

double fitTemperature(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels)
{
    if (logits.empty())
        return 1.0;
    auto nll = [&](double logT) {
        const double t = std::exp(logT);
        double sum = 0;
        for (size_t i = 0; i < logits.size(); ++i) {
            const auto &z = logits[i];
            const double top = *std::max_element(z.begin(), z.end());
            double norm = 0;
            for (float v : z)
                norm += std::exp((v - top) / t);
            sum -= (z[size_t(labels[i])] - top) / t - std::log(norm);
        }
        return sum;
    };
    double a = std::log(0.05), b = std::log(20.0);
    const double phi = (std::sqrt(5.0) - 1) / 2;
    double c = b - phi * (b - a), d = a + phi * (b - a);
    double fc = nll(c), fd = nll(d);
    for (int i = 0; i < 60; ++i) {
        if (fc < fd) {
            b = d, d = c, fd = fc;
            c = b - phi * (b - a), fc = nll(c);
        } else {
            a = c, c = d, fc = fd;
            d = a + phi * (b - a), fd = nll(d);
        }
    }
    return std::exp((a + b) / 2);
}

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string confusionCsv(const EvaluationMetrics &m, const std::vector<std::string> &classes)
{
    const auto quote = csvField;
    std::ostringstream out;
    out << "true\\predicted";
    for (const auto &c : classes)
        out << ',' << quote(c);
    out << '\n';
    for (size_t t = 0; t < m.confusion.size(); ++t) {
        out << quote(t < classes.size() ? classes[t] : std::to_string(t));
        for (auto v : m.confusion[t])
            out << ',' << v;
        out << '\n';
    }
    return out.str();
}

} // namespace photocat::core
