#include "thaw/record.hpp"

#include <array>
#include <bit>
#include <chrono>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>

#include "json_scan.hpp"
#include "thaw/tokenizer.hpp"

namespace thaw {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool is_time_suffix(std::string_view t) {
  // THH:MM[:SS[.fff]][Z|±HH:MM]
  int h, m, sec;
  if (t.size() < 6 || (t[0] != 'T' && t[0] != ' ')) return false;
  if (!digits(t, 1, 2, h) || t[3] != ':' || !digits(t, 4, 2, m) || h > 23 || m > 59) return false;
  std::size_t p = 6;
  if (p < t.size() && t[p] == ':') {
    if (!digits(t, p + 1, 2, sec) || sec > 60) return false;
    p += 3;
    if (p < t.size() && t[p] == '.') {
      ++p;
      std::size_t start = p;
      while (p < t.size() && t[p] >= '0' && t[p] <= '9') ++p;
      if (p == start) return false;
    }
  }
  if (p == t.size()) return true;
  if (t[p] == 'Z') return p + 1 == t.size();
  if (t[p] != '+' && t[p] != '-') return false;
  int oh, om;
  return p + 6 == t.size() && digits(t, p + 1, 2, oh) && t[p + 3] == ':' && digits(t, p + 4, 2, om) &&
         oh <= 23 && om <= 59;
}

// Cuts a message to kMaxRecordErrorBytes without splitting a UTF-8 character.
std::string clip_message(std::string message) {
  if (message.size() <= kMaxRecordErrorBytes) return message;
  std::size_t cut = kMaxRecordErrorBytes;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  message.resize(cut);
  return message + "...";
}

std::optional<std::string> string_field(const nlohmann::ordered_json& j, const char* key, std::string& error) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    error = std::string("'") + key + "' must be a string, not " + it->type_name();
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace

bool is_iso8601_date(std::string_view s) {
  int y, m, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return false;
  using namespace std::chrono;
  if (!year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok())
    return false;
  return s.size() == 10 || is_time_suffix(s.substr(10));
}

int json_nesting_depth(std::string_view json) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

namespace {

// Why an actor id cannot stand in a record, or "" if it can.
std::string actor_problem(const std::string& actor, const ActorList& actors, const RecordOptions& options) {
  if (!actors.find(actor) && !options.allow_new_actors)
    return "unknown actor '" + actor + "' (add it to the actor list, or pass --allow-new-actors)";
  if (!is_valid_actor_id(actor)) return "bad actor id '" + actor + "'";
  return {};
}

// Why a date cannot stand in a record, or "" if it can.
std::string date_problem(const std::string& date) {
  if (!is_iso8601_date(date)) return "bad date '" + date + "': expected ISO 8601 (YYYY-MM-DD)";
  return {};
}

// parse_record_reference on a line that repair_utf8 has already made valid UTF-8.
std::variant<ParsedRecord, RecordError> parse_valid_utf8(std::string_view line, const ActorList& actors,
                                                         const RecordOptions& options) {
  if (json_nesting_depth(line) > kMaxJsonDepth)
    return RecordError{"JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", std::nullopt};
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(line);
  } catch (const nlohmann::ordered_json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> keep the useful tail.
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    return RecordError{clip_message("bad JSON: " + what), std::nullopt};
  }
  if (!j.is_object()) return RecordError{std::string("not a JSON object but ") + j.type_name(), std::nullopt};

  ParsedRecord rec;
  std::string error;
  std::optional<std::string> id;
  if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
    if (it->is_string()) id = it->get<std::string>();
    else if (it->is_number_integer()) id = it->dump();
    else return RecordError{std::string("'id' must be a string or an integer, not ") + it->type_name(), std::nullopt};
  }
  // Messages quote field values (an unknown actor, a bad date), which may be long.
  auto fail = [&](std::string message) { return RecordError{clip_message(std::move(message)), id}; };

  auto text = j.find("text");
  if (text == j.end() || text->is_null()) return fail("missing 'text'");
  if (!text->is_string()) return fail(std::string("'text' must be a string, not ") + text->type_name());
  rec.statement.text = text->get<std::string>();
  rec.statement.id = id;

  auto actor = string_field(j, "actor", error);
  if (!error.empty()) return fail(error);
  if (actor) {
    if (auto problem = actor_problem(*actor, actors, options); !problem.empty()) return fail(problem);
    rec.statement.actor = actor;
  }
  auto date = string_field(j, "date", error);
  if (!error.empty()) return fail(error);
  if (date) {
    if (auto problem = date_problem(*date); !problem.empty()) return fail(problem);
    rec.statement.date = date;
  }
  auto lang = string_field(j, "lang", error);
  if (!error.empty()) return fail(error);
  rec.statement.lang = lang ? *lang : options.default_lang;

  for (const char* key : {"source", "gold"})
    if (auto it = j.find(key); it != j.end()) rec.passthrough[key] = *it;
  return rec;
}

// ---- the fast path for the common record shape ------------------------------
// Nearly every line is a flat object of plain strings: {"id": "...", "text":
// "...", "actor": "..." or null, "date": "..."}. Building an ordered_json DOM
// for it was a fifth of the batch time. The scan below accepts only that
// shape: string values with no control character and no escape other than
// the one-character ones (\" \\ \/ \b \f \n \r \t: a tenth of the bench lines
// quote words), or null, each known key at most once, any JSON whitespace
// between tokens. Anything else (a \u escape, a number, a nested value, a
// repeated key, bad syntax, a record with an error) is declined and
// the line takes parse_record_reference, which stays the reference:
// tests/test_record.cpp compares the two on corpora and on mutated lines.
//
// The scan reads the line as it is, before any UTF-8 repair: repairing only
// replaces bytes from 0x80 up with others from 0x80 up, which the scan
// accepts inside strings and nowhere else, so it accepts a line exactly when
// it accepts the repaired one. It notes whether a string held such a byte; a
// line with none (nine in ten of the bench lines) is ASCII and skips
// repair_utf8, which copied and checked every line (14M of the batch's
// 933M instructions on 20,000 bench lines).

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

bool is_json_space(char c) {
  // One compare for the common case, a byte above the space.
  return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

// The character a one-character escape stands for ('"' for \"), or 0 for any
// other escape (\u, or an invalid one): those are left to nlohmann.
char simple_escape(char c) {
  switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return 0;
  }
}

// detail::next_json_special for the scan: sixteen bytes a step (the text is
// most of a line; eight a step spent a third of its work on the loop), and
// every byte read is ORed into `seen`, whose high bits then tell whether a
// byte from 0x80 up was among them. Bytes past the special one in its step
// are ORed in too; they only make a line look less ASCII than it is.
std::size_t next_special_noting(std::string_view s, std::size_t p, std::uint64_t& seen) {
  if constexpr (std::endian::native == std::endian::little) {
#if defined(__GNUC__)
    // GCC's vector extension: sixteen byte compares in a few instructions
    // (SSE2 here), where the word test took two dozen (the batch's
    // instructions: 879.1M -> 873.7M on 20,000 bench lines).
    using Bytes = unsigned char __attribute__((vector_size(16)));
    for (; p + 16 <= s.size(); p += 16) {
      Bytes v;
      std::memcpy(&v, s.data() + p, 16);
      const auto special = (v == '"') | (v == '\\') | (v < 0x20);  // 0xFF at each special byte
      std::uint64_t w[2], m[2];
      std::memcpy(w, &v, 16);
      std::memcpy(m, &special, 16);
      seen |= w[0] | w[1];
      if (m[0]) return p + static_cast<std::size_t>(std::countr_zero(m[0])) / 8;
      if (m[1]) return p + 8 + static_cast<std::size_t>(std::countr_zero(m[1])) / 8;
    }
#endif
    for (; p + 16 <= s.size(); p += 16) {
      std::uint64_t w[2];
      std::memcpy(w, s.data() + p, 16);
      seen |= w[0] | w[1];
      const std::uint64_t m0 = detail::json_special_bytes(w[0]), m1 = detail::json_special_bytes(w[1]);
      if (m0) return p + static_cast<std::size_t>(std::countr_zero(m0)) / 8;
      if (m1) return p + 8 + static_cast<std::size_t>(std::countr_zero(m1)) / 8;
    }
    if (p + 8 <= s.size()) {  // the last string of a line is often short: a date
      std::uint64_t w;
      std::memcpy(&w, s.data() + p, 8);
      seen |= w;
      if (const std::uint64_t m = detail::json_special_bytes(w)) return p + static_cast<std::size_t>(std::countr_zero(m)) / 8;
      p += 8;
    }
  }
  for (; p < s.size(); ++p) {
    const auto c = static_cast<unsigned char>(s[p]);
    seen |= c;
    if (c == '"' || c == '\\' || c < 0x20) return p;
  }
  return std::string_view::npos;
}

// A string's contents as they stand in the line, between its quotes.
struct RawString {
  std::string_view raw;
  bool escaped = false;  // holds one-character escapes, to be decoded
};

// Reads the string whose contents start at s[p] (after its opening quote);
// moves p past the closing quote. False for a control character, a \u or
// invalid escape, or no closing quote.
bool read_plain_string(std::string_view s, std::size_t& p, RawString& out, std::uint64_t& seen) {
  const std::size_t begin = p;
  std::size_t at = next_special_noting(s, p, seen);
  out.escaped = false;
  for (;;) {
    if (at == std::string_view::npos) return false;
    const char c = s[at];
    if (c == '"') break;
    if (c != '\\' || at + 1 >= s.size() || !simple_escape(s[at + 1])) return false;  // a control byte, or \u
    out.escaped = true;
    at = next_special_noting(s, at + 2, seen);
  }
  out.raw = s.substr(begin, at - begin);
  p = at + 1;
  return true;
}

// `to` = the string's value, decoded, in `to`'s storage. (clear and append:
// assign goes through _M_replace and its overlap checks, about twice the
// instructions for a short string.)
void assign_string(std::string& to, const RawString& v) {
  to.clear();
  if (!v.escaped) {
    to.append(v.raw);
    return;
  }
  std::size_t from = 0;
  for (std::size_t at; (at = v.raw.find('\\', from)) != std::string_view::npos; from = at + 2) {
    to.append(v.raw, from, at - from);
    to.push_back(simple_escape(v.raw[at + 1]));  // read_plain_string let only these through
  }
  to.append(v.raw, from);
}

// The keys a record uses; every other key is ignored, as parse_valid_utf8 does.
enum FlatKey { kId, kText, kActor, kDate, kLang, kSource, kGold, kFlatKeys, kOtherKey = kFlatKeys };
constexpr std::string_view kFlatKeyNames[kFlatKeys] = {"id", "text", "actor", "date", "lang", "source", "gold"};

// A key's slot. An escaped key is never one of these: each one-character
// escape stands for '"', '\\', '/' or a control character, and no name holds one.
FlatKey flat_key(const RawString& key) {
  if (key.escaped) return kOtherKey;
  const std::string_view k = key.raw;
  switch (k.size()) {
    case 2: return k == "id" ? kId : kOtherKey;
    case 4:
      if (k == "text") return kText;
      if (k == "date") return kDate;
      if (k == "lang") return kLang;
      return k == "gold" ? kGold : kOtherKey;
    case 5: return k == "actor" ? kActor : kOtherKey;
    case 6: return k == "source" ? kSource : kOtherKey;
    default: return kOtherKey;
  }
}

// Each key + '"' as the low bytes of a little-endian word, and the mask of
// those bytes (built at compile time: a loop at run time cost more than the
// scan it saves).
constexpr auto kKeyWords = [] {
  std::array<std::uint64_t, kFlatKeys> words{};
  for (std::size_t k = 0; k < kFlatKeys; ++k) {
    const std::string_view name = kFlatKeyNames[k];
    words[k] = std::uint64_t{'"'} << (8 * name.size());
    for (std::size_t i = 0; i < name.size(); ++i)
      words[k] |= std::uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
  }
  return words;
}();
constexpr auto kKeyMasks = [] {
  std::array<std::uint64_t, kFlatKeys> masks{};
  for (std::size_t k = 0; k < kFlatKeys; ++k) masks[k] = ~std::uint64_t{0} >> (8 * (7 - kFlatKeyNames[k].size()));
  return masks;
}();

// The key starting at s[p] (after its opening quote) when it is one of a
// record's keys written plainly, its closing quote included; p then moves
// past that quote. kOtherKey otherwise, p unmoved: the key is read as any
// string. One eight-byte compare instead of a scan of the key (a fifth of
// the scan's work went to the four keys of a line).
FlatKey quick_key(std::string_view s, std::size_t& p) {
  if constexpr (std::endian::native != std::endian::little) return kOtherKey;
  if (s.size() - p < 8) return kOtherKey;
  std::uint64_t w;
  std::memcpy(&w, s.data() + p, 8);
  auto is = [&](FlatKey k) {
    if ((w & kKeyMasks[k]) != kKeyWords[k]) return kOtherKey;
    p += kFlatKeyNames[k].size() + 1;
    return k;
  };
  switch (static_cast<char>(w & 0xFF)) {
    case 'i': return is(kId);
    case 't': return is(kText);
    case 'a': return is(kActor);
    case 'd': return is(kDate);
    case 'l': return is(kLang);
    case 's': return is(kSource);
    case 'g': return is(kGold);
    default: return kOtherKey;
  }
}

struct FlatValue {
  bool present = false;
  bool null = false;
  RawString value;  // when present and not null
};

struct FlatScan {
  FlatValue fields[kFlatKeys];
  std::uint64_t seen = 0;  // every string byte ORed together (and a few more)
};

// Reads a flat object of plain strings and nulls into `out`; false for
// anything else.
bool scan_flat_object(std::string_view s, FlatScan& out) {
  std::size_t p = 0;
  auto skip_space = [&] {
    while (p < s.size() && is_json_space(s[p])) ++p;
  };
  auto next_is = [&](char c) {
    if (p < s.size() && s[p] == c) {  // most often nothing stands between
      ++p;
      return true;
    }
    skip_space();
    if (p >= s.size() || s[p] != c) return false;
    ++p;
    return true;
  };
  if (!next_is('{')) return false;
  skip_space();
  if (p < s.size() && s[p] == '}') return false;  // {}: an error record, left to the reference
  for (;;) {
    if (!next_is('"')) return false;
    FlatKey k = quick_key(s, p);
    if (k == kOtherKey) {
      RawString key;
      if (!read_plain_string(s, p, key, out.seen)) return false;
      k = flat_key(key);
    }
    if (!next_is(':')) return false;
    RawString value;
    bool null = false;
    skip_space();
    if (s.substr(p, 4) == "null") {
      null = true;
      p += 4;
    } else if (!next_is('"') || !read_plain_string(s, p, value, out.seen)) {
      return false;
    }
    if (k != kOtherKey) {
      FlatValue& f = out.fields[k];
      if (f.present) return false;  // a repeated key: the reference decides which counts
      f.present = true;
      f.null = null;
      f.value = value;
    }
    if (next_is(',')) continue;
    if (!next_is('}')) return false;
    skip_space();
    return p == s.size();
  }
}

// actor_problem(actor, ...).empty(), without building a message. An id on
// the list is valid: ActorList::parse refuses any other.
bool actor_is_fine(const std::string& actor, const ActorList& actors, const RecordOptions& options) {
  if (actors.find(actor)) return true;
  return options.allow_new_actors && is_valid_actor_id(actor);
}

// `to` = the field's value, or nothing for a missing or null field.
void assign_optional(std::optional<std::string>& to, const FlatValue& f) {
  if (!f.present || f.null) {
    to.reset();
    return;
  }
  if (!to) to.emplace();
  assign_string(*to, f.value);
}

// The record parse_valid_utf8 gives for the scanned line, into `rec` (every
// field set, its strings' storage kept), when it is a valid record; false
// otherwise, with `rec` unspecified.
bool fill_flat_record(const FlatScan& scan, const ActorList& actors, const RecordOptions& options,
                      ParsedRecord& rec) {
  const FlatValue* f = scan.fields;
  if (!f[kText].present || f[kText].null) return false;
  Statement& st = rec.statement;
  assign_optional(st.actor, f[kActor]);
  if (st.actor && !actor_is_fine(*st.actor, actors, options)) return false;
  assign_optional(st.date, f[kDate]);
  if (st.date && !is_iso8601_date(*st.date)) return false;
  assign_optional(st.id, f[kId]);
  if (f[kLang].present && !f[kLang].null) assign_string(st.lang, f[kLang].value);
  else if (st.lang != options.default_lang) st.lang = options.default_lang;  // most often it is already
  assign_string(st.text, f[kText].value);
  if (!rec.passthrough.is_object()) rec.passthrough = nlohmann::ordered_json::object();
  else if (!rec.passthrough.empty()) rec.passthrough.clear();
  for (FlatKey k : {kSource, kGold}) {
    if (!f[k].present) continue;
    nlohmann::ordered_json& v = rec.passthrough[std::string(kFlatKeyNames[k])];
    if (!f[k].null) {
      std::string value;
      assign_string(value, f[k].value);
      v = std::move(value);
    }
  }
  return true;
}

// parse_record's result for `line` into `rec`, when the quick scan can give
// it; false for every line it declines, with `rec` unspecified.
bool parse_flat_record(std::string_view line, const ActorList& actors, const RecordOptions& options,
                       ParsedRecord& rec) {
  // repair_utf8 refuses lines this long with an exception; the reference
  // route throws it.
  if (line.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) return false;
  FlatScan scan;
  if (!scan_flat_object(line, scan)) return false;
  rec.repaired_utf8 = false;
  if (scan.seen & kHighBits) {
    // nlohmann::json refuses ill-formed UTF-8 outright; repairing the line
    // first keeps the record (its text shows U+FFFD where the bad bytes were)
    // and the flag tells the reader it was damaged. A valid line is read as
    // it is.
    thread_local std::string repaired;  // reused: no allocation per line
    if (repair_utf8(line, repaired)) {
      scan = FlatScan{};
      if (!scan_flat_object(repaired, scan)) return false;  // cannot happen (above); the reference decides
      rec.repaired_utf8 = true;
    }
  }
  return fill_flat_record(scan, actors, options, rec);
}

}  // namespace

std::variant<ParsedRecord, RecordError> parse_record(std::string_view line, const ActorList& actors,
                                                     const RecordOptions& options) {
  ParsedRecord rec;
  if (parse_flat_record(line, actors, options, rec)) return rec;
  return parse_record_reference(line, actors, options);
}

bool parse_record(std::string_view line, const ActorList& actors, const RecordOptions& options, ParsedRecord& out) {
  if (parse_flat_record(line, actors, options, out)) return true;
  auto result = parse_record_reference(line, actors, options);
  auto* rec = std::get_if<ParsedRecord>(&result);
  if (!rec) return false;
  out = std::move(*rec);
  return true;
}

std::variant<ParsedRecord, RecordError> parse_record_reference(std::string_view line, const ActorList& actors,
                                                               const RecordOptions& options) {
  std::string repaired;
  const bool repaired_utf8 = repair_utf8(line, repaired);
  if (repaired_utf8) line = repaired;
  auto result = parse_valid_utf8(line, actors, options);
  if (auto* rec = std::get_if<ParsedRecord>(&result)) rec->repaired_utf8 = repaired_utf8;
  return result;
}

}  // namespace thaw
