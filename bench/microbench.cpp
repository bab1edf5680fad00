// Google Benchmark micro-benchmarks for the parts of the hot path: the
// tokenizer (fast path and ICU), the lexicon lookup (numbered and by string),
// the scorer, and a whole JSONL line (direct JSON and the ordered_json
// reference). Texts: the test corpus, or the JSONL file named by
// $THAW_BENCH_CORPUS (bench/run.sh passes its generated corpus).
//
// usage: thaw_microbench [--benchmark_filter=REGEX] [--benchmark_min_time=0.2]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules.hpp"
#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/scorer.hpp"
#include "thaw/tokenizer.hpp"
#include "thaw/tracker.hpp"

namespace fs = std::filesystem;
using namespace thaw;

namespace {

struct Data {
  std::vector<std::string> lines;  // JSONL records
  std::vector<std::string> texts;  // their "text"
  std::size_t text_bytes = 0;
  LexiconSet set = load_lexicon_set(THAW_SOURCE_LEXICON_DIR);
  ActorList actors = ActorList::load(set.actors_file(), set.info().language);

  Data() {
    std::vector<fs::path> files;
    if (const char* f = std::getenv("THAW_BENCH_CORPUS"); f && *f) {
      files.emplace_back(f);
    } else {
      for (const auto& e : fs::directory_iterator(fs::path(THAW_CORPUS_DIR) / "statements"))
        if (e.path().extension() == ".jsonl") files.push_back(e.path());
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string line;
      // A sample is enough for stable per-item numbers and keeps start-up short.
      while (lines.size() < 20000 && std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) continue;
        lines.push_back(line);
        texts.push_back(j["text"].get<std::string>());
        text_bytes += texts.back().size();
      }
    }
  }
};
const Data& data() {
  static const Data d;
  return d;
}

// Runs `body(i)` over the texts, one text per iteration; reports texts/s and
// text bytes/s.
template <typename Body>
void over_texts(benchmark::State& state, Body body) {
  const Data& d = data();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    body(i);
    bytes += d.texts[i].size();
    if (++i == d.texts.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_TokenizeFastPath(benchmark::State& state) {
  Tokenizer tk("en");
  over_texts(state, [&](std::size_t i) { benchmark::DoNotOptimize(tk.tokenize(data().texts[i])); });
}
BENCHMARK(BM_TokenizeFastPath);

void BM_TokenizeIcuOnly(benchmark::State& state) {
  Tokenizer tk("en");
  over_texts(state, [&](std::size_t i) { benchmark::DoNotOptimize(tk.tokenize_reference(data().texts[i])); });
}
BENCHMARK(BM_TokenizeIcuOnly);

// Tokens are made once; the lookups below are timed alone.
struct Tokenized {
  std::vector<TokenizedText> texts;
  Tokenized() {
    Tokenizer tk("en");
    for (const auto& t : data().texts) texts.push_back(tk.tokenize(t));
  }
};
const Tokenized& tokenized() {
  static const Tokenized t;
  return t;
}

// Every table of the set at every token position, as find_terms asks.
void BM_LexiconLookupNumbered(benchmark::State& state) {
  const LexiconSet& set = data().set;
  TermKeys keys;
  over_texts(state, [&](std::size_t i) {
    const TokenizedText& tt = tokenized().texts[i];
    set.vocabulary().keys(tt.tokens, keys);
    for (const Sentence& s : tt.sentences)
      for (std::size_t t = s.first_token; t < s.end_token; ++t)
        for (int k = 0; k < kLexiconKindCount; ++k)
          benchmark::DoNotOptimize(set.table(static_cast<LexiconKind>(k)).longest_match(keys, t, s.end_token));
  });
}
BENCHMARK(BM_LexiconLookupNumbered);

void BM_LexiconLookupByString(benchmark::State& state) {
  const LexiconSet& set = data().set;
  over_texts(state, [&](std::size_t i) {
    const TokenizedText& tt = tokenized().texts[i];
    for (const Sentence& s : tt.sentences)
      for (std::size_t t = s.first_token; t < s.end_token; ++t)
        for (int k = 0; k < kLexiconKindCount; ++k)
          benchmark::DoNotOptimize(set.table(static_cast<LexiconKind>(k)).longest_match(tt.tokens, t, s.end_token));
  });
}
BENCHMARK(BM_LexiconLookupByString);

void BM_FindTerms(benchmark::State& state) {
  over_texts(state, [&](std::size_t i) {
    benchmark::DoNotOptimize(rules::find_terms(tokenized().texts[i], data().set));
  });
}
BENCHMARK(BM_FindTerms);

// Tokenize + every rule + evidence, as `thaw score` does per statement.
void BM_Scorer(benchmark::State& state) {
  Scorer scorer(data().set);
  over_texts(state, [&](std::size_t i) {
    Statement st;
    st.text = data().texts[i];
    benchmark::DoNotOptimize(scorer.score(std::move(st)));
  });
}
BENCHMARK(BM_Scorer);

// One JSONL line to one output line: parse, attribute, score, serialize.
void BM_LineToJsonDirect(benchmark::State& state) {
  Tracker tracker(data().set, data().actors, {});
  std::string json;
  over_texts(state, [&](std::size_t i) {
    benchmark::DoNotOptimize(tracker.process_line_json(data().lines[i], i + 1, json, false));
  });
}
BENCHMARK(BM_LineToJsonDirect);

void BM_LineToJsonViaOrderedJson(benchmark::State& state) {
  Tracker tracker(data().set, data().actors, {});
  over_texts(state, [&](std::size_t i) {
    benchmark::DoNotOptimize(tracker.process_line(data().lines[i], i + 1).dump());
  });
}
BENCHMARK(BM_LineToJsonViaOrderedJson);

}  // namespace

BENCHMARK_MAIN();
