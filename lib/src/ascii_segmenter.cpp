#include "ascii_segmenter.hpp"

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <optional>

#include "ascii_words.hpp"

namespace thaw::detail {
namespace {

// The ASCII classes, the word rules and the view of ASCII text are in
// ascii_words.hpp.

// ---- the non-ASCII classes -------------------------------------------------
// Read from ICU's character properties, which are what ICU's word.txt and
// sent.txt build their sets from (the ASCII tailorings above do not touch
// these characters). Only classes whose rules the segmenter below implements,
// and that some ASCII character already exercises, are accepted: a letter is
// ALetter and Upper or Lower like A-Z and a-z; ’ and ‘ are MidNumLet like '.'
// and Close like '\''; curly quotes and guillemets are Other like '"' and
// Close; dashes are Other and SContinue like '-'; the ellipsis, currency signs
// and one-half are Other in both, like '#'. Anything else ICU might say about a
// character in a later version (Extend, Format, Numeric, a space, a
// pictograph, a terminator) makes it unaccepted, so its text goes to ICU.
constexpr std::uint8_t kRejected = 0xFF;

constexpr std::uint8_t pack(Wb w, Sb b) { return static_cast<std::uint8_t>(w | b << 4); }

std::optional<Wb> accepted_wb(std::int32_t v) {
  switch (v) {
    case U_WB_OTHER: return WbOther;
    case U_WB_ALETTER: return WbLetter;
    case U_WB_MIDNUMLET: return WbMidNumLet;
    default: return std::nullopt;
  }
}
std::optional<Sb> accepted_sb(std::int32_t v) {
  switch (v) {
    case U_SB_OTHER: return SbOther;
    case U_SB_UPPER: return SbUpper;
    case U_SB_LOWER: return SbLower;
    case U_SB_CLOSE: return SbClose;
    case U_SB_SCONTINUE: return SbSContinue;
    default: return std::nullopt;
  }
}

// Packed classes of every character below U+0180 (ASCII from kClasses, the
// rest from ICU for the whitelisted ones) and of U+2000-U+20FF.
struct LatinClasses {
  std::array<std::uint8_t, 0x180> low{};
  std::array<std::uint8_t, 0x100> general{};  // U+2000 + i
  LatinClasses() {
    low.fill(kRejected);
    general.fill(kRejected);
    for (int c = 0x20; c < 0x7F; ++c) low[c] = pack(kClasses.wb[c], kClasses.sb[c]);
    for (char32_t c : latin_whitelist()) {
      const auto cp = static_cast<UChar32>(c);
      const auto w = accepted_wb(u_getIntPropertyValue(cp, UCHAR_WORD_BREAK));
      const auto b = accepted_sb(u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK));
      if (!w || !b || u_hasBinaryProperty(cp, UCHAR_EXTENDED_PICTOGRAPHIC) || u_isUWhiteSpace(cp) || u_isspace(cp))
        continue;
      if (c < low.size()) low[c] = pack(*w, *b);
      else if (c >= 0x2000 && c - 0x2000 < general.size()) general[c - 0x2000] = pack(*w, *b);
    }
  }
  std::uint8_t operator()(UChar32 c) const {
    if (c >= 0 && static_cast<std::size_t>(c) < low.size()) return low[c];
    if (c >= 0x2000 && static_cast<std::size_t>(c - 0x2000) < general.size()) return general[c - 0x2000];
    return kRejected;
  }
};
const LatinClasses& latin_classes() {
  static const LatinClasses table;
  return table;
}

// ---- the Latin text ----------------------------------------------------------
// Its view for the rules (AsciiView, for plain ASCII, is in ascii_words.hpp).
struct LatinView {
  const LatinText& t;
  std::size_t size() const { return t.units.size(); }
  Wb wb(std::size_t i) const { return static_cast<Wb>(t.classes[i] & 0x0F); }
  Sb sb(std::size_t i) const { return static_cast<Sb>(t.classes[i] >> 4); }
  char16_t unit(std::size_t i) const { return t.units[i]; }
  std::uint32_t offset(std::size_t i) const { return t.offsets[i]; }
  std::size_t next_sa_term(std::size_t p) const {
    while (p < size() && !is_sa_term(sb(p))) ++p;
    return p;
  }
  std::size_t run_end(std::size_t i) const {
    while (i < size() && is_run_char(wb(i))) ++i;
    return i;
  }
};

}  // namespace

// ---- the abbreviation tries -------------------------------------------------
// ICU keeps them as UCharsTrie over UTF-16 units; the walk below only asks the
// questions ICU's walk asks (is there a child, a value, any further child), so
// a plain node trie over the same units answers them identically.
struct AsciiSegmenter::Trie {
  // Past this many children a node's ASCII children are also in a table
  // (512 bytes): a few nodes of ICU's English list have that many.
  static constexpr std::size_t kWideNode = 8;
  static constexpr char16_t kAsciiUnits = 128;
  struct Node {
    std::vector<std::pair<char16_t, std::int32_t>> children;  // sorted by unit
    std::vector<std::int32_t> by_ascii;  // empty, or the child for each unit below 128 (-1 for none)
    std::int32_t value = -1;
  };
  std::vector<Node> nodes{Node{}};

  void add(const icu::UnicodeString& s, std::int32_t value) {
    std::int32_t at = 0;
    for (int32_t i = 0; i < s.length(); ++i) {
      const char16_t u = s.charAt(i);
      auto& ch = nodes[at].children;
      auto it = std::lower_bound(ch.begin(), ch.end(), u,
                                 [](const auto& p, char16_t v) { return p.first < v; });
      if (it != ch.end() && it->first == u) {
        at = it->second;
      } else {
        const auto next = static_cast<std::int32_t>(nodes.size());
        ch.insert(it, {u, next});
        nodes.emplace_back();
        at = next;
      }
    }
    nodes[at].value = value;
  }
  // The child of `node` for UTF-16 unit `c`, or -1. A node with many
  // children has them in a table by ASCII unit too (index_wide_nodes): the
  // node after the final '.' of the reversed abbreviations has a child for
  // nearly every letter, and the scan through them was most of the filter's
  // cost (6.9M instructions in 20,000 bench statements, 2.5M with the tables;
  // 582.4M -> 577.8M in all. A search by halves instead: 580.0M).
  std::int32_t child(std::int32_t node, char16_t c) const {
    const Node& n = nodes[node];
    if (c < kAsciiUnits && !n.by_ascii.empty()) return n.by_ascii[c];
    for (const auto& [u, next] : n.children)
      if (u == c) return next;
    return -1;
  }
  // Once every string is added.
  void index_wide_nodes() {
    for (Node& n : nodes) {
      if (n.children.size() < kWideNode) continue;
      n.by_ascii.assign(kAsciiUnits, -1);
      for (const auto& [u, next] : n.children)
        if (u < kAsciiUnits) n.by_ascii[u] = next;
    }
  }
  bool has_next(std::int32_t node) const { return !nodes[node].children.empty(); }
  bool empty() const { return nodes.size() == 1; }
};

namespace {
// Values in the backward trie (filteredbrk.cpp).
constexpr std::int32_t kPartial = 1;
constexpr std::int32_t kMatch = 2;
constexpr int kSuppressInReverse = 1;
constexpr int kAddToForward = 2;
}  // namespace

AsciiSegmenter::AsciiSegmenter(std::vector<std::string> suppressions)
    : backward_(std::make_unique<Trie>()), forward_(std::make_unique<Trie>()) {
  // SimpleFilteredBreakIteratorBuilder::build, step for step: a sorted set of
  // UTF-16 strings; an entry with a '.' before its end makes its prefix up to
  // that '.' a partial match in the backward trie, and moves every entry that
  // shares the prefix to the forward trie.
  std::vector<icu::UnicodeString> strs;
  for (const auto& s : suppressions) strs.push_back(icu::UnicodeString::fromUTF8(s));
  std::sort(strs.begin(), strs.end(), [](const auto& a, const auto& b) { return a.compare(b) < 0; });
  strs.erase(std::unique(strs.begin(), strs.end()), strs.end());
  const auto count = static_cast<int>(strs.size());
  std::vector<int> partials(strs.size(), 0);
  for (int i = 0; i < count; ++i) {
    const int32_t nn = strs[i].indexOf(char16_t{'.'});
    if (nn < 0 || nn + 1 == strs[i].length()) continue;
    int same_as = -1;
    for (int j = 0; j < count; ++j) {
      if (j == i) continue;
      if (strs[i].compare(0, nn + 1, strs[j], 0, nn + 1) == 0) {
        if (partials[j] == 0) partials[j] = kSuppressInReverse | kAddToForward;
        else if (partials[j] & kSuppressInReverse) same_as = j;
      }
    }
    if (same_as == -1 && partials[i] == 0) {
      icu::UnicodeString prefix(strs[i], 0, nn + 1);
      backward_->add(prefix.reverse(), kPartial);
      partials[i] = kSuppressInReverse | kAddToForward;
    }
  }
  for (int i = 0; i < count; ++i) {
    if (partials[i] == 0) backward_->add(icu::UnicodeString(strs[i]).reverse(), kMatch);
    else forward_->add(strs[i], kMatch);
  }
  backward_->index_wide_nodes();
  forward_->index_wide_nodes();
}

AsciiSegmenter::~AsciiSegmenter() = default;

bool AsciiSegmenter::applies(std::string_view text) noexcept {
  // Eight bytes at a time: no byte below 0x20, none at or above 0x7F.
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighs;
    const std::uint64_t del_or_high = ((w + kOnes * 0x01) | w) & kHighs;  // 0x7F + 1 sets the high bit
    if (below_space | del_or_high) return false;
  }
  text.remove_prefix(i);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

namespace {
// The word segments of either kind of text, collected (the tokenizer's ASCII
// path takes them from each_word one by one instead).
template <class View>
void collect_words(const View& text, std::vector<AsciiSegmenter::Segment>& out) {
  each_word(text, [&](std::uint32_t start, std::uint32_t end, std::int32_t status) {
    out.push_back({start, end, status});
  }, [](std::size_t) {});
}
}  // namespace

void AsciiSegmenter::words(std::string_view text, std::vector<Segment>& out) const {
  collect_words(AsciiView{text}, out);
}
void AsciiSegmenter::words(const LatinText& text, std::vector<Segment>& out) const {
  collect_words(LatinView{text}, out);
}
void AsciiSegmenter::sentence_ends(const LatinText& text, std::vector<std::uint32_t>& out) const {
  sentence_ends_in(LatinView{text}, out);
}

template <class View>
void AsciiSegmenter::sentence_ends_in(const View& text, std::vector<std::uint32_t>& out) const {
  const std::size_t n = text.size();
  // A break at p needs SATerm Close* Sp* right before p (SB11); everywhere
  // else SB998 holds. So only the places that follow a '.', '!' or '?' and
  // its closing marks and spaces are tried, walking forward from each
  // terminator: the terminator before a place is unique, so each place is
  // tried once, in order. (Trying every place and looking back from it was
  // a tenth of the tokenizer.) The run of closing marks and spaces after a
  // terminator holds no terminator, so the next one is searched from its end.
  for (std::size_t term = 0; (term = text.next_sa_term(term)) + 1 < n;) term = break_after_in(text, term, out);
  if (n > 0) out.push_back(text.offset(n));
}

template <class View>
std::size_t AsciiSegmenter::break_after_in(const View& text, std::size_t term, std::vector<std::uint32_t>& out) const {
  const std::size_t n = text.size();
  std::size_t close_end = term + 1;
  while (close_end < n && text.sb(close_end) == SbClose) ++close_end;
  std::size_t sp_end = close_end;
  while (sp_end < n && text.sb(sp_end) == SbSp) ++sp_end;
  const bool aterm = text.sb(term) == SbATerm;
  for (std::size_t p = term + 1; p <= sp_end && p < n; ++p) {
    const std::size_t sp_begin = p <= close_end ? p : close_end;  // where the Sp* before p starts
    const Sb next = text.sb(p);
    if (aterm && term + 1 == p) {
      if (next == SbNumeric) continue;  // SB6
      if (next == SbUpper && term > 0 && (text.sb(term - 1) == SbUpper || text.sb(term - 1) == SbLower))
        continue;  // SB7
    }
    if (aterm) {  // SB8: ATerm Close* Sp* × (¬(OLetter|Upper|Lower|ParaSep|SATerm))* Lower
      std::size_t k = p;
      while (k < n) {
        const Sb x = text.sb(k);
        if (x == SbUpper || x == SbLower || is_sa_term(x)) break;
        ++k;
      }
      if (k < n && text.sb(k) == SbLower) continue;
    }
    if (next == SbSContinue || is_sa_term(next)) continue;       // SB8a
    if (sp_begin == p && (next == SbClose || next == SbSp)) continue;  // SB9
    if (next == SbSp) continue;                                    // SB10
    if (suppressed(text, p)) continue;                             // ICU's "ss=standard" filter
    out.push_back(text.offset(p));                                 // SB11
  }
  return sp_end;
}

void AsciiSegmenter::break_after(std::string_view text, std::size_t term, std::vector<std::uint32_t>& out) const {
  break_after_in(AsciiView{text}, term, out);
}

// SimpleFilteredSentenceBreakIterator::breakExceptionAt, over characters (the
// tries hold UTF-16 units; every character of either kind of text is one).
template <class View>
bool AsciiSegmenter::suppressed(const View& text, std::size_t n) const {
  if (backward_->empty()) return false;
  std::size_t pos = n;
  if (pos > 0 && text.unit(pos - 1) == u' ') --pos;  // "Mr. |Brown": step over one space
  std::int64_t best_pos = -1;
  std::int32_t best_value = -1;
  std::int32_t node = 0;
  while (pos > 0) {
    node = backward_->child(node, text.unit(pos - 1));
    --pos;
    if (node < 0) break;
    if (backward_->nodes[node].value >= 0) {
      best_pos = static_cast<std::int64_t>(pos);
      best_value = backward_->nodes[node].value;
    }
    if (!backward_->has_next(node)) break;
  }
  if (best_pos < 0) return false;
  if (best_value == kMatch) return true;
  if (best_value != kPartial || forward_->empty()) return false;
  // "Ph." matched backwards: the whole "Ph.D." must match forwards, ending on
  // a node with no further child (or at the end of the text).
  enum class R { NoMatch, NoValue, Final, Intermediate } r = R::Intermediate;
  std::int32_t f = 0;
  for (std::size_t k = static_cast<std::size_t>(best_pos); k < text.size(); ++k) {
    f = forward_->child(f, text.unit(k));
    if (f < 0) {
      r = R::NoMatch;
      break;
    }
    const bool value = forward_->nodes[f].value >= 0, next = forward_->has_next(f);
    r = value ? (next ? R::Intermediate : R::Final) : R::NoValue;
    if (!next) break;
  }
  return r != R::NoMatch;
}

const std::vector<char32_t>& latin_whitelist() {
  static const std::vector<char32_t> chars = [] {
    std::vector<char32_t> v{
        0x00A3, 0x00A5, 0x00AB, 0x00BB, 0x00BD,  // £ ¥ « » ½
        0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x20AC,  // – — ‘ ’ “ ” … €
    };
    for (char32_t c = 0x00C0; c < 0x0180; ++c)  // À-ÿ and Latin Extended-A, but × and ÷
      if (c != 0x00D7 && c != 0x00F7) v.push_back(c);
    std::sort(v.begin(), v.end());
    return v;
  }();
  return chars;
}

bool LatinText::assign(std::string_view utf8, std::size_t* rejected_at) {
  if (rejected_at) *rejected_at = utf8.size();
  if (utf8.size() > kMaxBytes) return false;
  const auto n = static_cast<int32_t>(utf8.size());
  // Sized for one character a byte, written through pointers and cut back
  // after: push_back on three vectors was most of the decoding's cost.
  units.resize(utf8.size());
  classes.resize(utf8.size());
  offsets.resize(utf8.size() + 1);
  char16_t* unit = units.data();
  std::uint8_t* cls = classes.data();
  std::uint32_t* offset = offsets.data();
  const LatinClasses& table = latin_classes();
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  std::size_t k = 0;
  for (int32_t i = 0; i < n; ++k) {
    offset[k] = static_cast<std::uint32_t>(i);
    UChar32 c = p[i];
    if (c < 0x80) {
      ++i;
    } else {
      U8_NEXT(p, i, n, c);  // c < 0 for an ill-formed sequence: rejected below
    }
    const std::uint8_t x = table(c);
    if (x == kRejected) {
      if (rejected_at) *rejected_at = offset[k];
      return false;
    }
    unit[k] = static_cast<char16_t>(c);
    cls[k] = x;
  }
  offset[k] = static_cast<std::uint32_t>(n);
  units.resize(k);
  classes.resize(k);
  offsets.resize(k + 1);
  return true;
}

std::size_t LatinText::first_rejected(std::string_view utf8) {
  const LatinClasses& table = latin_classes();
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int64_t>(utf8.size());
  for (int64_t i = 0; i < n;) {
    const int64_t at = i;
    UChar32 c = p[i];
    if (c < 0x80) ++i;
    else U8_NEXT(p, i, n, c);  // c < 0 for an ill-formed sequence: rejected
    if (table(c) == kRejected) return static_cast<std::size_t>(at);
  }
  return utf8.size();
}

std::vector<std::string> icu_sentence_suppressions(const std::string& language) {
  // What FilteredBreakIteratorBuilder::createInstance(Locale(language)) reads:
  // brkitr/LANG.txt, exceptions/SentenceBreak. A missing bundle or a fallback
  // to root means ICU has no suppressions for the language.
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", language.c_str(), &status);
  if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) {
    ures_close(bundle);
    return out;
  }
  UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* breaks = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  if (U_SUCCESS(status)) {
    const int32_t size = ures_getSize(breaks);
    for (int32_t i = 0; i < size; ++i) {
      UErrorCode s = U_ZERO_ERROR;
      int32_t len = 0;
      const UChar* str = ures_getStringByIndex(breaks, i, &len, &s);
      if (U_FAILURE(s)) continue;
      std::string utf8;
      icu::UnicodeString(str, len).toUTF8String(utf8);
      out.push_back(std::move(utf8));
    }
  }
  ures_close(breaks);
  ures_close(exceptions);
  ures_close(bundle);
  return out;
}

}  // namespace thaw::detail
