// Tokenizer: ICU word and sentence segmentation with NFKC case folding.
//
// Every token is a byte span [start, end) into the (repaired) UTF-8 text, so
// evidence can quote the exact words. The folded form is what lexicons match.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thaw {

enum class TokenKind : std::uint8_t {
  Word,    // letters, kana, ideographs (ICU word status >= UBRK_WORD_LETTER)
  Number,  // ICU word status UBRK_WORD_NUMBER
  Punct,   // punctuation, including quotation marks, ! and ?
  Symbol,  // everything else that is not space: emoji, currency, math
};

struct Token {
  std::uint32_t start = 0;     // byte offset into TokenizedText::text
  std::uint32_t end = 0;       // one past the last byte
  std::uint32_t sentence = 0;  // index into TokenizedText::sentences
  TokenKind kind = TokenKind::Word;
  bool all_caps = false;  // two or more letters, every cased letter upper case
  // NFKC_Casefold of the span; ’ read as '. A Tokenizer's tokens view the
  // folded forms their TokenizedText keeps (TokenizedText::folded_storage),
  // so they are valid as long as it is and follow it when it is copied or
  // moved. A token made by hand may view any string that outlives it.
  // (A std::string a token was the larger part of tokenizing: a 48-byte
  // token, and a string built for every word; see docs/performance.md.)
  std::string_view folded;

  bool operator==(const Token&) const = default;  // folded compared by content
};

struct Sentence {
  std::uint32_t start = 0;        // byte span of the sentence
  std::uint32_t end = 0;
  std::uint32_t first_token = 0;  // token index range [first_token, end_token)
  std::uint32_t end_token = 0;

  bool operator==(const Sentence&) const = default;
};

struct TokenizedText {
  std::string text;  // the input, with invalid UTF-8 bytes replaced by U+FFFD
  bool repaired_utf8 = false;  // true when any byte sequence was replaced
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  // What the tokens' `folded` views point into. On the fast paths: the text
  // with A-Z lowered (an ASCII token's folded form is its own span of it),
  // then the folded forms of the other tokens; on the ICU path, every
  // token's folded form in turn. A vector, not a std::string: moving a short
  // std::string copies its bytes, which would leave the views behind.
  std::vector<char> folded_storage;

  TokenizedText() = default;
  // A copy's tokens view the copy's own storage.
  TokenizedText(const TokenizedText& other);
  TokenizedText& operator=(const TokenizedText& other);
  TokenizedText(TokenizedText&&) noexcept = default;  // the storage, and the views into it, move along
  TokenizedText& operator=(TokenizedText&&) noexcept = default;

  std::string_view span(const Token& t) const {
    return std::string_view(text).substr(t.start, t.end - t.start);
  }

  // Same text, tokens (folded forms by content) and sentences, however the
  // storage is laid out: how the fast paths are checked against ICU.
  bool operator==(const TokenizedText& other) const {
    return text == other.text && repaired_utf8 == other.repaired_utf8 && tokens == other.tokens &&
           sentences == other.sentences;
  }
};

// Replaces every ill-formed UTF-8 sequence with U+FFFD (one per maximal
// subpart, as ICU does). Returns true if anything was replaced.
bool repair_utf8(std::string_view in, std::string& out);

// NFKC_Casefold of a UTF-8 string (full case folding), with the typographic
// apostrophe U+2019 read as U+0027. Invalid UTF-8 is repaired first.
std::string fold(std::string_view utf8);

// Segments text into sentences and tokens for one language.
//
// Construction creates ICU break iterators for the language (a BCP 47 code:
// "en", "ko", "ja", "zh"; unknown codes fall back to ICU's root rules) and
// throws thaw::Error if ICU cannot. Not thread-safe: one Tokenizer a thread.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view language = "en");
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  const std::string& language() const noexcept;

  // Never throws on any input bytes; spaces produce no tokens. Plain
  // printable-ASCII text, and Latin text whose only non-ASCII characters are
  // accented Latin letters, curly quotes, guillemets, dashes, the ellipsis and
  // a few currency signs, take fast paths that give exactly ICU's tokens and
  // sentences (tests/test_tokenizer_fastpath.cpp); other text goes to ICU.
  TokenizedText tokenize(std::string_view utf8);
  // The same, built in `reuse` (whatever it held is dropped): a caller that
  // hands back each result once done with it saves allocating its vectors
  // for every text.
  TokenizedText tokenize(std::string_view utf8, TokenizedText&& reuse);

  // The same through ICU alone, never the fast path: the reference the fast
  // path is checked against (once per language and process, on a built-in
  // sample, and by the tests on whole corpora). Slower; same contract.
  TokenizedText tokenize_reference(std::string_view utf8);

  // True if tokenize() uses the fast paths for this language: ICU's
  // abbreviation list could be read and ICU agreed with the fast path on the
  // built-in sample. When false every text goes to ICU.
  bool has_fast_path() const noexcept;

  // How many texts each path has segmented so far: the ASCII and Latin fast
  // paths, Latin text with words sent to ICU one by one (tokenize() notes
  // which), and ICU for a whole text (tokenize_reference() and the
  // start-up self-check included). A fast path that fell back to ICU gives
  // the same tokens, only slower: this is how tests and benchmarks see it.
  struct PathCounts {
    std::uint64_t ascii = 0, latin = 0, mixed = 0, icu = 0;
  };
  const PathCounts& path_counts() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace thaw
