// Scorer: rates one statement's warmth toward the rapprochement.
//
// The score depends on the statement's words only, never on who said it: the
// actor is carried through to the result but plays no part in the arithmetic.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaw/lexicon.hpp"
#include "thaw/tokenizer.hpp"

namespace thaw {

class Tracker;

struct Statement {
  std::string text;
  std::optional<std::string> id;
  std::optional<std::string> actor;
  std::optional<std::string> date;
  std::string lang = "en";
};

enum class Label : std::uint8_t { Warm, Neutral, Cold };
std::string_view to_string(Label label);

// One lexicon term found in the text, and what the rules did to it.
struct Evidence {
  std::string term;          // the lexicon entry as written ("humiliat*")
  std::string match;         // the exact words of the text it matched
  std::string layer;         // valence layer ("domain", "general")
  std::uint32_t start = 0;   // byte span of `match` in ScoredStatement::text
  std::uint32_t end = 0;
  double weight = 0;         // the lexicon weight, before any rule
  double contribution = 0;   // after the layer scale and every rule
  std::vector<std::string> effects;  // names of the rules that changed it, in a fixed order
};

// A word or word pair the stance model weighed (thaw/stance.hpp).
struct LearnedTerm {
  std::string feature;       // the n-gram as the model knows it ("each other")
  std::string match;         // the exact words of the text
  std::uint32_t start = 0;   // byte span of `match` in ScoredStatement::text
  std::uint32_t end = 0;
  double warmth = 0;         // its learned push toward warm (> 0) or cold (< 0)
};

struct ScoredStatement {
  Statement statement;       // text is the repaired text offsets refer to
  double score = 0;          // in [-1, 1]; > 0 warm
  Label label = Label::Neutral;
  double confidence = 0;     // in [0, 1]; 0 when there is no evidence
  std::vector<Evidence> evidence;
  std::vector<std::string> flags;  // "invalid_utf8", ...
  // The lexicons' own reading; equal to score / label when the set has no
  // stance model (or the model had nothing to read).
  double lexicon_score = 0;
  Label lexicon_label = Label::Neutral;
  // The stance model's class probabilities (cold, neutral, warm), when the
  // set has a model; and the n-grams that moved it most, in text order.
  std::optional<std::array<double, 3>> probabilities;
  std::vector<LearnedTerm> learned;
};

// Scores statements against one lexicon set. Keeps a reference to `lexicons`,
// which must outlive it. Not thread-safe (it owns ICU break iterators): use
// one Scorer a thread; they may share the LexiconSet. It keeps tokenizers for
// at most 16 languages (dropping one for a 17th), so memory stays bounded
// however many languages the input names.
class Scorer {
 public:
  explicit Scorer(const LexiconSet& lexicons);
  ~Scorer();
  Scorer(Scorer&&) noexcept;
  Scorer(const Scorer&) = delete;
  Scorer& operator=(const Scorer&) = delete;

  // Never throws for any text; throws thaw::Error only if ICU cannot create a
  // tokenizer for `statement.lang`.
  ScoredStatement score(Statement statement);

  // The same in two steps, for callers that also need the tokens (attribution).
  // `tokens` must come from tokenize(statement.text, statement.lang).
  TokenizedText tokenize(std::string_view text, const std::string& lang);
  ScoredStatement score(Statement statement, TokenizedText tokens);
  // The same with the tokens' keys already made, for a caller that needs them
  // too (attribution): keys = lexicons().vocabulary().keys(tokens.tokens).
  ScoredStatement score(Statement statement, TokenizedText tokens, const TermKeys& keys);

  const LexiconSet& lexicons() const noexcept { return lexicons_; }

 private:
  // Tracker's batch path scores through the internal rules::score (no
  // Evidence strings) and hands the tokens back to spare_ itself.
  friend class Tracker;
  Tokenizer& tokenizer_for(const std::string& lang);
  const LexiconSet& lexicons_;
  std::map<std::string, Tokenizer, std::less<>> tokenizers_;
  TokenizedText spare_;  // the last text scored, emptied: tokenize() reuses its storage
};

// Adds `statement` to `trainer` as `scorer`'s lexicons read it. Throws
// thaw::Error if the scorer's set has a stance model: a model trained on its
// own readings would feed on itself (load the set with stance_model = false).
void add_training_statement(StanceTrainer& trainer, Scorer& scorer, Statement statement, StanceClass gold);

}  // namespace thaw
