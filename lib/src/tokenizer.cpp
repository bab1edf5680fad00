#include "thaw/tokenizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <bit>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>

#include "ascii_segmenter.hpp"
#include "ascii_words.hpp"
#include "thaw/error.hpp"

namespace thaw {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kRightSingleQuote = "\xE2\x80\x99";  // U+2019

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || n == nullptr)
    throw Error(std::string("ICU: cannot load NFKC_Casefold data: ") + u_errorName(status));
  return *n;
}

// Replace U+2019 by an ASCII apostrophe so "Japan’s" and "Japan's" fold alike.
// Built in one pass: replacing in place shifted the rest of the string once per
// mark, quadratic on one long "word" full of them (ICU keeps a’a’a’… together).
void straighten_apostrophes(std::string& s) {
  std::size_t pos = s.find(kRightSingleQuote);
  if (pos == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  std::size_t from = 0;
  for (; pos != std::string::npos; pos = s.find(kRightSingleQuote, from)) {
    out.append(s, from, pos - from).push_back('\'');
    from = pos + kRightSingleQuote.size();
  }
  out.append(s, from, std::string::npos);
  s = std::move(out);
}

// `s` must be valid UTF-8.
std::string fold_valid(std::string_view s) {
  std::string out;
  if (is_ascii(s)) {
    // For ASCII, NFKC_Casefold is exactly lower-casing A-Z.
    out.assign(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  nfkc_casefold().normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())),
                                sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(s);
  straighten_apostrophes(out);
  return out;
}

// Two or more letters and no lower-case letter: shouting, as in "NEVER".
bool is_all_caps(std::string_view s) {
  int letters = 0;
  int32_t i = 0;
  const auto n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    if (u_islower(c)) return false;
    if (u_isUAlphabetic(c)) {
      if (!u_isupper(c)) return false;  // uncased letters (CJK) are not caps
      ++letters;
    }
  }
  return letters >= 2;
}

icu::Locale sentence_locale(const std::string& language) {
  // "ss=standard" turns on ICU's abbreviation suppressions ("U.S.", "Dr.", "Mr.")
  // so that they do not end a sentence.
  return icu::Locale::createFromName((language + "@ss=standard").c_str());
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

}  // namespace

bool repair_utf8(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  if (in.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
    throw Error("text longer than 2 GiB");
  const auto n = static_cast<int32_t>(in.size());
  bool replaced = false;
  int32_t i = 0;
  int32_t run_start = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most text is mostly ASCII.
    if (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t before = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out.append(in.substr(run_start, before - run_start));
      out.append(kReplacementChar);
      run_start = i;
      replaced = true;
    }
  }
  out.append(in.substr(run_start));
  return replaced;
}

std::string fold(std::string_view utf8) {
  std::string repaired;
  repair_utf8(utf8, repaired);
  return fold_valid(repaired);
}

struct Tokenizer::Impl {
  std::string language;
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<icu::BreakIterator> sentences;
  std::unique_ptr<UText, UTextCloser> utext;  // reused: utext_openUTF8 refills it
  std::shared_ptr<const detail::AsciiSegmenter> fast;  // null: ICU for every text
  std::vector<detail::AsciiSegmenter::Segment> segments;  // scratch for the fast path
  std::vector<std::uint32_t> sentence_ends;
  std::vector<std::uint32_t> first_tokens;  // scratch for SentenceStamper
  detail::LatinText latin;  // scratch: the decoded text on the Latin fast path
  // Scratch, by token: where a folded form was stored (set_folded_views).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stored_folds;
  PathCounts counts;

  // All fill `out`, reusing its vectors' storage. tokenize_latin needs
  // `latin` to hold `utf8` decoded.
  void tokenize_icu(std::string_view utf8, TokenizedText& out);
  // tokenize_ascii needs out.folded_storage to hold `ascii` with A-Z lowered.
  void tokenize_ascii(std::string_view ascii, TokenizedText& out);
  void tokenize_latin(std::string_view utf8, TokenizedText& out);
  // Latin text with other characters in it (a Korean name, a Japanese
  // quotation, an emoji): `rejected` is the byte offset of the first
  // character the Latin path does not take.
  void tokenize_mixed(std::string_view utf8, TokenizedText& out, std::size_t rejected);
  // For tokenize_mixed: appends to `segments` the word segments of
  // text[begin, end), found by the fast path or by the ICU word iterator
  // (set to the text), with offsets into the whole text. icu_words returns
  // false if ICU has no boundary at `begin` or `end`.
  void fast_words(std::string_view text, std::size_t begin, std::size_t end);
  bool icu_words(std::string_view text, std::size_t begin, std::size_t end);
  // The tokens and sentences of out.text from `segments` and `sentence_ends`.
  void build_tokens(TokenizedText& out);
  // The fast path if it applies to the text (filling `latin` for Latin
  // text), else ICU.
  void tokenize_any(std::string_view utf8, TokenizedText& out);
  void init_fast_path();
};

namespace {

// Whether ICU calls an ASCII character punctuation, looked up once.
struct AsciiPunct {
  bool punct[128];
  AsciiPunct() {
    for (int c = 0; c < 128; ++c) punct[c] = u_ispunct(c);
  }
};
// At namespace scope, not a function's static: its address is then a
// constant in the ASCII path's loop, which has no register to spare for it
// (600.5M -> 597.3M instructions in 20,000 bench statements).
const AsciiPunct kAsciiPunct;
const AsciiPunct& ascii_punct() { return kAsciiPunct; }

// Lower-cases the A-Z bytes of eight bytes of text (zero bytes stand for
// none). For each byte with its high bit cleared, c + (0x80 - 'A') has its
// high bit set iff c >= 'A', and cannot carry into the next byte since
// c < 0x80; likewise for the other bounds. Bytes of 0x80 and above (parts of
// UTF-8 sequences) are neither upper nor lower case here and stay as they are.
struct LowerAscii8 {
  std::uint64_t lowered;
  std::uint64_t upper;  // 0x80 in each byte that was A-Z
  std::uint64_t lower;  // 0x80 in each byte that is a-z
};
LowerAscii8 lower_ascii8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const std::uint64_t ascii = ~w & kHigh;  // 0x80 in each byte below 0x80
  const std::uint64_t x = w & ~kHigh;
  const std::uint64_t ge_A = (x + kOnes * (0x80 - 'A')) & kHigh;
  const std::uint64_t gt_Z = (x + kOnes * (0x80 - 'Z' - 1)) & kHigh;
  const std::uint64_t ge_a = (x + kOnes * (0x80 - 'a')) & kHigh;
  const std::uint64_t gt_z = (x + kOnes * (0x80 - 'z' - 1)) & kHigh;
  const std::uint64_t upper = ge_A & ~gt_Z & ascii;
  return {w | (upper >> 2), upper, ge_a & ~gt_z & ascii};
}

// `text` with A-Z lowered and every other byte as it is, into `out` (resized
// to text.size()): an ASCII token's folded form is its span of this, so no
// token builds a string of its own. Eight bytes at a time.
void lower_ascii_into(std::string_view text, std::vector<char>& out) {
  out.resize(text.size());
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    w = lower_ascii8(w).lowered;
    std::memcpy(out.data() + i, &w, 8);
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out[i] = static_cast<char>(static_cast<unsigned>(c - 'A') < 26u ? c | 0x20 : c);
  }
}

// AsciiSegmenter::applies and lower_ascii_into in one pass, since the ASCII
// path needs both: true if every byte of `text` is printable ASCII, and then
// `out` holds the text with A-Z lowered; false (and `out` unspecified)
// otherwise. `out` is only resized, not cleared first, so that its bytes are
// not zero-filled for every text. Two passes were 2.9M more instructions in
// 20,000 bench statements (603.4M -> 600.5M).
bool lower_printable_ascii(std::string_view text, std::vector<char>& out) {
  out.resize(text.size());
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighs;
    const std::uint64_t del_or_high = ((w + kOnes * 0x01) | w) & kHighs;  // 0x7F + 1 sets the high bit
    if (below_space | del_or_high) return false;
    // Every byte is 0x20..0x7E here, so no sum below carries into the next byte.
    const std::uint64_t upper = (w + kOnes * (0x80 - 'A')) & ~(w + kOnes * (0x80 - 'Z' - 1)) & kHighs;
    w |= upper >> 2;
    std::memcpy(out.data() + i, &w, 8);
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c > 0x7E) return false;
    out[i] = static_cast<char>(static_cast<unsigned>(c - 'A') < 26u ? c | 0x20 : c);
  }
  return true;
}

// Whether the ASCII span [start, end) of `text` is two or more letters with
// no lower-case one: is_all_caps for ASCII, from byte tests.
bool ascii_all_caps(std::string_view text, std::uint32_t start, std::uint32_t end) {
  const std::size_t len = end - start;
  const char* src = text.data() + start;
  if (std::endian::native == std::endian::little && len <= 8 && start + 8 <= text.size()) {
    // The 8 bytes at the token's start lie within the text; the bytes past
    // the token are masked off.
    std::uint64_t word;
    std::memcpy(&word, src, 8);
    const std::uint64_t keep = len == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * len)) - 1;
    const LowerAscii8 l = lower_ascii8(word & keep);
    // Only "two or more" counts, which clearing the lowest bit tells:
    // std::popcount is a libgcc call in a build without -mpopcnt.
    return l.lower == 0 && l.upper != 0 && (l.upper & (l.upper - 1)) != 0;
  }
  unsigned upper = 0;
  for (std::size_t k = 0; k < len; ++k) {
    const auto c = static_cast<unsigned char>(src[k]);
    if (static_cast<unsigned>(c - 'a') < 26u) return false;
    upper += static_cast<unsigned>(c - 'A') < 26u;
  }
  return upper >= 2;
}

// Whether the character at byte `at` is punctuation for ICU, as tokenize_icu
// decides a status-0 segment's kind. On the Latin path it may be a whitelisted
// non-ASCII character (none is a space, which tokenize_icu would skip).
bool is_punct_at(std::string_view text, std::uint32_t at, const AsciiPunct& ascii) {
  const auto b = static_cast<unsigned char>(text[at]);
  if (b < 0x80) return ascii.punct[b];
  auto i = static_cast<int32_t>(at);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  return u_ispunct(c);
}

void index_sentences(TokenizedText& out) {
  std::uint32_t t = 0;
  for (std::uint32_t i = 0; i < out.sentences.size(); ++i) {
    out.sentences[i].first_token = t;
    while (t < out.tokens.size() && out.tokens[t].sentence == i) ++t;
    out.sentences[i].end_token = t;
  }
}

// On the fast paths: stamps each token, in order, with the sentence it starts
// in, from the sentences' end offsets, then makes the sentences with their
// ranges of tokens (instead of index_sentences' pass over the tokens). The
// ends may still grow while tokens are stamped, as long as each comes before
// the first token at or past it: the ASCII path finds them as it goes. The
// next end is kept apart, in a register in the token loop: read from the
// vectors, GCC reloaded it for every token, since the stores of a token's
// byte fields may alias anything.
class SentenceStamper {
 public:
  // `first_tokens` is scratch storage.
  SentenceStamper(const std::vector<std::uint32_t>& ends, std::vector<std::uint32_t>& first_tokens)
      : ends_(ends), first_tokens_(first_tokens) {
    first_tokens_.assign(1, 0);
    ends_grew();
  }
  // Whenever `ends` has grown.
  void ends_grew() { next_end_ = sentence_ < ends_.size() ? ends_[sentence_] : kNoEnd; }
  // The sentence of token number `k`, which starts at byte `start`.
  std::uint32_t at(std::uint32_t start, std::uint32_t k) {
    if (start >= next_end_) pass_ends(start, k);
    return sentence_;
  }
  // Once `ends` is complete (the last is the text's size) and the text's
  // `count` tokens are stamped.
  void finish(std::vector<Sentence>& sentences, std::uint32_t count) const {
    sentences.resize(ends_.size());
    for (std::size_t s = 0; s < ends_.size(); ++s) {
      Sentence& sent = sentences[s];
      sent.start = s == 0 ? 0 : ends_[s - 1];
      sent.end = ends_[s];
      sent.first_token = s < first_tokens_.size() ? first_tokens_[s] : count;
      sent.end_token = s + 1 < first_tokens_.size() ? first_tokens_[s + 1] : count;
    }
  }

 private:
  static constexpr std::uint32_t kNoEnd = std::numeric_limits<std::uint32_t>::max();
  // Out of line: a few tokens a text get here, and inlined into the ASCII
  // path's word loop it made GCC call that loop's token builder instead of
  // inlining it (607.3M instructions in 20,000 bench statements against
  // 583.0M).
  [[gnu::noinline]] void pass_ends(std::uint32_t start, std::uint32_t k) {
    while (start >= next_end_) {
      ++sentence_;
      first_tokens_.push_back(k);
      ends_grew();
    }
  }
  const std::vector<std::uint32_t>& ends_;
  std::vector<std::uint32_t>& first_tokens_;  // by sentence, so far
  std::uint32_t sentence_ = 0, next_end_ = kNoEnd;
};

// The token of the ASCII word segment text[start, end) that has ICU's rule
// status `status`, but for its sentence and folded form: its kind from the
// status (and, for status 0, ICU's punctuation property of its one
// character), its capitals from byte tests.
inline Token ascii_token(std::string_view text, std::uint32_t start, std::uint32_t end, std::int32_t status,
                  const AsciiPunct& punct) {
  Token tok;
  tok.start = start;
  tok.end = end;
  if (status >= UBRK_WORD_LETTER) {
    tok.kind = TokenKind::Word;
    // Most words end in a lower-case letter, which settles it at once.
    if (static_cast<unsigned char>(text[end - 1]) - unsigned{'a'} >= 26u) tok.all_caps = ascii_all_caps(text, start, end);
  } else if (status >= UBRK_WORD_NUMBER) {
    tok.kind = TokenKind::Number;
  } else {
    tok.kind = punct.punct[static_cast<unsigned char>(text[start])] ? TokenKind::Punct : TokenKind::Symbol;
  }
  return tok;
}

// Texts on which ICU and the ASCII fast path must agree before the fast path
// is used: every rule of ascii_segmenter.cpp, and each abbreviation ICU
// suppresses. Checked once per language and process, it guards against an
// ICU whose rules or data differ from the ones the fast path was built on.
std::vector<std::string> self_check_sample(const std::vector<std::string>& suppressions) {
  std::vector<std::string> sample{
      "Seoul and Tokyo have opened a new chapter. It isn't over!",
      "a:b a_b _ __ 1_ _1 a_1 1_a a1 1a a1.5 1.5a 1,5 a,b a.b 1.a a'b 1'2 x  y @ a@b 4@",
      "Mr. Smith went. U.S. He saw U. Smith. Dr. Who e.g. the Ph.D. Next U.S.A. Next",
      "a.B 1.B 1. B a. 5 b a. 5 B. Hi!! Yes?! ok. (No.) Yes. \"Quoted.\" Next 'Quoted.' Next",
      "It was a \"historic\" deal... Or was it? [Yes.] {No.} 3.5% of $1,200; a - b -- c",
      " leading and trailing spaces.  ",
      "ALL CAPS SHOUT, Mixed, x, NO. 1 priority at 10 a.m. Next",
  };
  // Each abbreviation once before a capital, all in one text: ICU costs about
  // a hundred instructions a character, and start-up pays for every one
  // (tests/test_tokenizer_fastpath.cpp tries them in many more contexts).
  std::string joined;
  for (const auto& s : suppressions) joined += "x " + s + " Next ";
  sample.push_back(std::move(joined));
  // Every non-ASCII character the Latin path accepts, in the places where its
  // classes decide something. A mark: between letters and between digits
  // (word MidNumLet or not), right after a full stop and after ". " (sentence
  // Close or SContinue), before a full stop, after an abbreviation. A letter
  // (about 190 of them, so one short context: start-up pays ICU for every
  // character): alone after ". " (Upper or Lower for SB8, ALetter for the word
  // status). The classes come from ICU's character properties; this catches
  // rules that differ, or rule sets that no longer follow the properties. A
  // character whose properties changed is not accepted (detail::LatinText) and
  // would send its whole text to ICU, so it is left out here and the others
  // are still checked on the fast path.
  std::string letters = "a", marks;
  detail::LatinText probe;
  for (char32_t c : detail::latin_whitelist()) {
    std::string ch;
    icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(ch);
    if (!probe.assign(ch)) continue;
    if (u_isalpha(static_cast<UChar32>(c)))
      letters += ". " + ch;  // a break before it if it is a capital; a word alone
    else
      marks += "a" + ch + "b 1" + ch + "2 Ab." + ch + " Next x. " + ch + " next Yes" + ch + ". " + ch + "x. Mr." + ch +
               " Ok ";
  }
  sample.push_back(std::move(letters));
  sample.push_back(std::move(marks));
  return sample;
}

}  // namespace

// One fast path per language, checked once per process against ICU.
void Tokenizer::Impl::init_fast_path() {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const detail::AsciiSegmenter>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(language); it != cache.end()) {
    fast = it->second;
    return;
  }
  // ICU's filtered sentence iterator reads the exceptions of the locale's
  // base name ("en" for "en@ss=standard").
  const auto suppressions =
      detail::icu_sentence_suppressions(icu::Locale::createFromName(language.c_str()).getBaseName());
  fast = std::make_shared<const detail::AsciiSegmenter>(suppressions);
  for (const auto& text : self_check_sample(suppressions)) {
    TokenizedText fast_tokens, icu_tokens;
    tokenize_any(text, fast_tokens);
    tokenize_icu(text, icu_tokens);
    if (fast_tokens != icu_tokens) {
      fast.reset();
      break;
    }
  }
  cache.emplace(language, fast);
}

namespace {

// ICU builds each new break iterator from its rules and data, and the
// sentence iterator's abbreviation filter from its exception list: about
// three million instructions a tokenizer, and `thaw score` makes two (the
// lexicon loader's and the scorer's), --jobs N one more per thread. A clone
// of the first pair per language shares that data and behaves the same
// (ICU's clone copies the rules and state; the text is set before each use).
struct IteratorPair {
  std::unique_ptr<icu::BreakIterator> words, sentences;
};

// Languages whose iterators are kept to be cloned: the shipped set's few.
// Records may name any "lang" (a new one on every line, in the worst case),
// and each pair kept costs about 14 KB, so past these a tokenizer builds its
// own pair as before and nothing more is kept.
constexpr std::size_t kMaxPrototypeLanguages = 8;

IteratorPair new_iterators(const std::string& language) {
  IteratorPair p;
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::createFromName(language.c_str());
  p.words.reset(icu::BreakIterator::createWordInstance(locale, status));
  if (U_FAILURE(status))
    throw Error("ICU: cannot create word break iterator for '" + language + "': " + u_errorName(status));
  p.sentences.reset(icu::BreakIterator::createSentenceInstance(sentence_locale(language), status));
  if (U_FAILURE(status))
    throw Error("ICU: cannot create sentence break iterator for '" + language + "': " + u_errorName(status));
  return p;
}

IteratorPair make_iterators(const std::string& language) {
  static std::mutex mutex;
  static std::map<std::string, IteratorPair> prototypes;
  std::lock_guard lock(mutex);
  auto it = prototypes.find(language);
  if (it == prototypes.end()) {
    if (prototypes.size() >= kMaxPrototypeLanguages) return new_iterators(language);
    it = prototypes.emplace(language, new_iterators(language)).first;
  }
  IteratorPair copy;
  copy.words.reset(it->second.words->clone());
  copy.sentences.reset(it->second.sentences->clone());
  if (!copy.words || !copy.sentences) throw Error("ICU: cannot copy the break iterators for '" + language + "'");
  return copy;
}

}  // namespace

Tokenizer::Tokenizer(std::string_view language) : impl_(std::make_unique<Impl>()) {
  impl_->language.assign(language);
  UErrorCode status = U_ZERO_ERROR;
  IteratorPair iterators = make_iterators(impl_->language);
  impl_->words = std::move(iterators.words);
  impl_->sentences = std::move(iterators.sentences);
  impl_->utext.reset(utext_openUTF8(nullptr, "", 0, &status));
  if (U_FAILURE(status)) throw Error(std::string("ICU: utext_openUTF8: ") + u_errorName(status));
  impl_->init_fast_path();
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

const std::string& Tokenizer::language() const noexcept { return impl_->language; }

bool Tokenizer::has_fast_path() const noexcept { return impl_->fast != nullptr; }

const Tokenizer::PathCounts& Tokenizer::path_counts() const noexcept { return impl_->counts; }

TokenizedText Tokenizer::tokenize(std::string_view utf8) { return tokenize(utf8, TokenizedText{}); }

TokenizedText Tokenizer::tokenize(std::string_view utf8, TokenizedText&& reuse) {
  TokenizedText out = std::move(reuse);
  if (impl_->fast) impl_->tokenize_any(utf8, out);
  else impl_->tokenize_icu(utf8, out);
  return out;
}

void Tokenizer::Impl::tokenize_any(std::string_view utf8, TokenizedText& out) {
  // Past 2 GiB the ICU path refuses the text (offsets are 32-bit); so does this.
  // Invalid UTF-8 is never Latin text (LatinText::assign refuses it):
  // tokenize_mixed finds it and hands the text to ICU, so the repair and its
  // flag stay with ICU.
  if (utf8.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
    tokenize_icu(utf8, out);
  else if (lower_printable_ascii(utf8, out.folded_storage))
    tokenize_ascii(utf8, out);
  else if (std::size_t rejected; latin.assign(utf8, &rejected))
    tokenize_latin(utf8, out);
  else if (rejected < utf8.size())
    tokenize_mixed(utf8, out, rejected);
  else
    tokenize_icu(utf8, out);
}

TokenizedText Tokenizer::tokenize_reference(std::string_view utf8) {
  TokenizedText out;
  impl_->tokenize_icu(utf8, out);
  return out;
}

namespace {
// Empties `t` but keeps its vectors' storage for the next text.
void clear_for_reuse(TokenizedText& t) {
  t.text.clear();
  t.repaired_utf8 = false;
  t.tokens.clear();
  t.sentences.clear();
  t.folded_storage.clear();
}

// Appends `folded` to the storage and returns where it starts: the view is
// set once the storage stops growing (set_folded_views).
std::uint32_t store_folded(TokenizedText& out, std::string_view folded) {
  const auto at = static_cast<std::uint32_t>(out.folded_storage.size());
  out.folded_storage.insert(out.folded_storage.end(), folded.begin(), folded.end());
  return at;
}

// Points each token's folded view at its place in the storage: its own span
// of the lowered text, or where store_folded put it (`stored`, by token:
// offset and size, or kNotStored).
constexpr std::uint32_t kNotStored = std::numeric_limits<std::uint32_t>::max();
void set_folded_views(TokenizedText& out, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& stored) {
  const char* base = out.folded_storage.data();
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    Token& t = out.tokens[i];
    t.folded = stored[i].first == kNotStored ? std::string_view(base + t.start, t.end - t.start)
                                             : std::string_view(base + stored[i].first, stored[i].second);
  }
}
}  // namespace

TokenizedText::TokenizedText(const TokenizedText& other)
    : text(other.text),
      repaired_utf8(other.repaired_utf8),
      tokens(other.tokens),
      sentences(other.sentences),
      folded_storage(other.folded_storage) {
  // The copied views still point into other's storage: move them to ours.
  // (A view into any other string, as a token made by hand may hold, stays.)
  const auto from = reinterpret_cast<std::uintptr_t>(other.folded_storage.data());
  const std::uintptr_t size = other.folded_storage.size();
  for (Token& t : tokens) {
    const auto at = reinterpret_cast<std::uintptr_t>(t.folded.data());
    if (at >= from && at - from <= size) t.folded = std::string_view(folded_storage.data() + (at - from), t.folded.size());
  }
}

TokenizedText& TokenizedText::operator=(const TokenizedText& other) {
  if (this != &other) *this = TokenizedText(other);
  return *this;
}

// Plain printable ASCII: the same tokens as tokenize_icu, without ICU. Word
// status, folding and capitals reduce to byte tests here (NFKC_Casefold of
// ASCII is lower-casing A-Z; the only letters are A-Z and a-z).
void Tokenizer::Impl::tokenize_ascii(std::string_view ascii, TokenizedText& out) {
  ++counts.ascii;
  // As clear_for_reuse, but for the lowered text already in folded_storage.
  out.text.assign(ascii);
  out.repaired_utf8 = false;
  out.tokens.clear();
  out.sentences.clear();
  if (out.text.empty()) return;
  const std::string_view text = out.text;
  const char* lowered = out.folded_storage.data();  // each token's folded form is its span of it
  const AsciiPunct& punct = ascii_punct();
  sentence_ends.clear();
  SentenceStamper stamp(sentence_ends, first_tokens);
  // A sentence can only end after a '.', '!' or '?', and the word rules meet
  // each one, as a segment of its own or joined into a word ("U.S", "1.5"),
  // before any token past it: its break, if any, is found there. A pass of
  // its own that searched the text for them took 14.9M more instructions in
  // 20,000 bench statements (597.3M -> 582.4M).
  const auto at_terminator = [&](std::size_t term) {
    if (term + 1 >= text.size()) return;  // the text's end is its last sentence's
    fast->break_after(text, term, sentence_ends);
    stamp.ends_grew();
  };
  // Each token is built as the word rules find its segment, and stored from
  // locals in one go: a vector of segments turned into tokens by a second
  // pass, then a third over the tokens for the sentences' token ranges, took
  // 20.3M more instructions in 20,000 bench statements (623.7M -> 603.4M).
  std::vector<Token>& tokens = out.tokens;
  std::uint32_t count = 0;
  detail::each_word(
      detail::AsciiView{text},
      [&](std::uint32_t start, std::uint32_t end, std::int32_t status) {
        const char first = text[start];
        if (status == detail::AsciiSegmenter::kStatusNone && (first == '.' || first == '!' || first == '?'))
          at_terminator(start);
        const Token made = ascii_token(text, start, end, status, punct);
        const std::uint32_t sentence = stamp.at(start, count++);
        tokens.push_back(
            Token{start, end, sentence, made.kind, made.all_caps, std::string_view(lowered + start, end - start)});
      },
      [&](std::size_t i) {
        if (text[i] == '.') at_terminator(i);
      });
  sentence_ends.push_back(static_cast<std::uint32_t>(text.size()));
  stamp.finish(out.sentences, count);
}

// Latin text (ASCII and detail::latin_whitelist()): segmented without ICU's
// break iterators, which is the expensive part; a token holding a non-ASCII
// character gets its kind, folded form and capitals from the same ICU calls as
// on the ICU path, the others from the byte tests of the ASCII path.
void Tokenizer::Impl::tokenize_latin(std::string_view utf8, TokenizedText& out) {
  ++counts.latin;
  clear_for_reuse(out);
  out.text.assign(utf8);
  if (out.text.empty()) return;
  sentence_ends.clear();
  fast->sentence_ends(latin, sentence_ends);
  segments.clear();
  fast->words(latin, segments);
  build_tokens(out);
}

void Tokenizer::Impl::build_tokens(TokenizedText& out) {
  const std::string_view text = out.text;
  SentenceStamper stamp(sentence_ends, first_tokens);
  // ASCII tokens fold to their span of the lowered text; a token holding a
  // non-ASCII character has its folded form stored after it, and the views
  // are set once the storage is complete (it may still move until then).
  lower_ascii_into(text, out.folded_storage);
  stored_folds.clear();
  out.tokens.resize(segments.size());
  const AsciiPunct& punct = ascii_punct();
  const auto count = static_cast<std::uint32_t>(segments.size());
  for (std::uint32_t k = 0; k < count; ++k) {
    const detail::AsciiSegmenter::Segment seg = segments[k];
    const std::string_view span = text.substr(seg.start, seg.end - seg.start);
    Token tok;
    if (is_ascii(span)) {
      tok = ascii_token(text, seg.start, seg.end, seg.status, punct);
      stored_folds.emplace_back(kNotStored, 0);
    } else {
      tok.start = seg.start;
      tok.end = seg.end;
      if (seg.status >= UBRK_WORD_LETTER) tok.kind = TokenKind::Word;
      else if (seg.status >= UBRK_WORD_NUMBER) tok.kind = TokenKind::Number;
      else tok.kind = is_punct_at(text, seg.start, punct) ? TokenKind::Punct : TokenKind::Symbol;
      tok.all_caps = tok.kind == TokenKind::Word && is_all_caps(span);
      const std::string folded = fold_valid(span);
      stored_folds.emplace_back(store_folded(out, folded), static_cast<std::uint32_t>(folded.size()));
    }
    tok.sentence = stamp.at(seg.start, k);
    out.tokens[k] = tok;
  }
  stamp.finish(out.sentences, count);
  set_folded_views(out, stored_folds);
}

// Text the Latin path rejects for a few characters: ICU's word iterator
// reads only the words that hold them, the fast path the rest. In the bench
// corpus such lines are English with a Korean, Japanese or Chinese phrase;
// ICU costs about a hundred instructions a character, and on those lines the
// English came to three quarters of the bytes. Sentences still come from
// ICU over the whole text: its sentence rules look arbitrarily far ahead
// (SB8), so they are not cut.
//
// Where the two meet: an ICU span runs from the start of the word holding a
// rejected character (just after a space, or where the last span ended) to
// the next space. ICU always has a word boundary before a space that follows
// a non-space (no rule of UAX #29 joins them), and after a run of spaces
// unless an Extend, Format or ZWJ character follows, which is not Latin and
// so would start the ICU span itself: the iterator is asked (isBoundary) and
// the whole text goes to ICU if it says no. The word rules the fast path
// implements look at most two characters across a boundary, and never across
// a space, so a span's words do not depend on the text beyond its spaces.
// tests/test_tokenizer_fastpath.cpp checks all this against ICU on whole
// corpora and on random strings mixing Latin, CJK, emoji, marks and controls.
void Tokenizer::Impl::tokenize_mixed(std::string_view utf8, TokenizedText& out, std::size_t rejected) {
  clear_for_reuse(out);
  // Invalid UTF-8 keeps ICU's repair and its flag; a text too long to decode
  // as Latin text goes to ICU as before.
  if (utf8.size() > detail::LatinText::kMaxBytes || repair_utf8(utf8, out.text)) return tokenize_icu(utf8, out);
  const std::string_view text = out.text;

  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(utext.get(), text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: utext_openUTF8: ") + u_errorName(status));
  sentences->setText(ut, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: sentence setText: ") + u_errorName(status));
  sentence_ends.clear();
  sentences->first();
  for (int32_t e = sentences->next(); e != icu::BreakIterator::DONE; e = sentences->next())
    sentence_ends.push_back(static_cast<std::uint32_t>(e));
  words->setText(ut, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: word setText: ") + u_errorName(status));

  segments.clear();
  bool agreed = true;
  for (std::size_t from = 0, bad = rejected;;) {
    // text[from, bad) is Latin text; text[bad] is not, or bad is the end.
    if (bad >= text.size()) {
      fast_words(text, from, text.size());
      break;
    }
    const std::size_t space = text.rfind(' ', bad);
    const std::size_t word = space == std::string_view::npos || space < from ? from : space + 1;
    fast_words(text, from, word);
    const std::size_t next_space = std::min(text.find(' ', bad), text.size());
    if (!icu_words(text, word, next_space)) {
      agreed = false;
      break;
    }
    if (next_space == text.size()) break;
    from = next_space;
    // Only as far as the next rejected character: decoding the whole rest
    // for each span made text that alternates accented and other words
    // quadratic (19 ms for 64 KB, against 5 ms for the same text unaccented).
    bad = from + detail::LatinText::first_rejected(text.substr(from));
  }
  utext_openUTF8(ut, "", 0, &status);  // the UText points into out.text, which moves away with the result
  if (!agreed) return tokenize_icu(utf8, out);
  ++counts.mixed;
  build_tokens(out);
}

void Tokenizer::Impl::fast_words(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin == end) return;
  const std::string_view span = text.substr(begin, end - begin);
  const std::size_t first = segments.size();
  if (detail::AsciiSegmenter::applies(span)) {
    fast->words(span, segments);
  } else {
    latin.assign(span);  // accepted: the caller's spans hold only Latin text
    fast->words(latin, segments);
  }
  for (std::size_t k = first; k < segments.size(); ++k) {
    segments[k].start += static_cast<std::uint32_t>(begin);
    segments[k].end += static_cast<std::uint32_t>(begin);
  }
}

bool Tokenizer::Impl::icu_words(std::string_view text, std::size_t begin, std::size_t end) {
  if (!words->isBoundary(static_cast<int32_t>(begin))) return false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  for (auto s = static_cast<int32_t>(begin); s < static_cast<int32_t>(end);) {
    const int32_t e = words->next();
    if (e == icu::BreakIterator::DONE || e > static_cast<int32_t>(end)) return false;
    const int32_t tag = words->getRuleStatus();
    // Spaces, tabs and newlines are no tokens (as in tokenize_icu).
    bool space = false;
    if (tag < UBRK_WORD_NUMBER) {
      int32_t i = s;
      UChar32 c;
      U8_NEXT(bytes, i, n, c);
      space = c < 0 || u_isUWhiteSpace(c) || u_isspace(c);
    }
    if (!space) segments.push_back({static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e), tag});
    s = e;
  }
  return true;
}

void Tokenizer::Impl::tokenize_icu(std::string_view utf8, TokenizedText& out) {
  ++counts.icu;
  clear_for_reuse(out);
  out.repaired_utf8 = repair_utf8(utf8, out.text);
  if (out.text.empty()) return;

  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(utext.get(), out.text.data(), static_cast<int64_t>(out.text.size()), &status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: utext_openUTF8: ") + u_errorName(status));

  // Sentences first, so each token can be stamped with its sentence.
  sentences->setText(ut, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: sentence setText: ") + u_errorName(status));
  stored_folds.clear();
  for (int32_t s = sentences->first(), e = sentences->next(); e != icu::BreakIterator::DONE;
       s = e, e = sentences->next()) {
    Sentence sent;
    sent.start = static_cast<std::uint32_t>(s);
    sent.end = static_cast<std::uint32_t>(e);
    out.sentences.push_back(sent);
  }

  words->setText(ut, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: word setText: ") + u_errorName(status));
  const auto* bytes = reinterpret_cast<const uint8_t*>(out.text.data());
  const auto n = static_cast<int32_t>(out.text.size());
  std::uint32_t sentence = 0;
  for (int32_t s = words->first(), e = words->next(); e != icu::BreakIterator::DONE;
       s = e, e = words->next()) {
    const int32_t status_tag = words->getRuleStatus();
    Token tok;
    if (status_tag >= UBRK_WORD_LETTER) {
      tok.kind = TokenKind::Word;
    } else if (status_tag >= UBRK_WORD_NUMBER) {
      tok.kind = TokenKind::Number;
    } else {
      int32_t i = s;
      UChar32 c;
      U8_NEXT(bytes, i, n, c);
      if (c < 0 || u_isUWhiteSpace(c) || u_isspace(c)) continue;
      tok.kind = u_ispunct(c) ? TokenKind::Punct : TokenKind::Symbol;
    }
    tok.start = static_cast<std::uint32_t>(s);
    tok.end = static_cast<std::uint32_t>(e);
    while (sentence + 1 < out.sentences.size() && tok.start >= out.sentences[sentence].end)
      ++sentence;
    tok.sentence = sentence;
    std::string_view span = out.span(tok);
    if (tok.kind == TokenKind::Word) tok.all_caps = is_all_caps(span);
    const std::string folded = fold_valid(span);
    stored_folds.emplace_back(store_folded(out, folded), static_cast<std::uint32_t>(folded.size()));
    out.tokens.push_back(tok);
  }
  // The UText points into out.text, which moves away with the result.
  utext_openUTF8(ut, "", 0, &status);
  set_folded_views(out, stored_folds);

  index_sentences(out);
}

}  // namespace thaw
