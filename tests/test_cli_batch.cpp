// End-to-end: `thaw batch` and `thaw report` through the built binary.
#define BOOST_TEST_MODULE cli_batch
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "shipped_lexicons.hpp"

using thaw::test::run_thaw;
using thaw::test::shell_quote;
using thaw::test::slurp;
using thaw::test::TempDir;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

// The shipped set: it has the actor list and the speech cues.
const std::string kLex = std::string("--lexicons ") + shell_quote(THAW_SOURCE_LEXICON_DIR);


std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) v.push_back(line);
  return v;
}

std::vector<ordered_json> json_lines(const std::string& s) {
  std::vector<ordered_json> v;
  for (const auto& line : lines_of(s)) v.push_back(ordered_json::parse(line));
  return v;
}

std::vector<std::string> keys(const ordered_json& j) {
  std::vector<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.push_back(it.key());
  return k;
}

const std::string kG1 =
    R"({"id": "g1", "actor": "yoon", "date": "2023-03-06", "text": "Korea and Japan have opened a new chapter."})";
const std::string kG2 = R"({"id": "g2", "text": "Kishida said the two countries would restore trust."})";
const std::string kG3 = R"({"id": "g3", "text": "The weather in Busan was mild on Tuesday."})";
const std::string kBadJson = R"({"id": "b1", "text": )";
const std::string kUnknownActor = R"({"id": "b2", "actor": "putin", "text": "Moscow is watching."})";

// Lines: 1 good, 2 blank, 3 good, 4 bad JSON, 5 blank (spaces), 6 good, 7 unknown actor.
const std::string kMixed = kG1 + "\n\n" + kG2 + "\n" + kBadJson + "\n   \n" + kG3 + "\n" + kUnknownActor + "\n";

}  // namespace

BOOST_AUTO_TEST_CASE(three_good_two_broken_give_five_lines_and_exit_1) {
  TempDir d;
  const auto in = d.write("in.jsonl", kMixed);
  auto r = run_thaw("batch " + kLex + " " + shell_quote(in.string()));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw batch: 5 records read, 3 scored, 2 errors, 2 blank lines skipped\n");
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 5u);
  // In input order, each error record in its line's place.
  BOOST_TEST(out[0]["id"] == "g1");
  BOOST_TEST(out[1]["id"] == "g2");
  BOOST_TEST(out[3]["id"] == "g3");
  for (int i : {0, 1, 3}) BOOST_TEST(!out[i].contains("error"));

  BOOST_TEST(keys(out[2]) == (std::vector<std::string>{"file", "line", "error"}));  // bad JSON: no id known
  BOOST_TEST(out[2]["file"] == in.string());
  BOOST_TEST(out[2]["line"] == 4);
  BOOST_TEST(out[2]["error"].get<std::string>().rfind("bad JSON: ", 0) == 0u);

  BOOST_TEST(keys(out[4]) == (std::vector<std::string>{"file", "line", "id", "error"}));
  BOOST_TEST(out[4]["file"] == in.string());
  BOOST_TEST(out[4]["line"] == 7);
  BOOST_TEST(out[4]["id"] == "b2");
  BOOST_TEST(out[4]["error"] == "unknown actor 'putin' (add it to the actor list, or pass --allow-new-actors)");
}

BOOST_AUTO_TEST_CASE(actor_source_given_speaker_none) {
  auto r = run_thaw("batch " + kLex + " -", kG1 + "\n" + kG2 + "\n" + kG3 + "\n");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0]["actor"] == "yoon");
  BOOST_TEST(out[0]["actor_source"] == "given");
  BOOST_TEST(out[0]["date"] == "2023-03-06");
  BOOST_TEST(out[0]["lexicon"]["name"] == "japan-korea-thaw");
  BOOST_TEST(out[1]["actor"] == "kishida");
  BOOST_TEST(out[1]["actor_source"] == "speaker");
  BOOST_TEST(out[2]["actor"].is_null());
  BOOST_TEST(out[2]["actor_source"] == "none");
  BOOST_TEST(r.err == "thaw batch: 3 records read, 3 scored, 0 errors, 0 blank lines skipped\n");
}

BOOST_AUTO_TEST_CASE(source_and_gold_pass_through) {
  auto r = run_thaw("batch " + kLex,
                    R"({"id": "p", "text": "A new chapter.", "source": "wire", "gold": {"label": "warm", "score": 2}})");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto j = ordered_json::parse(r.out);
  BOOST_TEST(j["source"] == "wire");
  BOOST_TEST(j["gold"]["label"] == "warm");
  BOOST_TEST(j["gold"]["score"] == 2);
}

BOOST_AUTO_TEST_CASE(unknown_actor_is_accepted_with_allow_new_actors) {
  auto r = run_thaw("batch " + kLex + " --allow-new-actors -", kUnknownActor + "\n");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto j = ordered_json::parse(r.out);
  BOOST_TEST(j["actor"] == "putin");
  BOOST_TEST(j["actor_source"] == "given");
}

BOOST_AUTO_TEST_CASE(stdin_error_records_have_no_file) {
  auto r = run_thaw("batch " + kLex + " -", kMixed);
  BOOST_TEST(r.exit_code == 1);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 5u);
  BOOST_TEST(keys(out[4]) == (std::vector<std::string>{"line", "id", "error"}));
  BOOST_TEST(out[4]["line"] == 7);
  // No path at all also means stdin.
  auto bare = run_thaw("batch " + kLex, kMixed);
  BOOST_TEST(bare.out == r.out);
}

BOOST_AUTO_TEST_CASE(crlf_lines_and_a_missing_final_newline) {
  auto r = run_thaw("batch " + kLex, kG1 + "\r\n\r\n" + kG3);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(lines_of(r.out).size() == 2u);
  BOOST_TEST(r.err == "thaw batch: 2 records read, 2 scored, 0 errors, 1 blank lines skipped\n");
}

BOOST_AUTO_TEST_CASE(strict_stops_at_the_first_error) {
  auto r = run_thaw("batch " + kLex + " --strict -", kMixed);
  BOOST_TEST(r.exit_code == 1);
  auto out = json_lines(r.out);
  // g1, g2, then the bad JSON of line 4; nothing after it is read.
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[1]["id"] == "g2");
  BOOST_TEST(out[2]["line"] == 4);
  BOOST_TEST(out[2].contains("error"));
  BOOST_TEST(r.err.find("3 records read, 2 scored, 1 error") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("(stopped at the first error: --strict)") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(output_file_is_written_whole) {
  TempDir d;
  const auto in = d.write("in.jsonl", kMixed);
  const auto out = d.path / "scored.jsonl";
  auto r = run_thaw("batch " + kLex + " -o " + shell_quote(out.string()) + " " + shell_quote(in.string()));
  BOOST_TEST(r.exit_code == 1);  // error records are values: the file is still complete
  BOOST_TEST(r.out.empty());
  BOOST_TEST(lines_of(slurp(out)).size() == 5u);
  // No temporary file is left beside it.
  BOOST_TEST(d.names() == (std::vector<std::string>{"in.jsonl", "scored.jsonl"}));
}

BOOST_AUTO_TEST_CASE(strict_failure_leaves_no_output_file) {
  TempDir d;
  const auto in = d.write("in.jsonl", kMixed);
  const auto out = d.path / "scored.jsonl";
  auto r = run_thaw("batch " + kLex + " --strict -o " + shell_quote(out.string()) + " " + shell_quote(in.string()));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(!fs::exists(out));
  BOOST_TEST(d.names() == std::vector<std::string>{"in.jsonl"});
  // An older finished file under that name is left as it was.
  d.write("scored.jsonl", "old\n");
  r = run_thaw("batch " + kLex + " --strict -o " + shell_quote(out.string()) + " " + shell_quote(in.string()));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(slurp(out) == "old\n");
  BOOST_TEST(d.names() == (std::vector<std::string>{"in.jsonl", "scored.jsonl"}));
}

BOOST_AUTO_TEST_CASE(folder_input_reads_jsonl_files_sorted) {
  TempDir d;
  d.write("in/b.jsonl", R"({"id": "b1", "text": "x"})" "\n" + kBadJson + "\n");
  d.write("in/a.jsonl", R"({"id": "a1", "text": "x"})" "\n" R"({"id": "a2", "text": "x"})" "\n");
  d.write("in/sub/c.jsonl", R"({"id": "c1", "text": "x"})" "\n");
  d.write("in/README.jsonl", R"({"id": "readme", "text": "x"})" "\n");  // documentation, skipped
  d.write("in/notes.log", R"({"id": "log", "text": "x"})" "\n");        // neither JSONL nor an article: skipped
  auto r = run_thaw("batch " + kLex + " " + shell_quote((d.path / "in").string()));
  BOOST_TEST(r.exit_code == 1);
  auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == 5u);
  BOOST_TEST(out[0]["id"] == "a1");
  BOOST_TEST(out[1]["id"] == "a2");
  BOOST_TEST(out[2]["id"] == "b1");
  BOOST_TEST(out[3]["file"] == (d.path / "in" / "b.jsonl").string());
  BOOST_TEST(out[3]["line"] == 2);  // line numbers restart in each file
  BOOST_TEST(out[4]["id"] == "c1");
  BOOST_TEST(r.err == "thaw batch: 5 records read, 4 scored, 1 errors, 0 blank lines skipped\n");
}

BOOST_AUTO_TEST_CASE(missing_input_is_a_clean_error) {
  auto r = run_thaw("batch " + kLex + " /nonexistent/in.jsonl");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw: /nonexistent/in.jsonl: no such file or directory\n");
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(jobs_do_not_change_the_output) {
  const std::string corpus = shell_quote(THAW_CORPUS_DIR "/statements");
  auto one = run_thaw("batch " + kLex + " --jobs 1 " + corpus);
  auto two = run_thaw("batch " + kLex + " --jobs 2 " + corpus);
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.err);
  BOOST_TEST(two.exit_code == 0);
  std::size_t records = 0;
  for (const auto& f : thaw::test::corpus_statement_files())
    for (const auto& line : lines_of(slurp(f.string())))
      if (line.find_first_not_of(" \t\r") != std::string::npos) ++records;
  BOOST_TEST(lines_of(one.out).size() == records);
  BOOST_TEST(one.out == two.out);
}

// Chunks hold 64 lines with one job, 256 with more; duplicate ids are flagged in input order across
// chunks and threads alike.
BOOST_AUTO_TEST_CASE(duplicate_ids_are_flagged_the_same_for_any_jobs) {
  std::string in;
  for (int i = 0; i < 4500; ++i) in += R"({"id": "dup", "text": "A new chapter."})" "\n";
  auto one = run_thaw("batch " + kLex + " --jobs 1", in);
  auto three = run_thaw("batch " + kLex + " --jobs 3", in);
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.err);
  BOOST_TEST(one.out == three.out);
  auto out = lines_of(one.out);
  BOOST_TEST_REQUIRE(out.size() == 4500u);
  BOOST_TEST(ordered_json::parse(out[0])["flags"].empty());
  BOOST_TEST(ordered_json::parse(out[1])["flags"][0] == "duplicate_id");
  BOOST_TEST(ordered_json::parse(out[4499])["flags"][0] == "duplicate_id");
}

namespace {
const std::string kDated =
    R"({"id": "y1", "actor": "yoon", "date": "2023-03-06", "text": "Korea and Japan have opened a new chapter."})" "\n"
    R"({"id": "y2", "actor": "yoon", "date": "2023-03-16", "text": "We will build a future-oriented partnership with Japan."})" "\n"
    R"({"id": "y3", "actor": "yoon", "date": "2023-05-07T10:00:00+09:00", "text": "The summit was a success."})" "\n"
    R"({"id": "k1", "actor": "kishida", "date": "2023-03-16", "text": "Japan and Korea will restore trust."})" "\n"
    R"({"id": "bad", "actor": "yoon", "date": "2023-02-29", "text": "x"})" "\n";
}  // namespace

BOOST_AUTO_TEST_CASE(report_by_actor_and_month_from_batch_output) {
  TempDir d;
  const auto in = d.write("in.jsonl", kDated);
  const auto scored = d.path / "scored.jsonl";
  auto b = run_thaw("batch " + kLex + " -o " + shell_quote(scored.string()) + " " + shell_quote(in.string()));
  BOOST_TEST_REQUIRE(b.exit_code == 1, b.err);  // the bad date
  auto rows = json_lines(slurp(scored));
  BOOST_TEST_REQUIRE(rows.size() == 5u);
  BOOST_TEST(rows[4]["error"] == "bad date '2023-02-29': expected ISO 8601 (YYYY-MM-DD)");

  auto r = run_thaw("report --by actor,month " + shell_quote(scored.string()));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto j = ordered_json::parse(r.out);
  BOOST_TEST(j["lexicon"]["name"] == "japan-korea-thaw");
  BOOST_TEST(j["parameters"]["command"] == "report");
  BOOST_TEST(j["parameters"]["by"] == "actor,month");
  BOOST_TEST(j["totals"]["n"] == 4);
  BOOST_TEST(j["totals"]["errors"] == 1);
  BOOST_TEST_REQUIRE(j["actors"].size() == 2u);
  const auto& kishida = j["actors"][0];
  const auto& yoon = j["actors"][1];
  BOOST_TEST(kishida["actor"] == "kishida");
  BOOST_TEST(yoon["actor"] == "yoon");
  BOOST_TEST_REQUIRE(yoon["periods"].size() == 2u);
  BOOST_TEST(yoon["periods"][0]["period"] == "2023-03");
  BOOST_TEST(yoon["periods"][0]["n"] == 2);
  BOOST_TEST(yoon["periods"][1]["period"] == "2023-05");
  BOOST_TEST(yoon["periods"][1]["n"] == 1);
  BOOST_TEST_REQUIRE(kishida["periods"].size() == 1u);
  BOOST_TEST(kishida["periods"][0]["period"] == "2023-03");
  // The period mean is the mean of the two scores batch wrote for March.
  const double march = (rows[0]["score"].get<double>() + rows[1]["score"].get<double>()) / 2;
  BOOST_TEST(yoon["periods"][0]["mean"].get<double>() == march, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(yoon["periods"][1]["mean"].get<double>() == rows[2]["score"].get<double>(),
             boost::test_tools::tolerance(1e-9));

  // The same from stdin, with a date bound: 2023-03-06 falls before --from.
  auto s = run_thaw("report --by actor --from 2023-03-10 -", slurp(scored));
  BOOST_TEST_REQUIRE(s.exit_code == 0, s.err);
  auto js = ordered_json::parse(s.out);
  BOOST_TEST(js["totals"]["n"] == 3);
  BOOST_TEST(js["totals"]["excluded_by_date"] == 1);
  BOOST_TEST(js["parameters"]["from"] == "2023-03-10");
  BOOST_TEST(js["parameters"]["inputs"][0] == "-");
  BOOST_TEST(!js["actors"][0].contains("periods"));
}

BOOST_AUTO_TEST_CASE(report_rejects_bad_arguments_and_input) {
  BOOST_TEST(run_thaw("report --from 2023-3-1 -", "").exit_code == 2);
  BOOST_TEST(run_thaw("report --by month -", "").exit_code == 2);
  auto r = run_thaw("report -", "not json\n");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw: -:1: not a JSON scored record (run `thaw batch` first)\n");
}

BOOST_AUTO_TEST_CASE(batch_writes_the_report_file) {
  TempDir d;
  const auto in = d.write("in.jsonl", kMixed);
  const auto report = d.path / "report.json";
  auto r = run_thaw("batch " + kLex + " --by actor,week --report " + shell_quote(report.string()) + " " +
                    shell_quote(in.string()));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(lines_of(r.out).size() == 5u);  // the records still go to stdout
  BOOST_TEST_REQUIRE(fs::exists(report));
  auto j = ordered_json::parse(slurp(report));
  BOOST_TEST(j["parameters"]["command"] == "batch");
  BOOST_TEST(j["parameters"]["by"] == "actor,week");
  BOOST_TEST(j["lexicon"]["name"] == "japan-korea-thaw");
  BOOST_TEST(j["totals"]["n"] == 3);
  BOOST_TEST(j["totals"]["errors"] == 2);
  // kishida (speaker), yoon (given), then the unattributed g3.
  BOOST_TEST_REQUIRE(j["actors"].size() == 3u);
  BOOST_TEST(j["actors"][0]["actor"] == "kishida");
  BOOST_TEST(j["actors"][1]["actor"] == "yoon");
  BOOST_TEST(j["actors"][1]["periods"][0]["period"] == "2023-W10");  // 2023-03-06
  BOOST_TEST(j["actors"][2]["actor"].is_null());
  BOOST_TEST(j["actors"][2]["periods"][0]["period"] == "undated");
  BOOST_TEST(d.names() == (std::vector<std::string>{"in.jsonl", "report.json"}));
}

// Why: `thaw batch` reads a file 64 KB at a time and cuts the lines out of
// that buffer (LineReader); a line may start in one read and end in the
// next, or span several, and a CR may end one read with its newline in the
// next. Every line must keep its number and bytes, whatever the cut. Standard
// input is still read by std::getline, so the two must agree as well.
BOOST_AUTO_TEST_CASE(lines_across_read_blocks_keep_their_numbers_and_bytes) {
  std::string input;
  std::size_t records = 0, errors = 0, blank = 0;
  for (std::size_t i = 1; i <= 3000; ++i) {
    if (i % 11 == 0) {
      ++blank;
      input += i % 2 ? "\n" : "  \r\n";
      continue;
    }
    ++records;
    if (i % 7 == 0) {
      ++errors;
      input += R"({"id": "e)" + std::to_string(i) + R"(", "text": )";  // bad JSON: an error record with its line
    } else {
      // Texts of 10 to 209 bytes, and one of 150,000 (about two and a half reads).
      const std::size_t length = i == 1500 ? 150000 : 10 + i * 37 % 200;
      std::string text;
      while (text.size() < length) text += "Seoul and Tokyo. ";
      text.resize(length);
      input += R"({"id": "g)" + std::to_string(i) + R"(", "text": ")" + text + R"("})";
    }
    input += i % 5 == 0 ? "\r\n" : "\n";
  }
  input += R"({"id": "last", "text": "no newline after me"})";
  ++records;
  BOOST_TEST_REQUIRE(input.size() > 5u * 65536u);

  TempDir d;
  const auto path = d.write("blocks.jsonl", input);
  auto r = run_thaw("batch --jobs 1 " + kLex + " " + shell_quote(path.string()));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "thaw batch: " + std::to_string(records) + " records read, " +
                          std::to_string(records - errors) + " scored, " + std::to_string(errors) + " errors, " +
                          std::to_string(blank) + " blank lines skipped\n");
  const auto out = json_lines(r.out);
  BOOST_TEST_REQUIRE(out.size() == records);
  std::size_t k = 0;
  for (std::size_t i = 1; i <= 3000; ++i) {
    if (i % 11 == 0) continue;
    const ordered_json& j = out[k++];
    if (i % 7 == 0) {
      BOOST_TEST(j["line"] == i);
      BOOST_TEST(j["file"] == path.string());
    } else {
      std::string id = "g";
      id += std::to_string(i);
      BOOST_TEST(j["id"] == id);
      BOOST_TEST(j["text"].get<std::string>().size() == (i == 1500 ? 150000u : 10 + i * 37 % 200));
    }
  }
  BOOST_TEST(out.back()["id"] == "last");
  BOOST_TEST(out.back()["text"] == "no newline after me");

  // The same lines through standard input: only the "file" of the error records differs.
  auto piped = run_thaw("batch --jobs 1 " + kLex, input);
  BOOST_TEST(piped.err == r.err);
  std::string expected = r.out;
  const std::string file_field = "\"file\":" + ordered_json(path.string()).dump() + ",";
  for (std::size_t at; (at = expected.find(file_field)) != std::string::npos;) expected.erase(at, file_field.size());
  BOOST_TEST(piped.out == expected);
}
