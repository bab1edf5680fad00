#include "thaw/scorer.hpp"

#include "rules.hpp"
#include "thaw/error.hpp"

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

namespace rules {
Scored score(const TokenizedText& text, const LexiconSet& lexicons, const TermKeys& keys) {
  Scored out;
  score(text, lexicons, keys, out);
  return out;
}

void score(const TokenizedText& text, const LexiconSet& lexicons, const TermKeys& keys, Scored& out) {
  Analysis& a = out.analysis;
  find_terms(text, lexicons, keys, a);
  mark_clauses(a);
  apply_negation(a);
  apply_frames(a);
  apply_intensifiers(a);
  apply_all_caps(a);
  apply_contrast(a);
  apply_hedges(a);
  apply_sentence_punctuation(a);
  apply_scare_quotes(a);
  apply_topic_gate(a);
  apply_off_topic_subjects(a);
  apply_irony(a);

  double raw = 0;
  for (const Hit& h : a.hits) raw += h.value;
  out.score = normalize_score(raw);
  out.confidence = confidence_of(a.hits);
  out.label = Label::Neutral;
  if (out.score >= kLabelThreshold) out.label = Label::Warm;
  else if (out.score <= -kLabelThreshold) out.label = Label::Cold;
  out.lexicon_score = out.score;
  out.lexicon_label = out.label;
  out.stance.reset();  // `out` may hold the last text's reading (the batch path reuses it)
  if (const StanceModel* model = lexicons.stance_model()) apply_stance_model(out, text, *model);
}

LexiconReading lexicon_reading(const Scored& s) {
  LexiconReading r;
  r.score = s.lexicon_score;
  for (const Hit& h : s.analysis.hits) (h.value > 0 ? r.positive : r.negative) += h.value;
  r.any_evidence = !s.analysis.hits.empty();
  return r;
}

std::vector<bool> negation_scope(const Analysis& a) {
  std::vector<bool> scope(a.text->tokens.size(), false);
  for (const Hit& h : a.hits)
    if (h.effects & kEffectNegated)
      for (std::uint32_t t = h.first; t < h.last; ++t) scope[t] = true;
  return scope;
}

void apply_stance_model(Scored& s, const TokenizedText& text, const StanceModel& model) {
  const LexiconReading reading = lexicon_reading(s);
  s.stance = model.predict(text, reading, negation_scope(s.analysis));
  if (s.stance->known_ngrams == 0 && !reading.any_evidence) return;
  s.score = s.stance->score;
  s.label = s.stance->label == kStanceWarm ? Label::Warm : s.stance->label == kStanceCold ? Label::Cold : Label::Neutral;
  // The probability of the label given: how sure the model is of it.
  s.confidence = s.stance->probability[s.stance->label];
}
}  // namespace rules

ScoredStatement Scorer::score(Statement statement, TokenizedText tt, const TermKeys& keys) {
  const rules::Scored s = rules::score(tt, lexicons_, keys);
  ScoredStatement out;
  const TermTable& valence = lexicons_.table(LexiconKind::Valence);
  out.evidence.reserve(s.analysis.hits.size());
  for (const rules::Hit& h : s.analysis.hits) {
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
  out.score = s.score;
  out.confidence = s.confidence;
  out.label = s.label;
  out.lexicon_score = s.lexicon_score;
  out.lexicon_label = s.lexicon_label;
  if (s.stance) {
    out.probabilities = s.stance->probability;
    for (const LearnedEvidence& l : s.stance->learned) {
      LearnedTerm t;
      t.feature = l.feature;
      t.start = tt.tokens[l.first].start;
      t.end = tt.tokens[l.last - 1].end;
      t.match = tt.text.substr(t.start, t.end - t.start);
      t.warmth = l.warmth;
      out.learned.push_back(std::move(t));
    }
  }
  if (tt.repaired_utf8) out.flags.emplace_back("invalid_utf8");
  statement.text = std::move(tt.text);
  out.statement = std::move(statement);
  spare_ = std::move(tt);  // its vectors' storage serves the next text
  return out;
}

void add_training_statement(StanceTrainer& trainer, Scorer& scorer, Statement statement, StanceClass gold) {
  if (scorer.lexicons().stance_model())
    throw Error("training needs the lexicon set without its stance model");
  const TokenizedText tokens = scorer.tokenize(statement.text, statement.lang);
  TermKeys keys;
  scorer.lexicons().vocabulary().keys(tokens.tokens, keys);
  const rules::Scored s = rules::score(tokens, scorer.lexicons(), keys);
  trainer.add(tokens, rules::lexicon_reading(s), rules::negation_scope(s.analysis), gold);
}

}  // namespace thaw
