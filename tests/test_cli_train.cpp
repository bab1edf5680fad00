// End-to-end: `thaw train` and `--model` through the built binary, with the
// mini lexicon set (tests/data/mini) and a gold fixture small enough to count
// by hand. The model-file arithmetic itself (n-grams, softmax, loader errors,
// trainer maths) is unit-tested in test_stance.cpp; here the command line
// around it: what train writes and refuses, how a lexicon set names a model,
// and that score, batch and evaluate all read it the same way.
//
// tests/data/train/gold.jsonl, line by line (folded n-grams; '.' is no n-gram):
//   1 w1 warm    "Korea and Japan opened a new chapter."
//                korea and japan opened a new chapter; korea and, and japan,
//                japan opened, opened a, a new, new chapter
//   2 w2 warm    "A new chapter with Japan."
//                a new chapter with japan; a new, new chapter, chapter with, with japan
//   3 c1 cold    "A humiliating deal for Korea."
//                a humiliating deal for korea; a humiliating, humiliating deal, deal for, for korea
//   4 c2 cold    "This humiliating deal hurts Korea."
//                this humiliating deal hurts korea; this humiliating, humiliating deal,
//                deal hurts, hurts korea
//   5 n1 neutral "The meeting starts at nine."
//                the meeting starts at nine; the meeting, meeting starts, starts at, at nine
//   6 n2 neutral "The meeting ends at ten."
//                the meeting ends at ten; the meeting, meeting ends, ends at, at ten
//   7 u1 -       no gold: skipped
//
// 6 statements: 2 warm, 2 neutral, 2 cold. With min_count 2 (the default) the
// n-grams in at least two statements are
//   unigrams: korea (1,3,4) japan (1,2) a (1,2,3) new chapter (1,2)
//             humiliating deal (3,4) the meeting at (5,6)        = 10
//   bigrams:  "a new" "new chapter" (1,2) "humiliating deal" (3,4)
//             "the meeting" (5,6)                                  = 4
// so the model has 14 n-grams.
#define BOOST_TEST_MODULE cli_train
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "thaw/version.hpp"

using nlohmann::json;
using thaw::test::run_thaw;
using thaw::test::shell_quote;
using thaw::test::slurp;
using thaw::test::TempDir;
namespace fs = std::filesystem;
namespace tt = boost::test_tools;

namespace {

const std::string kGold = THAW_TEST_DATA_DIR "/train/gold.jsonl";
const std::string kMiniDir = THAW_TEST_DATA_DIR "/mini";
const std::string kMini = "--lexicons " + shell_quote(kMiniDir);

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) v.push_back(line);
  return v;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const auto& l : lines_of(text))
    if (l == line) return true;
  return false;
}

// `thaw train` on the fixture with the mini set, written to `out`.
thaw::test::RunResult train(const fs::path& out) {
  return run_thaw("train " + kMini + " " + shell_quote(kGold) + " -o " + shell_quote(out.string()));
}

// The fixture's model, trained once per process.
const std::string& trained_model() {
  static const std::string text = [] {
    TempDir tmp;
    auto r = train(tmp.path / "stance.tsv");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    return slurp(tmp.path / "stance.tsv");
  }();
  return text;
}

// A copy of the mini set in `dir`, its manifest extended by `extra` lines.
void copy_mini(const TempDir& dir, const std::string& extra) {
  for (const auto& e : fs::directory_iterator(kMiniDir)) fs::copy_file(e.path(), dir.path / e.path().filename());
  std::ofstream(dir.path / "manifest.tsv", std::ios::binary | std::ios::app) << extra;
}

// The mini set plus the fixture's model as its `stance` file.
struct MiniWithModel {
  TempDir dir;
  std::string flag;
  MiniWithModel() {
    copy_mini(dir, "stance\tstance.tsv\n");
    dir.write("stance.tsv", trained_model());
    flag = "--lexicons " + shell_quote(dir.path.string());
  }
};

json score(const std::string& lex_flag, const std::string& text, const std::string& extra = "") {
  auto r = run_thaw("score " + extra + " " + lex_flag + " " + shell_quote(text));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

// The weights the model file gives a feature (cold, neutral, warm).
std::map<std::string, std::vector<double>> weights_of(const std::string& model) {
  std::map<std::string, std::vector<double>> w;
  for (const auto& line : lines_of(model)) {
    if (line.empty() || line[0] == '#' || line.rfind("thaw-stance", 0) == 0) continue;
    std::istringstream in(line);
    std::string feature;
    std::getline(in, feature, '\t');
    std::vector<double> v(3);
    for (double& x : v) {
      std::string col;
      std::getline(in, col, '\t');
      x = std::stod(col);
    }
    w[feature] = v;
  }
  return w;
}

}  // namespace

// ---------------------------------------------------------------- thaw train

BOOST_AUTO_TEST_CASE(train_writes_a_model_whose_comments_count_the_fixture) {
  TempDir tmp;
  const fs::path out = tmp.path / "stance.tsv";
  auto r = train(out);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.empty());  // -o: nothing on standard output
  BOOST_TEST(r.err.find("6 statements (1 without gold skipped), 14 n-grams") != std::string::npos, r.err);
  BOOST_TEST_REQUIRE(fs::is_regular_file(out));
  const std::string model = slurp(out);
  BOOST_TEST(model.rfind("thaw-stance\t1\n", 0) == 0u);
  BOOST_TEST(has_line(model, "# thaw " + std::string(thaw::kVersion) + " train " + kGold));
  BOOST_TEST(has_line(model, "# 6 statements: 2 warm, 2 neutral, 2 cold"));
  BOOST_TEST(has_line(model, "# lexicon inputs read with mini 1.2.3 (without its stance model)"));
  BOOST_TEST(has_line(model, "# 14 n-grams"));
  // The four @ inputs and the 14 n-grams worked out in the header comment.
  const auto w = weights_of(model);
  const std::set<std::string> expected{"@bias", "@lexicon_score", "@lexicon_positive", "@lexicon_negative",
                                       "korea", "japan", "a", "new", "chapter", "humiliating", "deal", "the",
                                       "meeting", "at", "a new", "new chapter", "humiliating deal", "the meeting"};
  std::set<std::string> got;
  for (const auto& [f, v] : w) got.insert(f);
  BOOST_TEST(got == expected, tt::per_element());
}

// Why: the CLI is the only path that writes shipped model files; the unit
// test checks the trainer, this checks nothing in between (option defaults,
// comment lines, file writing) brings in run-to-run noise.
BOOST_AUTO_TEST_CASE(train_twice_gives_byte_identical_files) {
  TempDir tmp;
  auto a = train(tmp.path / "a.tsv");
  auto b = train(tmp.path / "b.tsv");
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.err);
  BOOST_TEST_REQUIRE(b.exit_code == 0, b.err);
  const std::string ta = slurp(tmp.path / "a.tsv"), tb = slurp(tmp.path / "b.tsv");
  BOOST_TEST(!ta.empty());
  BOOST_TEST(ta == tb);
}

// Why: a model fitted to part of a file that was meant whole is worse than
// none; the bad line must be named and no file (not even an empty one) left.
BOOST_AUTO_TEST_CASE(train_with_an_unknown_gold_label_names_the_line_and_writes_nothing) {
  TempDir tmp;
  const auto gold = tmp.write("gold.jsonl",
                              "{\"text\": \"A new chapter.\", \"gold\": {\"label\": \"warm\"}}\n"
                              "{\"text\": \"A humiliating deal.\", \"gold\": {\"label\": \"cold\"}}\n"
                              "{\"text\": \"Too hot.\", \"gold\": {\"label\": \"hot\"}}\n");
  const fs::path out = tmp.path / "stance.tsv";
  auto r = run_thaw("train " + kMini + " " + shell_quote(gold.string()) + " -o " + shell_quote(out.string()));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find(gold.string() + ":3: ") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(gold.string() + ":1: ") == std::string::npos, r.err);
  BOOST_TEST(r.err.find("no model written") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(out));
  BOOST_TEST(tmp.names() == std::vector<std::string>{"gold.jsonl"}, tt::per_element());  // no temp file left
}

BOOST_AUTO_TEST_CASE(train_with_a_line_that_is_not_json_names_the_line_and_writes_nothing) {
  TempDir tmp;
  const auto gold = tmp.write("gold.jsonl",
                              "{\"text\": \"A new chapter.\", \"gold\": {\"label\": \"warm\"}}\n"
                              "\n"
                              "this is not JSON\n"
                              "{\"text\": \"A humiliating deal.\", \"gold\": {\"label\": \"cold\"}}\n");
  const fs::path out = tmp.path / "stance.tsv";
  auto r = run_thaw("train " + kMini + " " + shell_quote(gold.string()) + " -o " + shell_quote(out.string()));
  BOOST_TEST(r.exit_code == 1);
  // Line 3 of the file, the blank line 2 counted.
  BOOST_TEST(r.err.find(gold.string() + ":3: ") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(out));
}

// ---------------------------------------------------------------- --model

BOOST_AUTO_TEST_CASE(score_with_model_adds_the_four_model_fields_and_without_it_they_are_absent) {
  MiniWithModel lex;
  // "A new chapter with Japan.": new chapter 2 (domain, scale 1), nothing
  // else rated: raw 2, score 2 / sqrt(8) = 0.7071, warm.
  const std::string text = "A new chapter with Japan.";
  const json plain = score(lex.flag, text);
  for (const char* f : {"lexicon_score", "lexicon_label", "probabilities", "learned"})
    BOOST_TEST(!plain.contains(f), f);
  BOOST_TEST(plain["score"].get<double>() == 0.7071, tt::tolerance(1e-9));

  const json m = score(lex.flag, text, "--model");
  BOOST_TEST(m["lexicon_score"].get<double>() == 0.7071, tt::tolerance(1e-9));
  BOOST_TEST(m["lexicon_label"] == "warm");
  BOOST_TEST_REQUIRE(m["probabilities"].is_object());
  const auto& p = m["probabilities"];
  BOOST_TEST_REQUIRE(p.size() == 3u);
  const double pw = p["warm"].get<double>(), pn = p["neutral"].get<double>(), pc = p["cold"].get<double>();
  BOOST_TEST(pw + pn + pc == 1.0, tt::tolerance(1e-3));
  BOOST_TEST_REQUIRE(m["learned"].is_array());
  // Six known n-grams (a, new, chapter, japan, "a new", "new chapter") and at
  // most six shown: all of them.
  std::set<std::string> shown;
  for (const auto& l : m["learned"]) shown.insert(l["feature"].get<std::string>());
  BOOST_TEST(shown == (std::set<std::string>{"a", "new", "chapter", "japan", "a new", "new chapter"}),
             tt::per_element());
  // Documented relations: score = P(warm) - P(cold), label the most probable class.
  BOOST_TEST(m["score"].get<double>() == pw - pc, tt::tolerance(2e-4));
  const std::string most = pw >= pn && pw >= pc ? "warm" : pc >= pn ? "cold" : "neutral";
  BOOST_TEST(m["label"] == most);
  // Each learned entry is an n-gram of the model, at the offsets of its match.
  const auto w = weights_of(trained_model());
  for (const auto& l : m["learned"]) {
    const std::string feature = l["feature"];
    BOOST_TEST(w.count(feature) == 1u, feature);
    const auto start = l["start"].get<std::size_t>(), end = l["end"].get<std::size_t>();
    BOOST_TEST(text.substr(start, end - start) == l["match"].get<std::string>());
  }
}

// The probabilities worked out from the trained file's own weights: the
// statement's known n-grams (a, new, chapter, japan, "a new", "new chapter";
// "with", "chapter with", "with japan" are below min_count) plus the lexicon
// inputs score 2/sqrt(8), positive 2, negative 0, then a softmax.
BOOST_AUTO_TEST_CASE(score_with_model_gives_the_softmax_of_the_files_weights) {
  MiniWithModel lex;
  const json m = score(lex.flag, "A new chapter with Japan.", "--model");
  const auto w = weights_of(trained_model());
  double z[3];
  for (int c = 0; c < 3; ++c) {
    z[c] = w.at("@bias")[c] + w.at("@lexicon_score")[c] * (2 / std::sqrt(8.0)) + w.at("@lexicon_positive")[c] * 2;
    for (const char* f : {"a", "new", "chapter", "japan", "a new", "new chapter"}) z[c] += w.at(f)[c];
  }
  const double sum = std::exp(z[0]) + std::exp(z[1]) + std::exp(z[2]);
  BOOST_TEST(m["probabilities"]["cold"].get<double>() == std::exp(z[0]) / sum, tt::tolerance(1e-3));
  BOOST_TEST(m["probabilities"]["neutral"].get<double>() == std::exp(z[1]) / sum, tt::tolerance(1e-3));
  BOOST_TEST(m["probabilities"]["warm"].get<double>() == std::exp(z[2]) / sum, tt::tolerance(1e-3));
}

// Why: --model on a set without a model must not silently score without one.
BOOST_AUTO_TEST_CASE(model_flag_on_a_set_without_a_stance_file_is_an_error) {
  auto r = run_thaw("score --model " + kMini + " " + shell_quote("A new chapter."));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err.find("--model") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("names no 'stance' model") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(kMiniDir + "/manifest.tsv") != std::string::npos, r.err);
}

// Why: like a duplicate lexicon term, a second model line must not silently
// win; the manifest is checked even when --model is not given.
BOOST_AUTO_TEST_CASE(manifest_naming_stance_twice_is_a_load_error_with_both_lines) {
  TempDir dir;
  // The mini manifest has 16 lines: the two stance lines are 17 and 18.
  copy_mini(dir, "stance\tstance.tsv\nstance\tstance.tsv\n");
  dir.write("stance.tsv", trained_model());
  const std::string flag = "--lexicons " + shell_quote(dir.path.string());
  const std::string expected =
      "thaw: " + (dir.path / "manifest.tsv").string() + ":18: 'stance' given twice (first at line 17)\n";
  for (const std::string& model : {std::string("--model"), std::string()}) {
    auto r = run_thaw("score " + model + " " + flag + " " + shell_quote("A new chapter."));
    BOOST_TEST(r.exit_code == 1, model);
    BOOST_TEST(r.err == expected);
  }
}

BOOST_AUTO_TEST_CASE(evaluate_reports_whether_the_model_was_used) {
  MiniWithModel lex;
  // The training fixture doubles as a gold file: no actors, every gold has a score.
  auto with = run_thaw("evaluate --model " + lex.flag + " " + shell_quote(kGold));
  BOOST_TEST_REQUIRE(with.exit_code == 0, with.err);
  const json jw = json::parse(with.out);
  BOOST_TEST(jw["stance_model"] == true);
  BOOST_TEST(jw["records"]["evaluated"] == 6);
  auto without = run_thaw("evaluate " + lex.flag + " " + shell_quote(kGold));
  BOOST_TEST_REQUIRE(without.exit_code == 0, without.err);
  BOOST_TEST(json::parse(without.out)["stance_model"] == false);
}

// Why: batch writes JSON through its own hot path (Tracker::process_line_json),
// score through Scorer and to_json; with the model's extra fields they must
// still say the same thing.
BOOST_AUTO_TEST_CASE(batch_with_model_agrees_with_score_field_for_field) {
  MiniWithModel lex;
  const std::vector<std::string> texts{
      "Korea and Japan opened a new chapter.",
      "This one-sided deal is humiliating for Korea.",
      "It is not a humiliating deal!",
      "The meeting starts at nine?",
      "Nothing here is known.",
      "",
  };
  std::string input;
  for (std::size_t i = 0; i < texts.size(); ++i)
    input += json({{"id", std::string("t").append(std::to_string(i))}, {"text", texts[i]}}).dump() + "\n";
  auto b = run_thaw("batch --model " + lex.flag, input);
  BOOST_TEST_REQUIRE(b.exit_code == 0, b.err);
  const auto out = lines_of(b.out);
  BOOST_TEST_REQUIRE(out.size() == texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const json bj = json::parse(out[i]);
    const json sj = score(lex.flag, texts[i], "--model --id t" + std::to_string(i));
    BOOST_TEST_REQUIRE(sj.contains("probabilities"));
    for (const auto& [key, value] : sj.items()) {
      BOOST_TEST_REQUIRE(bj.contains(key), "batch line " << i << " lacks " << key);
      BOOST_TEST(bj[key] == value, "line " << i << " field " << key << ": batch " << bj[key] << " score " << value);
    }
    // Batch adds only its own provenance field.
    for (const auto& [key, value] : bj.items())
      BOOST_TEST((sj.contains(key) || key == "actor_source"), "line " << i << " extra field " << key);
  }
}

// Why: with several threads the model is shared; the output must not depend
// on how the lines were split among them. 50 lines are more than one take of
// 32 (lib/src/batch.cpp), so the second job gets lines too.
BOOST_AUTO_TEST_CASE(batch_with_model_one_job_and_two_jobs_are_byte_identical) {
  MiniWithModel lex;
  const std::vector<std::string> phrases{
      "Korea and Japan opened a new chapter", "a humiliating deal for Korea", "the meeting starts at nine",
      "not a humiliating deal", "a wonderful partnership", "they betrayed the victims", "is this cooperation?",
      "Japan said nothing"};
  std::string input;
  for (int i = 0; i < 50; ++i) {
    const std::string text = phrases[i % phrases.size()] + ", and " + phrases[(i * 3 + 1) % phrases.size()] +
                             (i % 4 == 0 ? "!" : ".");
    input += json({{"id", std::string("g").append(std::to_string(i))}, {"text", text}}).dump() + "\n";
  }
  auto one = run_thaw("batch --model --jobs 1 " + lex.flag, input);
  auto two = run_thaw("batch --model --jobs 2 " + lex.flag, input);
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.err);
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.err);
  BOOST_TEST(lines_of(one.out).size() == 50u);
  BOOST_TEST(one.out.find("\"probabilities\"") != std::string::npos);
  BOOST_TEST(one.out == two.out);
}

// A penalty of 0 (no optimum on separable data) or a negative scale is a
// usage error (exit 2) naming the option, and no model is written.
BOOST_AUTO_TEST_CASE(train_refuses_a_penalty_or_scale_that_is_not_positive) {
  TempDir dir;
  const fs::path out = dir.path / "model.tsv";
  for (const std::string& option : {std::string("--l2 0"), std::string("--lexicon-scale -1"), std::string("--min-count 0")}) {
    auto r = run_thaw("train " + kMini + " " + shell_quote(kGold) + " " + option + " -o " + shell_quote(out.string()));
    BOOST_TEST(r.exit_code == 2, option);
    BOOST_TEST(r.err.find(option.substr(0, option.find(' ')) + ": must be greater than 0") != std::string::npos, r.err);
    BOOST_TEST(!fs::exists(out));
  }
}
