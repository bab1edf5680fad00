// The tokenizer's ASCII fast path against ICU, its reference: for every text,
// Tokenizer::tokenize must give exactly what Tokenizer::tokenize_reference
// (ICU's word and sentence iterators) gives — every token's span, kind,
// folded form, capitals flag and sentence, and every sentence's span.
//
// Texts: the test corpus, the bench corpus sample that ctest generates with
// bench/gen_corpus.py (or any JSONL given with `-- --corpus FILE`, which is how
// bench/run.sh checks the whole benchmark corpus), every short string over an
// alphabet with one character of each class the fast path treats apart,
// seeded random printable strings, and ICU's own abbreviation list in context.
#define BOOST_TEST_MODULE tokenizer_fastpath
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ascii_segmenter.hpp"
#include "thaw/tokenizer.hpp"

using namespace thaw;
namespace fs = std::filesystem;

namespace {

std::string describe(const TokenizedText& t) {
  std::ostringstream os;
  for (const Sentence& s : t.sentences)
    os << " S[" << s.start << "," << s.end << ")t" << s.first_token << "-" << s.end_token;
  for (const Token& k : t.tokens)
    os << " |" << t.span(k) << "|" << static_cast<int>(k.kind) << (k.all_caps ? "C" : "") << "s"
       << k.sentence << ">" << k.folded;
  return os.str();
}

// Compares the two paths over `texts`; reports the first few differences.
struct Differ {
  Tokenizer tk{"en"};
  std::size_t checked = 0, ascii = 0, failures = 0;

  void check(const std::string& text) {
    ++checked;
    ascii += detail::AsciiSegmenter::applies(text);
    TokenizedText fast = tk.tokenize(text);
    TokenizedText icu = tk.tokenize_reference(text);
    if (fast == icu) return;
    if (++failures <= 10)
      BOOST_ERROR("fast path differs from ICU on [" << text << "]\n  fast:" << describe(fast)
                                                    << "\n  icu: " << describe(icu));
  }
  void check_jsonl(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " << file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("text") && j["text"].is_string()) check(j["text"].get<std::string>());
    }
  }
};

// `-- --corpus FILE` adds a JSONL file to the corpus cases.
std::vector<fs::path> extra_corpora() {
  std::vector<fs::path> out;
  auto& mts = boost::unit_test::framework::master_test_suite();
  for (int i = 1; i + 1 < mts.argc; ++i)
    if (std::string(mts.argv[i]) == "--corpus") out.emplace_back(mts.argv[++i]);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fast_path_is_on_for_english) {
  // Without it every case below would compare ICU with itself.
  BOOST_TEST(Tokenizer("en").has_fast_path());
}

BOOST_AUTO_TEST_CASE(test_corpus_tokens_match_icu) {
  Differ d;
  for (const auto& entry : fs::directory_iterator(fs::path(THAW_CORPUS_DIR) / "statements"))
    if (entry.path().extension() == ".jsonl") d.check_jsonl(entry.path());
  BOOST_TEST_MESSAGE("corpus: " << d.checked << " texts, " << d.ascii << " on the fast path");
  BOOST_TEST(d.ascii > 0u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(bench_corpus_tokens_match_icu) {
  std::vector<fs::path> files = extra_corpora();
#ifdef THAW_BENCH_SAMPLE
  if (files.empty()) files.emplace_back(THAW_BENCH_SAMPLE);
#endif
  if (files.empty()) {
    BOOST_TEST_MESSAGE("no bench corpus sample (python3 not found at configure time): skipped");
    return;
  }
  Differ d;
  for (const auto& f : files) d.check_jsonl(f);
  BOOST_TEST_MESSAGE("bench corpus: " << d.checked << " texts, " << d.ascii << " on the fast path");
  BOOST_TEST(d.ascii > 0u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(every_short_string_matches_icu) {
  // One character of each class the fast path tells apart: letters of both
  // cases, a digit, '.', '\'', '"', ',', ';', ':', '_', ' ', '!', '?', '(',
  // ')', '-', a symbol, and '@' (a letter for ICU's word rules).
  const std::string alphabet = "aA1.'\",;:_ !?()-#@";
  Differ d;
  std::vector<std::size_t> idx;
  for (std::size_t len = 1; len <= 4; ++len) {
    idx.assign(len, 0);
    for (;;) {
      std::string s;
      for (auto k : idx) s += alphabet[k];
      d.check(s);
      std::size_t k = len;
      while (k > 0 && ++idx[k - 1] == alphabet.size()) idx[--k] = 0;
      if (k == 0) break;
    }
  }
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(random_printable_strings_match_icu) {
  std::mt19937 rng(20231);  // fixed: the same strings every run
  const std::string common = "aAbZ1 . ' , ; _ ? ! \" ( ) - : x y";
  Differ d;
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    const auto len = 1 + rng() % 48;
    for (unsigned k = 0; k < len; ++k)
      s += rng() % 2 ? common[rng() % common.size()] : static_cast<char>(0x20 + rng() % 95);
    d.check(s);
  }
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(icu_abbreviations_in_context_match_icu) {
  const auto abbreviations = detail::icu_sentence_suppressions("en");
  BOOST_TEST(!abbreviations.empty());
  const std::vector<std::string> before{"", "x ", "x", "(", "\"", "A "};
  const std::vector<std::string> after{" Next", " next", "  Next", ") Next", "\" Next", ", Next", " 5 Next",
                                       ". Next", "Next", "", " U.S. Next", " Ph.D. x"};
  Differ d;
  for (const auto& a : abbreviations)
    for (const auto& b : before)
      for (const auto& c : after) d.check(b + a + c);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(text_outside_printable_ascii_goes_to_icu) {
  // Tabs, newlines and any non-ASCII byte take the ICU path; the result is
  // ICU's by construction, checked here so a future fast path stays honest.
  Differ d;
  for (const char* s : {"Line one.\nLine two.", "a\tb", "Japan\xE2\x80\x99s deal", "\xFF bad byte. Next",
                        "Caf\xC3\xA9. Next", "\xEC\x9C\xA4\xEC\x84\x9D\xEC\x97\xB4 said yes."})
    d.check(s);
  BOOST_TEST(d.ascii == 0u);
  BOOST_TEST(d.failures == 0u);
}
