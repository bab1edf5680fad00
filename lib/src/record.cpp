#include "thaw/record.hpp"

#include <chrono>
#include <charconv>

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

std::variant<ParsedRecord, RecordError> parse_record(std::string_view line, const ActorList& actors,
                                                     const RecordOptions& options) {
  // nlohmann::json refuses ill-formed UTF-8 outright; repairing the line first
  // keeps the record (its text shows U+FFFD where the bad bytes were) and the
  // flag tells the reader it was damaged. A valid line is parsed as it is.
  std::string repaired;
  const bool repaired_utf8 = repair_utf8(line, repaired);
  if (repaired_utf8) line = repaired;

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
    if (!actors.find(*actor) && !options.allow_new_actors)
      return fail("unknown actor '" + *actor + "' (add it to the actor list, or pass --allow-new-actors)");
    if (!is_valid_actor_id(*actor)) return fail("bad actor id '" + *actor + "'");
    rec.statement.actor = actor;
  }
  auto date = string_field(j, "date", error);
  if (!error.empty()) return fail(error);
  if (date) {
    if (!is_iso8601_date(*date)) return fail("bad date '" + *date + "': expected ISO 8601 (YYYY-MM-DD)");
    rec.statement.date = date;
  }
  auto lang = string_field(j, "lang", error);
  if (!error.empty()) return fail(error);
  rec.statement.lang = lang ? *lang : options.default_lang;

  for (const char* key : {"source", "gold"})
    if (auto it = j.find(key); it != j.end()) rec.passthrough[key] = *it;
  rec.repaired_utf8 = repaired_utf8;
  return rec;
}

}  // namespace thaw
