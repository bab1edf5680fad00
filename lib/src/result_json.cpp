#include "thaw/result_json.hpp"

#include <cmath>

namespace thaw {
namespace {

double round4(double v) {
  double r = std::round(v * 10000.0) / 10000.0;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

nlohmann::ordered_json optional_string(const std::optional<std::string>& s) {
  return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

}  // namespace

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
  return j;
}

}  // namespace thaw
