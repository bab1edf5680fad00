// The learned stance layer (thaw/stance.hpp): its n-grams, a hand-written
// model's predictions, the model file's loader and writer, the trainer, and
// the model read through the public Scorer.
//
// Every model below is written by hand with weights chosen so the softmax
// comes out in round numbers: logits (0, 0, ln 3) give e^z = (1, 1, 3), so
// the probabilities are (1/5, 1/5, 3/5) and the score 3/5 - 1/5 = 2/5.
#define BOOST_TEST_MODULE stance
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "thaw/error.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/scorer.hpp"
#include "thaw/stance.hpp"
#include "thaw/tokenizer.hpp"

using namespace thaw;
namespace tt = boost::test_tools;

namespace {

const std::string kNot = "\xC2\xAC";  // kNegatedPrefix, spelled out

TokenizedText tokens(const std::string& text) {
  static Tokenizer tk("en");
  return tk.tokenize(text);
}

std::vector<std::string> features(const std::vector<StanceNgram>& grams) {
  std::vector<std::string> out;
  for (const auto& g : grams) out.push_back(g.feature);
  return out;
}

// The four @ inputs with all weights 0 except those given.
std::string header_and_inputs(const std::string& bias = "0\t0\t0", const std::string& score = "0\t0\t0",
                              const std::string& positive = "0\t0\t0", const std::string& negative = "0\t0\t0") {
  return "thaw-stance\t1\n@bias\t" + bias + "\n@lexicon_score\t" + score + "\n@lexicon_positive\t" + positive +
         "\n@lexicon_negative\t" + negative + "\n";
}

StanceModel model_from(const std::string& text) {
  std::istringstream in(text);
  return StanceModel::load(in, "m.tsv");
}

// The message a bad model file produces, or "" if it loads.
std::string load_error(const std::string& text) {
  try {
    model_from(text);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

StancePrediction predict(const StanceModel& m, const std::string& text, const LexiconReading& r = {},
                         const std::vector<bool>& negated = {}) {
  return m.predict(tokens(text), r, negated);
}

const std::string kLn2 = "0.69314718055994531";  // ln 2
const std::string kLn3 = "1.0986122886681098";   // ln 3
const std::string kLn5 = "1.6094379124341003";   // ln 5

}  // namespace

// ---------------------------------------------------------------- n-grams

// The documented reading order: words, numbers, '?' and '!' only; bigrams join across a comma.
BOOST_AUTO_TEST_CASE(ngrams_are_folded_unigrams_and_bigrams_in_text_order) {
  // Tokens: Not(0) fair(1) ,(2) Tokyo(3) ?(4); the comma is skipped.
  const auto grams = stance_ngrams(tokens("Not fair, Tokyo?"), {});
  const std::vector<std::string> expected{"not", "fair", "not fair", "tokyo", "fair tokyo", "?", "tokyo ?"};
  BOOST_TEST(features(grams) == expected, tt::per_element());
  BOOST_TEST_REQUIRE(grams.size() == 7u);
  // Token ranges: a unigram covers its token; "fair tokyo" spans the comma.
  BOOST_TEST(grams[1].first == 1u);
  BOOST_TEST(grams[1].last == 2u);
  BOOST_TEST(grams[4].first == 1u);
  BOOST_TEST(grams[4].last == 4u);
  BOOST_TEST(grams[6].first == 3u);
  BOOST_TEST(grams[6].last == 5u);
}

// Numbers and '!' are stance tokens; other punctuation (':', '.') is not.
BOOST_AUTO_TEST_CASE(ngrams_keep_numbers_and_exclamations_and_skip_other_punctuation) {
  const auto grams = stance_ngrams(tokens("Since 2023: progress!"), {});
  const std::vector<std::string> expected{"since", "2023", "since 2023", "progress", "2023 progress", "!",
                                          "progress !"};
  BOOST_TEST(features(grams) == expected, tt::per_element());
}

// A negated token reads with the prefix in its unigram and in both bigrams it joins;
// a negated vector shorter than the tokens leaves the rest unmarked.
BOOST_AUTO_TEST_CASE(negated_token_reads_with_the_prefix_in_every_ngram_it_joins) {
  const auto grams = stance_ngrams(tokens("Not fair, Tokyo?"), {false, true});
  const std::vector<std::string> expected{
      "not", kNot + "fair", "not " + kNot + "fair", "tokyo", kNot + "fair tokyo", "?", "tokyo ?"};
  BOOST_TEST(features(grams) == expected, tt::per_element());
}

// ---------------------------------------------------------------- predict

// e^(0, 0, ln 3) = (1, 1, 3): probabilities (1/5, 1/5, 3/5), score 2/5, label warm.
BOOST_AUTO_TEST_CASE(one_known_ngram_gives_the_hand_computed_softmax) {
  const auto m = model_from(header_and_inputs() + "warm\t0\t0\t" + kLn3 + "\n");
  const auto p = predict(m, "Warm words");
  BOOST_TEST(p.probability[kStanceCold] == 0.2, tt::tolerance(1e-9));
  BOOST_TEST(p.probability[kStanceNeutral] == 0.2, tt::tolerance(1e-9));
  BOOST_TEST(p.probability[kStanceWarm] == 0.6, tt::tolerance(1e-9));
  BOOST_TEST(p.score == 0.4, tt::tolerance(1e-9));
  BOOST_TEST(p.label == kStanceWarm);
  BOOST_TEST(p.known_ngrams == 1u);
  BOOST_TEST_REQUIRE(p.learned.size() == 1u);
  BOOST_TEST(p.learned[0].feature == "warm");
  BOOST_TEST(p.learned[0].first == 0u);
  BOOST_TEST(p.learned[0].last == 1u);
  BOOST_TEST(p.learned[0].warmth == std::log(3.0), tt::tolerance(1e-9));
}

// Features are present or absent, as in training: a word said twice must not count twice.
BOOST_AUTO_TEST_CASE(word_present_twice_counts_once) {
  const auto m = model_from(header_and_inputs() + "warm\t0\t0\t" + kLn3 + "\n");
  const auto p = predict(m, "warm, warm");
  BOOST_TEST(p.known_ngrams == 1u);
  BOOST_TEST(p.probability[kStanceWarm] == 0.6, tt::tolerance(1e-9));  // not 9/11
  BOOST_TEST(p.learned.size() == 1u);
  BOOST_TEST(p.learned[0].first == 0u);  // its first occurrence
}

// With nothing known the prediction is the class prior: bias (0, ln 2, ln 5) -> (1, 2, 5) / 8.
BOOST_AUTO_TEST_CASE(unknown_text_predicts_softmax_of_the_bias) {
  const auto m = model_from(header_and_inputs("0\t" + kLn2 + "\t" + kLn5) + "warm\t0\t0\t" + kLn3 + "\n");
  const auto p = predict(m, "Nothing here is known");
  BOOST_TEST(p.known_ngrams == 0u);
  BOOST_TEST(p.learned.empty());
  BOOST_TEST(p.probability[kStanceCold] == 1.0 / 8, tt::tolerance(1e-9));
  BOOST_TEST(p.probability[kStanceNeutral] == 2.0 / 8, tt::tolerance(1e-9));
  BOOST_TEST(p.probability[kStanceWarm] == 5.0 / 8, tt::tolerance(1e-9));
  BOOST_TEST(p.score == 0.5, tt::tolerance(1e-9));
  BOOST_TEST(p.label == kStanceWarm);
}

// The lexicon inputs add weight x reading to the logits, per class.
BOOST_AUTO_TEST_CASE(lexicon_reading_adds_to_the_logits) {
  // score 0.5 x (-1, 0, 1) + positive 2 x (0, 0, 0.5) + negative -1 x (0.5, 0, 0)
  //   = (-0.5, 0, 0.5) + (0, 0, 1) + (-0.5, 0, 0) = (-1, 0, 1.5).
  const auto m = model_from(header_and_inputs("0\t0\t0", "-1\t0\t1", "0\t0\t0.5", "0.5\t0\t0"));
  LexiconReading r;
  r.score = 0.5;
  r.positive = 2;
  r.negative = -1;
  r.any_evidence = true;
  const auto p = predict(m, "No known words", r);
  const double sum = std::exp(-1.0) + 1.0 + std::exp(1.5);
  BOOST_TEST(p.known_ngrams == 0u);
  BOOST_TEST(p.probability[kStanceCold] == std::exp(-1.0) / sum, tt::tolerance(1e-9));
  BOOST_TEST(p.probability[kStanceNeutral] == 1.0 / sum, tt::tolerance(1e-9));
  BOOST_TEST(p.probability[kStanceWarm] == std::exp(1.5) / sum, tt::tolerance(1e-9));
  BOOST_TEST(p.label == kStanceWarm);
}

// "Ties go to neutral": equal logits must never claim a stance.
BOOST_AUTO_TEST_CASE(tied_probabilities_give_neutral) {
  const auto p = predict(model_from(header_and_inputs()), "anything");
  BOOST_TEST(p.label == kStanceNeutral);
  BOOST_TEST(p.score == 0.0, tt::tolerance(1e-12));
}

// The explanation lists at most kLearnedShown items: the strongest by |warm - cold|, in text order.
BOOST_AUTO_TEST_CASE(learned_lists_the_strongest_few_in_text_order) {
  // warmth = warm - cold: alpha 0.1, bravo -0.8, charlie 0.3, delta 0 (strong, but
  // only on neutral), echo 0.7, foxtrot -0.5, golf 0.6, hotel -0.2.
  // By |warmth|: bravo, echo, golf, foxtrot, charlie, hotel | alpha, delta dropped.
  const auto m = model_from(header_and_inputs() +
                            "alpha\t0\t0\t0.1\n"
                            "bravo\t0.8\t0\t0\n"
                            "charlie\t0\t0\t0.3\n"
                            "delta\t0\t5\t0\n"
                            "echo\t0\t0\t0.7\n"
                            "foxtrot\t0.5\t0\t0\n"
                            "golf\t0\t0\t0.6\n"
                            "hotel\t0.2\t0\t0\n");
  const auto p = predict(m, "alpha bravo charlie delta echo foxtrot golf hotel");
  BOOST_TEST(kLearnedShown == 6u);
  BOOST_TEST(p.known_ngrams == 8u);
  BOOST_TEST_REQUIRE(p.learned.size() == kLearnedShown);
  const std::vector<std::string> names{"bravo", "charlie", "echo", "foxtrot", "golf", "hotel"};
  const std::vector<double> warmth{-0.8, 0.3, 0.7, -0.5, 0.6, -0.2};
  const std::vector<std::uint32_t> first{1, 2, 4, 5, 6, 7};
  for (std::size_t i = 0; i < kLearnedShown; ++i) {
    BOOST_TEST(p.learned[i].feature == names[i]);
    BOOST_TEST(p.learned[i].warmth == warmth[i], tt::tolerance(1e-12));
    BOOST_TEST(p.learned[i].first == first[i]);
  }
}

// ---------------------------------------------------------------- load errors

// A file that is not a stance model must say so on line 1.
BOOST_AUTO_TEST_CASE(load_rejects_a_bad_header) {
  BOOST_TEST(load_error("thaw-lexicon\t1\tvalence\n") == "m.tsv:1: header must be 'thaw-stance<TAB>VERSION'");
  BOOST_TEST(load_error("thaw-stance\tone\n") == "m.tsv:1: bad format version 'one'");
  BOOST_TEST(load_error("") == "m.tsv: empty file: expected the header 'thaw-stance<TAB>1'");
}

// fastText's rule: newer formats are refused with a clear message, not misread.
BOOST_AUTO_TEST_CASE(load_refuses_a_newer_format_version) {
  BOOST_TEST(load_error("thaw-stance\t2\n") == "m.tsv:1: format version 2 is newer than this build reads (1)");
}

// Line numbers count the header, so the 6th line is the first after the four @ inputs.
BOOST_AUTO_TEST_CASE(load_rejects_a_wrong_column_count) {
  BOOST_TEST(load_error(header_and_inputs() + "warm\t0\t1\n") ==
             "m.tsv:6: expected 4 TAB-separated columns (feature, cold, neutral, warm)");
  BOOST_TEST(load_error(header_and_inputs() + "warm\t0\t1\t2\t3\n") ==
             "m.tsv:6: expected 4 TAB-separated columns (feature, cold, neutral, warm)");
}

// A weight must be a whole finite number: no trailing text, no inf.
BOOST_AUTO_TEST_CASE(load_rejects_a_bad_number) {
  BOOST_TEST(load_error(header_and_inputs() + "warm\t0\tx\t1\n") ==
             "m.tsv:6: bad weight 'x': expected a finite number");
  BOOST_TEST(load_error(header_and_inputs() + "warm\t0\t0\t1.5x\n") ==
             "m.tsv:6: bad weight '1.5x': expected a finite number");
  BOOST_TEST(load_error(header_and_inputs() + "warm\t0\t0\tinf\n") ==
             "m.tsv:6: bad weight 'inf': expected a finite number");
}

// VADER's weak spot: a duplicate must not silently win; the message names the first line.
BOOST_AUTO_TEST_CASE(load_rejects_a_duplicate_feature_naming_the_first_line) {
  // Line 6 warm, 7 a comment, 8 cold, 9 warm again.
  BOOST_TEST(load_error(header_and_inputs() + "warm\t0\t0\t1\n# note\ncold\t1\t0\t0\nwarm\t0\t0\t2\n") ==
             "m.tsv:9: duplicate feature 'warm' (first at line 6)");
  BOOST_TEST(load_error(header_and_inputs() + "@bias\t0\t0\t0\n") ==
             "m.tsv:6: duplicate input '@bias' (first at line 2)");
}

// '@' names only the four known inputs; a typo must not become a silent n-gram.
BOOST_AUTO_TEST_CASE(load_rejects_an_unknown_input) {
  BOOST_TEST(load_error(header_and_inputs() + "@lexicon_mood\t0\t0\t0\n") ==
             "m.tsv:6: unknown input '@lexicon_mood'");
}

// A missing input is a whole-file problem: the line-0 form "SOURCE: problem".
BOOST_AUTO_TEST_CASE(load_requires_every_input) {
  const std::string without_bias =
      "thaw-stance\t1\n@lexicon_score\t0\t0\t0\n@lexicon_positive\t0\t0\t0\n@lexicon_negative\t0\t0\t0\n";
  BOOST_TEST(load_error(without_bias) == "m.tsv: missing input '@bias'");
  try {
    model_from(without_bias);
    BOOST_FAIL("expected a LoadError");
  } catch (const LoadError& e) {
    BOOST_TEST(e.line() == 0u);
    BOOST_TEST(e.file() == "m.tsv");
  }
  BOOST_TEST(load_error("thaw-stance\t1\n@bias\t0\t0\t0\n") == "m.tsv: missing input '@lexicon_score'");
}

// Comments, blank lines and CRLF endings are allowed, and the weights land where they belong.
BOOST_AUTO_TEST_CASE(load_reads_inputs_and_ngrams_into_place) {
  const auto m = model_from(
      "thaw-stance\t1\r\n# a comment\r\n\r\n@lexicon_negative\t7\t8\t9\r\n@bias\t1\t2\t3\r\n"
      "@lexicon_positive\t4\t5\t6\r\n@lexicon_score\t-1\t-2\t-3\r\nwarm\t0.5\t-0.25\t1e-3\r\n");
  BOOST_TEST(m.bias()[0] == 1.0);
  BOOST_TEST(m.bias()[2] == 3.0);
  BOOST_TEST(m.lexicon_weights()[0][1] == -2.0);  // score
  BOOST_TEST(m.lexicon_weights()[1][0] == 4.0);   // positive
  BOOST_TEST(m.lexicon_weights()[2][2] == 9.0);   // negative
  BOOST_TEST(m.ngram_count() == 1u);
  BOOST_TEST_REQUIRE(m.weights("warm") != nullptr);
  BOOST_TEST((*m.weights("warm"))[1] == -0.25);
  BOOST_TEST((*m.weights("warm"))[2] == 0.001);
  BOOST_TEST(m.weights("cold") == nullptr);
}

// A model saved by an editor that adds a BOM, or with indented comments,
// loads as the lexicon files do (regression: the first loader refused both).
BOOST_AUTO_TEST_CASE(load_accepts_a_bom_and_indented_comments) {
  const auto m = model_from("\xEF\xBB\xBF" + header_and_inputs("1\t2\t3") + "  # indented\n\t# tabbed\n   \nwarm\t0\t0\t1\n");
  BOOST_TEST(m.bias()[1] == 2.0);
  BOOST_TEST(m.ngram_count() == 1u);
}

// ---------------------------------------------------------------- write

// The written file is exactly the documented layout: header, "# " comments, the
// column note, the @ inputs in fixed order, n-grams in byte order, 6 decimals.
BOOST_AUTO_TEST_CASE(write_emits_the_documented_layout_with_ngrams_in_byte_order) {
  // Given out of order; byte order is "?" (0x3F) < "good" < "good day" < "\xC2\xACgood" (0xC2).
  const auto m = model_from(header_and_inputs("0.1234564\t-0.0000001\t2", "1\t0\t-1") + kNot +
                            "good\t0\t0\t1\n"
                            "good day\t0.5\t0\t0\n"
                            "?\t0\t0.333333333\t0\n"
                            "good\t-1.25\t0\t0\n");
  std::ostringstream out;
  m.write(out, {"first note", "second note"});
  // 0.1234564 -> 0.123456 (7th decimal 4 rounds down); -0.0000001 -> "0.000000", never "-0.000000".
  const std::string expected =
      "thaw-stance\t1\n"
      "# first note\n"
      "# second note\n"
      "# columns: feature, then its weight for cold, neutral, warm\n"
      "@bias\t0.123456\t0.000000\t2.000000\n"
      "@lexicon_score\t1.000000\t0.000000\t-1.000000\n"
      "@lexicon_positive\t0.000000\t0.000000\t0.000000\n"
      "@lexicon_negative\t0.000000\t0.000000\t0.000000\n"
      "?\t0.000000\t0.333333\t0.000000\n"
      "good\t-1.250000\t0.000000\t0.000000\n"
      "good day\t0.500000\t0.000000\t0.000000\n" +
      kNot + "good\t0.000000\t0.000000\t1.000000\n";
  BOOST_TEST(out.str() == expected);
}

// write() then load() keeps every weight to 6 decimals (|delta| <= 5e-7).
BOOST_AUTO_TEST_CASE(write_then_load_round_trips_weights_to_six_decimals) {
  const auto m = model_from(header_and_inputs("0.1234564\t-1.5\t" + kLn5, "0.333333333\t-0.666666667\t0",
                                              "1e-7\t12.25\t-3", "0.5\t0.5\t-0.5") +
                            "good\t" + kLn2 + "\t-" + kLn3 + "\t0.0000004\n"
                            "each other\t-2.71828182845\t3.14159265358\t0\n");
  std::ostringstream out;
  m.write(out, {});
  std::istringstream in(out.str());
  const auto back = StanceModel::load(in, "written");
  for (std::size_t k = 0; k < kStanceClassCount; ++k) {
    BOOST_TEST(std::abs(back.bias()[k] - m.bias()[k]) <= 5e-7);
    for (std::size_t j = 0; j < 3; ++j)
      BOOST_TEST(std::abs(back.lexicon_weights()[j][k] - m.lexicon_weights()[j][k]) <= 5e-7);
  }
  BOOST_TEST(back.ngram_count() == 2u);
  for (const char* f : {"good", "each other"}) {
    BOOST_TEST_REQUIRE(back.weights(f) != nullptr);
    for (std::size_t k = 0; k < kStanceClassCount; ++k)
      BOOST_TEST(std::abs((*back.weights(f))[k] - (*m.weights(f))[k]) <= 5e-7);
  }
}

// ---------------------------------------------------------------- training

namespace {

// good x2 warm, bad x2 cold, meh x2 neutral, no lexicon evidence. The second of
// each pair adds a word and a bigram seen once ("good day"...), which
// min_count 2 must drop. The set is symmetric under warm <-> cold with
// good <-> bad, so the optimum is too.
StanceTrainer tiny_trainer() {
  StanceTrainer t;
  const LexiconReading none;
  t.add(tokens("good"), none, {}, kStanceWarm);
  t.add(tokens("good day"), none, {}, kStanceWarm);
  t.add(tokens("bad"), none, {}, kStanceCold);
  t.add(tokens("bad night"), none, {}, kStanceCold);
  t.add(tokens("meh"), none, {}, kStanceNeutral);
  t.add(tokens("meh noon"), none, {}, kStanceNeutral);
  return t;
}

std::string written(const StanceModel& m) {
  std::ostringstream out;
  m.write(out, {});
  return out.str();
}

}  // namespace

// The tiny set converges and each word predicts its own class.
BOOST_AUTO_TEST_CASE(trainer_fits_a_tiny_separable_set) {
  const auto t = tiny_trainer();
  BOOST_TEST(t.size() == 6u);
  const auto fit = t.train();
  BOOST_TEST(fit.converged);
  BOOST_TEST(predict(fit.model, "good").label == kStanceWarm);
  BOOST_TEST(predict(fit.model, "bad").label == kStanceCold);
  BOOST_TEST(predict(fit.model, "meh").label == kStanceNeutral);
}

// min_count 2: a feature seen in one statement is one writer's phrasing, left out.
BOOST_AUTO_TEST_CASE(trainer_drops_ngrams_below_min_count) {
  const auto fit = tiny_trainer().train();
  BOOST_TEST(fit.model.ngram_count() == 3u);  // good, bad, meh
  BOOST_TEST(fit.model.weights("good") != nullptr);
  BOOST_TEST(fit.model.weights("day") == nullptr);
  BOOST_TEST(fit.model.weights("good day") == nullptr);
  BOOST_TEST(fit.model.weights("night") == nullptr);
  StanceTrainingOptions once;
  once.min_count = 1;
  BOOST_TEST(tiny_trainer().train(once).model.ngram_count() == 9u);  // + day, good day, night, bad night, noon, meh noon
}

// By the set's warm <-> cold symmetry, "good" mirrors "bad" and the bias is level on warm and cold.
BOOST_AUTO_TEST_CASE(trainer_respects_the_sets_symmetry) {
  const auto fit = tiny_trainer().train();
  const StanceWeights& good = *fit.model.weights("good");
  const StanceWeights& bad = *fit.model.weights("bad");
  const StanceWeights& meh = *fit.model.weights("meh");
  BOOST_TEST(good[kStanceWarm] == bad[kStanceCold], tt::tolerance(1e-4));
  BOOST_TEST(good[kStanceCold] == bad[kStanceWarm], tt::tolerance(1e-4));
  BOOST_TEST(good[kStanceNeutral] == bad[kStanceNeutral], tt::tolerance(1e-4));
  BOOST_TEST(meh[kStanceWarm] == meh[kStanceCold], tt::tolerance(1e-4));
  BOOST_TEST(std::abs(fit.model.bias()[kStanceWarm] - fit.model.bias()[kStanceCold]) < 1e-4);
  // The lexicon inputs were all 0, so only the penalty touched their weights: they stay 0.
  for (const auto& w : fit.model.lexicon_weights())
    for (double x : w) BOOST_TEST(x == 0.0);
}

// Same statements, same file: a retrained model must diff only where the data changed.
BOOST_AUTO_TEST_CASE(training_is_deterministic) {
  BOOST_TEST(written(tiny_trainer().train().model) == written(tiny_trainer().train().model));
}

// At the optimum the gradient of each n-gram's weights is 0:
// l2 * w_f[k] = -sum over statements containing f of (p_k - y_k).
BOOST_AUTO_TEST_CASE(trained_weights_satisfy_the_l2_stationarity_condition) {
  StanceTrainingOptions options;
  options.l2 = 0.5;  // not 1, so a mix-up of l2 and 1/l2 would show
  const auto fit = tiny_trainer().train(options);
  BOOST_TEST_REQUIRE(fit.converged);
  // "good" is in "good" and "good day", both gold warm; "day" and "good day" are not
  // in the model, so both statements get the probabilities of "good" alone.
  const auto p = predict(fit.model, "good").probability;
  const auto p2 = predict(fit.model, "good day").probability;
  const StanceWeights& w = *fit.model.weights("good");
  for (std::size_t k = 0; k < kStanceClassCount; ++k) {
    BOOST_TEST(p[k] == p2[k], tt::tolerance(1e-12));
    const double y = k == kStanceWarm ? 1.0 : 0.0;
    BOOST_TEST(options.l2 * w[k] == -2.0 * (p[k] - y), tt::tolerance(1e-4));
  }
  // The bias is not penalised: its gradient sum_i (p_k - y_k) is 0 on its own.
  for (std::size_t k = 0; k < kStanceClassCount; ++k) {
    double g = 0;
    for (const char* text : {"good", "good day", "bad", "bad night", "meh", "meh noon"})
      g += predict(fit.model, text).probability[k];
    BOOST_TEST(g - 2.0 == 0.0, tt::tolerance(1e-4));  // each class is gold for 2 statements
  }
}

// A model fitted to nothing is an error, not a model of the prior.
BOOST_AUTO_TEST_CASE(training_with_no_examples_throws) {
  StanceTrainer empty;
  BOOST_CHECK_THROW(empty.train(), Error);
}

// ---------------------------------------------------------------- through the Scorer

namespace {

// One valence term "good" (2, layer 0, scale 1: no topic gate) and one negator,
// plus a hand-written model:
//   @lexicon_positive (0, 0, ln 2): a positive reading of 2 gives logits (0, 0, ln 4)
//   ¬good (0, 0, ln 3), summit (ln 3, 0, 0)
const LexiconSet& scored_set() {
  static const LexiconSet set = [] {
    LexiconSetBuilder b({"t", "1", "", "en"});
    std::istringstream valence("thaw-lexicon\t1\tvalence\ngood\t2\n");
    b.add_lexicon(valence, "valence.tsv");
    std::istringstream negators("thaw-lexicon\t1\tnegators\nnot\n");
    b.add_lexicon(negators, "negators.tsv");
    b.set_stance_model(model_from(header_and_inputs("0\t0\t0", "0\t0\t0", "0\t0\t" + kLn2) + kNot +
                                  "good\t0\t0\t" + kLn3 + "\nsummit\t" + kLn3 + "\t0\t0\n"));
    return std::move(b).build();
  }();
  return set;
}

ScoredStatement score(const std::string& text) {
  static Scorer scorer(scored_set());
  Statement st;
  st.text = text;
  return scorer.score(st);
}

}  // namespace

// The model's reading replaces the lexicons' score and label; the lexicons' own stays beside it.
BOOST_AUTO_TEST_CASE(scorer_reports_the_model_reading_and_keeps_the_lexicon_reading) {
  // Lexicons: good 2 -> 2 / sqrt(4 + 4) = 0.7071 warm; positive reading 2.
  // Model: no known n-gram; logits (0, 0, 2 ln 2) -> (1, 1, 4) / 6.
  const auto r = score("good");
  BOOST_TEST_REQUIRE(r.probabilities.has_value());
  BOOST_TEST((*r.probabilities)[0] == 1.0 / 6, tt::tolerance(1e-9));
  BOOST_TEST((*r.probabilities)[1] == 1.0 / 6, tt::tolerance(1e-9));
  BOOST_TEST((*r.probabilities)[2] == 4.0 / 6, tt::tolerance(1e-9));
  BOOST_TEST(r.score == 0.5, tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "warm");
  BOOST_TEST(r.confidence == 4.0 / 6, tt::tolerance(1e-9));  // the label's probability
  BOOST_TEST(r.lexicon_score == 2.0 / std::sqrt(8.0), tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.lexicon_label) == "warm");
  BOOST_TEST(r.learned.empty());
}

// A known n-gram alone (no lexicon evidence) is enough for the model to speak.
BOOST_AUTO_TEST_CASE(scorer_uses_the_model_on_a_known_ngram_without_lexicon_evidence) {
  // summit (ln 3, 0, 0) -> (3/5, 1/5, 1/5): cold, score -2/5.
  const auto r = score("The summit.");
  BOOST_TEST(r.evidence.empty());
  BOOST_TEST(r.lexicon_score == 0.0);
  BOOST_TEST(to_string(r.lexicon_label) == "neutral");
  BOOST_TEST(r.score == -0.4, tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "cold");
  BOOST_TEST(r.confidence == 0.6, tt::tolerance(1e-9));
  BOOST_TEST_REQUIRE(r.learned.size() == 1u);
  BOOST_TEST(r.learned[0].feature == "summit");
  BOOST_TEST(r.learned[0].match == "summit");
  BOOST_TEST(r.learned[0].start == 4u);
  BOOST_TEST(r.learned[0].end == 10u);
  BOOST_TEST(r.learned[0].warmth == -std::log(3.0), tt::tolerance(1e-9));
}

// apply_stance_model's rule: with nothing to read the class prior is not a finding.
BOOST_AUTO_TEST_CASE(scorer_keeps_neutral_with_zero_confidence_when_the_model_has_nothing_to_read) {
  const auto r = score("The meeting starts at nine.");
  BOOST_TEST(to_string(r.label) == "neutral");
  BOOST_TEST(r.score == 0.0);
  BOOST_TEST(r.confidence == 0.0);
  // The model still ran: its probabilities are the prior softmax(0, 0, 0).
  BOOST_TEST_REQUIRE(r.probabilities.has_value());
  BOOST_TEST((*r.probabilities)[2] == 1.0 / 3, tt::tolerance(1e-9));
}

// The negation rule's terms reach the model negated: "not good" reads "¬good", "good" does not.
BOOST_AUTO_TEST_CASE(scorer_feeds_the_model_negated_words_with_the_prefix) {
  // Lexicons: good 2 x -0.75 = -1.5 -> -1.5 / sqrt(2.25 + 4) = -0.6 cold; positive reading 0.
  // Model: ¬good (0, 0, ln 3) -> (1/5, 1/5, 3/5) warm, score 2/5.
  const auto r = score("not good");
  BOOST_TEST(r.lexicon_score == -0.6, tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.lexicon_label) == "cold");
  BOOST_TEST_REQUIRE(r.probabilities.has_value());
  BOOST_TEST((*r.probabilities)[2] == 0.6, tt::tolerance(1e-9));
  BOOST_TEST(r.score == 0.4, tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "warm");
  BOOST_TEST_REQUIRE(r.learned.size() == 1u);
  BOOST_TEST(r.learned[0].feature == kNot + "good");
  BOOST_TEST(r.learned[0].match == "good");
  BOOST_TEST(r.learned[0].start == 4u);
  BOOST_TEST(r.learned[0].end == 8u);
  // Un-negated, "good" is not the model's "¬good".
  const auto plain = score("good");
  BOOST_TEST(plain.learned.empty());
}

// Training on a set's own model would feed on itself: add_training_statement refuses.
BOOST_AUTO_TEST_CASE(add_training_statement_refuses_a_set_with_a_model) {
  Scorer scorer(scored_set());
  StanceTrainer trainer;
  Statement st;
  st.text = "good";
  BOOST_CHECK_THROW(add_training_statement(trainer, scorer, st, kStanceWarm), Error);
  BOOST_TEST(trainer.size() == 0u);
}
