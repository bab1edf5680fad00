// The tokenizer's ASCII fast path against ICU, its reference: for every text,
// Tokenizer::tokenize must give exactly what Tokenizer::tokenize_reference
// (ICU's word and sentence iterators) gives — every token's span, kind,
// folded form, capitals flag and sentence, and every sentence's span.
//
// Texts: the test corpus, the bench corpus sample that ctest generates with
// bench/gen_corpus.py (or any JSONL given with `-- --corpus FILE`, which is how
// bench/run.sh checks the whole benchmark corpus), every short string over an
// alphabet with one character of each class the fast path treats apart,
// seeded random printable strings, and ICU's own abbreviation list in context;
// then the same over the Latin path's alphabet: printable ASCII and every
// character of detail::latin_whitelist().
#define BOOST_TEST_MODULE tokenizer_fastpath
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

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

std::string utf8(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

// Compares the two paths over `texts`; reports the first few differences.
// `ascii` and `latin` count the texts each fast path took.
struct Differ {
  Tokenizer tk{"en"};
  detail::LatinText probe;
  std::size_t checked = 0, ascii = 0, latin = 0, failures = 0;

  void check(const std::string& text) {
    ++checked;
    const bool is_ascii = detail::AsciiSegmenter::applies(text);
    ascii += is_ascii;
    latin += !is_ascii && probe.assign(text);
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
  BOOST_TEST_MESSAGE("corpus: " << d.checked << " texts, " << d.ascii << " on the ASCII fast path, " << d.latin
                                 << " on the Latin one");
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
  BOOST_TEST_MESSAGE("bench corpus: " << d.checked << " texts, " << d.ascii << " on the ASCII fast path, "
                                       << d.latin << " on the Latin one, " << d.tk.path_counts().mixed
                                       << " with their other words sent to ICU one by one");
  BOOST_TEST(d.ascii > 0u);
  BOOST_TEST(d.latin > 0u);  // gen_corpus.py puts curly quotes, dashes and accents in ~7% of lines
  BOOST_TEST(d.tk.path_counts().mixed > 0u);  // and Korean, Japanese or Chinese in ~3%
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

BOOST_AUTO_TEST_CASE(text_outside_the_fast_paths_goes_to_icu) {
  // Tabs, newlines, invalid UTF-8 and any non-ASCII character off the
  // whitelist take the ICU path; the result is ICU's by construction, checked
  // here so a future fast path stays honest. Each one is next to the
  // whitelisted "é" so that only it can be what sends the text to ICU.
  Differ d;
  for (const char* s : {"Line one.\nLine two. Caf\xC3\xA9", "a\tb caf\xC3\xA9", "\xFF bad byte. Caf\xC3\xA9",
                        "Caf\xC3\xA9\xE2\x80", "\xEC\x9C\xA4\xEC\x84\x9D\xEC\x97\xB4 said yes. Caf\xC3\xA9",
                        "Cafe\xCC\x81 (e and a combining acute: Extend)", "non\xC2\xA0" "breaking space, caf\xC3\xA9",
                        "soft\xC2\xAD" "hyphen caf\xC3\xA9", "2\xC3\x97" "3 caf\xC3\xA9", "\xC2\xA9 2024 caf\xC3\xA9",
                        "one\xE2\x80\xA4" "dot leader caf\xC3\xA9", "low quote \xE2\x80\x9E" "caf\xC3\xA9",
                        "\xC6\x80 (U+0180) caf\xC3\xA9", "\xF0\x9F\x91\x8D caf\xC3\xA9", "caf\xC3\xA9\x7F"}) {
    BOOST_TEST(!d.probe.assign(s), s);
    d.check(s);
  }
  BOOST_TEST(d.ascii == 0u);
  BOOST_TEST(d.latin == 0u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(ascii_path_takes_exactly_printable_ascii) {
  // The ASCII path tests its text and lowers it in one pass, eight bytes at a
  // time; the texts it takes must be exactly those AsciiSegmenter::applies
  // accepts (0x20..0x7E), whatever byte falls wherever in a word or in the
  // tail, and what it takes must still give ICU's tokens.
  Differ d;
  const std::string base = "Ab cD. eF! gH? iJ";
  for (std::size_t len = 1; len <= base.size(); ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = base.substr(0, len);
        text[at] = static_cast<char>(byte);
        const auto before = d.tk.path_counts().ascii;
        d.check(text);
        BOOST_TEST((d.tk.path_counts().ascii - before) == (byte >= 0x20 && byte <= 0x7E ? 1u : 0u),
                   "byte " << byte << " at " << at << " of " << len);
      }
  BOOST_TEST(d.failures == 0u);
}

// ---- the Latin path ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(latin_whitelist_is_accepted_whole) {
  // Every whitelisted character is accepted alone: none was dropped because
  // ICU's properties gave it a class the segmenter does not handle (which
  // would be safe, but would quietly send its texts back to ICU). The
  // classes it relies on, worked out from UAX #29: letters are ALetter and
  // Upper or Lower; ’ ‘ MidNumLet and Close; “ ” « » Other and Close; – —
  // Other and SContinue; … £ ¥ € ½ Other and Other.
  detail::LatinText t;
  for (char32_t c : detail::latin_whitelist()) {
    const auto cp = static_cast<UChar32>(c);
    BOOST_TEST(t.assign(utf8(c)), "U+" << std::hex << static_cast<int>(c));
    const int wb = u_getIntPropertyValue(cp, UCHAR_WORD_BREAK), sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
    if (u_isalpha(cp)) {
      BOOST_TEST(wb == U_WB_ALETTER);
      BOOST_TEST((sb == U_SB_UPPER || sb == U_SB_LOWER));
    } else if (c == U'\u2018' || c == U'\u2019') {
      BOOST_TEST(wb == U_WB_MIDNUMLET);
      BOOST_TEST(sb == U_SB_CLOSE);
    } else if (c == U'\u201C' || c == U'\u201D' || c == U'\u00AB' || c == U'\u00BB') {
      BOOST_TEST(wb == U_WB_OTHER);
      BOOST_TEST(sb == U_SB_CLOSE);
    } else if (c == U'\u2013' || c == U'\u2014') {
      BOOST_TEST(wb == U_WB_OTHER);
      BOOST_TEST(sb == U_SB_SCONTINUE);
    } else {
      BOOST_TEST(wb == U_WB_OTHER, "U+" << std::hex << static_cast<int>(c));
      BOOST_TEST(sb == U_SB_OTHER, "U+" << std::hex << static_cast<int>(c));
    }
  }
  // 190 letters (U+00C0-U+017F but × and ÷) and 13 marks and signs.
  BOOST_TEST(detail::latin_whitelist().size() == 203u);
}

BOOST_AUTO_TEST_CASE(latin_text_keeps_byte_offsets) {
  // "Caf" 3 bytes, "é" 2 bytes (C3 A9), " " 1, "’" 3 (E2 80 99), "x" 1.
  detail::LatinText t;
  BOOST_REQUIRE(t.assign("Caf\xC3\xA9 \xE2\x80\x99x"));
  BOOST_TEST(t.size() == 7u);
  BOOST_TEST(t.offsets == (std::vector<std::uint32_t>{0, 1, 2, 3, 5, 6, 9, 10}), boost::test_tools::per_element());
  BOOST_TEST(static_cast<int>(t.units[3]) == 0xE9);
  BOOST_TEST(static_cast<int>(t.units[5]) == 0x2019);
}

// Past LatinText::kMaxBytes a text is not decoded (it goes to ICU), so a
// whole article does not leave megabytes of decoding arrays per tokenizer;
// at the limit it still is. The tokens are ICU's either way.
BOOST_AUTO_TEST_CASE(latin_text_past_the_size_limit_goes_to_icu_with_the_same_tokens) {
  const std::string unit = "Caf\xC3\xA9 \xE2\x80\x9Cnew chapter\xE2\x80\x9D. ";  // 24 bytes
  std::string at_limit;
  while (at_limit.size() + unit.size() <= detail::LatinText::kMaxBytes) at_limit += unit;
  at_limit.resize(detail::LatinText::kMaxBytes, 'x');
  detail::LatinText t;
  BOOST_TEST(t.assign(at_limit));
  const std::string past = at_limit + "y";
  BOOST_TEST(!t.assign(past));
  Tokenizer tk("en");
  for (const std::string* text : {static_cast<const std::string*>(&at_limit), &past})
    BOOST_TEST((tk.tokenize(*text) == tk.tokenize_reference(*text)), "text of " << text->size() << " bytes");
}

// The non-ASCII characters every Latin test below mixes in.
std::vector<std::string> whitelisted() {
  std::vector<std::string> out;
  for (char32_t c : detail::latin_whitelist()) out.push_back(utf8(c));
  return out;
}

BOOST_AUTO_TEST_CASE(every_short_latin_string_matches_icu) {
  // One character of each class the fast path tells apart, ASCII as above
  // (fewer symbols) plus one non-ASCII character of each whitelisted kind:
  // upper- and lower-case letters, ’ (MidNumLet, Close), “ (Close), – (SContinue),
  // … (Other punctuation) and € (a symbol). Strings up to three characters.
  const std::vector<std::string> alphabet{"a", "A", "1", ".", "'", "\"", ",", ";", ":", "_", " ", "!", "?", "(", "-",
                                          "#", "@", "\xC3\xA9", "\xC3\x89", "\xE2\x80\x99", "\xE2\x80\x9C",
                                          "\xE2\x80\x93", "\xE2\x80\xA6", "\xE2\x82\xAC"};
  Differ d;
  for (const auto& x : alphabet)
    for (const auto& y : alphabet) {
      d.check(x + y);
      for (const auto& z : alphabet) d.check(x + y + z);
    }
  BOOST_TEST(d.latin > 0u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(every_whitelisted_character_in_context_matches_icu) {
  // Each whitelisted character in every place where its classes decide a
  // boundary: inside words and numbers, after a full stop with and without
  // closing marks and spaces, before a capital and a small letter, at either
  // end of the text.
  const std::vector<std::string> contexts{"a#b", "1#2", "#", "x.# Next", "x. # next", "x.#Next", "x.#next", "Yes#. Next",
                                          "# Next", "a #. b", "U.S.# Next", "Mr. # Next", "\"#.\" Next", "x.# \"Next",
                                          "a.#.b", "AB #CD #", "##", "1#a a#1"};
  Differ d;
  for (const auto& ch : whitelisted())
    for (const auto& ctx : contexts) {
      std::string s;
      for (char c : ctx) s += c == '#' ? ch : std::string(1, c);
      d.check(s);
    }
  BOOST_TEST(d.latin == d.checked);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(random_latin_strings_match_icu) {
  // ASCII letters, digits, punctuation and spaces as in the ASCII random
  // test, and every whitelisted character (both cases of every letter are in
  // the list). Seeded: the same strings every run.
  std::mt19937 rng(20240);
  const std::string common = "aAbZ1 . ' , ; _ ? ! \" ( ) - : x y";
  const auto extra = whitelisted();
  // The characters the sentence and word rules single out, drawn more often
  // than one of 190 letters would be.
  const std::vector<std::string> marks{"\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                       "\xC2\xAB",     "\xC2\xBB",     "\xE2\x80\x93", "\xE2\x80\x94",
                                       "\xE2\x80\xA6", "\xC3\xA9",     "\xC3\x89"};
  Differ d;
  for (int i = 0; i < 30000; ++i) {
    std::string s;
    const auto len = 1 + rng() % 48;
    for (unsigned k = 0; k < len; ++k) {
      switch (rng() % 4) {
        case 0: s += common[rng() % common.size()]; break;
        case 1: s += static_cast<char>(0x20 + rng() % 95); break;
        case 2: s += extra[rng() % extra.size()]; break;
        default: s += marks[rng() % marks.size()]; break;
      }
    }
    d.check(s);
  }
  BOOST_TEST(d.latin > 25000u);  // all but the few strings that came out pure ASCII
  BOOST_TEST(d.failures == 0u);
}

// ---- Latin text with other characters in it --------------------------------

BOOST_AUTO_TEST_CASE(mixed_texts_worked_out_by_hand_match_icu) {
  // ICU reads only the words holding a character the Latin path rejects.
  // Where they meet: a rejected character first, last, alone, inside a word,
  // before and after spaces and runs of spaces; an Extend mark right after a
  // space (ICU joins it to the space, so the space run is no boundary: the
  // text goes to ICU whole); a tab, a newline and a no-break space as
  // separators; CJK, Hangul and emoji runs; a sentence that ends inside one.
  const std::vector<std::string> texts{
      "\xE6\x97\xA5\xE9\x9F\x93 summit",                                // 日韓 summit
      "the summit \xE6\x97\xA5\xE9\x9F\x93",                            // ... 日韓
      "Yoon\xEB\x8A\x94 said yes. Next",                                // Yoon는
      "a \xF0\x9F\x91\x8D b  \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD  c",      // 👍, 👍🏽 (a modifier: Extend)
      "Caf\xC3\xA9 \xCC\x81" "acute after a space",                     // é, then U+0301 after a space
      "one\ttwo three\nfour. Five",                                     // a tab and a newline
      "non\xC2\xA0" "breaking, Japan\xE2\x80\x99s \xED\x95\x9C\xEA\xB5\xAD.",  // U+00A0, ’, 한국
      "He said \xE3\x80\x8C\xE6\xAD\xB4\xE5\x8F\xB2\xE3\x80\x8D. Then it's over!",  // 「歴史」
      "U.S. \xE7\xBE\x8E\xE5\x9B\xBD officials. Mr. Kim \xEA\xB9\x80 spoke",      // 美国, 김
      "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\xF0\x9F\x87\xB0\xF0\x9F\x87\xB7 flags",  // 🇯🇵🇰🇷
      "x\xE2\x80\x8D y zero-width joiner",                              // U+200D
      "1\xEF\xBC\x8C" "000 fullwidth comma",                            // U+FF0C
      "   \xE4\xB8\xAD   ",                                             // 中 between runs of spaces
  };
  Differ d;
  for (const auto& t : texts) {
    BOOST_TEST(!d.probe.assign(t), t);
    d.check(t);
  }
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(mixed_text_takes_the_mixed_path_unless_icu_disagrees) {
  // The same tokens either way, so only the counts show which path ran: a
  // Korean word in English text is read by ICU alone; a combining mark right
  // after a space makes ICU join it to the space (no boundary where the spans
  // would meet), so that text goes to ICU whole; invalid UTF-8 too.
  Tokenizer tk("en");
  const Tokenizer::PathCounts before = tk.path_counts();
  tk.tokenize("Yoon said \xEB\x8C\x80\xED\x86\xB5\xEB\xA0\xB9 would visit Tokyo.");
  BOOST_TEST(tk.path_counts().mixed == before.mixed + 1);
  BOOST_TEST(tk.path_counts().icu == before.icu);
  tk.tokenize("Caf\xC3\xA9 \xCC\x81" "acute after a space");
  BOOST_TEST(tk.path_counts().mixed == before.mixed + 1);
  BOOST_TEST(tk.path_counts().icu == before.icu + 1);
  tk.tokenize("bad \xFF byte \xE6\x97\xA5");
  BOOST_TEST(tk.path_counts().icu == before.icu + 2);
  tk.tokenize("plain text");
  tk.tokenize("caf\xC3\xA9 text");
  BOOST_TEST(tk.path_counts().ascii == before.ascii + 1);
  BOOST_TEST(tk.path_counts().latin == before.latin + 1);
}

BOOST_AUTO_TEST_CASE(random_mixed_strings_match_icu) {
  // Latin text as in the test above with, one time in five, a character the
  // Latin path rejects: ideographs, kana, Hangul, emoji and their modifiers,
  // combining marks, format characters, controls and other spaces.
  std::mt19937 rng(20241);
  const std::string common = "aAbZ1 . ' , ; _ ? ! \" ( ) - : x y";
  const std::vector<std::string> latin{"\xC3\xA9", "\xC3\x89", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x94",
                                       "\xE2\x80\xA6"};
  const std::vector<std::string> other{
      "\xE6\x97\xA5", "\xE9\x9F\x93", "\xE3\x81\x8B", "\xE3\x82\xAB", "\xED\x95\x9C", "\xEA\xB5\xAD",
      "\xF0\x9F\x91\x8D", "\xF0\x9F\x8F\xBD", "\xF0\x9F\x87\xAF", "\xEF\xB8\x8F", "\xCC\x81", "\xE2\x80\x8D",
      "\xC2\xAD", "\t", "\n", "\xC2\xA0", "\xE3\x80\x80", "\xE3\x80\x82", "\xEF\xBC\x81", "\xD7\x90"};
  Differ d;
  for (int i = 0; i < 30000; ++i) {
    std::string s;
    const auto len = 1 + rng() % 40;
    for (unsigned k = 0; k < len; ++k) {
      const unsigned pick = rng() % 10;
      if (pick < 2) s += other[rng() % other.size()];
      else if (pick < 3) s += latin[rng() % latin.size()];
      else if (pick < 4) s += static_cast<char>(0x20 + rng() % 95);
      else s += common[rng() % common.size()];
    }
    d.check(s);
  }
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(icu_abbreviations_in_latin_context_match_icu) {
  // ICU's abbreviation filter walks back over characters: curly quotes,
  // guillemets, dashes and accented letters right before or after an
  // abbreviation must neither match it nor hide it.
  const auto abbreviations = detail::icu_sentence_suppressions("en");
  const std::vector<std::string> before{"\xE2\x80\x9C", "\xC2\xAB", "\xC3\xA9", "\xC3\xA9 ", "\xE2\x80\x94 "};
  const std::vector<std::string> after{"\xE2\x80\x9D Next", "\xE2\x80\x99 next", "\xC2\xBB Next",
                                       " \xE2\x80\x94 next", " \xC3\x89mile", " \xC3\xA9mile",
                                       "\xE2\x80\xA6 Next", " \xE2\x80\x9CNext"};
  Differ d;
  for (const auto& a : abbreviations)
    for (const auto& b : before)
      for (const auto& c : after) d.check(b + a + c);
  BOOST_TEST(d.latin == d.checked);
  BOOST_TEST(d.failures == 0u);
}
