// Each scoring rule against the mini lexicon set (tests/data/mini), whose
// weights are round so every expectation below is worked out by hand:
// domain layer scale 1.0, general layer scale 0.5, alpha = 4.
#define BOOST_TEST_MODULE rules
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>

#include "rules.hpp"
#include "thaw/scorer.hpp"

using namespace thaw;
namespace tt = boost::test_tools;

namespace {

const LexiconSet& mini() {
  static const LexiconSet set = load_lexicon_set(THAW_TEST_DATA_DIR "/mini");
  return set;
}

ScoredStatement score(const std::string& text) {
  static Scorer scorer(mini());
  Statement st;
  st.text = text;
  return scorer.score(st);
}

// The evidence item whose matched text is `match`.
const Evidence& ev(const ScoredStatement& r, const std::string& match) {
  for (const auto& e : r.evidence)
    if (e.match == match) return e;
  BOOST_FAIL("no evidence for '" + match + "'");
  throw;
}

bool has_effect(const Evidence& e, const std::string& name) {
  return std::find(e.effects.begin(), e.effects.end(), name) != e.effects.end();
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_evidence_is_neutral_with_zero_confidence) {
  auto r = score("The meeting starts at nine.");
  BOOST_TEST(r.evidence.empty());
  BOOST_TEST(r.score == 0.0);
  BOOST_TEST(r.confidence == 0.0);
  BOOST_TEST(to_string(r.label) == "neutral");
}

BOOST_AUTO_TEST_CASE(find_terms_prefers_longest_match_and_records_spans) {
  auto r = score("Seoul and Tokyo have opened a new chapter of cooperation.");
  BOOST_TEST_REQUIRE(r.evidence.size() == 2u);
  BOOST_TEST(r.evidence[0].term == "new chapter");
  BOOST_TEST(r.evidence[0].start == 30u);
  BOOST_TEST(r.evidence[0].end == 41u);
  // raw = 2 + 2 = 4; score = 4 / sqrt(16 + 4) = 0.8944; confidence = 1 - e^-2.
  BOOST_TEST(r.score == 4.0 / std::sqrt(20.0), tt::tolerance(1e-9));
  BOOST_TEST(r.confidence == 1.0 - std::exp(-2.0), tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "warm");
}

BOOST_AUTO_TEST_CASE(domain_layer_outweighs_general_layer) {
  // "cooperation" is 2 in the domain layer and 1 in the general one: domain wins.
  BOOST_TEST(ev(score("Japan wants cooperation."), "cooperation").contribution == 2.0);
  BOOST_TEST(ev(score("Japan wants cooperation."), "cooperation").layer == "domain");
  // A general word is halved by its layer scale: good = 2 x 0.5.
  BOOST_TEST(ev(score("Japan is good."), "good").contribution == 1.0);
}

BOOST_AUTO_TEST_CASE(negation_reverses_at_half_strength) {
  // humiliating -3 x -0.5 = +1.5; score = 1.5 / sqrt(2.25 + 4) = 0.6.
  auto r = score("The summit was not a humiliating concession.");
  BOOST_TEST(ev(r, "humiliating").contribution == 1.5);
  BOOST_TEST(has_effect(ev(r, "humiliating"), "negated"));
  BOOST_TEST(r.score == 0.6, tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) != "cold");
}

BOOST_AUTO_TEST_CASE(negation_governs_only_the_first_term_after_it) {
  // never -> accept (+1 -> -0.75, a negated positive); humiliating stays -3; deal +0.5.
  auto r = score("We will never accept this humiliating deal.");
  BOOST_TEST(ev(r, "accept").contribution == -0.75);
  BOOST_TEST(ev(r, "humiliating").contribution == -3.0);
  BOOST_TEST(!has_effect(ev(r, "humiliating"), "negated"));
  BOOST_TEST(to_string(r.label) == "cold");
}

BOOST_AUTO_TEST_CASE(negation_window_is_three_words) {
  // not(0) in(1) any(2) way(3) humiliating(4): 4 tokens away, out of reach.
  BOOST_TEST(!has_effect(ev(score("It is not in any way humiliating."), "humiliating"), "negated"));
  // not(0) a(1) truly(2) humiliating(3): 3 tokens away, in reach.
  BOOST_TEST(has_effect(ev(score("It is not a truly humiliating deal."), "humiliating"), "negated"));
}

BOOST_AUTO_TEST_CASE(negation_stops_at_a_clause_break) {
  auto r = score("Not now, the deal is humiliating.");
  BOOST_TEST(!has_effect(ev(r, "humiliating"), "negated"));
}

BOOST_AUTO_TEST_CASE(contracted_negator_works) {
  BOOST_TEST(ev(score("Japan isn't good."), "good").contribution == -0.75);  // 1.0 x -0.75
}

BOOST_AUTO_TEST_CASE(boosters_and_multiword_dampeners_scale) {
  BOOST_TEST(ev(score("Japan is very good."), "good").contribution == 1.5);   // 1.0 x 1.5
  BOOST_TEST(ev(score("Japan is a bit bold."), "bold").contribution == 0.8, tt::tolerance(1e-12));  // 1 x 0.8
  BOOST_TEST(ev(score("Japan is slightly good."), "good").contribution == 0.5);  // 1.0 x 0.5
  // Two boosters stack: 1.0 x 1.2 x 1.5 = 1.8.
  BOOST_TEST(ev(score("Japan is very deeply good."), "good").contribution == 1.8, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(all_caps_term_is_emphasized_unless_everything_is_caps) {
  auto r = score("Seoul says it is GOOD.");
  BOOST_TEST(ev(r, "GOOD").contribution == 1.2, tt::tolerance(1e-12));  // 1.0 x 1.2
  BOOST_TEST(has_effect(ev(r, "GOOD"), "emphasized"));
  BOOST_TEST(ev(score("SEOUL SAYS IT IS GOOD."), "GOOD").contribution == 1.0);
}

BOOST_AUTO_TEST_CASE(contrast_but_demotes_before_and_promotes_after) {
  // deal 0.5 x 0.5, bold 1 x 0.5, betrays -3 x 1.5, victims -1 x 1.5 => raw -5.25.
  auto r = score("The deal is bold, but it betrays the victims.");
  BOOST_TEST(ev(r, "bold").contribution == 0.5);
  BOOST_TEST(ev(r, "betrays").contribution == -4.5);
  BOOST_TEST(ev(r, "victims").contribution == -1.5);
  BOOST_TEST(r.score == -5.25 / std::sqrt(5.25 * 5.25 + 4), tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "cold");
}

BOOST_AUTO_TEST_CASE(sentence_initial_however_demotes_the_previous_sentence) {
  auto r = score("Japan is good. However, the deal betrays the victims.");
  BOOST_TEST(ev(r, "good").contribution == 0.5);  // 1.0 x 0.5
  BOOST_TEST(ev(r, "betrays").contribution == -4.5);
  BOOST_TEST(has_effect(ev(r, "good"), "contrast-demoted"));
}

BOOST_AUTO_TEST_CASE(although_demotes_its_own_clause) {
  // deal 0.5 x 0.5 = 0.25, one-sided -2 x 0.5 = -1, new chapter 2 x 1.5 = 3.
  auto r = score("Although the deal is one-sided, it is a new chapter.");
  BOOST_TEST(ev(r, "one-sided").contribution == -1.0);
  BOOST_TEST(ev(r, "new chapter").contribution == 3.0);
  BOOST_TEST(to_string(r.label) == "warm");
}

BOOST_AUTO_TEST_CASE(hedges_soften_only_their_own_clause) {
  // Clause 1 "If Japan apologizes," has "if"; clause 2 has "might": 2 x 0.5 = 1.
  auto r = score("If Japan apologizes, cooperation might follow.");
  BOOST_TEST(ev(r, "cooperation").contribution == 1.0);
  BOOST_TEST(has_effect(ev(r, "cooperation"), "hedged"));
  auto r2 = score("If Japan agrees, cooperation follows.");
  BOOST_TEST(ev(r2, "cooperation").contribution == 2.0);
}

BOOST_AUTO_TEST_CASE(exclamation_strengthens_and_question_softens) {
  BOOST_TEST(ev(score("A new chapter!!"), "new chapter").contribution == 2.4, tt::tolerance(1e-12));  // 2 x 1.2
  // A question challenges the good it names (2 x -0.5) and softens the bad
  // (one-sided, domain -2 x 0.8).
  BOOST_TEST(ev(score("A new chapter?"), "new chapter").contribution == -1.0, tt::tolerance(1e-12));
  BOOST_TEST(ev(score("A one-sided deal?"), "one-sided").contribution == -1.6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(scare_quoted_positive_word_is_ironic) {
  // historic: general 2 x 0.5 = 1, quoted alone -> x -0.5 = -0.5.
  auto r = score("What a \"historic\" deal for Japan.");
  BOOST_TEST(ev(r, "historic").contribution == -0.5);
  BOOST_TEST(has_effect(ev(r, "historic"), "scare-quoted"));
  // An unquoted one is not touched.
  BOOST_TEST(ev(score("What a historic deal for Japan."), "historic").contribution == 1.0);
}

BOOST_AUTO_TEST_CASE(a_positive_term_in_a_short_quotation_is_ironic) {
  // new chapter (domain 2) in a quotation of 3 words: 2 x -0.5 = -1.
  auto r = score("Some speak of a 'new chapter, finally' with Japan.");
  BOOST_TEST(ev(r, "new chapter").contribution == 2.0);  // the comma ends the walk: not a short quote
  auto q = score("Some speak of a 'real new chapter' with Japan.");
  BOOST_TEST(ev(q, "new chapter").contribution == -1.0);
  BOOST_TEST(has_effect(ev(q, "new chapter"), "scare-quoted"));
  // Six words between the marks: reported speech, untouched.
  BOOST_TEST(ev(score("He said \"we opened a new chapter today\" in Seoul."), "new chapter").contribution == 2.0);
  // A possessive apostrophe opens nothing: 'victims' new chapter' is not quoted.
  BOOST_TEST(ev(score("The victims' new chapter begins in Seoul."), "new chapter").contribution == 2.0);
}

BOOST_AUTO_TEST_CASE(off_topic_general_words_count_a_quarter) {
  // good 2 x 0.5 x 0.25 = 0.25 -> score 0.25 / sqrt(0.0625 + 4) = 0.124:
  // below the 0.2 band.
  auto r = score("The weather was good.");
  BOOST_TEST(ev(r, "good").contribution == 0.25);
  BOOST_TEST(r.score == 0.25 / std::sqrt(4.0625), tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "neutral");
  // Mentioning Seoul puts it on topic: 1.5 -> score 0.6.
  BOOST_TEST(to_string(score("The weather in Seoul was wonderful.").label) == "warm");
}

BOOST_AUTO_TEST_CASE(a_neighbouring_subject_shrinks_its_sentence_domain_terms_too) {
  // "Taiwan" (offtopic subject): cooperation (domain 2) x 0.05 = 0.1 and
  // bad (general -2 x 0.5) x 0.05 = -0.05, though "Japan" is a topic word.
  auto r = score("Japan sees cooperation over Taiwan, which is bad.");
  BOOST_TEST(ev(r, "cooperation").contribution == 0.1, tt::tolerance(1e-12));
  BOOST_TEST(ev(r, "bad").contribution == -0.05, tt::tolerance(1e-12));
  BOOST_TEST(has_effect(ev(r, "cooperation"), "off-topic"));
  // Only the subject's sentence: the next sentence keeps its 2.
  auto two = score("Fukushima is far away. Seoul wants cooperation.");
  BOOST_TEST(ev(two, "cooperation").contribution == 2.0);
  // A general word the statement-wide gate already shrank (no topic word) is
  // not shrunk twice: good 2 x 0.5 x 0.25 = 0.25.
  BOOST_TEST(ev(score("The Fukushima food was good."), "good").contribution == 0.25);
}

BOOST_AUTO_TEST_CASE(an_anchor_keeps_a_subject_sentence_on_topic) {
  // "trilateral" names the target: cooperation keeps its full 2.
  BOOST_TEST(ev(score("The trilateral cooperation covers Taiwan."), "cooperation").contribution == 2.0);
  // Longest match first: "China, Japan and Korea" is a subject, not the anchor
  // "Japan and Korea" inside it, so cooperation counts 2 x 0.05.
  BOOST_TEST(ev(score("Cooperation among China, Japan and Korea resumes."), "Cooperation").contribution == 0.1,
             tt::tolerance(1e-12));
  BOOST_TEST(ev(score("Cooperation among Japan and Korea resumes."), "Cooperation").contribution == 2.0);
}

BOOST_AUTO_TEST_CASE(score_depends_on_words_not_on_the_actor) {
  Scorer scorer(mini());
  Statement a{"This one-sided deal is humiliating.", std::nullopt, std::string("yoon"), std::nullopt, "en"};
  Statement b = a;
  b.actor = "mao_ning";
  BOOST_TEST(scorer.score(a).score == scorer.score(b).score);
}

BOOST_AUTO_TEST_CASE(effect_names_follow_bit_order) {
  auto names = rules::effect_names(rules::kEffectNegated | rules::kEffectHedged | rules::kEffectOffTopic);
  BOOST_TEST(names == (std::vector<std::string>{"negated", "hedged", "off-topic"}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(normalization_and_confidence_by_hand) {
  BOOST_TEST(rules::normalize_score(1.5) == 0.6, tt::tolerance(1e-12));
  BOOST_TEST(rules::normalize_score(-1.5) == -0.6, tt::tolerance(1e-12));
  std::vector<rules::Hit> hits(2);
  hits[0].value = 3;
  hits[1].value = -1;
  // agreement 2/4, saturation 1 - e^-2.
  BOOST_TEST(rules::confidence_of(hits) == 0.5 * (1 - std::exp(-2.0)), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(negation_covers_a_run_of_adjacent_terms) {
  // not -> bold (1 -> -0.75); cooperation follows with no word between (2 -> -1.5).
  auto r = score("It is not bold cooperation.");
  BOOST_TEST(ev(r, "bold").contribution == -0.75);
  BOOST_TEST(ev(r, "cooperation").contribution == -1.5);
  // A word between ends the run: "this" separates accept from humiliating.
  BOOST_TEST(!has_effect(ev(score("We never accept this humiliating deal."), "humiliating"), "negated"));
}

BOOST_AUTO_TEST_CASE(distancing_frame_reverses_at_half_strength) {
  // "calls it" -0.5: new chapter 2 -> -1.
  auto r = score("Washington calls it a new chapter.");
  BOOST_TEST(ev(r, "new chapter").contribution == -1.0);
  BOOST_TEST(has_effect(ev(r, "new chapter"), "framed"));
  // ... but only to the end of its clause.
  BOOST_TEST(ev(score("Washington calls it bold, cooperation follows."), "cooperation").contribution == 2.0);
}

BOOST_AUTO_TEST_CASE(own_naming_cancels_a_shorter_frame) {
  // "i call it" (x1) is the longest match, so "call it" never applies.
  auto r = score("I call it a new chapter.");
  BOOST_TEST(ev(r, "new chapter").contribution == 2.0);
  BOOST_TEST(!has_effect(ev(r, "new chapter"), "framed"));
}

BOOST_AUTO_TEST_CASE(demand_frame_flips_only_positive_terms) {
  // "japan must" (positive): cooperation 2 -> -1; betrayal -3 stays -3.
  auto r = score("Japan must show cooperation and end the betrayal.");
  BOOST_TEST(ev(r, "cooperation").contribution == -1.0);
  BOOST_TEST(ev(r, "betrayal").contribution == -3.0);
  BOOST_TEST(!has_effect(ev(r, "betrayal"), "framed"));
}

BOOST_AUTO_TEST_CASE(prohibition_frame_keeps_the_sign_at_half_strength) {
  // "must never" is one frame (x0.5), so "never" is not a negator here:
  // betrays -3 -> -1.5 and victims -1 -> -0.5, a warning, not praise.
  auto r = score("We must never betray the victims.");
  BOOST_TEST(ev(r, "betray").contribution == -1.5);
  BOOST_TEST(ev(r, "victims").contribution == -0.5);
  BOOST_TEST(!has_effect(ev(r, "betray"), "negated"));
}

BOOST_AUTO_TEST_CASE(negation_window_counts_words_not_punctuation) {
  // not -> the(1) partners(2) '(skipped) humiliating(3): in reach. Counting the
  // apostrophe token would put it 4 tokens away.
  BOOST_TEST(has_effect(ev(score("It is not the partners' humiliating deal."), "humiliating"), "negated"));
}

BOOST_AUTO_TEST_CASE(a_negated_positive_keeps_three_quarters_a_negated_negative_half) {
  // Denying a good word says the bad thing: good 1.0 x -0.75 = -0.75.
  BOOST_TEST(rules::negation_factor(1.0) == -0.75);
  BOOST_TEST(rules::negation_factor(-1.0) == -0.5);
  // Denying a bad word is a weaker rebuttal: humiliating -3 x -0.5 = +1.5.
  auto r = score("The deal is not humiliating, and Japan is not good.");
  BOOST_TEST(ev(r, "humiliating").contribution == 1.5);
  BOOST_TEST(ev(r, "good").contribution == -0.75);
}

BOOST_AUTO_TEST_CASE(the_label_band_is_02) {
  // raw 0.40 gives 0.1961, inside the band; raw 0.41 gives 0.2008, outside.
  BOOST_TEST(rules::normalize_score(0.40) < rules::kLabelThreshold);
  BOOST_TEST(rules::normalize_score(0.41) > rules::kLabelThreshold);
  // A negated domain term of 0.5: 0.5 x -0.75 = -0.375, score
  // -0.375 / sqrt(0.140625 + 4) = -0.184: inside the band, neutral.
  auto r = score("It is not a deal.");
  BOOST_TEST(r.score == -0.375 / std::sqrt(4.140625), tt::tolerance(1e-9));
  BOOST_TEST(to_string(r.label) == "neutral");
  // The same term not negated: 0.5 / sqrt(4.25) = 0.2425, warm.
  BOOST_TEST(to_string(score("It is a deal.").label) == "warm");
}

BOOST_AUTO_TEST_CASE(ironic_praise_against_the_rest_of_the_statement_is_reversed) {
  // Cue "congratulations" (irony lexicon) in the first clause; the other clause
  // carries humiliating -3. The cue clause's positive terms pull against it:
  // good (general 2 x 0.5 = 1.0) -> -1.0. Raw = -1.0 - 0.5 - 3 = -4.5.
  auto r = score("Congratulations on a good deal: the result is humiliating.");
  BOOST_TEST(ev(r, "good").contribution == -1.0);
  BOOST_TEST(has_effect(ev(r, "good"), "ironic"));
  // "deal" (domain 0.5) is in the cue's clause too: reversed.
  BOOST_TEST(ev(r, "deal").contribution == -0.5);
  BOOST_TEST(!has_effect(ev(r, "humiliating"), "ironic"));
  BOOST_TEST(r.score == -4.5 / std::sqrt(4.5 * 4.5 + 4), tt::tolerance(1e-9));
  // A supporter mocking the critics: blame in the cue's clause, praise after.
  auto m = score("What a bad outcome: more cooperation.");
  BOOST_TEST(ev(m, "bad").contribution == 1.0);  // general -2 x 0.5 = -1, reversed
  BOOST_TEST(to_string(m.label) == "warm");
}

BOOST_AUTO_TEST_CASE(sincere_praise_stays_praise) {
  // Nothing outside the cue's clause: no irony.
  auto r = score("Congratulations on a good deal.");
  BOOST_TEST(ev(r, "good").contribution == 1.0);
  BOOST_TEST(!has_effect(ev(r, "good"), "ironic"));
  // The rest agrees with the praise: no irony.
  auto s = score("Congratulations on a good deal: cooperation at last.");
  BOOST_TEST(ev(s, "good").contribution == 1.0);
  // Trouble named inside the cue's own clause is part of the praise:
  // "congratulations on overcoming humiliating years" has no other clause.
  BOOST_TEST(ev(score("Congratulations on a good end to humiliating years."), "good").contribution == 1.0);
  // Without a cue, a praising clause against a cold one is just mixed.
  BOOST_TEST(ev(score("A good deal: the result is humiliating."), "good").contribution == 1.0);
}

BOOST_AUTO_TEST_CASE(each_sentence_gets_its_own_punctuation) {
  // The marks are counted sentence by sentence as the terms come: new chapter
  // 2 x 1.1 (one '!'), then cooperation (domain 2) questioned, 2 x -0.5, and
  // not exclaimed by the sentence before.
  auto r = score("A new chapter! Cooperation?");
  BOOST_TEST(ev(r, "new chapter").contribution == 2.2, tt::tolerance(1e-12));
  BOOST_TEST(ev(r, "Cooperation").contribution == -1.0, tt::tolerance(1e-12));
  BOOST_TEST(!has_effect(ev(r, "Cooperation"), "exclaimed"));
}

BOOST_AUTO_TEST_CASE(demotion_wins_over_an_earlier_promotion) {
  // Two "but": bold is after the first (promoted) and before the second
  // (demoted): demoted, 1 x 0.5. good (general 2 x 0.5) before both: 0.5.
  // betrays after both: promoted once, -3 x 1.5.
  auto r = score("Japan is good, but bold, but it betrays the victims.");
  BOOST_TEST(ev(r, "good").contribution == 0.5);
  BOOST_TEST(ev(r, "bold").contribution == 0.5);
  BOOST_TEST(has_effect(ev(r, "bold"), "contrast-demoted"));
  BOOST_TEST(!has_effect(ev(r, "bold"), "contrast-promoted"));
  BOOST_TEST(ev(r, "betrays").contribution == -4.5);
}

BOOST_AUTO_TEST_CASE(a_subject_starting_inside_a_valence_term_still_counts) {
  // find_terms asks the offtopic table only in sentences where a token has
  // its bit, including the tokens inside a matched term: "massacre" is a
  // subject though "nanjing massacre" (domain -2) covers it, so the term
  // counts -2 x 0.05.
  LexiconSetBuilder b({"t", "1", "", "en"});
  std::istringstream valence("thaw-lexicon\t1\tvalence\nnanjing massacre\t-2\n");
  b.add_lexicon(valence, "valence.tsv");
  std::istringstream offtopic("thaw-lexicon\t1\tofftopic\nmassacre\tsubject\n");
  b.add_lexicon(offtopic, "offtopic.tsv");
  const LexiconSet set = std::move(b).build();
  Scorer scorer(set);
  Statement st;
  st.text = "The Nanjing massacre was discussed.";
  const ScoredStatement r = scorer.score(st);
  BOOST_TEST(ev(r, "Nanjing massacre").contribution == -0.1, tt::tolerance(1e-12));
  BOOST_TEST(has_effect(ev(r, "Nanjing massacre"), "off-topic"));
}
