// End-to-end: run the built thaw binary and check its JSON.
#define BOOST_TEST_MODULE cli_score
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using thaw::test::run_thaw;
using thaw::test::shell_quote;
using nlohmann::json;

namespace {
const std::string kMini = std::string("--lexicons ") + THAW_TEST_DATA_DIR "/mini";
}

BOOST_AUTO_TEST_CASE(score_prints_the_output_contract) {
  auto r = run_thaw("score " + kMini + " --actor yoon --date 2023-03-06 --id s1 " +
                    shell_quote("This one-sided deal is humiliating for Korea."));
  BOOST_TEST_REQUIRE(r.exit_code == 0);
  auto j = json::parse(r.out);
  BOOST_TEST(j["id"] == "s1");
  BOOST_TEST(j["actor"] == "yoon");
  BOOST_TEST(j["date"] == "2023-03-06");
  BOOST_TEST(j["lang"] == "en");
  BOOST_TEST(j["label"] == "cold");
  BOOST_TEST(j["lexicon"]["name"] == "mini");
  BOOST_TEST(j["lexicon"]["version"] == "1.2.3");
  // one-sided -2, deal +0.5, humiliating -3: raw -4.5, score -4.5/sqrt(24.25) = -0.9138.
  BOOST_TEST(j["score"].get<double>() == -0.9138, boost::test_tools::tolerance(1e-9));
  BOOST_TEST_REQUIRE(j["evidence"].size() == 3u);
  BOOST_TEST(j["evidence"][2]["match"] == "humiliating");
  BOOST_TEST(j["evidence"][2]["term"] == "humiliat*");
  BOOST_TEST(j["evidence"][2]["start"] == 23);
  BOOST_TEST(j["evidence"][2]["end"] == 34);
  BOOST_TEST(j["evidence"][2]["effect"].is_array());
}

BOOST_AUTO_TEST_CASE(absent_fields_are_null) {
  auto r = run_thaw("score " + kMini + " " + shell_quote("Hello."));
  auto j = json::parse(r.out);
  BOOST_TEST(j["actor"].is_null());
  BOOST_TEST(j["date"].is_null());
  BOOST_TEST(!j.contains("id"));
  BOOST_TEST(j["label"] == "neutral");
  BOOST_TEST(j["confidence"] == 0.0);
}

BOOST_AUTO_TEST_CASE(score_reads_stdin_when_no_text) {
  auto r = run_thaw("score " + kMini, "Seoul and Tokyo opened a new chapter.");
  BOOST_TEST_REQUIRE(r.exit_code == 0);
  BOOST_TEST(json::parse(r.out)["label"] == "warm");
}

BOOST_AUTO_TEST_CASE(explain_prints_a_breakdown) {
  auto r = run_thaw("score " + kMini + " --explain " + shell_quote("The summit was not a humiliating concession."));
  BOOST_TEST_REQUIRE(r.exit_code == 0);
  BOOST_TEST(r.out.find("score +0.600  warm") == 0u);
  BOOST_TEST(r.out.find("\"humiliating\" [21,32) domain 'humiliat*' -3.000 -> +1.500 negated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_flagged_not_fatal) {
  auto r = run_thaw("score " + kMini, "good \xFF deal");
  BOOST_TEST_REQUIRE(r.exit_code == 0);
  auto j = json::parse(r.out);
  BOOST_TEST(j["flags"][0] == "invalid_utf8");
  BOOST_TEST(j["text"] == "good \xEF\xBF\xBD deal");
}

BOOST_AUTO_TEST_CASE(bad_lexicon_line_fails_with_file_and_line) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("thaw-badlex-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(THAW_TEST_DATA_DIR "/mini", dir);
  std::ofstream(dir / "general.tsv", std::ios::app) << "splendid\tvery\n";  // line 9
  auto r = run_thaw("score --lexicons " + dir.string() + " hello");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw: " + (dir / "general.tsv").string() + ":9: bad weight 'very': expected a number\n");
  BOOST_TEST(r.out.empty());
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(missing_lexicon_folder_is_exit_1) {
  auto r = run_thaw("score --lexicons /nonexistent/lex hello");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw: /nonexistent/lex: lexicon folder not found\n");
}

BOOST_AUTO_TEST_CASE(usage_errors_are_exit_2_and_help_version_exit_0) {
  BOOST_TEST(run_thaw("score --no-such-flag x").exit_code == 2);
  BOOST_TEST(run_thaw("").exit_code == 2);
  auto v = run_thaw("--version");
  BOOST_TEST(v.exit_code == 0);
  BOOST_TEST(v.out.find("thaw ") == 0u);
  auto h = run_thaw("score --help");
  BOOST_TEST(h.exit_code == 0);
  BOOST_TEST(h.out.find("--explain") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(default_lexicons_are_found_from_any_directory) {
  // No --lexicons and no $THAW_LEXICONS: the source tree's set is used.
  auto r = run_thaw("score " + shell_quote("Seoul and Tokyo have opened a new chapter of cooperation."));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(json::parse(r.out)["lexicon"]["name"] == "japan-korea-thaw");
}
