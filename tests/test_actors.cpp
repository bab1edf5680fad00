// The actor list (lexicons/actors.tsv): parsing, load errors, alias matching.
#define BOOST_TEST_MODULE actors
#include <boost/test/unit_test.hpp>

#include "print_optional.hpp"

#include <optional>
#include <sstream>
#include <string>

#include "thaw/actors.hpp"
#include "thaw/error.hpp"
#include "thaw/tokenizer.hpp"

using namespace thaw;

namespace {

const std::string kHeader = "thaw-actors\t1\n";

ActorList parse(const std::string& text) {
  std::istringstream in(text);
  return ActorList::parse(in, "a.tsv");
}

// The message a bad file produces, or "" if it loads.
std::string load_error(const std::string& text) {
  try {
    parse(text);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

// "id/length" of the longest alias starting at token `at` of `text`.
std::optional<std::string> alias_at(const ActorList& list, const std::string& text,
                                    std::size_t at = 0, const std::string& lang = "en") {
  Tokenizer tk(lang);
  auto tt = tk.tokenize(text);
  auto m = list.match_alias(tt.tokens, at, tt.tokens.size());
  if (!m) return std::nullopt;
  return list.actors()[m->actor].id + "/" + std::to_string(m->length);
}

// The first actor any alias in `text` names, scanning every token.
std::optional<std::string> first_actor(const ActorList& list, const std::string& text,
                                       const std::string& lang) {
  Tokenizer tk(lang);
  auto tt = tk.tokenize(text);
  for (std::size_t i = 0; i < tt.tokens.size(); ++i)
    if (auto m = list.match_alias(tt.tokens, i, tt.tokens.size())) return list.actors()[m->actor].id;
  return std::nullopt;
}

// Four scripts, one actor list: what the shipped file does, in miniature.
const std::string kFourScripts =
    kHeader +
    "yoon\tYoon Suk Yeol\tSouth Korea\tPresident of South Korea\tYoon|President Yoon|윤석열*|尹錫悦\n"
    "kishida\tFumio Kishida\tJapan\tPrime Minister of Japan\tKishida|the Japanese prime minister|岸田文雄\n"
    "mao_ning\tMao Ning\tChina\tspokeswoman\t毛宁\n"
    "global_times\tGlobal Times\tChina\tnewspaper\tthe Global Times|环球时报\n";

}  // namespace

BOOST_AUTO_TEST_CASE(good_file_gives_actors_in_file_order) {
  auto list = parse(kHeader +
                    "# comment\n"
                    "\n"
                    "yoon\tYoon Suk Yeol\tSouth Korea\tPresident of South Korea\tYoon|President Yoon\r\n"
                    "global_times\tGlobal Times\tChina\tState-run newspaper\t\n");
  BOOST_TEST_REQUIRE(list.actors().size() == 2u);
  const Actor& yoon = list.actors()[0];
  BOOST_TEST(yoon.id == "yoon");
  BOOST_TEST(yoon.name == "Yoon Suk Yeol");
  BOOST_TEST(yoon.side == "South Korea");
  BOOST_TEST(yoon.role == "President of South Korea");
  // The display name is an alias too, first; the CR of a CRLF line is not part of the last alias.
  BOOST_TEST(yoon.aliases == (std::vector<std::string>{"Yoon Suk Yeol", "Yoon", "President Yoon"}));
  BOOST_TEST(yoon.source == "a.tsv:4");
  // An empty aliases column leaves the name as the only alias.
  BOOST_TEST(list.actors()[1].aliases == std::vector<std::string>{"Global Times"});
  BOOST_TEST(list.find("global_times") == &list.actors()[1]);
  BOOST_TEST(list.find("kishida") == nullptr);
}

BOOST_AUTO_TEST_CASE(bom_before_the_header_is_ignored) {
  BOOST_TEST(load_error("\xEF\xBB\xBF" + kHeader + "yoon\tYoon\tSouth Korea\tPresident\t\n") == "");
}

BOOST_AUTO_TEST_CASE(actor_id_rules) {
  BOOST_TEST(is_valid_actor_id("mao_ning"));
  BOOST_TEST(is_valid_actor_id("g7"));
  BOOST_TEST(!is_valid_actor_id(""));
  BOOST_TEST(!is_valid_actor_id("Yoon"));
  BOOST_TEST(!is_valid_actor_id("mao-ning"));
  BOOST_TEST(!is_valid_actor_id("mao ning"));
  BOOST_TEST(!is_valid_actor_id("윤석열"));
}

BOOST_AUTO_TEST_CASE(bad_id_names_file_and_line) {
  BOOST_TEST(load_error(kHeader + "# c\nYoon\tYoon Suk Yeol\tSouth Korea\tPresident\tYoon\n") ==
             "a.tsv:3: bad actor id 'Yoon': use lowercase letters, digits and _");
  BOOST_TEST(load_error(kHeader + "mao-ning\tMao Ning\tChina\tspokeswoman\t\n") ==
             "a.tsv:2: bad actor id 'mao-ning': use lowercase letters, digits and _");
}

BOOST_AUTO_TEST_CASE(wrong_column_count_names_file_and_line) {
  BOOST_TEST(load_error(kHeader + "yoon\tYoon Suk Yeol\tSouth Korea\tPresident\n") ==
             "a.tsv:2: expected 5 TAB-separated columns (id, name, side, role, aliases), found 4");
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSouth Korea\tPresident\tYoon\textra\n") ==
             "a.tsv:2: expected 5 TAB-separated columns (id, name, side, role, aliases), found 6");
}

BOOST_AUTO_TEST_CASE(missing_name_is_an_error) {
  BOOST_TEST(load_error(kHeader + "yoon\t\tSouth Korea\tPresident\tYoon\n") ==
             "a.tsv:2: actor 'yoon' has no name");
}

BOOST_AUTO_TEST_CASE(duplicate_id_gives_both_lines) {
  BOOST_TEST(load_error(kHeader +
                        "yoon\tYoon Suk Yeol\tSouth Korea\tPresident\tYoon\n"
                        "kishida\tFumio Kishida\tJapan\tPrime Minister\tKishida\n"
                        "yoon\tYoon Seok-youl\tSouth Korea\tPresident\t\n") ==
             "a.tsv:4: duplicate actor id 'yoon' (first at line 2)");
}

BOOST_AUTO_TEST_CASE(alias_of_two_actors_gives_both_lines) {
  BOOST_TEST(load_error(kHeader +
                        "kim_sung_han\tKim Sung-han\tSouth Korea\tadviser\tKim\n"
                        "# a comment line still counts\n"
                        "kim_jong_un\tKim Jong Un\tNorth Korea\tleader\tKim\n") ==
             "a.tsv:4: alias 'Kim' of 'kim_jong_un' already belongs to 'kim_sung_han' (line 2)");
  // Aliases are folded like text: case and width do not make a new alias.
  BOOST_TEST(load_error(kHeader +
                        "yoon\tYoon Suk Yeol\tSouth Korea\tPresident\tYoon\n"
                        "moon_jae_in\tMoon Jae-in\tSouth Korea\tformer President\tＹＯＯＮ\n") ==
             "a.tsv:3: alias 'ＹＯＯＮ' of 'moon_jae_in' already belongs to 'yoon' (line 2)");
  // One actor may repeat its own alias (the name listed again) without harm.
  BOOST_TEST(load_error(kHeader + "yoon\tYoon Suk Yeol\tSouth Korea\tPresident\tYoon Suk Yeol|Yoon\n") == "");
}

BOOST_AUTO_TEST_CASE(bad_header_is_an_error) {
  BOOST_TEST(load_error("thaw-lexicon\t1\tvalence\nyoon\tYoon\tSK\tP\t\n") ==
             "a.tsv:1: expected a header line 'thaw-actors<TAB>1'");
  BOOST_TEST(load_error("yoon\tYoon\tSK\tP\t\n") == "a.tsv:1: expected a header line 'thaw-actors<TAB>1'");
  BOOST_TEST(load_error("thaw-actors\t2\n") == "a.tsv:1: format version '2' is not one this thaw reads (1)");
  BOOST_TEST(load_error("") == "a.tsv: empty file: expected a header line 'thaw-actors<TAB>1'");
}

BOOST_AUTO_TEST_CASE(bad_wildcard_is_an_error) {
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\t윤*석열\n") ==
             "a.tsv:2: bad wildcard in alias '윤*석열': '*' may only end a word");
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\tPresident *\n") ==
             "a.tsv:2: bad wildcard in alias 'President *': '*' may only end a word");
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\t*\n") ==
             "a.tsv:2: bad wildcard in alias '*': '*' may only end a word");
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\tYoon|\n") == "a.tsv:2: empty alias for actor 'yoon'");
}

// Aliases use the lexicon term syntax (docs/lexicon-format.md), so a wildcard
// prefix needs 3 letters there too: "Yo*" would make "You said" Yoon's words.
BOOST_AUTO_TEST_CASE(wildcard_prefix_shorter_than_three_letters_is_an_error) {
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\tYo*\n") ==
             "a.tsv:2: bad wildcard in alias 'Yo*': the prefix needs at least 3 letters");
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\t윤 대*\n") ==
             "a.tsv:2: bad wildcard in alias '윤 대*': the prefix needs at least 3 letters");
  // Three Hangul syllables are three letters (nine bytes).
  BOOST_TEST(load_error(kHeader + "yoon\tYoon\tSK\tP\t윤석열*\n") == "");
}

BOOST_AUTO_TEST_CASE(english_aliases_longest_first_and_case_insensitive) {
  auto list = parse(kFourScripts);
  BOOST_TEST(alias_at(list, "President Yoon said") == std::optional<std::string>("yoon/2"));
  BOOST_TEST(alias_at(list, "PRESIDENT YOON said") == std::optional<std::string>("yoon/2"));
  BOOST_TEST(alias_at(list, "Yoon Suk Yeol said") == std::optional<std::string>("yoon/3"));
  BOOST_TEST(alias_at(list, "Yoon said") == std::optional<std::string>("yoon/1"));
  BOOST_TEST(alias_at(list, "The Japanese prime minister said") == std::optional<std::string>("kishida/4"));
  // "President" alone is no alias; "Yoon" is found one token later.
  BOOST_TEST(!alias_at(list, "President Biden said"));
  BOOST_TEST(alias_at(list, "the President Yoon", 1) == std::optional<std::string>("yoon/2"));
  // `end` bounds the match: "Yoon Suk Yeol" cut after two tokens is only "Yoon".
  Tokenizer tk("en");
  auto tt = tk.tokenize("Yoon Suk Yeol");
  auto m = list.match_alias(tt.tokens, 0, 2);
  BOOST_TEST_REQUIRE(m.has_value());
  BOOST_TEST(m->length == 1u);
}

BOOST_AUTO_TEST_CASE(korean_wildcard_alias_keeps_the_particle) {
  auto list = parse(kFourScripts);
  // 윤석열은 = 윤석열 + topic particle 은; 윤석열* must still find Yoon.
  BOOST_TEST(first_actor(list, "윤석열은 일본과의 관계 개선을 강조했다.", "ko") == std::optional<std::string>("yoon"));
  BOOST_TEST(first_actor(list, "윤석열 대통령이 말했다.", "ko") == std::optional<std::string>("yoon"));
  BOOST_TEST(!first_actor(list, "윤 대통령이 말했다.", "ko"));  // 윤 alone is not 윤석열*
}

// Why: find_speaker asks may_start_alias before it walks the alias trie at a
// token; a word that starts an alias (as itself, with "'s", or under a
// wildcard prefix) must pass, or its name would never be found.
BOOST_AUTO_TEST_CASE(may_start_alias_passes_every_first_word) {
  auto list = parse(kFourScripts);
  for (const char* w : {"yoon", "yoon's", "president", "president's", "kishida", "kishida's", "the", "fumio",
                        "mao", "global", "윤석열", "윤석열은", "윤석열의"})
    BOOST_CHECK_MESSAGE(list.may_start_alias(w), w);
  // No first word has two bytes, none ends in "q", and "zq" is too short
  // for a prefix: no bit of it is set.
  BOOST_TEST(!list.may_start_alias("zq"));
  BOOST_TEST(!list.may_start_alias(""));
  BOOST_TEST(!ActorList{}.may_start_alias("yoon"));
  // Through match_alias: "Yoon's" is Yoon by the possessive fallback.
  BOOST_TEST(alias_at(list, "Yoon's plan") == std::optional<std::string>("yoon/1"));
}

BOOST_AUTO_TEST_CASE(japanese_alias_matches) {
  auto list = parse(kFourScripts);
  BOOST_TEST(first_actor(list, "岸田文雄首相は記者団に語った。", "ja") == std::optional<std::string>("kishida"));
  BOOST_TEST(first_actor(list, "尹錫悦大統領が来日した。", "ja") == std::optional<std::string>("yoon"));
}

BOOST_AUTO_TEST_CASE(chinese_aliases_match) {
  auto list = parse(kFourScripts);
  BOOST_TEST(first_actor(list, "外交部发言人毛宁表示，日韩关系改善。", "zh") == std::optional<std::string>("mao_ning"));
  BOOST_TEST(first_actor(list, "环球时报社评称，这是一次屈辱外交。", "zh") ==
             std::optional<std::string>("global_times"));
}

BOOST_AUTO_TEST_CASE(shipped_actor_list_has_the_six_default_actors) {
  auto list = ActorList::load(THAW_SOURCE_LEXICON_DIR "/actors.tsv");
  struct Want {
    const char* id;
    const char* side;
  };
  for (const Want& w : {Want{"yoon", "South Korea"}, Want{"kishida", "Japan"}, Want{"biden", "United States"},
                        Want{"mao_ning", "China"}, Want{"global_times", "China"},
                        Want{"opposition", "South Korea"}}) {
    const Actor* a = list.find(w.id);
    BOOST_TEST_REQUIRE(a != nullptr, w.id);
    BOOST_TEST(a->side == w.side, w.id);
  }
  // Aliases from the issue resolve through the real file, in four scripts.
  BOOST_TEST(first_actor(list, "President Yoon said", "en") == std::optional<std::string>("yoon"));
  BOOST_TEST(first_actor(list, "윤석열은 말했다.", "ko") == std::optional<std::string>("yoon"));
  BOOST_TEST(first_actor(list, "岸田文雄首相は語った。", "ja") == std::optional<std::string>("kishida"));
  BOOST_TEST(first_actor(list, "毛宁表示", "zh") == std::optional<std::string>("mao_ning"));
  BOOST_TEST(first_actor(list, "环球时报社评称", "zh") == std::optional<std::string>("global_times"));
  BOOST_TEST(first_actor(list, "Yoon's political rivals said", "en") == std::optional<std::string>("opposition"));
}

BOOST_AUTO_TEST_CASE(missing_actor_file_is_a_load_error) {
  try {
    ActorList::load("/nonexistent/actors.tsv");
    BOOST_FAIL("no exception");
  } catch (const LoadError& e) {
    BOOST_TEST(std::string(e.what()) == "/nonexistent/actors.tsv: cannot open actor list");
  }
}
