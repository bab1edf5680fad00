// End-to-end: `thaw batch` on articles (a .txt file, a JSONL "body" record,
// a folder) and `thaw report --by article` on its output.
#define BOOST_TEST_MODULE cli_article
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using thaw::test::run_thaw;
using thaw::test::shell_quote;
using thaw::test::slurp;
using thaw::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The shipped set: it has the actor list and the speech cues.
const std::string kLex = std::string("--lexicons ") + shell_quote(THAW_SOURCE_LEXICON_DIR);
const std::string kArticles = THAW_TEST_DATA_DIR "/articles";


std::vector<json> json_lines(const std::string& s) {
  std::vector<json> v;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) v.push_back(json::parse(line));
  return v;
}

}  // namespace

// Each statement of a fixture article is a scored record with the article fields.
BOOST_AUTO_TEST_CASE(batch_scores_each_statement_of_a_text_article) {
  const std::string path = kArticles + "/wire_tokyo_summit.txt";
  const std::string article = slurp(path);
  auto r = run_thaw("batch " + kLex + " " + shell_quote(path));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto out = json_lines(r.out);
  // The five statements of the fixture (expected.json), in article order.
  const std::vector<std::string> actors{"kishida", "yoon", "yoon", "kishida", "other"};
  const std::vector<std::string> speakers{"Kishida", "Yoon", "the president", "Kishida", "Choi Eun-ha"};
  const std::vector<std::string> quotes{"opening a new chapter for Japan", "neighbours facing the same threats",
                                        "officials should meet far more often", "relaunch their security dialogue",
                                        "traded the victims for a photo"};
  BOOST_TEST_REQUIRE(out.size() == actors.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const json& j = out[i];
    BOOST_TEST(j["article"] == "wire_tokyo_summit");
    BOOST_TEST(j["index"] == i);
    BOOST_TEST(j["actor"] == actors[i]);
    BOOST_TEST(j["speaker"] == speakers[i]);
    BOOST_TEST(j["actor_source"] == "speaker");
    BOOST_TEST(j["id"] == "wire_tokyo_summit/" + std::to_string(i));
    BOOST_TEST(j.contains("score"));
    BOOST_TEST(j.contains("label"));
    const std::size_t start = j["start"], end = j["end"];
    BOOST_TEST_REQUIRE(end <= article.size());
    BOOST_TEST(article.substr(start, end - start).find(quotes[i]) != std::string::npos, quotes[i]);
  }
  BOOST_TEST(out[2]["resolved_speaker"] == "Yoon");  // "the president" is Yoon
  BOOST_TEST(out[1]["kind"] == "direct");
  BOOST_TEST(out[3]["kind"] == "reported");
  BOOST_TEST(r.err == "thaw batch: 1 articles read, 5 statements scored, 0 errors\n");
}

// A JSONL record with a "body" is an article; its id, date and source go to
// every statement, and statement records around it keep their place.
BOOST_AUTO_TEST_CASE(batch_reads_articles_from_jsonl_body) {
  TempDir d;
  json article{{"id", "art1"},
               {"date", "2023-03-16"},
               {"source", "wire"},
               {"body", "Police closed roads.\n\n\"We cannot let the past keep the future hostage,\" Yoon said.\n\n"
                        "\"Today we are opening a new chapter,\" Kishida said."}};
  const auto in = d.write("in.jsonl", json{{"id", "s1"}, {"text", "Kishida said the summit went well."}}.dump() + "\n" +
                                          article.dump() + "\n" +
                                          json{{"id", "s2"}, {"text", "Hello."}}.dump() + "\n");
  auto r = run_thaw("batch " + kLex + " " + shell_quote(in.string()));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 4u);
  BOOST_TEST(out[0]["id"] == "s1");
  BOOST_TEST(!out[0].contains("article"));
  for (std::size_t i = 1; i <= 2; ++i) {
    BOOST_TEST(out[i]["article"] == "art1");
    BOOST_TEST(out[i]["date"] == "2023-03-16");
    BOOST_TEST(out[i]["source"] == "wire");
  }
  BOOST_TEST(out[1]["actor"] == "yoon");
  BOOST_TEST(out[1]["text"] == "We cannot let the past keep the future hostage");
  BOOST_TEST(out[2]["actor"] == "kishida");
  // Offsets are into the body string.
  const std::string body = article["body"];
  const std::size_t start = out[2]["start"], end = out[2]["end"];
  BOOST_TEST(body.substr(start, end - start) == "Today we are opening a new chapter");
  BOOST_TEST(out[3]["id"] == "s2");
  BOOST_TEST(r.err ==
             "thaw batch: 2 records read, 2 scored, 0 errors, 0 blank lines skipped\n"
             "thaw batch: 1 articles read, 2 statements scored, 0 errors\n");
}

BOOST_AUTO_TEST_CASE(bad_article_record_is_an_error_record) {
  auto r = run_thaw("batch " + kLex + " -", json{{"id", "x"}, {"body", 5}}.dump() + "\n");
  BOOST_TEST(r.exit_code == 1);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0]["id"] == "x");
  BOOST_TEST(out[0]["line"] == 1);
  BOOST_TEST(out[0]["error"] == "'body' must be a string, not number");
}

BOOST_AUTO_TEST_CASE(include_narration_adds_unattributed_sentences) {
  auto r = run_thaw("batch " + kLex + " --include-narration -",
                    json{{"id", "n1"}, {"body", "Police closed roads. \"We are ready,\" Yoon said."}}.dump() + "\n");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0]["kind"] == "narration");
  BOOST_TEST(out[0]["actor"].is_null());
  BOOST_TEST(out[0]["speaker"].is_null());
  BOOST_TEST(out[0]["actor_source"] == "none");
  BOOST_TEST(out[0]["text"] == "Police closed roads.");
  BOOST_TEST(out[1]["actor"] == "yoon");
  BOOST_TEST(r.err == "thaw batch: 1 articles read, 1 statements scored, 0 errors, 1 narration segments\n");
}

// A folder gives its .jsonl, .txt and .md files; README* and other files stay out.
BOOST_AUTO_TEST_CASE(folder_expansion_includes_articles_but_not_readme) {
  TempDir d;
  d.write("in/a.txt", "\"We are ready,\" Yoon said.\n");
  d.write("in/b.md", "Kishida said the two governments would meet again.\n");
  d.write("in/c.jsonl", json{{"id", "c1"}, {"text", "Hello."}}.dump() + "\n");
  d.write("in/README.md", "\"Not an article,\" Yoon said.\n");
  d.write("in/split.py", "print('\"no\", Yoon said')\n");
  auto r = run_thaw("batch " + kLex + " " + shell_quote((d.path / "in").string()));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0]["article"] == "a");
  BOOST_TEST(out[1]["article"] == "b");
  BOOST_TEST(out[1]["kind"] == "reported");
  BOOST_TEST(out[2]["id"] == "c1");
}

// `thaw report --by article` lists each article's speakers with their statements.
BOOST_AUTO_TEST_CASE(report_by_article_lists_speakers_and_statements) {
  TempDir d;
  const auto scored = d.path / "scored.jsonl";
  auto b = run_thaw("batch " + kLex + " --include-narration -o " + shell_quote(scored.string()) + " " +
                    shell_quote(kArticles + "/wire_tokyo_summit.txt"));
  BOOST_TEST_REQUIRE(b.exit_code == 0, b.err);
  auto r = run_thaw("report --by article " + shell_quote(scored.string()));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto j = json::parse(r.out);
  BOOST_TEST(j["parameters"]["by"] == "article");
  BOOST_TEST(j.contains("actors"));  // the usual report is still there
  BOOST_TEST_REQUIRE(j["articles"].size() == 1u);
  const json& a = j["articles"][0];
  BOOST_TEST(a["article"] == "wire_tokyo_summit");
  BOOST_TEST(a["n"] == 5);
  BOOST_TEST(a["narration"].get<int>() > 0);
  // Speakers in order of first appearance: Kishida, Yoon (also "the president"), Choi Eun-ha.
  BOOST_TEST_REQUIRE(a["speakers"].size() == 3u);
  BOOST_TEST(a["speakers"][0]["actor"] == "kishida");
  BOOST_TEST(a["speakers"][0]["n"] == 2);
  BOOST_TEST(a["speakers"][1]["actor"] == "yoon");
  BOOST_TEST(a["speakers"][1]["written_as"] == json({"Yoon", "the president"}));
  BOOST_TEST(a["speakers"][1]["statements"][1]["index"] == 2);
  BOOST_TEST(a["speakers"][2]["actor"] == "other");
  BOOST_TEST(a["speakers"][2]["speaker"] == "Choi Eun-ha");
  // The per-speaker mean is the mean of the listed statements' scores.
  for (const auto& sp : a["speakers"]) {
    double sum = 0;
    for (const auto& st : sp["statements"]) sum += st["score"].get<double>();
    BOOST_TEST(sp["mean"].get<double>() == sum / sp["n"].get<double>(), boost::test_tools::tolerance(1e-3));
  }
}

// Regression: an article record with invalid UTF-8 came out as "missing 'text'"
// and the article was lost; it is now repaired like a statement record.
BOOST_AUTO_TEST_CASE(article_record_with_invalid_utf8_is_kept_and_flagged) {
  auto r = run_thaw("batch " + kLex + " -", "{\"id\": \"a1\", \"body\": \"Yoon said the deal is a new chapter \xFF for ties.\"}\n");
  BOOST_TEST(r.exit_code == 0);
  auto j = json::parse(r.out.substr(0, r.out.find('\n')));
  BOOST_TEST(j["article"] == "a1");
  BOOST_TEST(j["actor"] == "yoon");
  BOOST_TEST(j["flags"][0] == "invalid_utf8");
  BOOST_TEST(j["text"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
}
