#include "thaw/tracker.hpp"

#include "thaw/attribution.hpp"
#include "thaw/result_json.hpp"

namespace thaw {

std::string_view to_string(ActorSource s) {
  switch (s) {
    case ActorSource::Given: return "given";
    case ActorSource::Speaker: return "speaker";
    default: return "none";
  }
}

Tracker::Tracker(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options)
    : lexicons_(lexicons), actors_(actors), options_(std::move(options)), scorer_(lexicons) {}

nlohmann::ordered_json error_record(std::size_t line_number, const RecordError& error) {
  nlohmann::ordered_json j;
  j["line"] = line_number;
  if (error.id) j["id"] = *error.id;
  j["error"] = error.message;
  return j;
}

nlohmann::ordered_json Tracker::score_record(ParsedRecord record) {
  ActorSource source = ActorSource::None;
  TokenizedText tokens = scorer_.tokenize(record.statement.text, record.statement.lang);
  if (record.statement.actor) {
    source = ActorSource::Given;
  } else if (auto who = find_speaker(tokens, actors_, lexicons_.table(LexiconKind::Speech))) {
    record.statement.actor = actors_.actors()[who->actor].id;
    source = ActorSource::Speaker;
  }
  ScoredStatement scored = scorer_.score(std::move(record.statement), std::move(tokens));
  nlohmann::ordered_json j = to_json(scored, lexicons_.info());
  j["actor_source"] = std::string(to_string(source));
  for (auto& [key, value] : record.passthrough.items()) j[key] = value;
  return j;
}

nlohmann::ordered_json Tracker::process_line(std::string_view line, std::size_t line_number) {
  try {
    auto parsed = parse_record(line, actors_, options_);
    if (auto* err = std::get_if<RecordError>(&parsed)) return error_record(line_number, *err);
    return score_record(std::move(std::get<ParsedRecord>(parsed)));
  } catch (const std::exception& e) {
    // A record must never take the batch down; report it in its place.
    return error_record(line_number, {std::string("internal error: ") + e.what(), std::nullopt});
  }
}

}  // namespace thaw
