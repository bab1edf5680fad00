// Statement records: one JSONL line to a Statement, or an error value.
#define BOOST_TEST_MODULE record
#include <boost/test/unit_test.hpp>

#include "print_optional.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shipped_lexicons.hpp"
#include "thaw/actors.hpp"
#include "thaw/record.hpp"

using namespace thaw;

namespace {

const ActorList& actors() {
  static const ActorList list = [] {
    std::istringstream in(
        "thaw-actors\t1\n"
        "yoon\tYoon Suk Yeol\tSouth Korea\tPresident\tYoon\n"
        "kishida\tFumio Kishida\tJapan\tPrime Minister\tKishida\n");
    return ActorList::parse(in, "actors.tsv");
  }();
  return list;
}

// The error message for `line`, or "" if it parses.
std::string error_of(const std::string& line, RecordOptions options = {}) {
  auto r = parse_record(line, actors(), options);
  if (auto* e = std::get_if<RecordError>(&r)) return e->message;
  return "";
}

std::optional<std::string> error_id(const std::string& line) {
  auto r = parse_record(line, actors(), {});
  if (auto* e = std::get_if<RecordError>(&r)) return e->id;
  return std::string("(parsed)");
}

ParsedRecord parsed(const std::string& line, RecordOptions options = {}) {
  auto r = parse_record(line, actors(), options);
  BOOST_TEST_REQUIRE(std::holds_alternative<ParsedRecord>(r), "did not parse: " << line);
  return std::get<ParsedRecord>(std::move(r));
}

std::string nested(int depth, const std::string& inner = "") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

}  // namespace

BOOST_AUTO_TEST_CASE(full_record_parses) {
  auto r = parsed(R"({"id": "yoon-1", "text": "A new chapter.", "actor": "yoon", "date": "2023-03-16",)"
                  R"( "lang": "ko", "source": "wire", "gold": {"label": "warm", "score": 2}, "kind": "x"})");
  BOOST_TEST(r.statement.id == std::optional<std::string>("yoon-1"));
  BOOST_TEST(r.statement.text == "A new chapter.");
  BOOST_TEST(r.statement.actor == std::optional<std::string>("yoon"));
  BOOST_TEST(r.statement.date == std::optional<std::string>("2023-03-16"));
  BOOST_TEST(r.statement.lang == "ko");
  // source and gold pass through in that order; other keys do not.
  BOOST_TEST(r.passthrough.dump() == R"({"source":"wire","gold":{"label":"warm","score":2}})");
}

BOOST_AUTO_TEST_CASE(optional_fields_may_be_absent_or_null) {
  auto r = parsed(R"({"text": "hello", "actor": null, "date": null, "lang": null})");
  BOOST_TEST(!r.statement.id);
  BOOST_TEST(!r.statement.actor);
  BOOST_TEST(!r.statement.date);
  BOOST_TEST(r.statement.lang == "en");  // RecordOptions::default_lang
  RecordOptions ja;
  ja.default_lang = "ja";
  BOOST_TEST(parsed(R"({"text": "x"})", ja).statement.lang == "ja");
}

BOOST_AUTO_TEST_CASE(integer_id_is_accepted_as_text) {
  BOOST_TEST(parsed(R"({"id": 17, "text": "x"})").statement.id == std::optional<std::string>("17"));
  BOOST_TEST(parsed(R"({"id": -3, "text": "x"})").statement.id == std::optional<std::string>("-3"));
  BOOST_TEST(error_of(R"({"id": 1.5, "text": "x"})") == "'id' must be a string or an integer, not number");
  BOOST_TEST(error_of(R"({"id": true, "text": "x"})") == "'id' must be a string or an integer, not boolean");
}

BOOST_AUTO_TEST_CASE(bad_json_is_an_error_without_id) {
  const std::string e = error_of(R"({"id": "r1", "text": )");
  BOOST_TEST(e.rfind("bad JSON: parse error", 0) == 0u, e);
  BOOST_TEST(!error_id(R"({"id": "r1", "text": )"));
  BOOST_TEST(error_of(R"({"text": "a"} trailing)").rfind("bad JSON: ", 0) == 0u);
  BOOST_TEST(error_of("").rfind("bad JSON: ", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(not_an_object_is_an_error) {
  BOOST_TEST(error_of("[1, 2]") == "not a JSON object but array");
  BOOST_TEST(error_of(R"("text")") == "not a JSON object but string");
  BOOST_TEST(error_of("42") == "not a JSON object but number");
  BOOST_TEST(error_of("null") == "not a JSON object but null");
}

BOOST_AUTO_TEST_CASE(missing_text_is_an_error_with_the_id) {
  BOOST_TEST(error_of(R"({"id": "r1"})") == "missing 'text'");
  BOOST_TEST(error_id(R"({"id": "r1"})") == std::optional<std::string>("r1"));
  BOOST_TEST(error_of(R"({"id": "r1", "text": null})") == "missing 'text'");
}

BOOST_AUTO_TEST_CASE(text_of_the_wrong_type_is_an_error) {
  BOOST_TEST(error_of(R"({"id": "r1", "text": 5})") == "'text' must be a string, not number");
  BOOST_TEST(error_of(R"({"text": ["a"]})") == "'text' must be a string, not array");
  BOOST_TEST(error_of(R"({"text": {"en": "a"}})") == "'text' must be a string, not object");
}

BOOST_AUTO_TEST_CASE(other_fields_of_the_wrong_type_are_errors) {
  BOOST_TEST(error_of(R"({"text": "x", "actor": 3})") == "'actor' must be a string, not number");
  BOOST_TEST(error_of(R"({"text": "x", "date": 20230306})") == "'date' must be a string, not number");
  BOOST_TEST(error_of(R"({"text": "x", "lang": ["en"]})") == "'lang' must be a string, not array");
}

BOOST_AUTO_TEST_CASE(unknown_actor_is_an_error_unless_allowed) {
  BOOST_TEST(error_of(R"({"id": "p1", "text": "x", "actor": "putin"})") ==
             "unknown actor 'putin' (add it to the actor list, or pass --allow-new-actors)");
  BOOST_TEST(error_id(R"({"id": "p1", "text": "x", "actor": "putin"})") == std::optional<std::string>("p1"));
  RecordOptions allow;
  allow.allow_new_actors = true;
  BOOST_TEST(parsed(R"({"text": "x", "actor": "putin"})", allow).statement.actor ==
             std::optional<std::string>("putin"));
  // Allowed or not, a new id must still be a well-formed id.
  BOOST_TEST(error_of(R"({"text": "x", "actor": "Vladimir Putin"})", allow) == "bad actor id 'Vladimir Putin'");
}

BOOST_AUTO_TEST_CASE(bad_dates_are_errors) {
  BOOST_TEST(error_of(R"({"text": "x", "date": "2023-02-29"})") ==
             "bad date '2023-02-29': expected ISO 8601 (YYYY-MM-DD)");
  BOOST_TEST(error_of(R"({"text": "x", "date": "March 6, 2023"})") ==
             "bad date 'March 6, 2023': expected ISO 8601 (YYYY-MM-DD)");
  BOOST_TEST(error_of(R"({"text": "x", "date": "2024-02-29"})") == "");  // a leap year
}

BOOST_AUTO_TEST_CASE(date_with_time_and_offset_is_accepted_as_given) {
  auto r = parsed(R"({"text": "x", "date": "2023-03-16T14:05:00+09:00"})");
  BOOST_TEST(r.statement.date == std::optional<std::string>("2023-03-16T14:05:00+09:00"));
}

BOOST_AUTO_TEST_CASE(iso8601_dates) {
  BOOST_TEST(is_iso8601_date("2023-03-06"));
  BOOST_TEST(is_iso8601_date("2024-02-29"));
  BOOST_TEST(is_iso8601_date("2000-02-29"));   // divisible by 400: leap
  BOOST_TEST(!is_iso8601_date("1900-02-29"));  // divisible by 100 only: not
  BOOST_TEST(!is_iso8601_date("2023-02-29"));
  BOOST_TEST(!is_iso8601_date("2023-04-31"));
  BOOST_TEST(!is_iso8601_date("2023-13-01"));
  BOOST_TEST(!is_iso8601_date("2023-00-10"));
  BOOST_TEST(!is_iso8601_date("2023-01-00"));
  BOOST_TEST(!is_iso8601_date("2023-3-6"));
  BOOST_TEST(!is_iso8601_date("20230306"));
  BOOST_TEST(!is_iso8601_date("2023/03/06"));
  BOOST_TEST(!is_iso8601_date(""));
  BOOST_TEST(!is_iso8601_date("2023-03-06 "));
  BOOST_TEST(!is_iso8601_date("2023-03-06x"));
  // Times: THH:MM[:SS[.fff]][Z|+-HH:MM], or a space instead of T.
  BOOST_TEST(is_iso8601_date("2023-03-06T10:30"));
  BOOST_TEST(is_iso8601_date("2023-03-06T10:30Z"));
  BOOST_TEST(is_iso8601_date("2023-03-06T10:30:15"));
  BOOST_TEST(is_iso8601_date("2023-03-06T10:30:15.250Z"));
  BOOST_TEST(is_iso8601_date("2023-03-06T23:59:59-05:00"));
  BOOST_TEST(is_iso8601_date("2023-03-06 10:30:15+09:00"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T24:00"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10:60"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10:30:15."));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10:30+0900"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10:30+24:00"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10:30ZZ"));
  BOOST_TEST(!is_iso8601_date("2023-03-06T10:30:15+09:00 "));
}

BOOST_AUTO_TEST_CASE(nesting_depth) {
  BOOST_TEST(json_nesting_depth("") == 0);
  BOOST_TEST(json_nesting_depth("42") == 0);
  BOOST_TEST(json_nesting_depth("{}") == 1);
  BOOST_TEST(json_nesting_depth(R"({"a": [1, {"b": []}], "c": {}})") == 4);
  // Brackets inside strings do not count, and neither do escaped quotes.
  BOOST_TEST(json_nesting_depth(R"({"text": "[[[{{{"})") == 1);
  BOOST_TEST(json_nesting_depth(R"({"text": "say \"[[[\" twice"})") == 1);
  BOOST_TEST(json_nesting_depth(R"({"text": "ends with a backslash \\", "g": [[]]})") == 3);
  // Unbalanced text still gives the deepest point reached.
  BOOST_TEST(json_nesting_depth("[[[") == 3);
}

BOOST_AUTO_TEST_CASE(nesting_deeper_than_the_limit_is_refused_before_parsing) {
  static_assert(kMaxJsonDepth == 64);
  // 64 levels is allowed: the object plus 63 arrays.
  BOOST_TEST(error_of(R"({"text": "x", "gold": )" + nested(63) + "}") == "");
  BOOST_TEST(error_of(R"({"text": "x", "gold": )" + nested(64) + "}") == "JSON nested deeper than 64 levels");
  // Unclosed brackets would be bad JSON; the depth check comes first, so the
  // parser never sees them.
  BOOST_TEST(error_of(std::string(100000, '[')) == "JSON nested deeper than 64 levels");
  BOOST_TEST(!error_id(R"({"id": "deep", "text": "x", "gold": )" + nested(64) + "}"));
}

// ---- the quick scan against nlohmann -----------------------------------------
// parse_record reads flat records of plain strings with its own scan and
// leaves every other line to nlohmann::ordered_json; parse_record_reference
// always uses nlohmann. They must agree on every line: the same record
// (every field, the passthrough, the UTF-8 flag) or the same error.

namespace {

std::string describe(const ParsedRecord& p) {
  std::ostringstream os;
  const Statement& s = p.statement;
  auto opt = [](const std::optional<std::string>& o) { return o ? "[" + *o + "]" : std::string("(none)"); };
  os << "id " << opt(s.id) << " text [" << s.text << "] actor " << opt(s.actor) << " date " << opt(s.date)
     << " lang [" << s.lang << "] passthrough " << p.passthrough.dump() << " repaired " << p.repaired_utf8;
  return os.str();
}

std::string describe(const std::variant<ParsedRecord, RecordError>& r) {
  if (auto* e = std::get_if<RecordError>(&r)) {
    std::ostringstream os;
    os << "error [" << e->message << "] id " << e->id.value_or("(none)");
    return os.str();
  }
  return describe(std::get<ParsedRecord>(r));
}

struct ParseDiffer {
  const ActorList& list;
  RecordOptions options;
  std::size_t checked = 0, failures = 0;
  // One record for every line, as the batch path parses: whatever a line
  // leaves in it (a decoded id, a null actor, a passthrough, a repaired
  // flag) must not show in the next line's record.
  ParsedRecord reused = {};

  void check(const std::string& line) {
    ++checked;
    const std::string ref = describe(parse_record_reference(line, list, options));
    const std::string fast = describe(parse_record(line, list, options));
    std::string into = fast;
    if (auto r = parse_record(line, list, options, reused); r)
      into = describe(reused);
    else if (auto e = parse_record(line, list, options); std::holds_alternative<ParsedRecord>(e))
      into = "false for a record";
    if ((fast != ref || into != ref) && ++failures <= 10)
      BOOST_ERROR("parse_record differs from the reference on [" << line << "]\n  fast: " << fast
                                                                 << "\n  into: " << into << "\n  ref:  " << ref);
  }
  // Every line with one byte inserted, replaced or removed at every place:
  // the quick scan's edges (quotes, escapes, separators, null, control bytes).
  void check_mutations(const std::string& line) {
    static const std::string alphabet = std::string("\"\\{}[],: \tnulx/bt0-\x01\x7f\xc3\xff") + '\0';
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i < line.size()) check(line.substr(0, i) + line.substr(i + 1));
      for (char c : alphabet) {
        check(line.substr(0, i) + c + line.substr(i));
        if (i < line.size()) check(line.substr(0, i) + c + line.substr(i + 1));
      }
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(quick_scan_matches_nlohmann_on_odd_lines) {
  ParseDiffer d{actors(), {}};
  for (const char* line : {
           R"({"id":"a","text":"good deal"})",
           R"(  {"id" : "a" ,	"text" :"x"}  )",
           R"({"text":"x","actor":null,"date":null,"lang":null,"id":null})",
           R"({"text":"x","actor":"yoon","date":"2023-03-06","lang":"ko","source":"wire","gold":"warm"})",
           R"({"text":"x","source":null,"gold":null})",
           R"({"gold":"g","source":"s","text":"x","kind":"other","note":null})",
           R"({"text":"esc \" \\ \/ \b \f \n \r \t end"})",
           R"({"text":"unicode \u00e9 \ud83d\ude00"})",
           R"({"text":"lone \ud800"})",
           R"({"text":"bad \x escape"})",
           R"({"te\"xt":"escaped key","text":"x"})",
           R"({"te\u0078t":"x"})",
           R"({"text":"a","text":"b"})",
           R"({"id":"a","id":"b","text":"x"})",
           R"({"kind":"a","kind":"b","text":"x"})",
           R"({"id":7,"text":"x"})",
           R"({"id":"x","text":"x","actor":"putin"})",
           R"({"id":"x","text":"x","actor":"Yoon"})",
           R"({"id":"x","text":"x","date":"2023-02-29"})",
           R"({"id":"x","text":"x","lang":""})",
           R"({"id":"x","text":""})",
           R"({"id":"x"})",
           R"({})",
           R"({"text":"x"} x)",
           R"({"text":"x",})",
           R"({"text":"x")",
           R"({"text":"x"}})",
           R"({"text":nul})",
           R"({"text":"x","a":nullnull})",
           R"({"text":"x","a":true})",
           R"({"text":"x","a":{"b":"c"}})",
           R"(["text","x"])",
           "{\"text\":\"tab\tinside\"}",
           "{\"text\":\"nul\0inside\"}",
           "{\"text\":\"bad \xff utf8\",\"id\":\"\xfe\"}",
           "\xef\xbb\xbf{\"text\":\"bom\"}",
           // bytes from 0x80 up in one field of a line otherwise ASCII: valid ones
           // are kept as they are, invalid ones repaired, wherever they stand
           "{\"text\":\"x\",\"id\":\"caf\xc3\xa9\"}",
           "{\"text\":\"x\",\"id\":\"caf\xc3\"}",
           "{\"text\":\"x\",\"note\":\"\xff\"}",
           "{\"text\":\"x\",\"k\xc3\xa9y\":\"v\"}",
           "{\"text\":\"x\",\"k\xe9y\":\"v\"}",
           "{\"text\":\"x\",\"source\":\"\xe2\x80\x9cq\xe2\x80\x9d\",\"gold\":\"\xc0\xaf\"}",
           "{\"text\":\"x\"}\xc3\xa9",
           "{\"text\":\"x\" \xc2\xa0}",
           // escaped passthrough values, decoded once into the record
           R"({"id":"a\/b","text":"x","source":"s\"q","gold":"g\n"})",
           // names that are not quite a record's keys, and keys at the line's end
           R"({"text":"x","ids":"y","i":"z","texts":"w","text ":"v","Text":"u","sourc":"t"})",
           R"({"text":"x","id")",
           R"({"text":"x","id")" "\"",
           R"({"text":"x","gold":"g")",
           R"({"gold":"g","text":"x"})",
       })
    d.check(line);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(quick_scan_matches_nlohmann_on_mutated_lines) {
  ParseDiffer d{actors(), {}};
  for (const char* line : {
           R"({"id": "k-1", "text": "A \"historic\" step.", "actor": "yoon", "date": "2023-03-16"})",
           R"({"text":"x","actor":null,"lang":"ko","source":"s","gold":null})",
           R"({"id":"a","text":"b\\c"})",
       })
    d.check_mutations(line);
  ParseDiffer allow{actors(), {}};
  allow.options.allow_new_actors = true;
  allow.check_mutations(R"({"id":"n","text":"t","actor":"new_one"})");
  BOOST_TEST_MESSAGE("mutated lines: " << d.checked + allow.checked);
  BOOST_TEST(d.failures + allow.failures == 0u);
}

// Why: the scan finds the first '"', '\\' or control byte sixteen bytes at a
// time and takes its place within the step from its two words' bits, and
// notes any byte from 0x80 up; every byte value at every offset within a
// step (and in the bytes after the last whole step of a line) must end or
// break a string exactly where nlohmann says, and be repaired as it says.
BOOST_AUTO_TEST_CASE(quick_scan_finds_every_byte_at_every_offset_in_a_word) {
  ParseDiffer d{actors(), {}};
  for (int c = 0; c < 256; ++c)
    for (std::size_t pad = 0; pad < 34; ++pad) {
      const std::string lead(pad, 'x'), byte(1, static_cast<char>(c));
      d.check("{\"text\":\"" + lead + byte + "\"}");                                      // near the line's end
      d.check("{\"text\":\"" + lead + byte + "yz\",\"id\":\"" + lead + "\"}");          // a word further on
      d.check("{\"id\":\"" + lead + "\\" + byte + lead + "\",\"text\":\"t" + byte + "\"}");  // after an escape
      d.check("{\"" + lead + byte + "\":\"k\",\"text\":\"" + lead + "\"}");              // in a key
    }
  BOOST_TEST(d.checked == 256u * 34u * 4u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(quick_scan_matches_nlohmann_on_corpora) {
  const auto& shipped = thaw::test::shipped();
  ParseDiffer d{shipped.actors, {}};
  std::vector<std::filesystem::path> files = thaw::test::corpus_statement_files();
#ifdef THAW_BENCH_SAMPLE
  files.emplace_back(THAW_BENCH_SAMPLE);
#endif
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " << file);
    std::string line;
    while (std::getline(in, line)) d.check(line);
  }
  BOOST_TEST(d.checked > 300u);
  BOOST_TEST(d.failures == 0u);
}
