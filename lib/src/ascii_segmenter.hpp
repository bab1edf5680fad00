// Fast word and sentence segmentation for printable-ASCII text, and for
// Latin text with a few common non-ASCII characters.
//
// Internal to the tokenizer. It gives exactly the boundaries (and, for words,
// the rule status) that ICU's word BreakIterator and its English sentence
// BreakIterator with "ss=standard" abbreviation suppression give, for text made
// only of bytes 0x20..0x7E (segmented byte by byte), or of those and the
// characters of latin_whitelist() (decoded first into a LatinText); any other
// text takes the ICU path. ICU stays the reference: the Tokenizer checks this
// class against ICU on a built-in sample when it is first used, and
// tests/test_tokenizer_fastpath.cpp compares the two over whole corpora and
// random strings over the whole alphabet.
//
// The rules are UAX #29 as ICU implements them (icu4c/source/data/brkitr/rules
// word.txt and sent.txt), restricted to ASCII, with ICU's own tailorings:
// ':' is not MidLetter in ICU's root word rules, and a run of letters, digits
// and '_' gets the status of the last rule that extended it ("a1.5" is a
// number, "1.5a" a word). The abbreviation filter is a port of ICU's
// SimpleFilteredSentenceBreakIterator (filteredbrk.cpp), quirks included, fed
// with the exception list that ICU itself loads for the locale. The non-ASCII
// characters' Word_Break and Sentence_Break classes are read from ICU's
// character properties (the sets ICU's rules are written in), and a character
// whose classes are not among those these rules handle is simply not accepted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thaw::detail {

// The non-ASCII characters the fast path accepts: Latin-1 and Latin
// Extended-A letters (U+00C0-U+017F but U+00D7 and U+00F7), the curly quotes
// and apostrophes, guillemets, en and em dashes, the ellipsis and the currency
// signs and one-half of news text. Each is one UTF-16 unit.
const std::vector<char32_t>& latin_whitelist();

// A text of printable ASCII and latin_whitelist() characters, decoded once for
// the segmenter: one entry per character (not per byte). Reusable: assign()
// keeps the vectors' storage.
class LatinText {
 public:
  // Decodes `utf8`. False (and the contents unspecified) if it holds invalid
  // UTF-8, a control character or any character outside latin_whitelist(),
  // or is longer than kMaxBytes; such text must take the ICU path. When it
  // fails on a character, `*rejected_at` (if given) is set to the byte
  // offset of the first such character, and to utf8.size() otherwise.
  bool assign(std::string_view utf8, std::size_t* rejected_at = nullptr);
  // The byte offset of the first character of `utf8` that assign() would
  // reject (invalid UTF-8 included), or utf8.size(): assign()'s test
  // without decoding into the arrays, whatever the text's length.
  static std::size_t first_rejected(std::string_view utf8);

  // Decoding sizes its arrays for the whole text first (7 bytes a byte of
  // text, kept for the next text): a statement is well under this, and a
  // longer text (a whole article) goes to ICU as before rather than hold
  // megabytes per tokenizer.
  static constexpr std::size_t kMaxBytes = 64 * 1024;

  std::size_t size() const noexcept { return units.size(); }

  std::vector<char16_t> units;        // the characters
  std::vector<std::uint8_t> classes;  // their Word_Break | Sentence_Break << 4
  std::vector<std::uint32_t> offsets; // byte offset of each, then the text's size
};

class AsciiSegmenter {
 public:
  // ICU's rule status values (unicode/ubrk.h) for the word segments we report.
  static constexpr std::int32_t kStatusNone = 0;
  static constexpr std::int32_t kStatusNumber = 100;
  static constexpr std::int32_t kStatusLetter = 200;

  // `suppressions` are the sentence-break exceptions ("Mr.", "U.S.") as ICU's
  // filtered sentence iterator loads them for the language; empty for none.
  explicit AsciiSegmenter(std::vector<std::string> suppressions);
  ~AsciiSegmenter();

  // True if every byte is printable ASCII (0x20..0x7E): the only text this
  // class segments.
  static bool applies(std::string_view text) noexcept;

  struct Segment {
    std::uint32_t start, end;
    std::int32_t status;  // kStatusLetter, kStatusNumber or kStatusNone
  };
  // Word segments of `text` (which must satisfy applies()), spaces excluded:
  // the segments whose first character is a space are not reported.
  void words(std::string_view text, std::vector<Segment>& out) const;

  // The sentence break that follows the '.', '!' or '?' at `term` of `text`
  // (which must satisfy applies(), with term + 1 < text.size()), appended to
  // `out` if there is one. A break can only follow such a terminator (and its
  // closing marks and spaces), so the end offsets of the sentences of `text`
  // are this for each terminator in order, then text.size(): the tokenizer's
  // ASCII path asks it as its word pass meets each terminator.
  void break_after(std::string_view text, std::size_t term, std::vector<std::uint32_t>& out) const;

  // The same over a decoded LatinText; the offsets are still byte offsets
  // into the UTF-8 text it was decoded from. sentence_ends gives the end
  // offsets of its sentences, in order; the last is the text's size (none
  // for empty text).
  void words(const LatinText& text, std::vector<Segment>& out) const;
  void sentence_ends(const LatinText& text, std::vector<std::uint32_t>& out) const;

 private:
  // One implementation of each over both kinds of text (the word rules are
  // each_word in ascii_words.hpp, the sentence rules in ascii_segmenter.cpp).
  template <class View>
  void sentence_ends_in(const View& text, std::vector<std::uint32_t>& out) const;
  // Returns the end of the closing marks and spaces after the terminator.
  template <class View>
  std::size_t break_after_in(const View& text, std::size_t term, std::vector<std::uint32_t>& out) const;
  template <class View>
  bool suppressed(const View& text, std::size_t pos) const;

  struct Trie;
  std::unique_ptr<Trie> backward_;  // reversed exceptions, kMatch or kPartial
  std::unique_ptr<Trie> forward_;   // exceptions whose prefix is partial
};

// The sentence-break exceptions ICU loads for `language` ("en" -> "Mr.", ...),
// from ICU's own break-iterator data. Empty when ICU has none for it.
std::vector<std::string> icu_sentence_suppressions(const std::string& language);

}  // namespace thaw::detail
