#include "thaw/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace thaw {

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return 0;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return 0;
  return sxy / std::sqrt(sxx * syy);
}

std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = avg;
    i = j + 1;
  }
  return ranks;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson(average_ranks(x), average_ranks(y));
}

EvalMetrics evaluate(const std::vector<EvalPair>& pairs) {
  EvalMetrics m;
  m.n = pairs.size();
  if (pairs.empty()) return m;
  std::vector<double> gold, pred;
  std::size_t correct = 0;
  for (const EvalPair& p : pairs) {
    ++m.confusion[static_cast<int>(p.gold)][static_cast<int>(p.predicted)];
    correct += p.gold == p.predicted;
    gold.push_back(p.gold_score);
    pred.push_back(p.score);
  }
  m.accuracy = static_cast<double>(correct) / static_cast<double>(m.n);
  double f1_sum = 0;
  for (int c = 0; c < 3; ++c) {
    std::size_t tp = m.confusion[c][c], predicted = 0, actual = 0;
    for (int k = 0; k < 3; ++k) {
      predicted += m.confusion[k][c];
      actual += m.confusion[c][k];
    }
    ClassStats& s = m.per_class[c];
    s.support = actual;
    s.precision = predicted ? static_cast<double>(tp) / static_cast<double>(predicted) : 0;
    s.recall = actual ? static_cast<double>(tp) / static_cast<double>(actual) : 0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    f1_sum += s.f1;
  }
  m.macro_f1 = f1_sum / 3.0;
  m.spearman = spearman(pred, gold);
  m.pearson = pearson(pred, gold);
  return m;
}

}  // namespace thaw
