// Evaluation metrics against values worked out by hand on small fixtures.
//
// F1 is written below as 2*tp / (predicted + actual), which equals
// 2PR / (P + R) when both are non-zero and is easier to check by hand.
#define BOOST_TEST_MODULE evaluation
#include <boost/test/unit_test.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "thaw/evaluation.hpp"

using namespace thaw;
namespace tt = boost::test_tools;

namespace {

constexpr int W = static_cast<int>(Label::Warm);
constexpr int N = static_cast<int>(Label::Neutral);
constexpr int C = static_cast<int>(Label::Cold);

// `count` pairs gold -> predicted, scores all 0 (the correlations are tested apart).
void add(std::vector<EvalPair>& v, Label gold, Label predicted, int count) {
  for (int i = 0; i < count; ++i) v.push_back({gold, 0, predicted, 0});
}

using Matrix = std::array<std::array<std::size_t, 3>, 3>;

}  // namespace

BOOST_AUTO_TEST_SUITE(classification)

// Every cell of the 3x3 matrix is filled, and it is not symmetric, so a
// transposed matrix (precision and recall swapped) would fail.
//
//   gold \ predicted   warm  neutral  cold   actual
//   warm                 3      2      1       6
//   neutral              1      2      0       3
//   cold                 1      1      2       4
//   predicted            5      5      3      13
//
//   accuracy = (3 + 2 + 2) / 13 = 7/13 = 0.538462
//   warm:    P = 3/5 = 0.6,  R = 3/6 = 0.5,  F1 = 6 / (5 + 6) = 6/11 = 0.545455
//   neutral: P = 2/5 = 0.4,  R = 2/3,        F1 = 4 / (5 + 3) = 1/2
//   cold:    P = 2/3,        R = 2/4 = 0.5,  F1 = 4 / (3 + 4) = 4/7 = 0.571429
//   macro-F1 = (6/11 + 1/2 + 4/7) / 3 = (84 + 77 + 88) / 154 / 3 = 249/462 = 0.538961
BOOST_AUTO_TEST_CASE(accuracy_macro_f1_and_a_full_confusion_matrix) {
  std::vector<EvalPair> v;
  add(v, Label::Warm, Label::Warm, 3);
  add(v, Label::Warm, Label::Neutral, 2);
  add(v, Label::Warm, Label::Cold, 1);
  add(v, Label::Neutral, Label::Warm, 1);
  add(v, Label::Neutral, Label::Neutral, 2);
  add(v, Label::Cold, Label::Warm, 1);
  add(v, Label::Cold, Label::Neutral, 1);
  add(v, Label::Cold, Label::Cold, 2);
  const EvalMetrics m = evaluate(v);

  BOOST_TEST(m.n == 13u);
  const Matrix expected{{{3, 2, 1}, {1, 2, 0}, {1, 1, 2}}};
  for (int g = 0; g < 3; ++g)
    for (int p = 0; p < 3; ++p) BOOST_TEST(m.confusion[g][p] == expected[g][p], "gold " << g << " predicted " << p);

  BOOST_TEST(m.accuracy == 7.0 / 13.0, tt::tolerance(1e-12));
  BOOST_TEST(m.macro_f1 == 249.0 / 462.0, tt::tolerance(1e-12));

  BOOST_TEST(m.per_class[W].precision == 0.6, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[W].recall == 0.5, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[W].f1 == 6.0 / 11.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[W].support == 6u);

  BOOST_TEST(m.per_class[N].precision == 0.4, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[N].recall == 2.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[N].f1 == 0.5, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[N].support == 3u);

  BOOST_TEST(m.per_class[C].precision == 2.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[C].recall == 0.5, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[C].f1 == 4.0 / 7.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[C].support == 4u);

  // Every score and gold score is 0: both sides constant, so no correlation.
  BOOST_TEST(m.spearman == 0.0);
  BOOST_TEST(m.pearson == 0.0);
}

// Cold is never predicted and neutral has no gold items: the header defines
// both empty denominators as 0, and nothing may come out NaN.
//
//   gold \ predicted   warm  neutral  cold   actual
//   warm                 2      1      0       3
//   neutral              0      0      0       0
//   cold                 1      1      0       2
//   predicted            3      2      0       5
//
//   accuracy = 2/5 = 0.4
//   warm:    P = 2/3, R = 2/3, F1 = 4 / (3 + 3) = 2/3
//   neutral: P = 0/2 = 0, R = 0 (no gold items), F1 = 0
//   cold:    P = 0 (nobody predicted it), R = 0/2 = 0, F1 = 0
//   macro-F1 = (2/3 + 0 + 0) / 3 = 2/9 = 0.222222
BOOST_AUTO_TEST_CASE(unpredicted_class_and_class_without_gold_count_as_zero) {
  std::vector<EvalPair> v;
  add(v, Label::Warm, Label::Warm, 2);
  add(v, Label::Warm, Label::Neutral, 1);
  add(v, Label::Cold, Label::Warm, 1);
  add(v, Label::Cold, Label::Neutral, 1);
  const EvalMetrics m = evaluate(v);

  BOOST_TEST(m.n == 5u);
  BOOST_TEST(m.accuracy == 0.4, tt::tolerance(1e-12));
  BOOST_TEST(m.macro_f1 == 2.0 / 9.0, tt::tolerance(1e-12));

  BOOST_TEST(m.per_class[W].precision == 2.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[W].recall == 2.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[W].f1 == 2.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[W].support == 3u);

  BOOST_TEST(m.per_class[N].precision == 0.0);
  BOOST_TEST(m.per_class[N].recall == 0.0);
  BOOST_TEST(m.per_class[N].f1 == 0.0);
  BOOST_TEST(m.per_class[N].support == 0u);

  BOOST_TEST(m.per_class[C].precision == 0.0);
  BOOST_TEST(m.per_class[C].recall == 0.0);
  BOOST_TEST(m.per_class[C].f1 == 0.0);
  BOOST_TEST(m.per_class[C].support == 2u);

  for (const ClassStats& s : m.per_class)
    BOOST_TEST((std::isfinite(s.precision) && std::isfinite(s.recall) && std::isfinite(s.f1)));
  BOOST_TEST(std::isfinite(m.macro_f1));
}

// Only correct answers, one class absent from both sides: accuracy 1 but
// macro-F1 2/3, because the absent class still counts in the average.
//   warm F1 = 2*1 / (1 + 1) = 1, neutral 0 (no gold, none predicted), cold 1
//   macro-F1 = (1 + 0 + 1) / 3 = 2/3
BOOST_AUTO_TEST_CASE(absent_class_counts_in_the_macro_average) {
  std::vector<EvalPair> v;
  add(v, Label::Warm, Label::Warm, 1);
  add(v, Label::Cold, Label::Cold, 1);
  const EvalMetrics m = evaluate(v);
  BOOST_TEST(m.accuracy == 1.0);
  BOOST_TEST(m.macro_f1 == 2.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(m.per_class[N].f1 == 0.0);
}

BOOST_AUTO_TEST_CASE(no_pairs_give_all_zero) {
  const EvalMetrics m = evaluate({});
  BOOST_TEST(m.n == 0u);
  BOOST_TEST(m.accuracy == 0.0);
  BOOST_TEST(m.macro_f1 == 0.0);
  BOOST_TEST(m.spearman == 0.0);
  BOOST_TEST(m.pearson == 0.0);
  for (int g = 0; g < 3; ++g) {
    BOOST_TEST(m.per_class[g].support == 0u);
    for (int p = 0; p < 3; ++p) BOOST_TEST(m.confusion[g][p] == 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ranks)

BOOST_AUTO_TEST_CASE(tie_of_two_shares_the_average_rank) {
  // 20 and 20 take ranks 2 and 3: (2 + 3) / 2 = 2.5.
  BOOST_TEST(average_ranks({10, 20, 20, 30}) == (std::vector<double>{1, 2.5, 2.5, 4}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(unsorted_input_and_a_tie_of_three) {
  // Sorted: 1 (index 1) rank 1, 3 (index 3) rank 2, then 5 at indices 0, 2, 4
  // take ranks 3, 4, 5: (3 + 4 + 5) / 3 = 4.
  BOOST_TEST(average_ranks({5, 1, 5, 3, 5}) == (std::vector<double>{4, 1, 4, 2, 4}), tt::per_element());
  // Two ties: 1 and 1 share (1 + 2) / 2 = 1.5; 3, 4, 5 take 3, 4, 5.
  BOOST_TEST(average_ranks({3, 1, 4, 1, 5}) == (std::vector<double>{3, 1.5, 4, 1.5, 5}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(all_equal_and_negative_and_empty) {
  // Three equal values share (1 + 2 + 3) / 3 = 2.
  BOOST_TEST(average_ranks({7, 7, 7}) == (std::vector<double>{2, 2, 2}), tt::per_element());
  BOOST_TEST(average_ranks({-1, -2}) == (std::vector<double>{2, 1}), tt::per_element());
  BOOST_TEST(average_ranks({}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(correlation)

BOOST_AUTO_TEST_CASE(pearson_perfectly_linear_and_reversed) {
  // y = 2x + 1 and y = -3x + 10: every deviation of y is a fixed multiple of x's.
  BOOST_TEST(pearson({1, 2, 3, 4}, {3, 5, 7, 9}) == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(pearson({1, 2, 3, 4}, {7, 4, 1, -2}) == -1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(pearson_three_points_with_a_fraction) {
  // x = {1, 2, 3}, y = {1, 3, 2}: means 2 and 2
  //   dx = -1, 0, 1   dy = -1, 1, 0
  //   sxy = 1 + 0 + 0 = 1, sxx = 2, syy = 2 -> r = 1 / sqrt(4) = 0.5
  BOOST_TEST(pearson({1, 2, 3}, {1, 3, 2}) == 0.5, tt::tolerance(1e-12));
  // x = {0, 1, 2}, y = {0, 0, 3}: means 1 and 1
  //   dx = -1, 0, 1   dy = -1, -1, 2
  //   sxy = 1 + 0 + 2 = 3, sxx = 2, syy = 1 + 1 + 4 = 6
  //   r = 3 / sqrt(12) = sqrt(3) / 2 = 0.866025
  BOOST_TEST(pearson({0, 1, 2}, {0, 0, 3}) == std::sqrt(3.0) / 2.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(constant_side_gives_zero) {
  BOOST_TEST(pearson({1, 2, 3}, {5, 5, 5}) == 0.0);
  BOOST_TEST(pearson({4, 4, 4}, {1, 2, 3}) == 0.0);
  // Ranks of a constant side are all (1 + 2 + 3) / 3 = 2: no variance either.
  BOOST_TEST(spearman({1, 2, 3}, {5, 5, 5}) == 0.0);
  BOOST_TEST(spearman({4, 4, 4}, {1, 2, 3}) == 0.0);
}

BOOST_AUTO_TEST_CASE(fewer_than_two_items_give_zero) {
  BOOST_TEST(pearson({}, {}) == 0.0);
  BOOST_TEST(pearson({1}, {2}) == 0.0);
  BOOST_TEST(spearman({}, {}) == 0.0);
  BOOST_TEST(spearman({1}, {2}) == 0.0);
}

BOOST_AUTO_TEST_CASE(spearman_with_ties_on_one_side) {
  // x = {10, 20, 20, 30} -> ranks {1, 2.5, 2.5, 4}; y = {1, 3, 2, 4} -> ranks {1, 3, 2, 4}
  //   both means 2.5
  //   dx = -1.5, 0, 0, 1.5   dy = -1.5, 0.5, -0.5, 1.5
  //   sxy = 2.25 + 0 + 0 + 2.25 = 4.5, sxx = 4.5, syy = 2.25 + 0.25 + 0.25 + 2.25 = 5
  //   rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9) = 0.948683
  const std::vector<double> x{10, 20, 20, 30}, y{1, 3, 2, 4};
  BOOST_TEST(spearman(x, y) == std::sqrt(0.9), tt::tolerance(1e-12));
  BOOST_TEST(spearman(x, y) == pearson(average_ranks(x), average_ranks(y)), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(spearman_with_ties_on_both_sides) {
  // x = {3, 1, 4, 1, 5} -> ranks {3, 1.5, 4, 1.5, 5}
  // y = {2, 7, 1, 8, 2} -> 1 rank 1; 2 and 2 share (2 + 3) / 2 = 2.5; 7 rank 4; 8 rank 5
  //                     -> ranks {2.5, 4, 1, 5, 2.5}
  //   both means 15 / 5 = 3
  //   dx = 0, -1.5, 1, -1.5, 2      dy = -0.5, 1, -2, 2, -0.5
  //   sxy = 0 - 1.5 - 2 - 3 - 1 = -7.5
  //   sxx = 0 + 2.25 + 1 + 2.25 + 4 = 9.5, syy = 0.25 + 1 + 4 + 4 + 0.25 = 9.5
  //   rho = -7.5 / 9.5 = -15/19 = -0.789474
  const std::vector<double> x{3, 1, 4, 1, 5}, y{2, 7, 1, 8, 2};
  BOOST_TEST(spearman(x, y) == -15.0 / 19.0, tt::tolerance(1e-12));
  BOOST_TEST(spearman(x, y) == pearson(average_ranks(x), average_ranks(y)), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(spearman_sees_order_pearson_sees_line) {
  // y = x^2 on x = 1..4 is monotone (Spearman 1) but not linear:
  //   means 2.5 and 30/4 = 7.5
  //   dx = -1.5, -0.5, 0.5, 1.5   dy = -6.5, -3.5, 1.5, 8.5
  //   sxy = 9.75 + 1.75 + 0.75 + 12.75 = 25, sxx = 5, syy = 42.25 + 12.25 + 2.25 + 72.25 = 129
  //   r = 25 / sqrt(645) = 0.984374
  const std::vector<double> x{1, 2, 3, 4}, y{1, 4, 9, 16};
  BOOST_TEST(spearman(x, y) == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(pearson(x, y) == 25.0 / std::sqrt(645.0), tt::tolerance(1e-12));
}

// evaluate correlates the predicted score with the gold score.
//   score = {-0.9, 0.1, 0.2}, gold = {-2, 0, 2}
//   Spearman: ranks {1, 2, 3} and {1, 2, 3} -> 1
//   Pearson: means -0.2 and 0
//     dx = -0.7, 0.3, 0.4   dy = -2, 0, 2
//     sxy = 1.4 + 0 + 0.8 = 2.2, sxx = 0.49 + 0.09 + 0.16 = 0.74, syy = 8
//     r = 2.2 / sqrt(5.92) = 0.904194
BOOST_AUTO_TEST_CASE(evaluate_correlates_score_with_gold_score) {
  const std::vector<EvalPair> v{
      {Label::Cold, -2, Label::Cold, -0.9},
      {Label::Neutral, 0, Label::Neutral, 0.1},
      {Label::Warm, 2, Label::Warm, 0.2},
  };
  const EvalMetrics m = evaluate(v);
  BOOST_TEST(m.spearman == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(m.pearson == 2.2 / std::sqrt(5.92), tt::tolerance(1e-12));
  BOOST_TEST(m.accuracy == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
