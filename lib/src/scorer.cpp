#include "thaw/scorer.hpp"

#include "rules.hpp"

namespace thaw {

std::string_view to_string(Label label) {
  switch (label) {
    case Label::Warm: return "warm";
    case Label::Cold: return "cold";
    default: return "neutral";
  }
}

Scorer::Scorer(const LexiconSet& lexicons) : lexicons_(lexicons) {}
Scorer::~Scorer() = default;
Scorer::Scorer(Scorer&&) noexcept = default;

namespace {
// Languages whose tokenizers a Scorer keeps. Each costs two ICU break
// iterators (about 14 KB); "lang" comes from the input, so a file naming a
// new language on every line (1M records: ~14 GB) must not grow the cache
// without bound. thaw documents four languages; 16 leaves room to spare.
constexpr std::size_t kMaxCachedTokenizers = 16;
}  // namespace

Tokenizer& Scorer::tokenizer_for(const std::string& lang) {
  auto it = tokenizers_.find(lang);
  if (it == tokenizers_.end()) {
    // Evicting is safe: no caller keeps a tokenizer past one tokenize() call.
    if (tokenizers_.size() >= kMaxCachedTokenizers) tokenizers_.erase(tokenizers_.begin());
    it = tokenizers_.emplace(lang, Tokenizer(lang)).first;
  }
  return it->second;
}

TokenizedText Scorer::tokenize(std::string_view text, const std::string& lang) {
  return tokenizer_for(lang).tokenize(text, std::move(spare_));
}

ScoredStatement Scorer::score(Statement statement) {
  TokenizedText tt = tokenizer_for(statement.lang).tokenize(statement.text, std::move(spare_));
  return score(std::move(statement), std::move(tt));
}

ScoredStatement Scorer::score(Statement statement, TokenizedText tt) {
  thread_local TermKeys keys;  // reused, so no allocation per text
  lexicons_.vocabulary().keys(tt.tokens, keys);
  return score(std::move(statement), std::move(tt), keys);
}

ScoredStatement Scorer::score(Statement statement, TokenizedText tt, const TermKeys& keys) {
  rules::Analysis a = rules::find_terms(tt, lexicons_, keys);
  rules::mark_clauses(a);
  rules::apply_negation(a);
  rules::apply_frames(a);
  rules::apply_intensifiers(a);
  rules::apply_all_caps(a);
  rules::apply_contrast(a);
  rules::apply_hedges(a);
  rules::apply_sentence_punctuation(a);
  rules::apply_scare_quotes(a);
  rules::apply_topic_gate(a);
  rules::apply_off_topic_subjects(a);
  rules::apply_irony(a);

  ScoredStatement out;
  double raw = 0;
  const TermTable& valence = lexicons_.table(LexiconKind::Valence);
  out.evidence.reserve(a.hits.size());
  for (const rules::Hit& h : a.hits) {
    raw += h.value;
    const TermEntry& e = valence.entries()[h.entry];
    Evidence ev;
    ev.term = e.term;
    ev.layer = lexicons_.layers()[h.layer].name;
    ev.start = tt.tokens[h.first].start;
    ev.end = tt.tokens[h.last - 1].end;
    ev.match = tt.text.substr(ev.start, ev.end - ev.start);
    ev.weight = h.weight;
    ev.contribution = h.value;
    ev.effects = rules::effect_names(h.effects);
    out.evidence.push_back(std::move(ev));
  }
  out.score = rules::normalize_score(raw);
  out.confidence = rules::confidence_of(a.hits);
  if (out.score >= rules::kLabelThreshold) out.label = Label::Warm;
  else if (out.score <= -rules::kLabelThreshold) out.label = Label::Cold;
  if (tt.repaired_utf8) out.flags.emplace_back("invalid_utf8");
  statement.text = std::move(tt.text);
  out.statement = std::move(statement);
  spare_ = std::move(tt);  // its vectors' storage serves the next text
  return out;
}

}  // namespace thaw
