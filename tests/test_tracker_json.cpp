// Tracker::process_line_json (the batch hot path, which writes JSON text
// straight into a string) against Tracker::process_line (which builds an
// ordered_json, the reference): the same bytes for every line it scores, the
// same report record, and the right place for a "duplicate_id" flag.
#define BOOST_TEST_MODULE tracker_json
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <fstream>
#include <string>
#include <vector>

#include "shipped_lexicons.hpp"
#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/report.hpp"
#include "thaw/result_json.hpp"
#include "thaw/batch.hpp"
#include "thaw/tracker.hpp"

using namespace thaw;
namespace fs = std::filesystem;

namespace {

using thaw::test::shipped;

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string show(const std::optional<ReportRecord>& r) {
  if (!r) return "none";
  std::string s = std::to_string(r->score) + " " + std::string(to_string(r->label)) + " " +
                  r->actor.value_or("-") + " " + r->date.value_or("-");
  for (const auto& [term, c] : r->terms) s += " " + term + "=" + std::to_string(c);
  return s;
}

struct Differ {
  Tracker tracker{shipped().set, shipped().actors};
  std::size_t lines = 0, scored = 0, failures = 0;

  void check(const std::string& line) {
    ++lines;
    nlohmann::ordered_json ref = tracker.process_line(line, lines);
    std::string json;
    Tracker::LineResult fast = tracker.process_line_json(line, lines, json, true);
    if (ref.contains("error")) {
      if (!fast.error && ++failures <= 10) BOOST_ERROR("an error record was serialized: " << line);
      return;
    }
    ++scored;
    if (fast.error) {
      if (++failures <= 10) BOOST_ERROR("the fast path gave up on a scored line: " << line);
      return;
    }
    if (json != dump(ref) && ++failures <= 10)
      BOOST_ERROR("bytes differ for " << line << "\n  fast: " << json << "\n  ref:  " << dump(ref));
    if (show(fast.report) != show(report_record_from_json(ref)) && ++failures <= 10)
      BOOST_ERROR("report records differ for " << line);
    // What BatchScorer does to a duplicate id, both ways.
    std::optional<std::string> ref_id;
    if (auto it = ref.find("id"); it != ref.end() && it->is_string()) ref_id = it->get<std::string>();
    if (fast.id != ref_id && ++failures <= 10) BOOST_ERROR("ids differ for " << line);
    ref["flags"].push_back("duplicate_id");
    json.insert(fast.flags_end, std::string(fast.flags_empty ? "" : ",") + "\"duplicate_id\"");
    if (json != dump(ref) && ++failures <= 10) BOOST_ERROR("duplicate flag misplaced for " << line);
  }
  void check_jsonl(const fs::path& file, std::size_t limit) {
    std::ifstream in(file, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " << file);
    std::string line;
    for (std::size_t n = 0; n < limit && std::getline(in, line); ++n) check(line);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(corpus_lines_serialize_alike) {
  Differ d;
  for (const auto& file : thaw::test::corpus_statement_files()) d.check_jsonl(file, SIZE_MAX);
#ifdef THAW_BENCH_SAMPLE
  d.check_jsonl(THAW_BENCH_SAMPLE, SIZE_MAX);
#endif
  BOOST_TEST(d.scored > 300u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(odd_lines_serialize_alike) {
  // Escapes, control characters, non-ASCII, invalid UTF-8, integer ids,
  // passthrough of any JSON, numbers that print with exponents or ".0",
  // flags, attribution, and lines that are error records.
  Differ d;
  for (const char* line : {
           R"({"id": "a", "text": "A \"historic\" step\\forward\ttab\nnewline \u0001 \u00e9 \ud83d\ude00 new chapter."})",
           R"({"id": 42, "text": "Korea and Japan have opened a new chapter."})",
           R"({"id": -7, "text": "humiliating"})",
           R"({"text": "no id at all, a humiliating deal"})",
           R"({"id": "s", "text": "x", "source": {"url": "http://e/x?a=1&b=\"2\"", "n": [1, 2.5, 1e300, -0.0, true, null]}, "gold": {"label": "warm", "score": 2}})",
           R"({"id": "g", "text": "x", "gold": null, "source": "plain"})",
           R"({"id": "bad-utf8", "text": "a new chapter \xff\xfe in ties"})",
           "{\"id\": \"raw\", \"text\": \"caf\xc3\xa9 \xe2\x80\x9cnew chapter\xe2\x80\x9d \xe5\xb2\xb8\xe7\x94\xb0\"}",
           R"({"id": "sp", "text": "Kishida said the two countries would restore trust."})",
           R"({"id": "caps", "text": "This is a HUMILIATING deal! Is it a new chapter?"})",
           R"({"id": "d", "actor": "yoon", "date": "2023-03-06T10:00:00+09:00", "lang": "en", "text": "We welcome it."})",
           R"({"id": "e1", "actor": "putin", "text": "x"})",
           R"({"id": "e2", "text": 5})",
           R"({"id": "e3", "text": "x", "date": "2023-02-29"})",
           R"({"id": "e4", "text": )",
           R"([1, 2])",
           R"({"id": "long", "text": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa humiliating"})",
           R"({"id": "", "text": ""})",
       })
    d.check(line);
  BOOST_TEST(d.scored >= 12u);
  BOOST_TEST(d.failures == 0u);
}

// Why: the batch path tests ids of up to 16 bytes for escaping by itself
// (two words from both ends, or byte by byte under 8) before copying them;
// each kind of byte that needs nlohmann, or not, at each offset of each
// length must give the reference's bytes.
BOOST_AUTO_TEST_CASE(short_ids_serialize_alike) {
  Differ d;
  for (const std::string special : {"\\\"", "\\\\", "\\u0001", "\\t", "\\u007f", "\\u00e9", "/", "~"})
    for (std::size_t length = 1; length <= 18; ++length)
      for (std::size_t at = 0; at < length; ++at)
        d.check("{\"id\": \"" + std::string(at, 'i') + special + std::string(length - at - 1, 'd') +
                "\", \"text\": \"a humiliating deal\"}");
  BOOST_TEST(d.scored == 8u * (18u * 19u / 2u));
  BOOST_TEST(d.failures == 0u);
}

// Why: valid_utf8_copied_as_is says whether a record's text (and so every
// match cut from it) is written as it is; it tests 32 bytes a step with SSE2,
// then 16, then words and bytes. Any '"', '\\' or byte below 0x20, at any
// offset of any of those steps, must say no; every other byte (0x7F and
// UTF-8's bytes from 0x80 up included) must not.
BOOST_AUTO_TEST_CASE(valid_utf8_copied_as_is_finds_every_special_byte) {
  std::size_t failures = 0;
  for (std::size_t length = 0; length <= 70; ++length) {
    const std::string plain(length, 'x');
    if (!JsonAppender::valid_utf8_copied_as_is(plain) && ++failures <= 10)
      BOOST_ERROR(length << " plain bytes not copied as is");
    for (std::size_t at = 0; at < length; ++at)
      for (int c = 0; c < 256; ++c) {
        std::string s = plain;
        s[at] = static_cast<char>(c);
        const bool expected = !(c < 0x20 || c == '"' || c == '\\');
        if (JsonAppender::valid_utf8_copied_as_is(s) != expected && ++failures <= 10)
          BOOST_ERROR("byte " << c << " at " << at << " of " << length);
      }
  }
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(rounded_numbers_print_as_nlohmann_prints_them) {
  // JsonAppender writes k / 10000 itself for |k| <= 1,000,000 (what
  // round_output gives); every one of them must read as nlohmann writes it.
  std::string out;
  JsonAppender appender(out);
  std::size_t failures = 0;
  auto check = [&](double v) {
    out.clear();
    appender.number(v);
    const std::string ref = nlohmann::ordered_json(v).dump();
    if (out != ref && ++failures <= 10) BOOST_ERROR("number " << ref << " written as " << out);
  };
  for (std::int64_t k = -1'000'000; k <= 1'000'000; ++k) check(static_cast<double>(k) / 10000.0);
  // Values the direct path declines: they go to nlohmann and must still match.
  for (double v : {-0.0, 0.1 + 0.2, 100.0001, -250.5, 1e300, -1e-300, 1.0 / 3.0, 123456789.0,
                   std::nextafter(0.5, 1.0), std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity()})
    check(v);
  BOOST_TEST(failures == 0u);
}

// Why: rounded(v) rounds without std::round (a libm call per number); it
// must write what nlohmann writes for round_output(v), halfway cases and
// their neighbours, signs, zeros and values out of its range included.
BOOST_AUTO_TEST_CASE(rounding_on_the_way_prints_as_nlohmann_prints_round_output) {
  std::string out;
  JsonAppender appender(out);
  std::size_t checked = 0, failures = 0;
  auto check = [&](double v) {
    ++checked;
    out.clear();
    appender.rounded(v);
    char direct[JsonAppender::kMaxNumberBytes];
    const std::string written(direct, appender.write_rounded(v, direct));
    const std::string ref = nlohmann::ordered_json(round_output(v)).dump();
    if ((out != ref || written != ref) && ++failures <= 10)
      BOOST_ERROR("rounded " << std::hexfloat << v << std::defaultfloat << ": " << ref << " written as " << out);
  };
  for (std::int64_t k = -1'000'010; k <= 1'000'010; ++k) {
    const double exact = static_cast<double>(k) / 10000.0, half = (static_cast<double>(k) + 0.5) / 10000.0;
    for (double v : {exact, half, std::nextafter(half, 0.0), std::nextafter(half, 1e9), std::nextafter(half, -1e9),
                     std::nextafter(exact, 1e9), std::nextafter(exact, -1e9)})
      check(v);
  }
  std::uint64_t seed = 99;
  auto next = [&] { return (seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 11; };
  for (int n = 0; n < 200'000; ++n) check((static_cast<double>(next()) / 9007199254740992.0 - 0.5) * 250.0);
  for (double v : {0.0, -0.0, -0.00004, 0.00004, -0.00005, 0.00005, 99.99995, -99.99995, 100.00005, 1e300, -1e-300,
                   std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()})
    check(v);
  BOOST_TEST(checked > 14'000'000u);
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(valid_utf8_strings_print_as_nlohmann_prints_them) {
  // valid_utf8_string skips nlohmann's serializer for valid UTF-8 that has no
  // control character, '"' or '\\', multibyte characters included; it must
  // write what nlohmann writes (ensure_ascii off, replace) for every valid
  // string: here every code point class next to every byte the word test
  // looks at, at every offset within its 8-byte words, and random strings.
  std::string out;
  JsonAppender appender(out);
  std::size_t failures = 0;
  auto check = [&](const std::string& s) {
    out.clear();
    appender.valid_utf8_string(s);
    const std::string ref =
        nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (out != ref && ++failures <= 10) BOOST_ERROR("string of " << s.size() << " bytes written as " << out);
  };
  const std::vector<std::string> pieces{
      "a", " ", "\"", "\\", "/", "\x1f", "\x01", "\t", "\n", "\x7f", "~", "!", "#", "]",
      "\xC2\x80", "\xC3\xA9", "\xDF\xBF", "\xE2\x80\x99", "\xE2\x80\xA8", "\xE3\x80\x82", "\xEF\xBF\xBD",
      "\xED\x9F\xBF", "\xEE\x80\x80", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xEA\xB0\x80"};
  for (const auto& a : pieces)
    for (const auto& b : pieces)
      for (std::size_t pad = 0; pad < 18; ++pad) {  // every offset in both words of a 16-byte step
        check(std::string(pad, 'x') + a + b);
        check(a + std::string(pad, 'x') + b + std::string(17 - pad, 'y'));
      }
  std::uint64_t seed = 12345;
  auto next = [&] { return (seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (std::uint64_t len = next() % 40, k = 0; k < len; ++k) s += pieces[next() % pieces.size()];
    check(s);
  }
  BOOST_TEST(failures == 0u);
}

// Why: string() copies a string that needs no escaping as it is, after a
// word-at-a-time test for control bytes, '"', '\\' and (the text being of
// unknown validity) every byte from 0x80 up; each byte value at each offset
// within its words must give what nlohmann writes.
BOOST_AUTO_TEST_CASE(strings_print_as_nlohmann_prints_them) {
  std::string out;
  JsonAppender appender(out);
  std::size_t checked = 0, failures = 0;
  auto check = [&](const std::string& s) {
    ++checked;
    out.clear();
    appender.string(s);
    const std::string ref =
        nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (out != ref && ++failures <= 10) BOOST_ERROR("string of " << s.size() << " bytes written as " << out);
  };
  for (int c = 0; c < 256; ++c)
    for (std::size_t pad = 0; pad < 34; ++pad) {
      const std::string byte(1, static_cast<char>(c));
      check(std::string(pad, 'x') + byte);
      check(std::string(pad, 'x') + byte + std::string(33 - pad, 'y'));
    }
  BOOST_TEST(checked == 256u * 34u * 2u);
  BOOST_TEST(failures == 0u);
}

// Why: offsets are written from a two-digit table rather than by nlohmann;
// every value up to 100,000 and the edges above must read as nlohmann writes
// them.
BOOST_AUTO_TEST_CASE(unsigned_numbers_print_as_nlohmann_prints_them) {
  std::string out;
  JsonAppender appender(out);
  std::size_t failures = 0;
  auto check = [&](std::uint64_t v) {
    out.clear();
    appender.number(v);
    char direct[JsonAppender::kMaxNumberBytes];
    const std::string written(direct, JsonAppender::write_number(v, direct));
    const std::string ref = nlohmann::ordered_json(v).dump();
    if ((out != ref || written != ref) && ++failures <= 10) BOOST_ERROR("number " << ref << " written as " << out);
  };
  for (std::uint64_t v = 0; v <= 100'000; ++v) check(v);
  for (std::uint64_t v : {std::uint64_t{1} << 32, std::uint64_t{1'000'000'000'000}, ~std::uint64_t{0}}) check(v);
  BOOST_TEST(failures == 0u);
}

// Why: --model adds lexicon_score, lexicon_label, probabilities and learned,
// which the hot path writes itself; they must come out as the reference
// writes them. (Differ's tracker is bound to the default set, so the loop is
// spelled out here for the set loaded with its model.)
BOOST_AUTO_TEST_CASE(tune_lines_with_the_stance_model_serialize_alike) {
  LexiconLoadOptions opts;
  opts.stance_model = true;
  const LexiconSet set = load_lexicon_set(THAW_SOURCE_LEXICON_DIR, opts);
  BOOST_TEST_REQUIRE(set.stance_model() != nullptr);
  const ActorList actors = ActorList::load(set.actors_file(), set.info().language);
  Tracker tracker(set, actors);
  std::ifstream in(fs::path(THAW_CORPUS_DIR) / "statements" / "tune.jsonl", std::ios::binary);
  BOOST_TEST_REQUIRE(static_cast<bool>(in));
  std::size_t lines = 0, scored = 0, with_model = 0, failures = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    const nlohmann::ordered_json ref = tracker.process_line(line, lines);
    std::string json;
    const Tracker::LineResult fast = tracker.process_line_json(line, lines, json, true);
    if (ref.contains("error")) {
      if (!fast.error && ++failures <= 10) BOOST_ERROR("an error record was serialized: " << line);
      continue;
    }
    ++scored;
    with_model += ref.contains("probabilities") && ref.contains("learned");
    if (fast.error) {
      if (++failures <= 10) BOOST_ERROR("the fast path gave up on a scored line: " << line);
      continue;
    }
    if (json != dump(ref) && ++failures <= 10)
      BOOST_ERROR("bytes differ for " << line << "\n  fast: " << json << "\n  ref:  " << dump(ref));
    if (show(fast.report) != show(report_record_from_json(ref)) && ++failures <= 10)
      BOOST_ERROR("report records differ for " << line);
  }
  // Every line of tune.jsonl is a valid statement (corpus/verify.py), so each
  // one is scored, and with the model.
  BOOST_TEST(lines > 0u);
  BOOST_TEST(scored == lines);
  BOOST_TEST(with_model == scored);
  BOOST_TEST(failures == 0u);
}

// BatchScorer::run into one vector kept from chunk to chunk (what `thaw
// batch` does): a chunk after a longer one must leave nothing of it behind,
// neither records, nor error marks, nor report records.
BOOST_AUTO_TEST_CASE(batch_results_reused_across_chunks_match_fresh_ones) {
  auto chunk_of = [](const std::vector<std::string>& texts) {
    std::vector<BatchLine> chunk;
    for (std::size_t i = 0; i < texts.size(); ++i) chunk.push_back({texts[i], i + 1, nullptr});
    return chunk;
  };
  const auto first = chunk_of({
      R"({"id": "a", "text": "Seoul and Tokyo have opened a new chapter of trust and cooperation."})",
      R"({"id": "b", "text": "The opposition calls it a humiliating, submissive deal."})",
      R"({"id": "c", "text": "Kishida said the two countries would restore trust."})",
  });
  const auto second = chunk_of({
      R"({"id": "d", "text": 5})",  // an error record
      R"({"id": "a", "text": "A new chapter."})",  // "a" again: flagged duplicate_id
  });
  BatchScorer fresh(shipped().set, shipped().actors, {}, 1), reusing(shipped().set, shipped().actors, {}, 1);
  std::vector<BatchResult> results;
  for (const auto* chunk : {&first, &second}) {
    const std::vector<BatchResult> want = fresh.run(*chunk);
    reusing.run(*chunk, results);
    BOOST_TEST_REQUIRE(results.size() == chunk->size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      BOOST_TEST(results[i].json == want[i].json);
      BOOST_TEST(results[i].error == want[i].error);
      BOOST_TEST(results[i].report.has_value() == want[i].report.has_value());
    }
  }
  BOOST_TEST(results[0].error);
  BOOST_TEST(!results[0].report.has_value());
  BOOST_TEST(!results[1].error);
  BOOST_TEST(results[1].json.find("\"duplicate_id\"") != std::string::npos);
  BOOST_TEST(results[1].json.find("humiliating") == std::string::npos);  // nothing of chunk one's "b"
}

// BatchScorer's helper threads live for the whole batch and serve chunk after
// chunk: three jobs must give one job's results on every chunk, including a
// chunk of one line (fewer lines than helpers) and an empty one.
BOOST_AUTO_TEST_CASE(batch_helper_threads_serve_chunk_after_chunk_like_one_job) {
  std::vector<std::string> texts;
  std::ifstream in(thaw::test::corpus_statement_files().front(), std::ios::binary);
  for (std::string line; texts.size() < 300 && std::getline(in, line);) texts.push_back(line);
  BOOST_TEST_REQUIRE(texts.size() > 100u);
  auto chunk_of = [&](std::size_t begin, std::size_t end) {
    std::vector<BatchLine> chunk;
    for (std::size_t i = begin; i < end && i < texts.size(); ++i) chunk.push_back({texts[i], i + 1, nullptr});
    return chunk;
  };
  BatchScorer one(shipped().set, shipped().actors, {}, 1), three(shipped().set, shipped().actors, {}, 3);
  std::vector<BatchResult> a, b;
  std::size_t compared = 0;
  for (const auto& [begin, end] : std::vector<std::pair<std::size_t, std::size_t>>{
           {0, 100}, {100, 101}, {101, 101}, {101, 300}, {0, 50}}) {  // the last repeats ids: duplicates
    const auto chunk = chunk_of(begin, end);
    one.run(chunk, a);
    three.run(chunk, b);
    BOOST_TEST_REQUIRE(a.size() == chunk.size());
    BOOST_TEST_REQUIRE(b.size() == chunk.size());
    for (std::size_t i = 0; i < a.size(); ++i, ++compared) {
      BOOST_TEST(a[i].json == b[i].json);
      BOOST_TEST(a[i].error == b[i].error);
    }
  }
  BOOST_TEST(compared == texts.size() + 50);
  BOOST_TEST(b.back().json.find("\"duplicate_id\"") != std::string::npos);
}

// Why: the batch path writes an entry's weight from digits rendered beside
// its head (in the head's cache line) when both fit, and writes the number
// itself when they do not (long terms). Every shipped valence term, alone in
// a text, must give the reference's bytes either way, and both ways occur.
BOOST_AUTO_TEST_CASE(every_valence_entry_weight_serializes_alike) {
  Differ d;
  const TermTable& valence = shipped().set.table(LexiconKind::Valence);
  std::size_t long_terms = 0;
  for (std::size_t i = 0; i < valence.size(); ++i) {
    std::string term = valence.entries()[i].term;
    // A head is ,{"term":"T","match": (21 bytes and T); with the weight's
    // digits it must fit in 62 bytes.
    if (term.size() > 35) ++long_terms;
    std::erase(term, '*');  // a wildcard's prefix stands for a word it matches
    std::string text = "They said: ";
    text.append(term).append(".");
    nlohmann::ordered_json line{{"id", std::to_string(i)}, {"text", text}};
    d.check(line.dump());
  }
  BOOST_TEST(d.scored == valence.size());
  BOOST_TEST(long_terms > 0u);
  BOOST_TEST(d.failures == 0u);
}
