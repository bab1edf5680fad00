#define BOOST_TEST_MODULE lexicon
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "thaw/error.hpp"
#include "thaw/lexicon.hpp"

using namespace thaw;

namespace {

LexiconKind add(LexiconSetBuilder& b, const std::string& text, LexiconFileOptions opt = {}) {
  std::istringstream in(text);
  return b.add_lexicon(in, "t.tsv", opt);
}

// The message a bad file produces when added to `b`, or "" if it loads.
std::string load_error(LexiconSetBuilder& b, const std::string& text, LexiconFileOptions opt = {}) {
  try {
    add(b, text, opt);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

// The same for a file alone in a set.
std::string load_error(const std::string& text) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  return load_error(b, text);
}

const std::string kValence = "thaw-lexicon\t1\tvalence\n";

std::optional<std::string> match(const LexiconSet& set, const std::string& text, std::size_t at = 0) {
  Tokenizer tk("en");
  auto tt = tk.tokenize(text);
  const auto& table = set.table(LexiconKind::Valence);
  auto m = table.longest_match(tt.tokens, at, tt.tokens.size());
  if (!m) return std::nullopt;
  return table.entries()[m->entry].term + "/" + std::to_string(m->length);
}

}  // namespace

BOOST_AUTO_TEST_CASE(parses_terms_weights_and_comments) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  auto kind = add(b, kValence + "# a comment\n\n  # indented comment\nnew chapter\t2\r\nHumiliat*\t-3\n");
  BOOST_TEST(static_cast<int>(kind) == static_cast<int>(LexiconKind::Valence));
  auto set = std::move(b).build();
  const auto& entries = set.table(LexiconKind::Valence).entries();
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].term == "new chapter");
  BOOST_TEST(entries[0].value == 2.0);
  BOOST_TEST(entries[0].source == "t.tsv:5");  // CRLF line still line 5
  BOOST_TEST(entries[1].wildcard);
}

// Sources are built digit by digit now (source_line); two- and three-digit
// lines must read as they did with std::to_string.
BOOST_AUTO_TEST_CASE(source_names_lines_of_several_digits) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  std::string text = kValence;
  for (int i = 0; i < 10; ++i) text += "# comment\n";
  text += "deal\t1\n";  // line 12
  for (int i = 0; i < 88; ++i) text += "#\n";
  text += "accord\t1\n";  // line 101
  add(b, text);
  auto set = std::move(b).build();
  const auto& entries = set.table(LexiconKind::Valence).entries();
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].source == "t.tsv:12");
  BOOST_TEST(entries[1].source == "t.tsv:101");
}

BOOST_AUTO_TEST_CASE(bom_on_the_header_is_ignored) {
  BOOST_TEST(load_error("\xEF\xBB\xBF" + kValence + "deal\t1\n") == "");
}

BOOST_AUTO_TEST_CASE(bad_weight_names_file_and_line) {
  BOOST_TEST(load_error(kValence + "deal\t1\nbetrayal\tlots\n") ==
             "t.tsv:3: bad weight 'lots': expected a number");
}

BOOST_AUTO_TEST_CASE(weight_out_of_range_or_zero_is_an_error) {
  BOOST_TEST(load_error(kValence + "deal\t3.5\n").find("t.tsv:2: weight 3.5 out of range") == 0u);
  BOOST_TEST(load_error(kValence + "deal\t0\n").find("t.tsv:2: weight 0 out of range") == 0u);
}

BOOST_AUTO_TEST_CASE(duplicate_term_gives_both_lines) {
  BOOST_TEST(load_error(kValence + "deal\t1\n# x\ndeal\t-1\n") ==
             "t.tsv:4: duplicate term 'deal' (first at line 2)");
  // Case and Unicode width do not make a new term.
  BOOST_TEST(load_error(kValence + "deal\t1\nDEAL\t1\n") ==
             "t.tsv:3: duplicate term 'DEAL' (first at line 2)");
}

BOOST_AUTO_TEST_CASE(empty_term_is_an_error) {
  BOOST_TEST(load_error(kValence + "\t1\n") == "t.tsv:2: empty term");
}

BOOST_AUTO_TEST_CASE(bad_wildcards_are_errors) {
  BOOST_TEST(load_error(kValence + "hu*m\t1\n").find("t.tsv:2: bad wildcard 'hu*m'") == 0u);
  BOOST_TEST(load_error(kValence + "hu*\t1\n").find("t.tsv:2: bad wildcard 'hu*': the prefix needs at least 3") == 0u);
  BOOST_TEST(load_error(kValence + "*\t1\n").find("t.tsv:2: bad wildcard") == 0u);
  BOOST_TEST(load_error(kValence + "new *\t1\n").find("t.tsv:2: bad wildcard") == 0u);
}

BOOST_AUTO_TEST_CASE(wrong_column_count_is_an_error) {
  BOOST_TEST(load_error(kValence + "deal\n") ==
             "t.tsv:2: expected 2 TAB-separated columns (term, value), found 1");
  BOOST_TEST(load_error("thaw-lexicon\t1\tnegators\nnot\t1\n") ==
             "t.tsv:2: expected 1 TAB-separated column (term), found 2");
}

BOOST_AUTO_TEST_CASE(header_problems) {
  BOOST_TEST(load_error("deal\t1\n").find("t.tsv:1: expected a header line") == 0u);
  BOOST_TEST(load_error("thaw-lexicon\t2\tvalence\n") ==
             "t.tsv:1: format version 2 is newer than this thaw reads (1); upgrade thaw");
  BOOST_TEST(load_error("thaw-lexicon\t1\tfeelings\n") == "t.tsv:1: unknown lexicon kind 'feelings'");
  BOOST_TEST(load_error("") == "t.tsv: empty file: expected a header line 'thaw-lexicon\t1'");
}

BOOST_AUTO_TEST_CASE(modifier_values_are_checked) {
  BOOST_TEST(load_error("thaw-lexicon\t1\tboosters\nvery\t0.5\n").find("t.tsv:2: booster multiplier 0.5 out of range") == 0u);
  BOOST_TEST(load_error("thaw-lexicon\t1\thedges\nmight\t1.5\n").find("t.tsv:2: multiplier 1.5 out of range") == 0u);
  BOOST_TEST(load_error("thaw-lexicon\t1\tcontrast\nbut\tafter\n").find("t.tsv:2: bad contrast scope 'after'") == 0u);
  BOOST_TEST(load_error("thaw-lexicon\t1\tofftopic\ntaiwan\tsubject\ntrilateral\tanchor\n") == "");
  BOOST_TEST(load_error("thaw-lexicon\t1\tofftopic\ntaiwan\tnoise\n") ==
             "t.tsv:2: bad topic role 'noise': expected subject or anchor");
  BOOST_TEST(load_error("thaw-lexicon\t1\tofftopic\ntaiwan\n") ==
             "t.tsv:2: expected 2 TAB-separated columns (term, role), found 1");
}

BOOST_AUTO_TEST_CASE(longest_match_wins_and_exact_beats_wildcard) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  add(b, kValence + "new\t1\nnew chapter\t2\nbetray*\t-3\nbetrayal of trust\t-2\nbetrayals\t-1\n");
  auto set = std::move(b).build();
  BOOST_TEST(*match(set, "new chapter") == "new chapter/2");
  BOOST_TEST(*match(set, "new idea") == "new/1");
  BOOST_TEST(*match(set, "betrayed") == "betray*/1");
  BOOST_TEST(*match(set, "betrayals") == "betrayals/1");
  BOOST_TEST(*match(set, "betrayal of trust") == "betrayal of trust/3");
  BOOST_TEST(!match(set, "newer"));
}

BOOST_AUTO_TEST_CASE(possessive_s_matches_the_bare_term) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  add(b, kValence + "partnership\t2\n");
  auto set = std::move(b).build();
  BOOST_TEST(*match(set, "partnership's") == "partnership/1");
}

BOOST_AUTO_TEST_CASE(earlier_layer_wins_a_shared_term) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  add(b, kValence + "cooperation\t2\n", {"domain", 1.0});
  add(b, kValence + "cooperation\t1\ngood\t2\n", {"general", 0.5});
  auto set = std::move(b).build();
  const auto& entries = set.table(LexiconKind::Valence).entries();
  BOOST_TEST(entries.size() == 2u);  // cooperation (domain) and good
  BOOST_TEST(entries[0].layer == 0u);
  BOOST_TEST(entries[0].value == 2.0);
  BOOST_TEST(set.layers()[1].scale == 0.5);
}

// The duplicate check keys on the entry insert() lands on; a term an earlier
// layer holds lands on that layer's entry, and twice in one file is still a
// duplicate of this file's first line.
BOOST_AUTO_TEST_CASE(duplicate_of_a_term_an_earlier_layer_holds_is_still_an_error) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  add(b, kValence + "cooperation\t2\nhumiliat*\t-3\n", {"domain", 1.0});
  BOOST_TEST(load_error(b, kValence + "good\t2\ncooperation\t1\nbad\t-1\nCooperation\t1\n", {"general", 0.5}) ==
             "t.tsv:5: duplicate term 'Cooperation' (first at line 3)");
  LexiconSetBuilder w({"t", "1", "", "en"});
  add(w, kValence + "humiliat*\t-3\n", {"domain", 1.0});
  BOOST_TEST(load_error(w, kValence + "humiliat*\t-2\nhumiliation\t-1\nHUMILIAT*\t-2\n", {"general", 0.5}) ==
             "t.tsv:4: duplicate term 'HUMILIAT*' (first at line 2)");
}

// A word and the same word as a wildcard prefix are two terms, not duplicates;
// and a multiword term shares its first word's node with a one-word term.
BOOST_AUTO_TEST_CASE(word_and_wildcard_of_the_same_letters_are_two_terms) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  add(b, kValence + "betray\t-1\nbetray*\t-3\nbetray trust\t-2\nnew betray*\t-2\n");
  auto set = std::move(b).build();
  BOOST_TEST(set.table(LexiconKind::Valence).size() == 4u);
  BOOST_TEST(*match(set, "betray") == "betray/1");         // exact beats wildcard of equal length
  BOOST_TEST(*match(set, "betrayed") == "betray*/1");
  BOOST_TEST(*match(set, "betray trust") == "betray trust/2");
  BOOST_TEST(*match(set, "new betrayals") == "new betray*/2");
  BOOST_TEST(!match(set, "new"));
}

// insert() of tokens is insert() of their folded words: the same entries, the
// same answers to an existing term, and no term without a word.
BOOST_AUTO_TEST_CASE(insert_by_tokens_equals_insert_by_words) {
  Tokenizer tk("en");
  TermTable by_words, by_tokens;
  const std::vector<std::string> terms{"New chapter", "deal", "Japan's apology", "new chapter", "DEAL"};
  std::vector<std::optional<std::uint32_t>> a, b;
  for (const auto& t : terms) {
    TokenizedText tt = tk.tokenize(t);
    std::vector<std::string> words;
    for (const Token& tok : tt.tokens) words.emplace_back(tok.folded);
    TermEntry e;
    e.term = t;
    a.push_back(by_words.insert(words, e));
    b.push_back(by_tokens.insert(tt.tokens, e));
  }
  BOOST_TEST(by_words.size() == 3u);
  BOOST_TEST(by_tokens.size() == 3u);
  for (std::size_t i = 0; i < terms.size(); ++i) BOOST_TEST((a[i] == b[i]));
  BOOST_TEST((a[3] == std::optional<std::uint32_t>(0)));  // "new chapter" again: entry 0
  BOOST_TEST((a[4] == std::optional<std::uint32_t>(1)));  // "DEAL" folds to "deal": entry 1
  BOOST_CHECK_THROW(by_tokens.insert(std::vector<Token>{}, TermEntry{}), std::invalid_argument);
  BOOST_CHECK_THROW(by_words.insert(std::vector<std::string>{}, TermEntry{}), std::invalid_argument);
}

// Enough terms that the trie's edge table grows many times over, each still
// found afterwards (a lost edge after a rehash would drop a term).
BOOST_AUTO_TEST_CASE(every_term_is_found_after_the_table_grows) {
  auto name = [](char letter, int i) {
    std::string s(1, letter);
    return s.append(std::to_string(i));
  };
  TermTable table;
  for (int i = 0; i < 3000; ++i) {
    TermEntry e;
    e.term = name('w', i);
    BOOST_TEST(!table.insert(std::vector<std::string>{name('w', i), name('x', i % 7)}, e));
  }
  Tokenizer tk("en");
  for (int i = 0; i < 3000; i += 37) {
    TokenizedText tt = tk.tokenize(name('w', i).append(" ").append(name('x', i % 7)));
    auto m = table.longest_match(tt.tokens, 0, tt.tokens.size());
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(m->entry == static_cast<std::uint32_t>(i));
    BOOST_TEST(m->length == 2u);
    tt = tk.tokenize(name('w', i).append(" ").append(name('x', (i + 1) % 7)));
    BOOST_TEST(!table.longest_match(tt.tokens, 0, tt.tokens.size()));
  }
}

BOOST_AUTO_TEST_CASE(manifest_loads_the_mini_set) {
  auto set = load_lexicon_set(THAW_TEST_DATA_DIR "/mini");
  BOOST_TEST(set.info().name == "mini");
  BOOST_TEST(set.info().version == "1.2.3");
  BOOST_TEST(set.layers().size() == 2u);
  BOOST_TEST(set.layers()[0].name == "domain");
  BOOST_TEST(set.selftests().size() == 3u);
}

BOOST_AUTO_TEST_CASE(missing_folder_and_missing_file_are_named) {
  try {
    load_lexicon_set("/nonexistent/thaw-lexicons");
    BOOST_FAIL("expected LoadError");
  } catch (const LoadError& e) {
    BOOST_TEST(std::string(e.what()) == "/nonexistent/thaw-lexicons: lexicon folder not found");
  }
  auto dir = std::filesystem::temp_directory_path() / "thaw-test-manifest";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "manifest.tsv") << "thaw-manifest\t1\nname\tx\nversion\t1\nvalence\tmissing.tsv\n";
  try {
    load_lexicon_set(dir);
    BOOST_FAIL("expected LoadError");
  } catch (const LoadError& e) {
    BOOST_TEST(e.line() == 4u);
    BOOST_TEST(std::string(e.what()).find("file not found") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(manifest_role_must_match_file_header) {
  auto dir = std::filesystem::temp_directory_path() / "thaw-test-manifest2";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "manifest.tsv") << "thaw-manifest\t1\nname\tx\nversion\t1\nvalence\tneg.tsv\n";
  std::ofstream(dir / "neg.tsv") << "thaw-lexicon\t1\tnegators\nnot\n";
  try {
    load_lexicon_set(dir);
    BOOST_FAIL("expected LoadError");
  } catch (const LoadError& e) {
    BOOST_TEST(e.line() == 1u);
    BOOST_TEST(std::string(e.what()).find("the manifest lists this file as valence but its header says negators") !=
               std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
