// Statement records: one JSON object a line (JSONL), as `thaw batch` reads them.
//
// A record that cannot be scored is a value (RecordError), never an
// exception: a batch goes on and reports it in the line's place.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "thaw/actors.hpp"
#include "thaw/scorer.hpp"

namespace thaw {

// JSON nested deeper than this is refused before parsing, so a hostile line
// cannot exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// A parse error quotes the input it choked on; on a 5 MB line that quote would
// be 5 MB, so messages are cut to this many bytes (at a character boundary).
inline constexpr std::size_t kMaxRecordErrorBytes = 300;

struct RecordOptions {
  bool allow_new_actors = false;  // accept actor ids missing from the list
  std::string default_lang = "en";
};

struct ParsedRecord {
  Statement statement;
  nlohmann::ordered_json passthrough = nlohmann::ordered_json::object();  // source, gold
  // The line held invalid UTF-8, replaced by U+FFFD before parsing; the scored
  // record is flagged "invalid_utf8".
  bool repaired_utf8 = false;
};

struct RecordError {
  std::string message;
  std::optional<std::string> id;  // when the line got far enough to show one
};

// Parses one JSONL line: {"id", "text", "actor"?, "date"?, "lang"?, "source"?, "gold"?}.
// Invalid UTF-8 anywhere in the line is replaced by U+FFFD (one per maximal
// subpart) before parsing, so such a record is still scored.
// Errors: bad JSON (including a raw control character such as NUL inside a
// string, and an escaped lone surrogate such as "\ud800"), not an object,
// nesting deeper than kMaxJsonDepth, missing or non-string text, a field of
// the wrong type, an unknown actor, a date that is not ISO 8601. An error
// message is at most kMaxRecordErrorBytes long. Pure; thread-safe.
// A line that is a flat object of plain strings (the common shape) is read by
// a quick scan; every other line goes through nlohmann::ordered_json, exactly
// as parse_record_reference does.
std::variant<ParsedRecord, RecordError> parse_record(std::string_view line, const ActorList& actors,
                                                     const RecordOptions& options);

// parse_record into `out`, for a caller that parses line after line into one
// ParsedRecord: its strings keep their storage, so a record costs no
// allocation (and no moves of the Statement through a variant). True when
// the line is a record: `out` is then exactly parse_record's ParsedRecord,
// every field set whatever it held before. False when parse_record gives a
// RecordError; `out` is then unspecified (still a valid object), and the
// error is parse_record's to give. Throws what parse_record throws. Pure
// apart from `out`; thread-safe.
bool parse_record(std::string_view line, const ActorList& actors, const RecordOptions& options, ParsedRecord& out);

// The same through nlohmann::ordered_json alone, never the quick scan: the
// reference parse_record is tested against. Slower; same contract.
std::variant<ParsedRecord, RecordError> parse_record_reference(std::string_view line, const ActorList& actors,
                                                               const RecordOptions& options);

// YYYY-MM-DD, optionally followed by THH:MM[:SS[.fff]][Z|±HH:MM]; the date
// must exist (2023-02-29 does not).
bool is_iso8601_date(std::string_view s);

// The deepest nesting of [ and { in a JSON text, not counting inside strings.
int json_nesting_depth(std::string_view json);

}  // namespace thaw
