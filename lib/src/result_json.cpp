#include "thaw/result_json.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

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
  explicit Impl(std::string& out)
      : serializer(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                   nlohmann::ordered_json::error_handler_t::replace) {}
};

JsonAppender::JsonAppender(std::string& out) : out_(out), impl_(std::make_unique<Impl>(out)) {}
JsonAppender::~JsonAppender() = default;

namespace {
// Bytes from 0x80 up: in text of unknown validity they send a string to
// nlohmann; in text known to be valid UTF-8 they pass as they are.
enum class HighBytes { Escape, PassThrough };

// True when nlohmann would write `s` as it is: no control character, '"' or
// '\\' (it escapes those), and, unless `high` says the text is known valid
// UTF-8, printable ASCII only (with ensure_ascii off it passes valid UTF-8
// through, but only valid). Eight bytes at a time; the word tests are exact
// for high bytes too: x - n cannot borrow when x >= 0x80 > n, and ~w drops
// them.
bool needs_no_escape(std::string_view s, HighBytes high) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  auto has_byte_below = [](std::uint64_t w, std::uint8_t n) { return (w - kOnes * n) & ~w & kHighs; };
  auto has_byte = [&](std::uint64_t w, std::uint8_t b) { return has_byte_below(w ^ (kOnes * b), 1); };
  const bool ascii_only = high == HighBytes::Escape;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((ascii_only && (w & kHighs)) || has_byte_below(w, 0x20) || has_byte(w, '"') || has_byte(w, '\\'))
      return false;
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || (ascii_only && c > 0x7E) || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_quoted(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
}
}  // namespace

namespace {
// Appends s quoted, with a backslash before each '"' and '\\': what nlohmann
// writes for valid UTF-8 (ensure_ascii off) that holds no control character,
// the only other bytes it escapes. Returns false, with `out` as it was, at a
// control character. About a tenth of the bench texts quote a word; through
// nlohmann's per-byte UTF-8 state machine they were 2% of a batch.
bool append_quote_escaped(std::string& out, std::string_view s) {
  const std::size_t mark = out.size();
  out.reserve(out.size() + s.size() + 8);
  out.push_back('"');
  std::size_t from = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    if (c < 0x20) {
      out.resize(mark);
      return false;
    }
    out.append(s, from, i - from);
    out.push_back('\\');
    out.push_back(static_cast<char>(c));
    from = i + 1;
  }
  out.append(s, from, std::string_view::npos);
  out.push_back('"');
  return true;
}
}  // namespace

bool JsonAppender::valid_utf8_string(std::string_view s) {
  if (needs_no_escape(s, HighBytes::PassThrough)) {
    append_quoted(out_, s);
    return true;
  }
  if (!append_quote_escaped(out_, s)) string(s);
  return false;
}

void JsonAppender::string(std::string_view s) {
  // Most strings need no escaping; they skip the serializer's per-byte UTF-8
  // state machine. Everything else is escaped by nlohmann itself.
  if (needs_no_escape(s, HighBytes::Escape)) return append_quoted(out_, s);
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

bool append_ten_thousandths(double v, std::string& out) {
  const double scaled = v * 10000.0;
  if (!(std::abs(scaled) <= static_cast<double>(kMaxTenThousandths))) return false;  // NaN too
  // The nearest whole number, rounded inline (std::llround is a libm call
  // per number written): scaled lies within an ulp or so of a whole number
  // when v is one of round_output's values, and any k is safe, since the
  // check below takes it only if k / 10000 gives v back exactly.
  const auto k = static_cast<std::int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5));
  const double back = static_cast<double>(k) / 10000.0;  // how round_output made it
  if (std::memcmp(&back, &v, sizeof v) != 0) return false;  // another double, or -0.0
  char text[24];
  char* p = text;
  if (k < 0) *p++ = '-';
  const std::uint64_t magnitude = static_cast<std::uint64_t>(k < 0 ? -k : k);
  p = std::to_chars(p, text + sizeof text, magnitude / 10000).ptr;
  *p++ = '.';
  auto fraction = static_cast<unsigned>(magnitude % 10000);
  if (fraction == 0) {
    *p++ = '0';
  } else {
    int digits = 4;
    while (fraction % 10 == 0) fraction /= 10, --digits;
    for (int i = digits - 1; i >= 0; --i, fraction /= 10) p[i] = static_cast<char>('0' + fraction % 10);
    p += digits;
  }
  out.append(text, static_cast<std::size_t>(p - text));
  return true;
}

}  // namespace

void JsonAppender::number(double v) {
  if (!append_ten_thousandths(v, out_)) value(nlohmann::ordered_json(v));
}
// nlohmann writes an unsigned integer as its plain decimal digits, which is
// what std::to_chars writes (no locale, no sign); without the serializer's
// per-call overhead, for the two offsets of every evidence entry.
void JsonAppender::number(std::uint64_t v) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out_.append(digits, static_cast<std::size_t>(end - digits));
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
