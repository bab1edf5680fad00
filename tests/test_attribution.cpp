// Attribution: which actor a speech cue ties a statement to.
#define BOOST_TEST_MODULE attribution
#include <boost/test/unit_test.hpp>

#include "print_optional.hpp"

#include <optional>
#include <sstream>
#include <string>

#include "thaw/actors.hpp"
#include "thaw/attribution.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/tokenizer.hpp"

using namespace thaw;

namespace {

const char* kActors =
    "thaw-actors\t1\n"
    "yoon\tYoon Suk Yeol\tSouth Korea\tPresident\tYoon|President Yoon|the South Korean president|윤석열*\n"
    "kishida\tFumio Kishida\tJapan\tPrime Minister\tKishida|the Japanese prime minister\n"
    "mao_ning\tMao Ning\tChina\tspokeswoman\t\n"
    "global_times\tGlobal Times\tChina\tnewspaper\tthe Global Times\n"
    "opposition\tDemocratic Party\tSouth Korea\topposition\tthe opposition|Lee Jae-myung\n";

const char* kSpeech =
    "thaw-lexicon\t1\tspeech\n"
    "said\teither\n"
    "told\teither\n"
    "declared\teither\n"
    "told reporters\tspeaker-first\n"
    "argued\tspeaker-first\n"
    "affirmed\tspeaker-first\n"
    "hailed\tspeaker-first\n"
    "denounced\tspeaker-first\n"
    "warned\tspeaker-first\n"
    "according to\tspeaker-after\n";

struct Fixture {
  ActorList actors;
  LexiconSet lexicons;
  Tokenizer tokenizer{"en"};

  Fixture() {
    std::istringstream a(kActors);
    actors = ActorList::parse(a, "actors.tsv");
    LexiconSetBuilder b({"t", "1", "", "en"});
    std::istringstream s(kSpeech);
    b.add_lexicon(s, "speech.tsv");
    lexicons = std::move(b).build();
  }

  std::optional<Attribution> attribution(const std::string& text) {
    auto tt = tokenizer.tokenize(text);
    return find_speaker(tt, actors, lexicons.table(LexiconKind::Speech));
  }
  // The speaker's actor id, or "none".
  std::string who(const std::string& text) {
    auto a = attribution(text);
    return a ? actors.actors()[a->actor].id : "none";
  }
};

// Built once: loading the tokenizer and tables is the slow part.
Fixture& fixture() {
  static Fixture f;
  return f;
}
std::string who(const std::string& text) { return fixture().who(text); }
std::optional<Attribution> attribution(const std::string& text) { return fixture().attribution(text); }

}  // namespace

BOOST_AUTO_TEST_CASE(speech_cue_file_loads_positions) {
  const auto& table = fixture().lexicons.table(LexiconKind::Speech);
  BOOST_TEST(table.size() == 10u);
  BOOST_TEST(static_cast<int>(table.entries()[0].cue) == static_cast<int>(CuePosition::Either));
  BOOST_TEST(static_cast<int>(table.entries()[4].cue) == static_cast<int>(CuePosition::SpeakerFirst));
  BOOST_TEST(static_cast<int>(table.entries()[9].cue) == static_cast<int>(CuePosition::SpeakerAfter));
}

BOOST_AUTO_TEST_CASE(x_said) {
  BOOST_TEST(who("Yoon said the deal opens a new chapter.") == "yoon");
  // A short gap of plain words is allowed ("also", "has repeatedly").
  BOOST_TEST(who("Kishida also said the curbs would end.") == "kishida");
  BOOST_TEST(who("Kishida has repeatedly said the curbs would end.") == "kishida");
  // Three words between name and cue break the link (kMaxSpeakerCueGap = 2).
  BOOST_TEST(who("Kishida on Monday again said the curbs would end.") == "none");
}

BOOST_AUTO_TEST_CASE(said_x) {
  BOOST_TEST(who("\"The deal is fair,\" said Kishida.") == "kishida");
  BOOST_TEST(who("\"We are ready,\" said the Japanese prime minister on Monday.") == "kishida");
}

BOOST_AUTO_TEST_CASE(according_to_x) {
  BOOST_TEST(who("According to the Global Times, the summit was staged in Washington.") == "global_times");
  // A speaker-after cue never takes the name before it.
  BOOST_TEST(who("Kishida according to reports was pleased.") == "none");
}

BOOST_AUTO_TEST_CASE(x_told_reporters) {
  BOOST_TEST(who("Kishida told reporters that ties were improving.") == "kishida");
  // "told" alone is a cue either way.
  BOOST_TEST(who("Yoon told a cabinet meeting that Japan had apologised.") == "yoon");
}

BOOST_AUTO_TEST_CASE(x_colon) {
  BOOST_TEST(who("Mao Ning: Japan and South Korea should not form exclusive blocs.") == "mao_ning");
  BOOST_TEST(who("The summit ended. Mao Ning: The blocs are dangerous.") == "mao_ning");
  // A name before a colon in the middle of a sentence introduces a list, not a speaker.
  BOOST_TEST(who("Reporters asked Mao Ning: would China respond?") == "none");
}

// Why: find_speaker passes over a sentence with no cue and no colon without
// looking for names in it; the speaker of a later sentence must still be
// found, and a cue must still link only names of its own sentence.
BOOST_AUTO_TEST_CASE(sentences_without_cue_or_colon_are_passed_over) {
  BOOST_TEST(who("Kishida met Yoon in Tokyo. Mao Ning said the blocs are dangerous.") == "mao_ning");
  BOOST_TEST(who("Yoon spoke at length. The summit was, Kishida said, a new start.") == "kishida");
  BOOST_TEST(who("They said so. Kishida smiled.") == "none");
  BOOST_TEST(who("Kishida smiled. Mao Ning: The blocs are dangerous.") == "mao_ning");
}

BOOST_AUTO_TEST_CASE(speaker_first_cues) {
  BOOST_TEST(who("Lee Jae-myung argued that the deal was humiliating.") == "opposition");
  BOOST_TEST(who("Yoon declared that the two countries are partners.") == "yoon");
  BOOST_TEST(who("Kishida affirmed his commitment to the 1998 declaration.") == "kishida");
  BOOST_TEST(who("Yoon hailed the summit as historic.") == "yoon");
  BOOST_TEST(who("The Global Times denounced the deal.") == "global_times");
  BOOST_TEST(who("The opposition warned that the victims had been betrayed.") == "opposition");
  // A speaker-first cue does not take a name after it.
  BOOST_TEST(who("\"It is a betrayal,\" argued Lee Jae-myung.") == "none");
}

BOOST_AUTO_TEST_CASE(titles_and_aliases) {
  BOOST_TEST(who("The Japanese prime minister said the export curbs would end.") == "kishida");
  BOOST_TEST(who("President Yoon said Seoul would not seek a new apology.") == "yoon");
  BOOST_TEST(who("The South Korean president told reporters he was confident.") == "yoon");
}

BOOST_AUTO_TEST_CASE(mention_is_not_speaker) {
  BOOST_TEST(who("China condemned Seoul's rapprochement with Japan.") == "none");
  BOOST_TEST(who("Yoon's decision angered the opposition.") == "none");
  BOOST_TEST(who("Kishida met Yoon in Tokyo.") == "none");
  // The cue is in another sentence than the name.
  BOOST_TEST(who("Yoon arrived in Tokyo. Officials said the talks went well.") == "none");
}

// "said X" is the inverted form after a quotation; after a word, the name
// opens the reported clause and is only mentioned ("critics said Yoon ...").
BOOST_AUTO_TEST_CASE(said_followed_by_a_mentioned_name_is_not_the_speaker) {
  BOOST_TEST(who("Critics said Yoon had betrayed the victims.") == "none");
  BOOST_TEST(who("Officials said Kishida would visit Seoul in May.") == "none");
}

BOOST_AUTO_TEST_CASE(the_speaker_wins_over_the_person_spoken_about) {
  BOOST_TEST(who("Yoon said Kishida had apologised enough.") == "yoon");
  BOOST_TEST(who("Kishida, Yoon said, had apologised enough.") == "yoon");
}

BOOST_AUTO_TEST_CASE(speaker_span_is_the_name_as_written) {
  auto a = attribution("According to the Global Times, the summit was staged.");
  BOOST_TEST_REQUIRE(a.has_value());
  // "According to " is 13 bytes; "the Global Times" 16 more.
  BOOST_TEST(a->speaker == "the Global Times");
  BOOST_TEST(a->start == 13u);
  BOOST_TEST(a->end == 29u);

  a = attribution("The Japanese prime minister said so.");
  BOOST_TEST_REQUIRE(a.has_value());
  BOOST_TEST(a->speaker == "The Japanese prime minister");
  BOOST_TEST(a->start == 0u);
  BOOST_TEST(a->end == 27u);

  // Curly quotes are 3 bytes each: “=0..2 Warm=3..6 ties=8..11 ,=12 ”=13..15
  // said=17..20 President=22..30 Yoon=32..35.
  a = attribution("\u201cWarm ties,\u201d said President Yoon.");
  BOOST_TEST_REQUIRE(a.has_value());
  BOOST_TEST(a->speaker == "President Yoon");
  BOOST_TEST(a->start == 22u);
  BOOST_TEST(a->end == 36u);
}

BOOST_AUTO_TEST_CASE(korean_speaker_with_particle) {
  // Hangul is 3 bytes a syllable: 윤석열은 = [0, 12); the speaker is the whole token.
  auto a = attribution("윤석열은 said the deal was fair.");
  BOOST_TEST_REQUIRE(a.has_value());
  BOOST_TEST(fixture().actors.actors()[a->actor].id == "yoon");
  BOOST_TEST(a->start == 0u);
  BOOST_TEST(a->end == 12u);
}
