// End-to-end: `thaw evaluate` through the built binary, on a gold file whose
// scores are worked out by hand from the mini lexicon set.
//
// Lexicons: tests/data/evaluate/lexicons is the mini set (tests/data/mini,
// read in place) plus a two-actor list, because the mini set has none and
// evaluate, unlike batch, has no --allow-new-actors: with the bare mini set
// every record naming an actor would be an "unknown actor" error.
//
// Mini set: domain layer scale 1.0, general layer scale 0.5; general-layer
// terms in a text with no topic word (japan, korea, seoul, tokyo) and no
// domain-layer hit count a quarter; score = raw / sqrt(raw^2 + 4); |score| < 0.2 is neutral.
//
// tests/data/evaluate/gold.jsonl, line by line:
//   1 r1 yoon    plain         "Korea and Japan opened a new chapter."
//        new chapter 2 -> 2/sqrt(8) = 0.7071 warm        gold warm 2      hit
//   2 r2 kishida plain         "This one-sided deal is humiliating for Korea."
//        one-sided -2, deal 0.5, humiliat* -3 = -4.5
//        -> -4.5/sqrt(24.25) = -0.9138 cold               gold cold -2     hit
//   3 r3 yoon    hard-sarcasm  "Korea got a good deal."
//        good 2 x 0.5 = 1, deal 0.5 = 1.5 -> 1.5/2.5 = 0.6 warm
//                                                         gold cold -1     miss
//   4 (blank: not a record)
//   5 r4 -       off-topic     "The weather in Tokyo was good."   (Tokyo: on topic)
//        good 2 x 0.5 = 1 -> 1/sqrt(5) = 0.4472 warm      gold neutral 0   miss
//   6 r5 kishida -             "Korea signed a deal with Japan."
//        deal 0.5 -> 0.5/sqrt(4.25) = 0.2425 warm         gold neutral 0   miss
//   7 u1 yoon    -             no gold: unlabelled
//   8 x1 -       plain         gold label "hot": an error (its kind must not count)
//   9 r6 yoon    -             "The meeting starts at nine."
//        no terms -> 0 neutral                            gold neutral 0   hit
//  10 r7 yoon    off-topic     "The weather was good."   (no topic word)
//        good 2 x 0.5 x 0.25 = 0.25 -> 0.25/sqrt(4.0625) = 0.1240 neutral
//                                                         gold warm 1      miss
//
// records: read 9 (blank line 4 not counted), evaluated 7 (r1..r7),
// unlabelled 1 (u1), errors 1 (x1).
#define BOOST_TEST_MODULE cli_evaluate
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using nlohmann::ordered_json;
using thaw::test::run_thaw;
using thaw::test::shell_quote;
namespace tt = boost::test_tools;

namespace {

const std::string kGold = THAW_TEST_DATA_DIR "/evaluate/gold.jsonl";
const std::string kLex = "--lexicons " + shell_quote(THAW_TEST_DATA_DIR "/evaluate/lexicons");
const std::string kMini = "--lexicons " + shell_quote(THAW_TEST_DATA_DIR "/mini");

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) v.push_back(line);
  return v;
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(n), ' '); }

// The JSON report of the gold fixture, run once.
const ordered_json& gold_report() {
  static const ordered_json j = [] {
    auto r = run_thaw("evaluate " + kLex + " " + shell_quote(kGold));
    BOOST_TEST_REQUIRE(r.exit_code == 1, r.err);  // one bad record: exit 1, report still written
    return ordered_json::parse(r.out);
  }();
  return j;
}

}  // namespace

BOOST_AUTO_TEST_CASE(record_counts_and_bad_gold_message) {
  auto r = run_thaw("evaluate " + kLex + " " + shell_quote(kGold));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw: " + kGold + ":8: 'gold' needs a label (warm, neutral, cold) and a numeric score\n");
  const auto j = ordered_json::parse(r.out);
  BOOST_TEST(j["lexicon"]["name"] == "mini-actors");
  BOOST_TEST(j["lexicon"]["version"] == "1.2.3");
  BOOST_TEST(j["records"]["read"] == 9);
  BOOST_TEST(j["records"]["evaluated"] == 7);
  BOOST_TEST(j["records"]["unlabelled"] == 1);
  BOOST_TEST(j["records"]["errors"] == 1);
  BOOST_TEST(j["overall"]["n"] == 7);
}

// gold \ predicted   warm  neutral  cold
//   warm               1      1      0     r1 hit, r7 -> neutral
//   neutral            2      1      0     r4, r5 -> warm, r6 hit
//   cold               1      0      1     r3 -> warm, r2 hit
// accuracy = 3/7 = 0.428571 -> 0.4286
// warm:    P = 1/4, R = 1/2, F1 = 2/(4 + 2) = 1/3
// neutral: P = 1/2, R = 1/3, F1 = 2/(2 + 3) = 0.4
// cold:    P = 1/1, R = 1/2, F1 = 2/(1 + 2) = 2/3
// macro-F1 = (1/3 + 0.4 + 2/3) / 3 = 1.4 / 3 = 0.466667 -> 0.4667
BOOST_AUTO_TEST_CASE(overall_accuracy_and_confusion) {
  const auto& o = gold_report()["overall"];
  BOOST_TEST(o["accuracy"].get<double>() == 0.4286, tt::tolerance(1e-9));
  BOOST_TEST(o["macro_f1"].get<double>() == 0.4667, tt::tolerance(1e-9));
  BOOST_TEST(o["confusion"]["labels"] == ordered_json({"warm", "neutral", "cold"}));
  BOOST_TEST(o["confusion"]["gold_by_predicted"] == ordered_json({{1, 1, 0}, {2, 1, 0}, {1, 0, 1}}));
  BOOST_TEST(o["per_class"]["warm"]["precision"].get<double>() == 0.25, tt::tolerance(1e-9));
  BOOST_TEST(o["per_class"]["warm"]["recall"].get<double>() == 0.5, tt::tolerance(1e-9));
  BOOST_TEST(o["per_class"]["neutral"]["f1"].get<double>() == 0.4, tt::tolerance(1e-9));
  BOOST_TEST(o["per_class"]["cold"]["precision"].get<double>() == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(o["per_class"]["cold"]["support"] == 2);
}

// Scores r1..r7: 0.7071, -0.9138, 0.6, 0.4472, 0.2425, 0, 0.1240
//   ranks: r2 1, r6 2, r7 3, r5 4, r4 5, r3 6, r1 7
// Gold:    2, -2, -1, 0, 0, 0, 1
//   ranks: r2 1, r3 2, r4 r5 r6 share (3 + 4 + 5) / 3 = 4, r7 6, r1 7
// Both rank means 4.
//   dx (r1..r7) = 3, -3, 2, 1, 0, -2, -1     dy = 3, -3, -2, 0, 0, 0, 2
//   sxy = 9 + 9 - 4 + 0 + 0 + 0 - 2 = 12, sxx = 9+9+4+1+0+4+1 = 28, syy = 9+9+4+4 = 26
//   Spearman = 12 / sqrt(728) = 0.44475 -> 0.4447
// Pearson: gold mean 0, so sxy = sum(score x gold)
//   = 2(0.707107) + (-2)(-0.913812) + (-1)(0.6) + 1(0.124035) = 2.765873
//   score mean = 1.207079 / 7 = 0.172440
//   sxx = sum(score^2) - 7 mean^2 = 1.969260 - 0.208149 = 1.761112, syy = 4+4+1+1 = 10
//   Pearson = 2.765873 / sqrt(17.61112) = 0.659081 -> 0.6591
BOOST_AUTO_TEST_CASE(overall_correlations) {
  const auto& o = gold_report()["overall"];
  BOOST_TEST(o["spearman"].get<double>() == 0.4447, tt::tolerance(1e-9));
  BOOST_TEST(o["pearson"].get<double>() == 0.6591, tt::tolerance(1e-9));
}

// Sorted by actor id, the records with no actor first (as null):
//   (none):  r4 miss                      n 1, accuracy 0
//   kishida: r2 hit, r5 miss              n 2, accuracy 0.5
//   yoon:    r1 hit, r3 miss, r6 hit, r7 miss   n 4, accuracy 0.5
// yoon's Spearman: scores r1 0.7071, r3 0.6, r6 0, r7 0.1240 -> ranks 4, 3, 1, 2
//                  gold   r1 2, r3 -1, r6 0, r7 1            -> ranks 4, 1, 2, 3
//   means 2.5; dx = 1.5, 0.5, -1.5, -0.5; dy = 1.5, -1.5, -0.5, 0.5
//   sxy = 2.25 - 0.75 + 0.75 - 0.25 = 2, sxx = syy = 5 -> 0.4
BOOST_AUTO_TEST_CASE(by_actor_order_and_counts) {
  const auto& a = gold_report()["by_actor"];
  BOOST_TEST_REQUIRE(a.size() == 3u);
  BOOST_TEST(a[0]["actor"].is_null());
  BOOST_TEST(a[0]["n"] == 1);
  BOOST_TEST(a[0]["accuracy"].get<double>() == 0.0);
  BOOST_TEST(a[1]["actor"] == "kishida");
  BOOST_TEST(a[1]["n"] == 2);
  BOOST_TEST(a[1]["accuracy"].get<double>() == 0.5, tt::tolerance(1e-9));
  BOOST_TEST(a[2]["actor"] == "yoon");  // u1 is yoon's too, but has no gold
  BOOST_TEST(a[2]["n"] == 4);
  BOOST_TEST(a[2]["accuracy"].get<double>() == 0.5, tt::tolerance(1e-9));
  BOOST_TEST(a[2]["spearman"].get<double>() == 0.4, tt::tolerance(1e-9));
}

// Only records with a kind, sorted by kind; r5 and r6 have none, x1 is an error.
//   hard-sarcasm: r3 miss                  n 1, accuracy 0, Spearman 0 (one item)
//   off-topic:    r4 miss, r7 miss         n 2, accuracy 0
//                 scores 0.4472 > 0.1240 but gold 0 < 1 -> Spearman -1
//   plain:        r1 hit, r2 hit           n 2, accuracy 1, Spearman 1
//                 macro-F1 = (1 + 0 + 1) / 3 = 0.6667 (no neutral gold: F1 0)
BOOST_AUTO_TEST_CASE(by_kind_only_for_records_with_a_kind) {
  const auto& k = gold_report()["by_kind"];
  BOOST_TEST_REQUIRE(k.size() == 3u);
  BOOST_TEST(k[0]["kind"] == "hard-sarcasm");
  BOOST_TEST(k[0]["n"] == 1);
  BOOST_TEST(k[0]["accuracy"].get<double>() == 0.0);
  BOOST_TEST(k[0]["spearman"].get<double>() == 0.0);
  BOOST_TEST(k[1]["kind"] == "off-topic");
  BOOST_TEST(k[1]["n"] == 2);
  BOOST_TEST(k[1]["accuracy"].get<double>() == 0.0);
  BOOST_TEST(k[1]["spearman"].get<double>() == -1.0, tt::tolerance(1e-9));
  BOOST_TEST(k[2]["kind"] == "plain");
  BOOST_TEST(k[2]["n"] == 2);
  BOOST_TEST(k[2]["accuracy"].get<double>() == 1.0);
  BOOST_TEST(k[2]["macro_f1"].get<double>() == 0.6667, tt::tolerance(1e-9));
  BOOST_TEST(k[2]["spearman"].get<double>() == 1.0, tt::tolerance(1e-9));
}

// Misses, by distance |score - gold.score / 2|:
//   r3 |0.6 - (-0.5)|    = 1.1
//   r4 |0.4472 - 0|      = 0.4472
//   r7 |0.1240 - 0.5|    = 0.3760
//   r5 |0.2425 - 0|      = 0.2425
BOOST_AUTO_TEST_CASE(worst_misses_furthest_from_gold_first) {
  const auto& w = gold_report()["worst_misses"];
  BOOST_TEST_REQUIRE(w.size() == 4u);
  const char* ids[] = {"r3", "r4", "r7", "r5"};
  for (int i = 0; i < 4; ++i) BOOST_TEST(w[i]["id"] == ids[i]);
  BOOST_TEST(w[0]["gold"]["label"] == "cold");
  BOOST_TEST(w[0]["gold"]["score"] == -1);
  BOOST_TEST(w[0]["label"] == "warm");
  BOOST_TEST(w[0]["score"].get<double>() == 0.6, tt::tolerance(1e-9));
  BOOST_TEST(w[0]["actor"] == "yoon");
  BOOST_TEST(w[0]["evidence"].size() == 2u);  // good, deal
}

BOOST_AUTO_TEST_CASE(worst_1_keeps_the_furthest_miss) {
  auto r = run_thaw("evaluate --worst 1 " + kLex + " " + shell_quote(kGold));
  BOOST_TEST(r.exit_code == 1);
  const auto j = ordered_json::parse(r.out);
  BOOST_TEST_REQUIRE(j["worst_misses"].size() == 1u);
  BOOST_TEST(j["worst_misses"][0]["id"] == "r3");
}

// Headline and the by-kind table: "  %-19s %3d  %8.3f  %8.3f  %8.3f" per kind.
//   accuracy 0.4286 -> 0.429, macro-F1 0.4667 -> 0.467, Spearman 0.4447 -> 0.445,
//   Pearson 0.6591 -> 0.659 (see above)
BOOST_AUTO_TEST_CASE(text_format_headline_and_by_kind_table) {
  auto r = run_thaw("evaluate --format text " + kLex + " " + shell_quote(kGold));
  BOOST_TEST(r.exit_code == 1);
  const auto lines = lines_of(r.out);
  BOOST_TEST_REQUIRE(lines.size() >= 2u);
  BOOST_TEST(lines[0] == "thaw evaluate: mini-actors 1.2.3, 7 records");
  BOOST_TEST(lines[1] == "accuracy 0.429   macro-F1 0.467   Spearman 0.445   Pearson 0.659");

  // Name padded to 19, a space, n in 3, then three numbers in 8 two spaces apart.
  const std::vector<std::string> table{
      "by kind                 n  accuracy  macro-F1  Spearman",  // n above the counts' last digit
      "  hard-sarcasm" + spaces(7 + 1 + 2) + "1" + spaces(2 + 3) + "0.000" + spaces(5) + "0.000" + spaces(5) + "0.000",
      "  off-topic" + spaces(10 + 1 + 2) + "2" + spaces(5) + "0.000" + spaces(5) + "0.000" + spaces(2 + 2) + "-1.000",
      "  plain" + spaces(14 + 1 + 2) + "2" + spaces(5) + "1.000" + spaces(5) + "0.667" + spaces(5) + "1.000",
  };
  const auto at = static_cast<std::size_t>(std::find(lines.begin(), lines.end(), table[0]) - lines.begin());
  BOOST_TEST_REQUIRE(at + table.size() <= lines.size(), r.out);
  for (std::size_t i = 1; i < table.size(); ++i) BOOST_TEST(lines[at + i] == table[i]);
}

// No record names a kind: no "by kind" table, and an empty by_kind. The bare
// mini set, from stdin, no errors: exit 0.
//   "good deal": the domain hit "deal" puts it on topic, so good 2 x 0.5 = 1,
//   + deal 0.5 = 1.5 -> 1.5/sqrt(6.25) = 0.6 warm; gold warm: accuracy 1
BOOST_AUTO_TEST_CASE(no_kind_no_by_kind_table) {
  const std::string in = R"({"id": "a", "text": "good deal", "gold": {"label": "warm", "score": 1}})" "\n";
  auto j = run_thaw("evaluate " + kMini + " -", in);
  BOOST_TEST_REQUIRE(j.exit_code == 0, j.err);
  const auto rep = ordered_json::parse(j.out);
  BOOST_TEST(rep["lexicon"]["name"] == "mini");
  BOOST_TEST(rep["by_kind"].empty());
  BOOST_TEST(rep["overall"]["accuracy"].get<double>() == 1.0);
  BOOST_TEST(rep["worst_misses"].empty());
  BOOST_TEST_REQUIRE(rep["by_actor"].size() == 1u);
  BOOST_TEST(rep["by_actor"][0]["actor"].is_null());

  auto t = run_thaw("evaluate --format text " + kMini + " -", in);
  BOOST_TEST(t.exit_code == 0);
  BOOST_TEST(t.out.find("by kind") == std::string::npos, t.out);
}

// The bare mini set has no actor list: a record naming an actor is an error
// unless --allow-new-actors, as in thaw batch.
BOOST_AUTO_TEST_CASE(allow_new_actors_as_in_batch) {
  const std::string in = R"({"id": "c", "actor": "yoon", "text": "good deal", "gold": {"label": "warm", "score": 1}})" "\n";
  auto refused = run_thaw("evaluate " + kMini + " -", in);
  BOOST_TEST(refused.exit_code == 1);
  BOOST_TEST(refused.err.find("unknown actor 'yoon'") != std::string::npos, refused.err);
  auto allowed = run_thaw("evaluate --allow-new-actors " + kMini + " -", in);
  BOOST_TEST_REQUIRE(allowed.exit_code == 0, allowed.err);
  const auto rep = ordered_json::parse(allowed.out);
  BOOST_TEST(rep["records"]["evaluated"] == 1);
  BOOST_TEST(rep["by_actor"][0]["actor"] == "yoon");
}

// A gold that is not an object is an error with its line, not "unlabelled";
// a null gold is unlabelled.
BOOST_AUTO_TEST_CASE(gold_must_be_an_object) {
  const std::string in = R"({"id": "a", "text": "good deal", "gold": "warm"})" "\n"
                         R"({"id": "b", "text": "good deal", "gold": null})" "\n";
  auto r = run_thaw("evaluate " + kMini + " -", in);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw: -:1: 'gold' must be an object {\"label\": \u2026, \"score\": \u2026}\n");
  const auto rep = ordered_json::parse(r.out);
  BOOST_TEST(rep["records"]["errors"] == 1);
  BOOST_TEST(rep["records"]["unlabelled"] == 1);
  BOOST_TEST(rep["records"]["evaluated"] == 0);
}

BOOST_AUTO_TEST_CASE(missing_input_is_a_clean_error) {
  auto r = run_thaw("evaluate " + kLex + " /nonexistent/gold.jsonl");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.err == "thaw: /nonexistent/gold.jsonl: no such file or directory\n");
  BOOST_TEST(r.out.empty());
}
