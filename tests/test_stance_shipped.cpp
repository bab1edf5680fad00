// The shipped stance model (lexicons/en/stance.tsv) is reproducible: it is
// what `thaw train corpus/statements/tune.jsonl` makes with the default
// options and the shipped lexicons read without their model. Rebuilding it
// here, through the same library calls cli/train_command.cpp makes, catches
// a model file that went stale after a lexicon, tokenizer or trainer change.
#define BOOST_TEST_MODULE stance_shipped
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "thaw/lexicon.hpp"
#include "thaw/scorer.hpp"
#include "thaw/stance.hpp"
#include "thaw/tokenizer.hpp"

using namespace thaw;

namespace {

const std::string kModelFile = THAW_SOURCE_LEXICON_DIR "/en/stance.tsv";
// The file keeps 6 decimals (|rounding| <= 5e-7); the rest is the optimiser
// stopping at a gradient of 1e-5, not at the exact optimum.
constexpr double kTolerance = 1e-4;

StanceClass class_of(const std::string& label) {
  if (label == "warm") return kStanceWarm;
  if (label == "cold") return kStanceCold;
  BOOST_REQUIRE_MESSAGE(label == "neutral", "unexpected gold label '" + label + "'");
  return kStanceNeutral;
}

StanceModel shipped_model() {
  std::ifstream in(kModelFile);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + kModelFile);
  return StanceModel::load(in, kModelFile);
}

bool close(const StanceWeights& a, const StanceWeights& b) {
  for (std::size_t k = 0; k < kStanceClassCount; ++k)
    if (!(std::abs(a[k] - b[k]) <= kTolerance)) return false;
  return true;
}

}  // namespace

// Retraining on tune.jsonl gives the shipped file's weights: same n-grams, every weight within 1e-4.
BOOST_AUTO_TEST_CASE(shipped_model_is_what_train_makes_of_tune_jsonl) {
  LexiconLoadOptions without_model;
  without_model.stance_model = false;
  const LexiconSet set = load_lexicon_set(THAW_SOURCE_LEXICON_DIR, without_model);
  BOOST_TEST_REQUIRE(set.stance_model() == nullptr);
  Scorer scorer(set);
  StanceTrainer trainer;

  std::ifstream tune(THAW_CORPUS_DIR "/statements/tune.jsonl");
  BOOST_TEST_REQUIRE(static_cast<bool>(tune));
  std::string line;
  std::size_t records = 0;
  while (std::getline(tune, line)) {
    if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line);
    ++records;
    if (!j.contains("gold") || j["gold"].is_null()) continue;  // as `thaw train`: unlabelled is skipped
    Statement st;
    st.text = j.at("text").get<std::string>();
    if (j.contains("lang") && j["lang"].is_string()) st.lang = j["lang"].get<std::string>();
    add_training_statement(trainer, scorer, std::move(st), class_of(j["gold"].at("label").get<std::string>()));
  }
  BOOST_TEST_REQUIRE(trainer.size() > 0u);
  BOOST_TEST_MESSAGE("tune.jsonl: " << records << " records, " << trainer.size() << " with gold");

  const auto fit = trainer.train();
  BOOST_TEST(fit.converged);
  const StanceModel shipped = shipped_model();
  const StanceModel& trained = fit.model;

  BOOST_TEST(close(trained.bias(), shipped.bias()));
  for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(close(trained.lexicon_weights()[j], shipped.lexicon_weights()[j]));
  BOOST_TEST(trained.ngram_count() == shipped.ngram_count());

  // Every shipped n-gram is in the retrained model with the same weights; with equal
  // counts that makes the feature sets equal. Report only the first few misses.
  std::ifstream in(kModelFile);
  std::size_t missing = 0, differing = 0, checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '@' || line.rfind("thaw-stance", 0) == 0) continue;
    const std::string feature = line.substr(0, line.find('\t'));
    ++checked;
    const StanceWeights* t = trained.weights(feature);
    const StanceWeights* s = shipped.weights(feature);
    BOOST_TEST_REQUIRE(s != nullptr);
    if (!t) {
      if (++missing <= 5) BOOST_ERROR("retrained model lacks '" << feature << "'");
    } else if (!close(*t, *s)) {
      if (++differing <= 5)
        BOOST_ERROR("'" << feature << "': retrained (" << (*t)[0] << ", " << (*t)[1] << ", " << (*t)[2]
                        << ") vs shipped (" << (*s)[0] << ", " << (*s)[1] << ", " << (*s)[2] << ")");
    }
  }
  BOOST_TEST(checked == shipped.ngram_count());
  BOOST_TEST(missing == 0u);
  BOOST_TEST(differing == 0u);
}

// The manifest names the model and load_lexicon_set loads it when asked (thaw --model).
BOOST_AUTO_TEST_CASE(shipped_manifest_model_loads_when_asked) {
  LexiconLoadOptions with_model;
  with_model.stance_model = true;
  const LexiconSet set = load_lexicon_set(THAW_SOURCE_LEXICON_DIR, with_model);
  BOOST_TEST_REQUIRE(set.stance_model() != nullptr);
  const StanceModel direct = shipped_model();
  BOOST_TEST(set.stance_model()->ngram_count() == direct.ngram_count());
  BOOST_TEST(set.stance_model()->ngram_count() > 0u);
  BOOST_TEST(close(set.stance_model()->bias(), direct.bias()));
  // And it stays out by default: the lexicons alone score unless the user asks.
  BOOST_TEST(load_lexicon_set(THAW_SOURCE_LEXICON_DIR).stance_model() == nullptr);
}

// predict() finds n-grams by number (StanceModel::Compiled); the reference is
// stance_ngrams' strings looked up one by one with weights(). On every tuning
// text, with every third token read negated so that the prefix is exercised,
// both must find the same features and give the same probabilities.
BOOST_AUTO_TEST_CASE(predict_by_number_agrees_with_looking_up_each_ngram) {
  const StanceModel m = shipped_model();
  Tokenizer tokenizer("en");
  std::ifstream tune(THAW_CORPUS_DIR "/statements/tune.jsonl");
  BOOST_REQUIRE(tune);
  const LexiconReading reading{0.3, 1.5, -0.75, true};
  std::size_t texts = 0, failures = 0;
  for (std::string line; std::getline(tune, line);) {
    const auto j = nlohmann::json::parse(line);
    const TokenizedText t = tokenizer.tokenize(j["text"].get<std::string>());
    std::vector<bool> negated(t.tokens.size());
    for (std::size_t i = 0; i < negated.size(); i += 3) negated[i] = true;

    StanceWeights z = m.bias();
    const double inputs[3] = {reading.score, reading.positive, reading.negative};
    for (std::size_t in = 0; in < 3; ++in)
      for (std::size_t k = 0; k < kStanceClassCount; ++k) z[k] += inputs[in] * m.lexicon_weights()[in][k];
    std::vector<const StanceWeights*> seen;
    for (const StanceNgram& g : stance_ngrams(t, negated)) {
      const StanceWeights* w = m.weights(g.feature);
      if (!w || std::find(seen.begin(), seen.end(), w) != seen.end()) continue;
      seen.push_back(w);
      for (std::size_t k = 0; k < kStanceClassCount; ++k) z[k] += (*w)[k];
    }
    const double top = std::max({z[0], z[1], z[2]});
    double sum = 0;
    for (double& v : z) sum += v = std::exp(v - top);

    const StancePrediction p = m.predict(t, reading, negated);
    bool same = p.known_ngrams == seen.size();
    for (std::size_t k = 0; k < kStanceClassCount; ++k) same = same && std::abs(p.probability[k] - z[k] / sum) < 1e-12;
    for (const LearnedEvidence& l : p.learned) same = same && m.weights(l.feature) != nullptr;
    if (!same && ++failures <= 5) BOOST_ERROR("predict differs from the reference on: " << line);
    ++texts;
  }
  BOOST_TEST(texts > 0u);
  BOOST_TEST(failures == 0u);
}
