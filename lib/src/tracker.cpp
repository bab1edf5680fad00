#include "thaw/tracker.hpp"

#include <algorithm>

#include "rules.hpp"
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

namespace {

// append_json_fields (result_json.cpp) for the ScoredStatement that
// Scorer::score would build from `s`, written from the rules' hits instead
// of an Evidence list: the same fields in the same order, the same strings
// and the same rounded numbers (tests/test_tracker_json.cpp compares
// process_line_json, which writes this, with process_line's dump()).
void append_scored_fields(const Statement& st, const TokenizedText& tt, const rules::Scored& s, bool invalid_utf8,
                          const LexiconSet& lexicons, JsonAppender& out, std::size_t* flags_end) {
  out.raw("{");
  if (st.id) {
    out.raw("\"id\":");
    out.string(*st.id);
    out.raw(",");
  }
  out.raw("\"text\":");
  out.valid_utf8_string(tt.text);  // the tokenizer repaired it
  out.raw(",\"actor\":");
  out.optional_string(st.actor);
  out.raw(",\"lang\":");
  out.string(st.lang);
  out.raw(",\"date\":");
  out.optional_string(st.date);
  out.raw(",\"score\":");
  out.number(round_output(s.score));
  out.raw(",\"label\":");
  out.string(to_string(s.label));
  out.raw(",\"confidence\":");
  out.number(round_output(s.confidence));
  out.raw(",\"evidence\":[");
  const TermTable& valence = lexicons.table(LexiconKind::Valence);
  bool first = true;
  for (const rules::Hit& h : s.analysis.hits) {
    const std::uint32_t start = tt.tokens[h.first].start, end = tt.tokens[h.last - 1].end;
    out.raw(first ? "{\"term\":" : ",{\"term\":");
    first = false;
    out.string(valence.entries()[h.entry].term);
    out.raw(",\"match\":");
    out.valid_utf8_string(std::string_view(tt.text).substr(start, end - start));  // tokens are whole characters
    out.raw(",\"layer\":");
    out.string(lexicons.layers()[h.layer].name);
    out.raw(",\"start\":");
    out.number(std::uint64_t{start});
    out.raw(",\"end\":");
    out.number(std::uint64_t{end});
    out.raw(",\"weight\":");
    out.number(round_output(h.weight));
    out.raw(",\"contribution\":");
    out.number(round_output(h.value));
    out.raw(",\"effect\":[");
    bool first_effect = true;
    for (std::size_t k = 0; k < rules::kEffectNames.size(); ++k)
      if (h.effects & (1u << k)) {
        if (!first_effect) out.raw(",");
        first_effect = false;
        out.string(rules::kEffectNames[k]);
      }
    out.raw("]}");
  }
  out.raw("],\"flags\":[");
  if (invalid_utf8) out.string("invalid_utf8");
  if (flags_end) *flags_end = out.out().size();
  out.raw("],\"lexicon\":{\"name\":");
  out.string(lexicons.info().name);
  out.raw(",\"version\":");
  out.string(lexicons.info().version);
  out.raw("}");
  if (!s.stance) return;  // no stance model: the fields are absent
  append_stance_head(s.lexicon_score, s.lexicon_label, s.stance->probability, out);
  bool first_learned = true;
  for (const LearnedEvidence& l : s.stance->learned) {
    const std::uint32_t start = tt.tokens[l.first].start, end = tt.tokens[l.last - 1].end;
    append_learned_item(first_learned, l.feature, std::string_view(tt.text).substr(start, end - start), start, end,
                        l.warmth, out);
    first_learned = false;
  }
  out.raw("]");
}

}  // namespace

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
    // score_parsed, step for step, up to the scorer; then rules::score in
    // place of Scorer::score, whose Evidence strings would only be copied
    // into the JSON and dropped.
    ParsedRecord& record = std::get<ParsedRecord>(parsed);
    Statement& st = record.statement;
    ActorSource source = ActorSource::None;
    TokenizedText tokens = scorer_.tokenize(st.text, st.lang);
    lexicons_.vocabulary().keys(tokens.tokens, keys_);
    const TermTable& cues = lexicons_.table(LexiconKind::Speech);
    if (st.actor) {
      source = ActorSource::Given;
    } else if (auto who = cues.vocabulary().get() == &lexicons_.vocabulary() ? find_speaker(tokens, actors_, cues, keys_)
                                                                        : find_speaker(tokens, actors_, cues)) {
      st.actor = actors_.actors()[who->actor].id;
      source = ActorSource::Speaker;
    }
    const rules::Scored s = rules::score(tokens, lexicons_, keys_);
    // Scorer::score flags invalid UTF-8 in the text it tokenized;
    // score_parsed adds the flag (once) when parse_record repaired the text.
    const bool invalid_utf8 = tokens.repaired_utf8 || record.repaired_utf8;

    // score_record's object, field for field: to_json, actor_source, then the
    // passthrough keys (source, gold) in their order.
    buffer_->clear();
    append_scored_fields(st, tokens, s, invalid_utf8, lexicons_, *appender_, &result.flags_end);
    appender_->raw(",\"actor_source\":");
    appender_->string(to_string(source));
    for (auto& [key, value] : record.passthrough.items()) {
      appender_->raw(",");
      appender_->string(key);
      appender_->raw(":");
      appender_->value(value);
    }
    appender_->raw("}");
    json.assign(*buffer_);
    result.flags_empty = !invalid_utf8;
    result.id = std::move(st.id);
    if (want_report) {
      // report_record_from_json on the object above: the rounded numbers.
      ReportRecord r;
      r.score = round_output(s.score);
      r.label = s.label;
      r.actor = std::move(st.actor);
      r.date = std::move(st.date);
      const TermTable& valence = lexicons_.table(LexiconKind::Valence);
      r.terms.reserve(s.analysis.hits.size());
      for (const rules::Hit& h : s.analysis.hits)
        r.terms.emplace_back(valence.entries()[h.entry].term, round_output(h.value));
      result.report = std::move(r);
    }
    scorer_.spare_ = std::move(tokens);  // as Scorer::score does: its storage serves the next text
  } catch (const std::exception&) {
    result = LineResult{};
    result.error = true;  // process_line turns the same failure into an error record
  }
  return result;
}

}  // namespace thaw
