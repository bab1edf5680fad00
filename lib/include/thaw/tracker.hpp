// Tracker: the whole per-record pipeline of `thaw batch` — parse a JSONL line,
// find the speaker when the record names none, score, and build the output
// object. One Tracker a thread; they may share the LexiconSet and ActorList.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/record.hpp"
#include "thaw/report.hpp"
#include "thaw/result_json.hpp"
#include "thaw/scorer.hpp"

namespace thaw {

// How the record's actor was found: the record's own field, a speech cue in
// the text, or not at all.
enum class ActorSource : std::uint8_t { Given, Speaker, None };
std::string_view to_string(ActorSource s);

namespace detail {
struct OutputFragments;
}

class Tracker {
 public:
  Tracker(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options = {});

  // The output object for one input line: a scored record (the score output
  // contract plus actor_source and the record's source and gold), or an error
  // record {"line", "id" (if known), "error"}. Never throws for any input.
  nlohmann::ordered_json process_line(std::string_view line, std::size_t line_number);

  // Scores a parsed record, attributing it when it names no actor.
  nlohmann::ordered_json score_record(ParsedRecord record);

  // process_line for the batch hot path: a scored record is serialized
  // straight into `json` (replaced), byte for byte what
  // process_line(line, line_number).dump(-1, ' ', false, replace) gives, with
  // no ordered_json in between. For a line that is not scored (an error
  // record) it returns error = true and leaves `json` unspecified: the caller
  // asks process_line for the error record. Never throws for any input.
  struct LineResult {
    bool error = false;
    std::optional<std::string> id;  // the output's "id"
    std::size_t flags_end = 0;      // offset in json of the ']' closing "flags"
    bool flags_empty = true;
    std::optional<ReportRecord> report;  // with want_report: what report_record_from_json gives
  };
  LineResult process_line_json(std::string_view line, std::size_t line_number, std::string& json,
                               bool want_report);

  const LexiconSet& lexicons() const noexcept { return lexicons_; }
  const ActorList& actors() const noexcept { return actors_; }

 private:
  struct Scored {
    ScoredStatement statement;
    ActorSource source = ActorSource::None;
    nlohmann::ordered_json passthrough;
  };
  // Everything score_record does before it builds JSON.
  Scored score_parsed(ParsedRecord record);

  const LexiconSet& lexicons_;
  const ActorList& actors_;
  RecordOptions options_;
  Scorer scorer_;
  TermKeys keys_;  // the current text's keys, reused from text to text
  // process_line_json writes here, then swaps it with the caller's string
  // (whose storage serves the next record); on the heap so that the
  // appender bound to it survives a move of the Tracker.
  std::unique_ptr<std::string> buffer_;
  std::unique_ptr<JsonAppender> appender_;
  // The output's pieces that depend only on the lexicon set, rendered once
  // (tracker.cpp). Shared, not unique, only so that Tracker keeps its implicit
  // destructor and moves with the type left incomplete here; never shared
  // between threads.
  std::shared_ptr<detail::OutputFragments> fragments_;
};

// {"line": N, "id": ..., "error": ...}
nlohmann::ordered_json error_record(std::size_t line_number, const RecordError& error);

}  // namespace thaw
