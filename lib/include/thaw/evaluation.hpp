// Evaluation against gold labels: accuracy, macro-F1, per-class precision and
// recall, the confusion matrix, and rank and linear correlation of the score
// with the gold score.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "thaw/scorer.hpp"

namespace thaw {

struct EvalPair {
  Label gold = Label::Neutral;
  double gold_score = 0;  // -2 .. 2
  Label predicted = Label::Neutral;
  double score = 0;       // -1 .. 1
};

struct ClassStats {
  double precision = 0, recall = 0, f1 = 0;
  std::size_t support = 0;  // gold items of the class
};

struct EvalMetrics {
  std::size_t n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  std::array<ClassStats, 3> per_class{};  // indexed by Label: warm, neutral, cold
  // confusion[gold][predicted], indexed by Label.
  std::array<std::array<std::size_t, 3>, 3> confusion{};
  double spearman = 0;  // NaN-free: 0 when either side is constant
  double pearson = 0;
};

// Precision of a class nobody predicted is 0, as is recall of a class with no
// gold items; macro-F1 averages over the three classes.
EvalMetrics evaluate(const std::vector<EvalPair>& pairs);

// Pearson correlation; 0 if fewer than 2 items or a side has no variance.
double pearson(const std::vector<double>& x, const std::vector<double>& y);
// Spearman: Pearson of the ranks, ties given their average rank.
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// 1-based ranks with ties averaged: {10, 20, 20, 30} -> {1, 2.5, 2.5, 4}.
std::vector<double> average_ranks(const std::vector<double>& v);

}  // namespace thaw
