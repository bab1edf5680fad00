// Tracker: the whole per-record pipeline of `thaw batch` — parse a JSONL line,
// find the speaker when the record names none, score, and build the output
// object. One Tracker a thread; they may share the LexiconSet and ActorList.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/record.hpp"
#include "thaw/scorer.hpp"

namespace thaw {

// How the record's actor was found: the record's own field, a speech cue in
// the text, or not at all.
enum class ActorSource : std::uint8_t { Given, Speaker, None };
std::string_view to_string(ActorSource s);

class Tracker {
 public:
  Tracker(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options = {});

  // The output object for one input line: a scored record (the score output
  // contract plus actor_source and the record's source and gold), or an error
  // record {"line", "id" (if known), "error"}. Never throws for any input.
  nlohmann::ordered_json process_line(std::string_view line, std::size_t line_number);

  // Scores a parsed record, attributing it when it names no actor.
  nlohmann::ordered_json score_record(ParsedRecord record);

  const LexiconSet& lexicons() const noexcept { return lexicons_; }
  const ActorList& actors() const noexcept { return actors_; }

 private:
  const LexiconSet& lexicons_;
  const ActorList& actors_;
  RecordOptions options_;
  Scorer scorer_;
};

// {"line": N, "id": ..., "error": ...}
nlohmann::ordered_json error_record(std::size_t line_number, const RecordError& error);

}  // namespace thaw
