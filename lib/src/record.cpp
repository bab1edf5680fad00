#include "thaw/record.hpp"

#include <bit>
#include <chrono>
#include <charconv>
#include <cstdint>
#include <cstring>

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
// the line takes parse_valid_utf8, which stays the reference:
// tests/test_record.cpp compares the two on corpora and on mutated lines.

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

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

// Reads the string whose contents start at s[p] (after its opening quote).
// Without escapes its value is a view of `s`; with one-character escapes it
// is decoded into `buffer` and the view points there. Moves p past the
// closing quote. False for a control character, a \u or invalid escape, or
// no closing quote.
bool read_plain_string(std::string_view s, std::size_t& p, std::string_view& out, std::string& buffer) {
  std::size_t at = detail::next_json_special(s, p);
  if (at == std::string_view::npos) return false;
  if (s[at] == '"') {  // the common case: no escape at all
    out = s.substr(p, at - p);
    p = at + 1;
    return true;
  }
  buffer.clear();
  for (;;) {
    if (at == std::string_view::npos || static_cast<unsigned char>(s[at]) < 0x20) return false;
    buffer.append(s, p, at - p);
    if (s[at] == '"') break;
    const char decoded = at + 1 < s.size() ? simple_escape(s[at + 1]) : 0;
    if (!decoded) return false;
    buffer.push_back(decoded);
    p = at + 2;
    at = detail::next_json_special(s, p);
  }
  out = buffer;
  p = at + 1;
  return true;
}

// The keys a record uses; every other key is ignored, as parse_valid_utf8 does.
enum FlatKey { kId, kText, kActor, kDate, kLang, kSource, kGold, kFlatKeys };
constexpr std::string_view kFlatKeyNames[kFlatKeys] = {"id", "text", "actor", "date", "lang", "source", "gold"};

struct FlatValue {
  bool present = false;
  bool null = false;
  std::string_view text;  // the string's value, when present and not null
  std::string decoded;    // holds it when it had escapes
};

// Reads a flat object of plain strings and nulls into `fields`; false for
// anything else.
bool scan_flat_object(std::string_view s, FlatValue (&fields)[kFlatKeys]) {
  std::size_t p = 0;
  auto skip_space = [&] {
    while (p < s.size() && is_json_space(s[p])) ++p;
  };
  auto next_is = [&](char c) {
    skip_space();
    if (p >= s.size() || s[p] != c) return false;
    ++p;
    return true;
  };
  std::string key_buffer, value_buffer;
  auto read_string = [&](std::string_view& out, std::string& buffer) {
    return next_is('"') && read_plain_string(s, p, out, buffer);
  };
  if (!next_is('{')) return false;
  skip_space();
  if (p < s.size() && s[p] == '}') return false;  // {}: an error record, left to the reference
  for (;;) {
    std::string_view key, value;
    if (!read_string(key, key_buffer) || !next_is(':')) return false;
    bool null = false;
    skip_space();
    if (s.substr(p, 4) == "null") {
      null = true;
      p += 4;
    } else if (!read_string(value, value_buffer)) {
      return false;
    }
    for (int k = 0; k < kFlatKeys; ++k) {
      if (key != kFlatKeyNames[k]) continue;
      FlatValue& f = fields[k];
      if (f.present) return false;  // a repeated key: the reference decides which counts
      f.present = true;
      f.null = null;
      if (value.data() == value_buffer.data()) {  // decoded: keep it past the next string
        f.decoded = std::move(value_buffer);
        value_buffer = {};
        value = f.decoded;
      }
      f.text = value;
    }
    if (next_is(',')) continue;
    if (!next_is('}')) return false;
    skip_space();
    return p == s.size();
  }
}

// The record parse_valid_utf8 gives for `line`, when the line has the common
// shape and is a valid record; nullopt otherwise.
std::optional<ParsedRecord> parse_flat_record(std::string_view line, const ActorList& actors,
                                              const RecordOptions& options) {
  FlatValue f[kFlatKeys];
  if (!scan_flat_object(line, f)) return std::nullopt;
  const FlatValue& text = f[kText];
  if (!text.present || text.null) return std::nullopt;
  ParsedRecord rec;
  Statement& st = rec.statement;
  if (f[kId].present && !f[kId].null) st.id.emplace(f[kId].text);
  if (f[kActor].present && !f[kActor].null) {
    st.actor.emplace(f[kActor].text);
    if (!actor_problem(*st.actor, actors, options).empty()) return std::nullopt;
  }
  if (f[kDate].present && !f[kDate].null) {
    st.date.emplace(f[kDate].text);
    if (!date_problem(*st.date).empty()) return std::nullopt;
  }
  if (f[kLang].present && !f[kLang].null) st.lang.assign(f[kLang].text);
  else st.lang = options.default_lang;
  for (FlatKey k : {kSource, kGold}) {
    if (!f[k].present) continue;
    nlohmann::ordered_json& v = rec.passthrough[std::string(kFlatKeyNames[k])];
    if (!f[k].null) v = std::string(f[k].text);
  }
  st.text.assign(text.text);
  return rec;
}

}  // namespace

std::variant<ParsedRecord, RecordError> parse_record(std::string_view line, const ActorList& actors,
                                                     const RecordOptions& options) {
  // nlohmann::json refuses ill-formed UTF-8 outright; repairing the line first
  // keeps the record (its text shows U+FFFD where the bad bytes were) and the
  // flag tells the reader it was damaged. A valid line is parsed as it is.
  thread_local std::string repaired;  // reused: no allocation per line
  const bool repaired_utf8 = repair_utf8(line, repaired);
  if (repaired_utf8) line = repaired;
  std::variant<ParsedRecord, RecordError> result = RecordError{};
  if (auto flat = parse_flat_record(line, actors, options)) result = std::move(*flat);
  else result = parse_valid_utf8(line, actors, options);
  if (auto* rec = std::get_if<ParsedRecord>(&result)) rec->repaired_utf8 = repaired_utf8;
  return result;
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
