#include "thaw/result_json.hpp"

#include "json_scan.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace thaw {
namespace {

double round4(double v) { return round_output(v); }

nlohmann::ordered_json optional_string(const std::optional<std::string>& s) {
  return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

}  // namespace

double round_output(double v) {
  double r = std::round(v * 10000.0) / 10000.0;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

nlohmann::ordered_json lexicon_json(const LexiconInfo& lexicon) {
  return {{"name", lexicon.name}, {"version", lexicon.version}};
}

nlohmann::ordered_json to_json(const ScoredStatement& r, const LexiconInfo& lexicon) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (r.statement.id) j["id"] = *r.statement.id;
  j["text"] = r.statement.text;
  j["actor"] = optional_string(r.statement.actor);
  j["lang"] = r.statement.lang;
  j["date"] = optional_string(r.statement.date);
  j["score"] = round4(r.score);
  j["label"] = std::string(to_string(r.label));
  j["confidence"] = round4(r.confidence);
  nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
  for (const Evidence& e : r.evidence) {
    evidence.push_back({{"term", e.term},
                        {"match", e.match},
                        {"layer", e.layer},
                        {"start", e.start},
                        {"end", e.end},
                        {"weight", round4(e.weight)},
                        {"contribution", round4(e.contribution)},
                        {"effect", e.effects}});
  }
  j["evidence"] = std::move(evidence);
  j["flags"] = r.flags;
  j["lexicon"] = lexicon_json(lexicon);
  if (r.probabilities) {  // only with a stance model (thaw --model)
    j["lexicon_score"] = round4(r.lexicon_score);
    j["lexicon_label"] = std::string(to_string(r.lexicon_label));
    j["probabilities"] = {{"warm", round4((*r.probabilities)[2])},
                          {"neutral", round4((*r.probabilities)[1])},
                          {"cold", round4((*r.probabilities)[0])}};
    nlohmann::ordered_json learned = nlohmann::ordered_json::array();
    for (const LearnedTerm& t : r.learned)
      learned.push_back({{"feature", t.feature},
                         {"match", t.match},
                         {"start", t.start},
                         {"end", t.end},
                         {"warmth", round4(t.warmth)}});
    j["learned"] = std::move(learned);
  }
  return j;
}

// ---- the same bytes without an ordered_json -------------------------------
// Every field below mirrors to_json above, in the same order; a change to one
// must be made to the other (tests/test_tracker_json.cpp compares them).

// nlohmann's serializer is what basic_json::dump() itself runs; dump() builds
// a new one (and a new string) per call, so one is kept here instead. A string
// goes through a reused string value, whose buffer stops growing after the
// first records, so that escaping needs no allocation either.
struct JsonAppender::Impl {
  nlohmann::detail::serializer<nlohmann::ordered_json> serializer;
  nlohmann::ordered_json scratch = std::string();
  // A number that write_number leaves to nlohmann is written here first.
  std::string number_text;
  nlohmann::detail::serializer<nlohmann::ordered_json> number_serializer;
  explicit Impl(std::string& out)
      : serializer(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                   nlohmann::ordered_json::error_handler_t::replace),
        number_serializer(nlohmann::detail::output_adapter<char, std::string>(number_text), ' ',
                          nlohmann::ordered_json::error_handler_t::replace) {}
};

JsonAppender::JsonAppender(std::string& out) : out_(out), impl_(std::make_unique<Impl>(out)) {}
JsonAppender::~JsonAppender() = default;

namespace {
// True when nlohmann would write `s` as it is: ASCII with no control
// character, '"' or '\\' (it escapes those; with ensure_ascii off it passes
// valid UTF-8 through, but only valid, which this does not check).
// Sixteen bytes a step, then eight, with json_special_bytes' word test.
bool needs_no_escape(std::string_view s) {
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  auto specials = [](std::uint64_t w) { return detail::json_special_bytes(w) | (w & kHighs); };
  const char* p = s.data();
  const char* const end = p + s.size();
  for (; end - p >= 16; p += 16) {
    std::uint64_t w[2];
    std::memcpy(w, p, 16);
    if (specials(w[0]) | specials(w[1])) return false;
  }
  if (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (specials(w)) return false;
    p += 8;
  }
  for (; p < end; ++p)
    if (!detail::json_plain_ascii(static_cast<unsigned char>(*p))) return false;
  return true;
}

void append_quoted(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
}
}  // namespace

// Appends s quoted, with a backslash before each '"' and '\\': what nlohmann
// writes for valid UTF-8 (ensure_ascii off) that holds no control character,
// the only other bytes it escapes; a string with one goes to nlohmann. About
// a tenth of the bench texts quote a word; through nlohmann's per-byte UTF-8
// state machine they were 2% of a batch. The scan jumps from one such byte
// to the next, and the first jump tells a string that needs no escaping.
bool JsonAppender::valid_utf8_string(std::string_view s) {
  std::size_t at = detail::next_json_special(s, 0);
  if (at == std::string_view::npos) {
    append_quoted(out_, s);
    return true;
  }
  const std::size_t mark = out_.size();
  out_.reserve(out_.size() + s.size() + 8);
  out_.push_back('"');
  std::size_t from = 0;
  for (; at != std::string_view::npos; at = detail::next_json_special(s, from)) {
    const char c = s[at];
    if (static_cast<unsigned char>(c) < 0x20) {
      out_.resize(mark);
      string(s);
      return false;
    }
    out_.append(s, from, at - from);
    out_.push_back('\\');
    out_.push_back(c);
    from = at + 1;
  }
  out_.append(s, from, std::string_view::npos);
  out_.push_back('"');
  return false;
}

bool JsonAppender::copied_as_is(std::string_view s) noexcept { return needs_no_escape(s); }

// Every record's text is scanned for these bytes, most of it in vain: 32
// bytes a step with SSE2 (every x86-64 has it), where json_special_bytes'
// word test takes 8. With the word test the scan was 10.5M instructions of a
// 911.8M batch (20,000 bench lines), with SSE2 5.1M. The rest of a text, and
// other machines, take the word test.
bool JsonAppender::valid_utf8_copied_as_is(std::string_view s) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), below_space = _mm_set1_epi8(0x1F);
  // A byte is special if it is '"' or '\\', or if max(byte, 0x1F) is 0x1F
  // (unsigned: below 0x20).
  auto specials = [&](__m128i v) {
    return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                        _mm_cmpeq_epi8(_mm_max_epu8(v, below_space), below_space));
  };
  for (; end - p >= 32; p += 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    if (_mm_movemask_epi8(_mm_or_si128(specials(a), specials(b))) != 0) return false;
  }
  if (end - p >= 16) {
    if (_mm_movemask_epi8(specials(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))) != 0) return false;
    p += 16;
  }
#endif
  return detail::next_json_special(std::string_view(p, static_cast<std::size_t>(end - p)), 0) ==
         std::string_view::npos;
}

void JsonAppender::string(std::string_view s) {
  // Most strings need no escaping; they skip the serializer's per-byte UTF-8
  // state machine. Everything else is escaped by nlohmann itself.
  if (needs_no_escape(s)) return append_quoted(out_, s);
  impl_->scratch.get_ref<std::string&>().assign(s);
  impl_->serializer.dump(impl_->scratch, false, false, 0);
}

void JsonAppender::optional_string(const std::optional<std::string>& s) {
  if (s) string(*s);
  else out_.append("null");
}

namespace {

// Every double thaw writes is rounded to 4 decimals (round_output): k / 10000
// for a whole k. nlohmann writes a double in its shortest decimal form, which
// for these is k's digits with the point four places from the right, trailing
// zeros dropped ("0.125", "-1.5"), and ".0" after a whole number ("2.0").
// Writing that directly skips nlohmann's shortest-form search (grisu2), which
// with a 10,000 distinct values per 20,000 records no cache kept up with.
// tests/test_tracker_json.cpp checks it against nlohmann for every k within
// kMaxTenThousandths; any other value (not a whole number of ten-thousandths,
// larger, -0.0, not finite) returns false and goes to nlohmann.
constexpr std::int64_t kMaxTenThousandths = 1'000'000;  // |v| <= 100

// "00" "01" ... "99": two digits per lookup, for the integer and fraction
// parts below (each at most 3 and 4 digits).
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) t[2 * i] = static_cast<char>('0' + i / 10), t[2 * i + 1] = static_cast<char>('0' + i % 10);
  return t;
}();

char* write_digits(std::int64_t k, char* p);

// Writes k / 10000 at p and returns the end, or nullptr when v is not
// such a value (see above). At most 9 bytes: "-100.0" or "-99.9999".
char* write_ten_thousandths(double v, char* p) {
  const double scaled = v * 10000.0;
  if (!(std::abs(scaled) <= static_cast<double>(kMaxTenThousandths))) return nullptr;  // NaN too
  // The nearest whole number, rounded inline (std::llround is a libm call
  // per number written): scaled lies within an ulp or so of a whole number
  // when v is one of round_output's values, and any k is safe, since the
  // check below takes it only if k / 10000 gives v back exactly.
  const auto k = static_cast<std::int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5));
  const double back = static_cast<double>(k) / 10000.0;  // how round_output made it
  if (std::memcmp(&back, &v, sizeof v) != 0) return nullptr;  // another double, or -0.0
  return write_digits(k, p);
}

// k / 10000 as nlohmann writes it, for |k| <= kMaxTenThousandths.
char* write_digits(std::int64_t k, char* p) {
  if (k < 0) *p++ = '-';
  const auto magnitude = static_cast<std::uint32_t>(k < 0 ? -k : k);
  const std::uint32_t whole = magnitude / 10000, fraction = magnitude % 10000;
  if (whole >= 100) {  // only 100 itself
    *p++ = static_cast<char>('0' + whole / 100);
    std::memcpy(p, &kDigitPairs[2 * (whole % 100)], 2);
    p += 2;
  } else if (whole >= 10) {
    std::memcpy(p, &kDigitPairs[2 * whole], 2);
    p += 2;
  } else {
    *p++ = static_cast<char>('0' + whole);
  }
  *p++ = '.';
  // All four fraction digits, then the length without trailing zeros (one
  // digit at least: "2.0").
  const std::uint32_t high = fraction / 100, low = fraction % 100;
  std::memcpy(p, &kDigitPairs[2 * high], 2);
  std::memcpy(p + 2, &kDigitPairs[2 * low], 2);
  const int digits = low != 0 ? (low % 10 != 0 ? 4 : 3) : (high % 10 != 0 ? 2 : 1);
  return p + digits;
}

}  // namespace

char* JsonAppender::write_rounded(double v, char* p) {
  const double scaled = v * 10000.0;  // as round_output scales it
  if (!(std::abs(scaled) <= static_cast<double>(kMaxTenThousandths))) return write_number(round_output(v), p);
  // std::round(scaled) (halves away from zero) without the libm call: the
  // truncation is exact in this range, and so is the fraction left over.
  // round_output's value is then k / 10000 (0.0 for k == 0, its "-0.0"
  // fix), which is what the digits of k read as.
  auto k = static_cast<std::int64_t>(scaled);
  const double fraction = scaled - static_cast<double>(k);
  k += fraction >= 0.5 ? 1 : fraction <= -0.5 ? -1 : 0;
  return write_digits(k, p);
}

char* JsonAppender::write_number(double v, char* p) {
  if (char* end = write_ten_thousandths(v, p)) return end;
  // Anything else is nlohmann's to write; its longest double is 24 bytes
  // ("-1.2345678901234567e-308"), within kMaxNumberBytes.
  std::string& s = impl_->number_text;
  s.clear();
  impl_->number_serializer.dump(nlohmann::ordered_json(v), false, false, 0);
  std::memcpy(p, s.data(), std::min(s.size(), kMaxNumberBytes));
  return p + std::min(s.size(), kMaxNumberBytes);
}

// nlohmann writes an unsigned integer as its plain decimal digits, which is
// what std::to_chars writes (no locale, no sign). Offsets into a text are
// mostly below 10,000: two digit pairs at most.
char* JsonAppender::write_number(std::uint64_t v, char* p) {
  if (v >= 10000) return std::to_chars(p, p + kMaxNumberBytes, v).ptr;
  const auto n = static_cast<std::uint32_t>(v);
  if (n < 10) {
    *p = static_cast<char>('0' + n);
    return p + 1;
  }
  if (n < 100) {
    std::memcpy(p, &kDigitPairs[2 * n], 2);
    return p + 2;
  }
  const std::uint32_t high = n / 100, low = n % 100;
  if (high < 10) {
    *p++ = static_cast<char>('0' + high);
  } else {
    std::memcpy(p, &kDigitPairs[2 * high], 2);
    p += 2;
  }
  std::memcpy(p, &kDigitPairs[2 * low], 2);
  return p + 2;
}

void JsonAppender::number(double v) {
  char text[kMaxNumberBytes];
  out_.append(text, static_cast<std::size_t>(write_number(v, text) - text));
}
void JsonAppender::rounded(double v) {
  char text[kMaxNumberBytes];
  out_.append(text, static_cast<std::size_t>(write_rounded(v, text) - text));
}
void JsonAppender::number(std::uint64_t v) {
  char text[kMaxNumberBytes];
  out_.append(text, static_cast<std::size_t>(write_number(v, text) - text));
}
void JsonAppender::value(const nlohmann::ordered_json& j) { impl_->serializer.dump(j, false, false, 0); }

void append_json_fields(const ScoredStatement& r, const LexiconInfo& lexicon, JsonAppender& out,
                        std::size_t* flags_end) {
  out.raw("{");
  if (r.statement.id) {
    out.raw("\"id\":");
    out.string(*r.statement.id);
    out.raw(",");
  }
  out.raw("\"text\":");
  out.string(r.statement.text);
  out.raw(",\"actor\":");
  out.optional_string(r.statement.actor);
  out.raw(",\"lang\":");
  out.string(r.statement.lang);
  out.raw(",\"date\":");
  out.optional_string(r.statement.date);
  out.raw(",\"score\":");
  out.number(round4(r.score));
  out.raw(",\"label\":");
  out.string(to_string(r.label));
  out.raw(",\"confidence\":");
  out.number(round4(r.confidence));
  out.raw(",\"evidence\":[");
  for (std::size_t i = 0; i < r.evidence.size(); ++i) {
    const Evidence& e = r.evidence[i];
    out.raw(i ? ",{\"term\":" : "{\"term\":");
    out.string(e.term);
    out.raw(",\"match\":");
    out.string(e.match);
    out.raw(",\"layer\":");
    out.string(e.layer);
    out.raw(",\"start\":");
    out.number(std::uint64_t{e.start});
    out.raw(",\"end\":");
    out.number(std::uint64_t{e.end});
    out.raw(",\"weight\":");
    out.number(round4(e.weight));
    out.raw(",\"contribution\":");
    out.number(round4(e.contribution));
    out.raw(",\"effect\":[");
    for (std::size_t k = 0; k < e.effects.size(); ++k) {
      if (k) out.raw(",");
      out.string(e.effects[k]);
    }
    out.raw("]}");
  }
  out.raw("],\"flags\":[");
  for (std::size_t k = 0; k < r.flags.size(); ++k) {
    if (k) out.raw(",");
    out.string(r.flags[k]);
  }
  if (flags_end) *flags_end = out.out().size();
  out.raw("],\"lexicon\":{\"name\":");
  out.string(lexicon.name);
  out.raw(",\"version\":");
  out.string(lexicon.version);
  out.raw("}");
  if (!r.probabilities) return;  // no stance model
  append_stance_head(r.lexicon_score, r.lexicon_label, *r.probabilities, out);
  for (std::size_t i = 0; i < r.learned.size(); ++i) {
    const LearnedTerm& t = r.learned[i];
    append_learned_item(i == 0, t.feature, t.match, t.start, t.end, t.warmth, out);
  }
  out.raw("]");
}

void append_stance_head(double lexicon_score, Label lexicon_label, const std::array<double, 3>& probabilities,
                        JsonAppender& out) {
  out.raw(",\"lexicon_score\":");
  out.number(round4(lexicon_score));
  out.raw(",\"lexicon_label\":");
  out.string(to_string(lexicon_label));
  out.raw(",\"probabilities\":{\"warm\":");
  out.number(round4(probabilities[2]));
  out.raw(",\"neutral\":");
  out.number(round4(probabilities[1]));
  out.raw(",\"cold\":");
  out.number(round4(probabilities[0]));
  out.raw("},\"learned\":[");
}

void append_learned_item(bool first, std::string_view feature, std::string_view match, std::uint32_t start,
                         std::uint32_t end, double warmth, JsonAppender& out) {
  out.raw(first ? "{\"feature\":" : ",{\"feature\":");
  out.string(feature);
  out.raw(",\"match\":");
  out.string(match);
  out.raw(",\"start\":");
  out.number(std::uint64_t{start});
  out.raw(",\"end\":");
  out.number(std::uint64_t{end});
  out.raw(",\"warmth\":");
  out.number(round4(warmth));
  out.raw("}");
}

}  // namespace thaw
