// The word rules of the fast path (ascii_segmenter.hpp), in a header of their
// own so that the tokenizer can build its tokens while the words are found:
// the printable ASCII characters' break classes, the view of an ASCII text the
// rules read, and the rules themselves over any such view. Internal to the
// tokenizer; what they must give, and how they are checked against ICU, is in
// ascii_segmenter.hpp.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ascii_segmenter.hpp"

namespace thaw::detail {

// ---- character classes ------------------------------------------------------
// UAX #29 Word_Break and Sentence_Break values of the printable ASCII bytes,
// as ICU 70+ uses them. Word: ICU's root rules add '@' to $ALetter (so that
// e-mail addresses stay whole) and remove ':' from $MidLetter, so '@' is a
// letter here and ':' is Other; '"' is Double_Quote, which only matters next
// to Hebrew letters, so here it is Other too.
enum Wb : std::uint8_t { WbOther, WbLetter, WbNumeric, WbMidNumLet, WbMidNum, WbExtendNumLet, WbSpace };
enum Sb : std::uint8_t { SbOther, SbUpper, SbLower, SbNumeric, SbATerm, SbSTerm, SbClose, SbSp, SbSContinue };

struct Classes {
  std::array<Wb, 128> wb{};
  std::array<Sb, 128> sb{};
  constexpr Classes() {
    for (int c = 'a'; c <= 'z'; ++c) wb[c] = WbLetter, sb[c] = SbLower;
    for (int c = 'A'; c <= 'Z'; ++c) wb[c] = WbLetter, sb[c] = SbUpper;
    for (int c = '0'; c <= '9'; ++c) wb[c] = WbNumeric, sb[c] = SbNumeric;
    wb['@'] = WbLetter;
    wb['.'] = WbMidNumLet;
    wb['\''] = WbMidNumLet;  // Single_Quote: the same as MidNumLet in WB6/7 and WB11/12
    wb[','] = WbMidNum;
    wb[';'] = WbMidNum;
    wb['_'] = WbExtendNumLet;
    wb[' '] = WbSpace;
    sb['.'] = SbATerm;
    sb['!'] = SbSTerm;
    sb['?'] = SbSTerm;
    for (char c : {'"', '\'', '(', ')', '[', ']', '{', '}'}) sb[static_cast<unsigned char>(c)] = SbClose;
    sb[' '] = SbSp;
    for (char c : {',', '-', ':'}) sb[static_cast<unsigned char>(c)] = SbSContinue;
  }
};
inline constexpr Classes kClasses;

inline bool is_sa_term(Sb c) { return c == SbATerm || c == SbSTerm; }
// Letters, digits and '_': they run together into one word (WB5, 8-10, 13a/b).
inline bool is_run_char(Wb c) {
  constexpr unsigned kRun = 1u << WbLetter | 1u << WbNumeric | 1u << WbExtendNumLet;
  return kRun >> c & 1u;
}

// ---- the two kinds of text --------------------------------------------------
// The rules read a text as characters 0..size() with their classes, their
// UTF-16 unit (for the abbreviation tries) and their byte offsets. Plain ASCII
// is read byte by byte, with nothing decoded; the decoded Latin text's view
// is in ascii_segmenter.cpp.
struct AsciiView {
  std::string_view t;
  std::size_t size() const { return t.size(); }
  Wb wb(std::size_t i) const { return kClasses.wb[static_cast<unsigned char>(t[i])]; }
  Sb sb(std::size_t i) const { return kClasses.sb[static_cast<unsigned char>(t[i])]; }
  char16_t unit(std::size_t i) const { return static_cast<unsigned char>(t[i]); }
  std::uint32_t offset(std::size_t i) const { return static_cast<std::uint32_t>(i); }
  // The first position at or after i that is not a run character, i.e. the
  // end of the run of letters, digits and '_' through i. Lower-case letters,
  // most of a run, are passed eight at a time (the rest byte by byte): a word
  // is about six bytes, and testing each one's class took 7M more
  // instructions in 20,000 bench statements (837.8M -> 830.9M).
  std::size_t run_end(std::size_t i) const {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    while (std::endian::native == std::endian::little && i + 8 <= t.size()) {  // lowest byte first
      std::uint64_t w;
      std::memcpy(&w, t.data() + i, 8);
      // 0x80 in each byte outside a-z (every byte is below 0x80 here).
      const std::uint64_t ge_a = (w + kOnes * (0x80 - 'a')) & kHigh;
      const std::uint64_t gt_z = (w + kOnes * (0x80 - 'z' - 1)) & kHigh;
      const std::uint64_t not_lower = ~(ge_a & ~gt_z) & kHigh;
      if (not_lower != 0) {
        i += static_cast<std::size_t>(std::countr_zero(not_lower)) / 8;
        break;
      }
      i += 8;
    }
    while (i < t.size() && is_run_char(wb(i))) ++i;
    return i;
  }
};

// The status ICU reports for a run of letters, digits and '_' is the one of the
// rule that matched last, which depends on the last character (and, for a
// final '_', the one before it): "a1" is a number, "1a" a word (word.txt rules
// 5-13b; checked against ICU by tests/test_tokenizer_fastpath.cpp).
inline std::int32_t run_status(Wb before_last, Wb last, bool single) {
  switch (last) {
    case WbLetter: return AsciiSegmenter::kStatusLetter;
    case WbNumeric: return AsciiSegmenter::kStatusNumber;
    default:  // '_': alone it matches only rule 999; after a digit 13a gives 100
      if (single) return AsciiSegmenter::kStatusNone;
      return before_last == WbNumeric ? AsciiSegmenter::kStatusNumber : AsciiSegmenter::kStatusLetter;
  }
}

// ---- the word rules ------------------------------------------------------------
// Hands each word segment of `text` to `emit(start, end, status)` in order
// (byte offsets, and the rule status ICU gives it: AsciiSegmenter::kStatus*),
// spaces excluded, and the position of each '.', ',', ';' or '\'' that WB6/7
// or WB11/12 join into a word to `joined(i)`, before its word is emitted. A
// template over the sinks so that the tokenizer's ASCII path builds each
// token as its word is found, with no vector of segments in between
// (AsciiSegmenter::words collects them for the other paths), and meets every
// '.', '!' and '?' on the way: in a one-character segment or joined.
template <class View, class Emit, class Joined>
void each_word(const View& text, Emit&& emit, Joined&& joined) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const Wb c = text.wb(i);
    if (c == WbSpace) {  // WB3d keeps spaces together; they are not reported
      // Passed one at a time: most runs are one space, whose class is known
      // here. A loop of its own read it again, and the next character's
      // class twice (577.8M -> 574.2M instructions in 20,000 bench
      // statements).
      ++i;
      continue;
    }
    if (!is_run_char(c)) {
      emit(text.offset(i), text.offset(i + 1), AsciiSegmenter::kStatusNone);
      ++i;
      continue;
    }
    const std::size_t start = i;
    ++i;
    for (;;) {
      i = text.run_end(i);  // WB5, 8-10, 13a/b
      // WB6/7: letter (MidNumLet|') letter; WB11/12: digit (MidNum|MidNumLet|') digit.
      if (i + 1 < n) {
        const Wb d = text.wb(i);
        if (d == WbMidNumLet || d == WbMidNum) {
          const Wb last = text.wb(i - 1), after = text.wb(i + 1);
          if ((last == WbLetter && d == WbMidNumLet && after == WbLetter) || (last == WbNumeric && after == WbNumeric)) {
            joined(i);
            i += 2;
            continue;
          }
        }
      }
      break;
    }
    // The run's status depends on its last two characters only (the loop
    // used to carry both along; every step above ends on a run character).
    const Wb last = text.wb(i - 1), before_last = i - start >= 2 ? text.wb(i - 2) : WbOther;
    emit(text.offset(start), text.offset(i), run_status(before_last, last, i - start == 1));
  }
}

}  // namespace thaw::detail
