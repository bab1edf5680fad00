// Report arithmetic against values worked out by hand on small fixtures.
#define BOOST_TEST_MODULE report
#include <boost/test/unit_test.hpp>

#include "print_optional.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "thaw/error.hpp"
#include "thaw/report.hpp"

using namespace thaw;
namespace tt = boost::test_tools;
using nlohmann::ordered_json;

namespace {

ReportRecord rec(std::optional<std::string> actor, std::optional<std::string> date, double score,
                 Label label, std::vector<std::pair<std::string, double>> terms = {}) {
  ReportRecord r;
  r.actor = std::move(actor);
  r.date = std::move(date);
  r.score = score;
  r.label = label;
  r.terms = std::move(terms);
  return r;
}

// Yoon: scores 0.2, 0.4, 0.9.
//   mean = 1.5 / 3 = 0.5
//   deviations -0.3, -0.1, 0.4; squares 0.09 + 0.01 + 0.16 = 0.26
//   s^2 = 0.26 / 2 = 0.13, s = 0.360555
//   half-width = t(2) * s / sqrt(3) = 4.303 * 0.208167 = 0.895741
//   CI = [-0.395741, 1.395741]
std::vector<ReportRecord> yoon_fixture() {
  return {
      rec("yoon", "2023-03-06", 0.2, Label::Neutral, {{"new chapter", 0.6}, {"humiliat*", -0.5}}),
      rec("yoon", "2023-03-16", 0.4, Label::Warm, {{"new chapter", 0.3}, {"courage", 0.5}}),
      rec("yoon", "2023-05-07", 0.9, Label::Warm, {{"betray*", -0.8}, {"humiliat*", -0.2}}),
  };
}

const ordered_json* find_actor(const ordered_json& report, const ordered_json& id) {
  for (const auto& a : report["actors"])
    if (a["actor"] == id) return &a;
  return nullptr;
}

const LexiconInfo kLex{"japan-korea-thaw", "0.1.0", "", "en"};

}  // namespace

BOOST_AUTO_TEST_CASE(t_critical_values_from_the_table) {
  BOOST_TEST(t_critical_95(1) == 12.706);
  BOOST_TEST(t_critical_95(2) == 4.303);
  BOOST_TEST(t_critical_95(10) == 2.228);
  BOOST_TEST(t_critical_95(30) == 2.042);
  BOOST_TEST(std::isinf(t_critical_95(0)));
}

BOOST_AUTO_TEST_CASE(t_critical_large_df_approximation) {
  // Exact two-sided 95% quantiles: t(31) = 2.0395, t(60) = 2.0003, t(120) = 1.9799;
  // the limit is the normal quantile 1.95996.
  BOOST_TEST(t_critical_95(31) == 2.0395, tt::tolerance(1e-4 / 2.0395));
  BOOST_TEST(std::abs(t_critical_95(60) - 2.000) < 1e-3);
  BOOST_TEST(std::abs(t_critical_95(120) - 1.9799) < 1e-4);
  BOOST_TEST(std::abs(t_critical_95(1000000) - 1.95996) < 1e-4);
  // No jump where the table ends: t falls steadily with df.
  BOOST_TEST(t_critical_95(31) < t_critical_95(30));
  BOOST_TEST(t_critical_95(61) < t_critical_95(60));
}

BOOST_AUTO_TEST_CASE(mean_and_student_t_interval) {
  Accumulator acc;
  for (const auto& r : yoon_fixture()) acc.add(r);
  BOOST_TEST(acc.n == 3u);
  BOOST_TEST(acc.mean() == 0.5, tt::tolerance(1e-12));
  auto ci = acc.ci95();
  BOOST_TEST_REQUIRE(ci.has_value());
  BOOST_TEST(ci->first == -0.395741, tt::tolerance(1e-5));
  BOOST_TEST(ci->second == 1.395741, tt::tolerance(1e-5));
  // The half-width gives back the sample SD: s = 0.360555.
  const double s = (ci->second - ci->first) / 2 / 4.303 * std::sqrt(3.0);
  BOOST_TEST(s == 0.360555, tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(interval_of_two_and_of_one) {
  // 0.1, 0.3: mean 0.2, s = sqrt(0.02 / 1) = 0.141421, half = 12.706 * 0.141421 / sqrt(2) = 1.2706.
  Accumulator two;
  two.add(rec("a", std::nullopt, 0.1, Label::Neutral));
  two.add(rec("a", std::nullopt, 0.3, Label::Warm));
  auto ci = two.ci95();
  BOOST_TEST_REQUIRE(ci.has_value());
  BOOST_TEST(ci->first == -1.0706, tt::tolerance(1e-9));
  BOOST_TEST(ci->second == 1.4706, tt::tolerance(1e-9));

  Accumulator one;
  one.add(rec("a", std::nullopt, 0.7, Label::Warm));
  BOOST_TEST(!one.ci95());
  BOOST_TEST(one.mean() == 0.7);
  BOOST_TEST(Accumulator{}.mean() == 0.0);
}

BOOST_AUTO_TEST_CASE(stance_is_the_side_of_zero_the_interval_lies_on) {
  // 0.5, 0.6, 0.7: mean 0.6, s = 0.1, half = 4.303 x 0.1 / sqrt(3) = 0.2484
  // -> [0.3516, 0.8484], wholly above zero: warm. Mirrored: cold.
  Accumulator warm, cold;
  for (double x : {0.5, 0.6, 0.7}) {
    warm.add(rec("a", std::nullopt, x, Label::Warm));
    cold.add(rec("a", std::nullopt, -x, Label::Cold));
  }
  BOOST_TEST(warm.stance() == "warm");
  BOOST_TEST(cold.stance() == "cold");
  // The Yoon fixture's interval [-0.3957, 1.3957] holds zero: neutral,
  // though its mean 0.5 is far outside the statement band.
  Accumulator yoon;
  for (const auto& r : yoon_fixture()) yoon.add(r);
  BOOST_TEST(yoon.stance() == "neutral");
  // One statement has no interval: neutral, whatever its score.
  Accumulator one;
  one.add(rec("a", std::nullopt, 0.9, Label::Warm));
  BOOST_TEST(one.stance() == "neutral");
}

BOOST_AUTO_TEST_CASE(report_json_for_one_actor) {
  ReportBuilder b;
  for (const auto& r : yoon_fixture()) BOOST_TEST(b.add(r));
  auto j = b.to_json(kLex, {{"command", "report"}});
  BOOST_TEST(j["lexicon"]["name"] == "japan-korea-thaw");
  BOOST_TEST(j["lexicon"]["version"] == "0.1.0");
  BOOST_TEST(j["parameters"]["command"] == "report");
  BOOST_TEST(j["totals"]["n"] == 3);
  BOOST_TEST(j["totals"]["errors"] == 0);
  BOOST_TEST(j["totals"]["excluded_by_date"] == 0);
  BOOST_TEST_REQUIRE(j["actors"].size() == 1u);
  const auto& a = j["actors"][0];
  BOOST_TEST(a["actor"] == "yoon");
  BOOST_TEST(a["n"] == 3);
  BOOST_TEST(a["mean"] == 0.5);
  // Rounded to 4 decimals: -0.395741 -> -0.3957, 1.395741 -> 1.3957.
  BOOST_TEST(a["ci95"][0] == -0.3957);
  BOOST_TEST(a["ci95"][1] == 1.3957);
  BOOST_TEST(a["stance"] == "neutral");
  BOOST_TEST(a["warm"] == 2);
  BOOST_TEST(a["neutral"] == 1);
  BOOST_TEST(a["cold"] == 0);
  BOOST_TEST(!a.contains("periods"));  // --by actor
}

BOOST_AUTO_TEST_CASE(top_terms_are_ordered_by_total) {
  // new chapter 0.6 + 0.3 = 0.9 (2), courage 0.5 (1);
  // betray* -0.8 (1), humiliat* -0.5 - 0.2 = -0.7 (2).
  ReportBuilder b;
  for (const auto& r : yoon_fixture()) b.add(r);
  auto a = b.to_json(kLex, {})["actors"][0];
  BOOST_TEST(a["top_warm_terms"].dump() ==
             R"([{"term":"new chapter","total":0.9,"count":2},{"term":"courage","total":0.5,"count":1}])");
  BOOST_TEST(a["top_cold_terms"].dump() ==
             R"([{"term":"betray*","total":-0.8,"count":1},{"term":"humiliat*","total":-0.7,"count":2}])");

  ReportOptions top1;
  top1.top_terms = 1;
  ReportBuilder one(top1);
  for (const auto& r : yoon_fixture()) one.add(r);
  auto a1 = one.to_json(kLex, {})["actors"][0];
  BOOST_TEST(a1["top_warm_terms"].size() == 1u);
  BOOST_TEST(a1["top_warm_terms"][0]["term"] == "new chapter");
  BOOST_TEST(a1["top_cold_terms"][0]["term"] == "betray*");
}

// Equal totals keep alphabetical order, so reports are byte-stable across runs.
BOOST_AUTO_TEST_CASE(top_terms_ties_sort_alphabetically) {
  ReportBuilder b;
  b.add(rec("yoon", std::nullopt, 0.5, Label::Warm, {{"trust", 0.4}, {"apology", 0.4}, {"chapter", 0.4}}));
  auto terms = b.to_json(kLex, {})["actors"][0]["top_warm_terms"];
  BOOST_TEST_REQUIRE(terms.size() == 3u);
  BOOST_TEST(terms[0]["term"] == "apology");
  BOOST_TEST(terms[1]["term"] == "chapter");
  BOOST_TEST(terms[2]["term"] == "trust");
}

BOOST_AUTO_TEST_CASE(period_keys) {
  BOOST_TEST(period_key(std::string("2023-03-06"), Period::None) == "all");
  BOOST_TEST(period_key(std::nullopt, Period::None) == "all");
  BOOST_TEST(period_key(std::nullopt, Period::Month) == "undated");
  BOOST_TEST(period_key(std::string("2023-03-06"), Period::Month) == "2023-03");
  BOOST_TEST(period_key(std::string("2023-03-06T23:30:00+09:00"), Period::Month) == "2023-03");
  BOOST_TEST(period_key(std::string("2023-03-06"), Period::Day) == "2023-03-06");
  BOOST_TEST(period_key(std::string("2023-03-06T23:30:00+09:00"), Period::Day) == "2023-03-06");
}

BOOST_AUTO_TEST_CASE(iso_week_keys) {
  // 2023-01-02 is the Monday of 2023-W01; 2023-03-06 is 63 days (9 weeks) later.
  BOOST_TEST(period_key(std::string("2023-01-02"), Period::Week) == "2023-W01");
  BOOST_TEST(period_key(std::string("2023-03-06"), Period::Week) == "2023-W10");
  BOOST_TEST(period_key(std::string("2023-03-12"), Period::Week) == "2023-W10");  // its Sunday
  BOOST_TEST(period_key(std::string("2023-03-13"), Period::Week) == "2023-W11");
  // 2023-01-01 is a Sunday: the last day of 2022-W52.
  BOOST_TEST(period_key(std::string("2023-01-01"), Period::Week) == "2022-W52");
  // 2021-01-03 is a Sunday; 2020 began on a Wednesday (leap year), so had 53 weeks.
  BOOST_TEST(period_key(std::string("2021-01-03"), Period::Week) == "2020-W53");
  BOOST_TEST(period_key(std::string("2020-12-31"), Period::Week) == "2020-W53");
  BOOST_TEST(period_key(std::string("2021-01-04"), Period::Week) == "2021-W01");
  // 2024-12-30 is a Monday whose Thursday is 2025-01-02.
  BOOST_TEST(period_key(std::string("2024-12-30"), Period::Week) == "2025-W01");
  BOOST_TEST(period_key(std::string("2024-12-29"), Period::Week) == "2024-W52");
}

BOOST_AUTO_TEST_CASE(periods_in_the_report_with_undated_last) {
  ReportOptions o;
  o.period = Period::Month;
  ReportBuilder b(o);
  for (const auto& r : yoon_fixture()) b.add(r);
  b.add(rec("yoon", std::nullopt, -0.1, Label::Neutral));
  auto a = b.to_json(kLex, {})["actors"][0];
  BOOST_TEST_REQUIRE(a["periods"].size() == 3u);
  BOOST_TEST(a["periods"][0]["period"] == "2023-03");
  BOOST_TEST(a["periods"][0]["n"] == 2);
  BOOST_TEST(a["periods"][0]["mean"] == 0.3);  // (0.2 + 0.4) / 2
  // 0.2, 0.4: s = sqrt(0.02) = 0.141421, half = 12.706 * 0.1 = 1.2706 -> [-0.9706, 1.5706].
  BOOST_TEST(a["periods"][0]["ci95"][0] == -0.9706);
  BOOST_TEST(a["periods"][0]["ci95"][1] == 1.5706);
  BOOST_TEST(a["periods"][1]["period"] == "2023-05");
  BOOST_TEST(a["periods"][1]["n"] == 1);
  BOOST_TEST(a["periods"][1]["ci95"].is_null());
  BOOST_TEST(a["periods"][2]["period"] == "undated");
  BOOST_TEST(a["periods"][2]["n"] == 1);
  BOOST_TEST(a["n"] == 4);

  ReportOptions w;
  w.period = Period::Week;
  ReportBuilder weeks(w);
  weeks.add(rec("yoon", "2021-01-03", 0.1, Label::Neutral));
  weeks.add(rec("yoon", "2021-01-04", 0.1, Label::Neutral));
  auto p = weeks.to_json(kLex, {})["actors"][0]["periods"];
  BOOST_TEST_REQUIRE(p.size() == 2u);
  BOOST_TEST(p[0]["period"] == "2020-W53");
  BOOST_TEST(p[1]["period"] == "2021-W01");
}

BOOST_AUTO_TEST_CASE(from_to_bounds_are_inclusive_and_counted) {
  ReportOptions o;
  o.from = "2023-03-01";
  o.to = "2023-03-31";
  ReportBuilder b(o);
  BOOST_TEST(!b.add(rec("yoon", "2023-02-28", 0.1, Label::Neutral)));
  BOOST_TEST(b.add(rec("yoon", "2023-03-01", 0.2, Label::Neutral)));
  BOOST_TEST(b.add(rec("yoon", "2023-03-31T23:00:00+09:00", 0.4, Label::Warm)));  // the date part counts
  BOOST_TEST(!b.add(rec("yoon", "2023-04-01", 0.9, Label::Warm)));
  BOOST_TEST(!b.add(rec("yoon", std::nullopt, 0.9, Label::Warm)));  // undated: outside any bound
  auto j = b.to_json(kLex, {});
  BOOST_TEST(j["totals"]["n"] == 2);
  BOOST_TEST(j["totals"]["excluded_by_date"] == 3);
  BOOST_TEST(j["totals"]["mean"] == 0.3);

  ReportOptions only_from;
  only_from.from = "2023-03-16";
  ReportBuilder f(only_from);
  for (const auto& r : yoon_fixture()) f.add(r);
  auto jf = f.to_json(kLex, {});
  BOOST_TEST(jf["totals"]["n"] == 2);  // 03-16 and 05-07
  BOOST_TEST(jf["totals"]["excluded_by_date"] == 1);
}

BOOST_AUTO_TEST_CASE(actors_in_id_order_unattributed_last) {
  ReportBuilder b;
  b.add(rec(std::nullopt, std::nullopt, 0.0, Label::Neutral));
  b.add(rec("yoon", std::nullopt, 0.5, Label::Warm));
  b.add(rec("biden", std::nullopt, 0.5, Label::Warm));
  b.add(rec("mao_ning", std::nullopt, -0.5, Label::Cold));
  b.add_error();
  auto j = b.to_json(kLex, {});
  BOOST_TEST_REQUIRE(j["actors"].size() == 4u);
  BOOST_TEST(j["actors"][0]["actor"] == "biden");
  BOOST_TEST(j["actors"][1]["actor"] == "mao_ning");
  BOOST_TEST(j["actors"][2]["actor"] == "yoon");
  BOOST_TEST(j["actors"][3]["actor"].is_null());
  BOOST_TEST(j["totals"]["n"] == 4);
  BOOST_TEST(j["totals"]["errors"] == 1);
  BOOST_TEST(j["totals"]["warm"] == 2);
  BOOST_TEST(j["totals"]["cold"] == 1);
  BOOST_TEST(j["totals"]["neutral"] == 1);
}

// Four statements 30 days apart (x = 0, 30, 60, 90 days), scores 0, 0.4, 0.5, 0.9.
// In units of 30 days u = 0..3: ubar 1.5, Suu 5, ybar 0.45, Suy 1.4, slope 0.28 per
// 30 days. Per month of 30.436875 days: 0.28 * 30.436875 / 30 = 0.2840775.
// Residuals -0.03, 0.09, -0.09, 0.03: SSE 0.018; SE = sqrt(0.018 / 2 / 5) * 1.0145625
// = 0.0430442. 95% bound t(2) * SE = 0.1852 < 0.2841: warming.
BOOST_AUTO_TEST_CASE(trend_slope_per_month_by_least_squares) {
  const std::vector<std::string> dates{"2023-01-01", "2023-01-31", "2023-03-02", "2023-04-01"};
  const std::vector<double> scores{0.0, 0.4, 0.5, 0.9};
  ReportBuilder warming, cooling;
  for (std::size_t i = 0; i < 4; ++i) {
    warming.add(rec("kishida", dates[i], scores[i], Label::Neutral));
    cooling.add(rec("kishida", dates[i], -scores[i], Label::Neutral));
  }
  auto t = warming.to_json(kLex, {})["actors"][0]["trend"];
  BOOST_TEST(t["n"] == 4);
  BOOST_TEST(t["slope_per_month"] == 0.2841);
  BOOST_TEST(t["standard_error"] == 0.043);
  BOOST_TEST(t["direction"] == "warming");
  auto c = cooling.to_json(kLex, {})["actors"][0]["trend"];
  BOOST_TEST(c["slope_per_month"] == -0.2841);
  BOOST_TEST(c["standard_error"] == 0.043);
  BOOST_TEST(c["direction"] == "cooling");
}

// Scores 0.2, -0.2, 0.2, -0.2 on the same dates: Suy = -0.3 + 0.1 + 0.1 - 0.3 = -0.4,
// slope -0.08 per 30 days = -0.0811650 per month; SSE = 0.16 - 0.08 * 0.4 = 0.128,
// SE = sqrt(0.0128) * 1.0145625 = 0.1147846; bound 4.303 * SE = 0.494 > 0.081: flat.
BOOST_AUTO_TEST_CASE(trend_within_its_interval_of_zero_is_flat) {
  const std::vector<std::string> dates{"2023-01-01", "2023-01-31", "2023-03-02", "2023-04-01"};
  ReportBuilder b;
  for (std::size_t i = 0; i < 4; ++i) b.add(rec("kishida", dates[i], i % 2 ? -0.2 : 0.2, Label::Neutral));
  auto t = b.to_json(kLex, {})["actors"][0]["trend"];
  BOOST_TEST(t["slope_per_month"] == -0.0812);
  BOOST_TEST(t["standard_error"] == 0.1148);
  BOOST_TEST(t["direction"] == "flat");
}

BOOST_AUTO_TEST_CASE(trend_sums_fit_directly) {
  // An exact line y = 0.1 x: slope 0.1, no residual, so any slope is "warming".
  TrendSums s;
  s.add(0, 0.0);
  s.add(1, 0.1);
  s.add(2, 0.2);
  auto t = s.fit();
  BOOST_TEST_REQUIRE(t.has_value());
  BOOST_TEST(t->slope_per_month == 0.1, tt::tolerance(1e-12));
  BOOST_TEST(std::abs(t->standard_error) < 1e-6);  // sqrt of rounding noise, not exactly 0
  BOOST_TEST(t->direction == "warming");
  // Merging the sums of two halves is the same fit.
  TrendSums a, b;
  a.add(0, 0.0);
  b.add(1, 0.1);
  b.add(2, 0.2);
  a.merge(b);
  BOOST_TEST(a.fit()->slope_per_month == 0.1, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(trend_needs_three_points_on_two_dates) {
  ReportBuilder two;
  two.add(rec("yoon", "2023-01-01", 0.0, Label::Neutral));
  two.add(rec("yoon", "2023-03-01", 0.5, Label::Warm));
  two.add(rec("yoon", std::nullopt, 0.5, Label::Warm));  // undated: no point on the line
  BOOST_TEST(two.to_json(kLex, {})["actors"][0]["trend"].is_null());

  TrendSums flat_x;
  for (int i = 0; i < 3; ++i) flat_x.add(2.0, 0.1 * i);
  BOOST_TEST(!flat_x.fit());
}

// Dates are ~19,400 days after 1970, so x is ~637 months and the centred sum
// sxx - sx^2/n of equal x values is rounding noise, not zero: it must still be
// read as "all on one date", never as a slope.
BOOST_AUTO_TEST_CASE(trend_of_statements_all_on_one_date_is_null) {
  for (int n : {3, 4, 5, 6, 7, 10, 25}) {
    ReportBuilder b;
    for (int i = 0; i < n; ++i)
      b.add(rec("yoon", "2023-03-06", i % 3 == 0 ? 0.9 : -0.3 * i, Label::Neutral));
    BOOST_TEST(b.to_json(kLex, {})["actors"][0]["trend"].is_null(), "n = " << n);
  }
  for (int n = 3; n < 40; ++n) {
    TrendSums s;
    for (int i = 0; i < n; ++i) s.add(19422.0 / (365.2425 / 12.0), 0.1 * (i % 5));
    BOOST_TEST(!s.fit(), "n = " << n);
  }
}

BOOST_AUTO_TEST_CASE(merge_of_two_builders_equals_one_builder) {
  ReportOptions o;
  o.period = Period::Month;
  o.from = "2023-01-01";
  std::vector<ReportRecord> all = yoon_fixture();
  all.push_back(rec("kishida", "2023-01-01", 0.0, Label::Neutral, {{"trust", 0.2}}));
  all.push_back(rec("kishida", "2023-01-31", 0.4, Label::Warm, {{"trust", 0.3}}));
  all.push_back(rec("kishida", "2023-03-02", 0.5, Label::Warm, {{"apology", -0.1}}));
  all.push_back(rec("kishida", "2023-04-01", 0.9, Label::Warm));
  all.push_back(rec("kishida", "2022-12-31", 0.9, Label::Warm));  // excluded by --from
  all.push_back(rec(std::nullopt, "2023-02-01", -0.4, Label::Cold, {{"betray*", -0.6}}));

  ReportBuilder one(o), first(o), second(o);
  for (std::size_t i = 0; i < all.size(); ++i) {
    one.add(all[i]);
    (i % 2 ? second : first).add(all[i]);
  }
  one.add_error();
  second.add_error();
  first.merge(second);
  const ordered_json params{{"command", "report"}};
  BOOST_TEST(first.to_json(kLex, params).dump() == one.to_json(kLex, params).dump());
  auto j = one.to_json(kLex, params);
  BOOST_TEST(j["totals"]["n"] == 8);
  BOOST_TEST(j["totals"]["excluded_by_date"] == 1);
  BOOST_TEST(j["totals"]["errors"] == 1);
  BOOST_TEST((*find_actor(j, "kishida"))["n"] == 4);
}

BOOST_AUTO_TEST_CASE(report_record_from_scored_json) {
  auto j = ordered_json::parse(R"({"id": "a", "actor": "yoon", "date": "2023-03-06", "score": 0.41,
      "label": "warm", "evidence": [{"term": "new chapter", "contribution": 0.6},
                                    {"term": "humiliat*", "contribution": -0.2}]})");
  auto r = report_record_from_json(j);
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->actor == std::optional<std::string>("yoon"));
  BOOST_TEST(r->date == std::optional<std::string>("2023-03-06"));
  BOOST_TEST(r->score == 0.41);
  BOOST_TEST(static_cast<int>(r->label) == static_cast<int>(Label::Warm));
  BOOST_TEST_REQUIRE(r->terms.size() == 2u);
  BOOST_TEST(r->terms[1].first == "humiliat*");
  BOOST_TEST(r->terms[1].second == -0.2);

  auto n = report_record_from_json(ordered_json::parse(R"({"actor": null, "date": null, "score": 0, "label": "neutral"})"));
  BOOST_TEST_REQUIRE(n.has_value());
  BOOST_TEST(!n->actor);
  BOOST_TEST(!n->date);

  // Error records are skipped (counted by the caller).
  BOOST_TEST(!report_record_from_json(ordered_json::parse(R"({"line": 4, "error": "bad JSON"})")));
  BOOST_CHECK_THROW(report_record_from_json(ordered_json::parse(R"({"label": "warm"})")), Error);
  BOOST_CHECK_THROW(report_record_from_json(ordered_json::parse(R"({"score": 0.1, "label": "hot"})")), Error);
  BOOST_CHECK_THROW(
      report_record_from_json(ordered_json::parse(R"({"score": 0.1, "label": "warm", "date": "2023-02-29"})")),
      Error);
}
