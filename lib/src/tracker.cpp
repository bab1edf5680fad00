#include "thaw/tracker.hpp"

#include <algorithm>

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
    : lexicons_(lexicons),
      actors_(actors),
      options_(std::move(options)),
      scorer_(lexicons),
      buffer_(std::make_unique<std::string>()),
      appender_(std::make_unique<JsonAppender>(*buffer_)) {}

nlohmann::ordered_json error_record(std::size_t line_number, const RecordError& error) {
  nlohmann::ordered_json j;
  j["line"] = line_number;
  if (error.id) j["id"] = *error.id;
  j["error"] = error.message;
  return j;
}

Tracker::Scored Tracker::score_parsed(ParsedRecord record) {
  ActorSource source = ActorSource::None;
  TokenizedText tokens = scorer_.tokenize(record.statement.text, record.statement.lang);
  // Keyed once for the scorer and, when the record names no actor, for the
  // speech cues too: the cues are a table of the same set.
  lexicons_.vocabulary().keys(tokens.tokens, keys_);
  const TermTable& cues = lexicons_.table(LexiconKind::Speech);
  if (record.statement.actor) {
    source = ActorSource::Given;
  } else if (auto who = cues.vocabulary().get() == &lexicons_.vocabulary() ? find_speaker(tokens, actors_, cues, keys_)
                                                                      : find_speaker(tokens, actors_, cues)) {
    record.statement.actor = actors_.actors()[who->actor].id;
    source = ActorSource::Speaker;
  }
  ScoredStatement scored = scorer_.score(std::move(record.statement), std::move(tokens), keys_);
  // The scorer sees text that parse_record already repaired, so the flag it
  // would set for invalid UTF-8 comes from the record instead.
  if (record.repaired_utf8 &&
      std::find(scored.flags.begin(), scored.flags.end(), "invalid_utf8") == scored.flags.end())
    scored.flags.emplace_back("invalid_utf8");
  return {std::move(scored), source, std::move(record.passthrough)};
}

nlohmann::ordered_json Tracker::score_record(ParsedRecord record) {
  Scored s = score_parsed(std::move(record));
  nlohmann::ordered_json j = to_json(s.statement, lexicons_.info());
  j["actor_source"] = std::string(to_string(s.source));
  for (auto& [key, value] : s.passthrough.items()) j[key] = value;
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

Tracker::LineResult Tracker::process_line_json(std::string_view line, std::size_t line_number,
                                               std::string& json, bool want_report) {
  (void)line_number;  // only error records carry it, and those come from process_line
  LineResult result;
  try {
    auto parsed = parse_record(line, actors_, options_);
    if (std::holds_alternative<RecordError>(parsed)) {
      result.error = true;
      return result;
    }
    Scored s = score_parsed(std::move(std::get<ParsedRecord>(parsed)));
    // score_record's object, field for field: to_json, actor_source, then the
    // passthrough keys (source, gold) in their order.
    buffer_->clear();
    append_json_fields(s.statement, lexicons_.info(), *appender_, &result.flags_end);
    appender_->raw(",\"actor_source\":");
    appender_->string(to_string(s.source));
    for (auto& [key, value] : s.passthrough.items()) {
      appender_->raw(",");
      appender_->string(key);
      appender_->raw(":");
      appender_->value(value);
    }
    appender_->raw("}");
    json.assign(*buffer_);
    result.flags_empty = s.statement.flags.empty();
    result.id = s.statement.statement.id;
    if (want_report) {
      // report_record_from_json on the object above: the rounded numbers.
      ReportRecord r;
      r.score = round_output(s.statement.score);
      r.label = s.statement.label;
      r.actor = s.statement.statement.actor;
      r.date = s.statement.statement.date;
      r.terms.reserve(s.statement.evidence.size());
      for (const Evidence& e : s.statement.evidence) r.terms.emplace_back(e.term, round_output(e.contribution));
      result.report = std::move(r);
    }
  } catch (const std::exception&) {
    result = LineResult{};
    result.error = true;  // process_line turns the same failure into an error record
  }
  return result;
}

}  // namespace thaw
