// The fuzz targets' bodies, shared by the libFuzzer entry points (fuzz_*.cpp)
// and by tests/test_fuzz_regressions.cpp, which replays inputs that once
// crashed through exactly the same code.
//
// Each function takes arbitrary bytes, must never crash, hang or throw, and
// aborts (a crash libFuzzer reports) if an invariant of the result breaks.
// Lexicons come from THAW_SOURCE_LEXICON_DIR, loaded once per process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "thaw/actors.hpp"
#include "thaw/article.hpp"
#include "thaw/batch.hpp"
#include "thaw/error.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/result_json.hpp"
#include "thaw/scorer.hpp"
#include "thaw/tokenizer.hpp"
#include "thaw/tracker.hpp"

namespace thaw::fuzz {

#define THAW_FUZZ_CHECK(cond)                                                   \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                             \
    }                                                                           \
  } while (0)

struct Shipped {
  // With its stance model, so that the scoring targets run the model too.
  LexiconSet lexicons = load_lexicon_set(THAW_SOURCE_LEXICON_DIR, LexiconLoadOptions{true});
  ActorList actors = ActorList::load(lexicons.actors_file(), lexicons.info().language);
};

inline const Shipped& shipped() {
  static const Shipped s;
  return s;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The languages thaw documents; the first input byte picks one, so the CJK
// dictionary break iterators are fuzzed too.
inline std::string pick_language(std::string_view& text) {
  static const char* kLanguages[] = {"en", "ko", "ja", "zh"};
  if (text.empty()) return "en";
  const auto pick = static_cast<unsigned char>(text.front()) % 4;
  text.remove_prefix(1);
  return kLanguages[pick];
}

inline void check_tokens(const TokenizedText& t) {
  std::uint32_t previous_end = 0;
  for (const Token& tok : t.tokens) {
    THAW_FUZZ_CHECK(tok.start < tok.end && tok.end <= t.text.size());
    THAW_FUZZ_CHECK(tok.start >= previous_end);
    THAW_FUZZ_CHECK(tok.sentence < t.sentences.size());
    previous_end = tok.end;
  }
  for (const Sentence& s : t.sentences) {
    THAW_FUZZ_CHECK(s.start <= s.end && s.end <= t.text.size());
    THAW_FUZZ_CHECK(s.first_token <= s.end_token && s.end_token <= t.tokens.size());
  }
}

// Tokenizer: any bytes, in any of the four languages; the repaired text must
// be valid UTF-8 (repairing it again changes nothing) and tokens must be
// ordered spans inside it.
inline int tokenizer(const std::uint8_t* data, std::size_t size) {
  std::string_view text = as_text(data, size);
  const std::string language = pick_language(text);
  static std::vector<Tokenizer>* tokenizers = [] {
    auto* v = new std::vector<Tokenizer>;
    for (const char* l : {"en", "ko", "ja", "zh"}) v->emplace_back(l);
    return v;
  }();
  Tokenizer* tok = nullptr;
  for (auto& t : *tokenizers)
    if (t.language() == language) tok = &t;
  TokenizedText t = tok->tokenize(text);
  std::string again;
  THAW_FUZZ_CHECK(!repair_utf8(t.text, again) && again == t.text);
  check_tokens(t);
  (void)fold(text);
  return 0;
}

// Lexicon parser: the bytes as one lexicon file (or, by the first byte, a
// self-test (1), actor (2) or stance model (3) file). A bad file must be a LoadError, nothing else; a
// good one must then score text (the input itself) without trouble.
inline int lexicon(const std::uint8_t* data, std::size_t size) {
  std::string_view text = as_text(data, size);
  const unsigned char which = text.empty() ? 0 : static_cast<unsigned char>(text.front()) % 4;
  if (!text.empty()) text.remove_prefix(1);
  std::istringstream in{std::string(text)};
  try {
    if (which == 3) {  // a stance model file, then the bytes scored with it
      StanceModel model = StanceModel::load(in, "fuzz.tsv");
      Tokenizer tok("en");
      TokenizedText t = tok.tokenize(text);
      std::vector<bool> negated(t.tokens.size() / 2, true);
      StancePrediction p = model.predict(t, LexiconReading{0.5, 1.0, -0.5, true}, negated);
      THAW_FUZZ_CHECK(p.learned.size() <= kLearnedShown);
      for (const LearnedEvidence& l : p.learned) THAW_FUZZ_CHECK(l.first < l.last && l.last <= t.tokens.size());
      std::ostringstream out;
      model.write(out, {"fuzz"});
      return 0;
    }
    if (which == 2) {
      ActorList list = ActorList::parse(in, "fuzz.tsv");
      Tokenizer tok("en");
      TokenizedText t = tok.tokenize(text);
      for (std::size_t i = 0; i < t.tokens.size(); ++i)
        if (auto m = list.match_alias(t.tokens, i, t.tokens.size()))
          THAW_FUZZ_CHECK(m->actor < list.actors().size() && m->length >= 1);
      return 0;
    }
    LexiconSetBuilder builder(LexiconInfo{"fuzz", "0", "", "en"});
    if (which == 1) builder.add_selftests(in, "fuzz.tsv");
    else builder.add_lexicon(in, "fuzz.tsv");
    LexiconSet set = std::move(builder).build();
    Scorer scorer(set);
    Statement st;
    st.text.assign(text);
    ScoredStatement r = scorer.score(std::move(st));
    THAW_FUZZ_CHECK(r.score >= -1 && r.score <= 1);
    (void)to_json(r, set.info()).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } catch (const LoadError&) {
    // The contract: a bad lexicon line is a LoadError naming file and line.
  }
  return 0;
}

// The whole score path: the bytes as a statement's text (first byte: its
// language), through tokenizer, rules, attribution and the JSON output.
inline int score(const std::uint8_t* data, std::size_t size) {
  static Tracker* tracker = new Tracker(shipped().lexicons, shipped().actors);
  std::string_view text = as_text(data, size);
  ParsedRecord rec;
  rec.statement.lang = pick_language(text);
  rec.statement.text.assign(text);
  nlohmann::ordered_json j = tracker->score_record(std::move(rec));
  const double s = j.at("score").get<double>();
  THAW_FUZZ_CHECK(s >= -1 && s <= 1);
  for (const auto& e : j.at("evidence")) {
    const auto start = e.at("start").get<std::size_t>(), end = e.at("end").get<std::size_t>();
    THAW_FUZZ_CHECK(start < end && end <= j.at("text").get_ref<const std::string&>().size());
  }
  (void)j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return 0;
}

// The JSONL reader: the bytes as a batch file, split into lines the way the
// CLI splits them, scored by a one-thread BatchScorer (parse_record through
// Tracker::process_line, duplicate ids, report records). Every non-blank line
// must give exactly one output line.
inline int jsonl(const std::uint8_t* data, std::size_t size) {
  // A fresh scorer per input: it remembers ids to flag duplicates, and a crash
  // must reproduce from its input alone.
  BatchScorer scorer(shipped().lexicons, shipped().actors, {}, 1);
  std::string_view text = as_text(data, size);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<BatchLine> chunk;
  static const std::string kFile = "fuzz.jsonl";
  std::size_t number = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string line(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t\r\n\v\f") == std::string::npos) continue;
    chunk.push_back({std::move(line), number, &kFile});
  }
  std::vector<BatchResult> results = scorer.run(chunk);
  THAW_FUZZ_CHECK(results.size() == chunk.size());
  for (const BatchResult& r : results) {
    THAW_FUZZ_CHECK(!r.json.empty() && r.json.find('\n') == std::string::npos);
    THAW_FUZZ_CHECK(r.error != r.report.has_value());
  }
  return 0;
}

// The article splitter: the bytes as one article (first byte: whether to
// include narration). Statements must come in article order, numbered from
// 0 (narration separately), as spans inside the (repaired) article, each with a non-empty actor
// unless it is narration.
inline int article(const std::uint8_t* data, std::size_t size) {
  static ArticleExtractor* extractor = new ArticleExtractor(shipped().actors, shipped().lexicons);
  std::string_view text = as_text(data, size);
  ArticleOptions options;
  if (!text.empty()) {
    options.include_narration = (static_cast<unsigned char>(text.front()) & 1) != 0;
    text.remove_prefix(1);
  }
  std::string repaired;
  repair_utf8(text, repaired);
  const auto statements = extractor->extract(text, options);
  std::size_t previous_start = 0, spoken = 0, narration = 0;
  for (const ExtractedStatement& st : statements) {
    THAW_FUZZ_CHECK(st.start <= st.end && st.end <= repaired.size());
    THAW_FUZZ_CHECK(st.start >= previous_start);
    // Narration is numbered on its own.
    std::size_t& next = st.kind == StatementKind::Narration ? narration : spoken;
    THAW_FUZZ_CHECK(static_cast<std::size_t>(st.index) == next++);
    THAW_FUZZ_CHECK(st.kind == StatementKind::Narration || !st.actor.empty());
    previous_start = st.start;
  }
  return 0;
}

}  // namespace thaw::fuzz
