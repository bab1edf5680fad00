// load_lexicon_set reads the manifest's files on two threads by default: the
// set and the errors must be those of reading them one by one.
#define BOOST_TEST_MODULE lexicon_load
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "thaw/error.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/result_json.hpp"
#include "thaw/scorer.hpp"

using namespace thaw;

namespace {

LexiconSet load(const std::filesystem::path& dir, bool two_threads) {
  LexiconLoadOptions options;
  options.stance_model = true;  // the stance model is read on the second thread
  options.two_threads = two_threads;
  return load_lexicon_set(dir, options);
}

// The message load_lexicon_set throws for `dir`, or "" if it loads.
std::string load_error(const std::filesystem::path& dir, bool two_threads) {
  try {
    load(dir, two_threads);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

std::string stance_text(const LexiconSet& set) {
  std::ostringstream out;
  if (set.stance_model()) set.stance_model()->write(out, {});
  return out.str();
}

std::string scored_json(const LexiconSet& set, const std::string& text, const std::string& lang) {
  Scorer scorer(set);
  Statement statement;
  statement.text = text;
  statement.lang = lang;
  return to_json(scorer.score(statement), set.info()).dump();
}

// A folder of lexicon files for one test, removed again at the end.
struct TempSet {
  std::filesystem::path dir;
  explicit TempSet(const std::string& name) : dir(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempSet() { std::filesystem::remove_all(dir); }
  void write(const std::string& file, const std::string& text) const { std::ofstream(dir / file) << text; }
};

const std::string kManifestHead = "thaw-manifest\t1\nname\tx\nversion\t1\n";
const std::string kGoodValence = "thaw-lexicon\t1\tvalence\nwarm\t1\n";
const std::string kBadValence = "thaw-lexicon\t1\tvalence\nwarm\t1\ncold\tnine\n";     // line 3
const std::string kBadSpeech = "thaw-lexicon\t1\tspeech\nsaid\teither\ntold\tsoon\n";  // line 3
const std::string kBadNegators = "thaw-lexicon\t1\tnegators\nnot\tnot\n";               // line 2

}  // namespace

BOOST_AUTO_TEST_CASE(two_threads_read_the_shipped_set_as_one_does) {
  const LexiconSet one = load(THAW_SOURCE_LEXICON_DIR, false);
  const LexiconSet two = load(THAW_SOURCE_LEXICON_DIR, true);

  BOOST_TEST(two.info().name == one.info().name);
  BOOST_TEST(two.info().version == one.info().version);
  BOOST_TEST(two.info().language == one.info().language);
  BOOST_TEST(two.actors_file() == one.actors_file());
  BOOST_TEST(!one.actors_file().empty());
  BOOST_REQUIRE(two.layers().size() == one.layers().size());
  for (std::size_t i = 0; i < one.layers().size(); ++i) {
    BOOST_TEST(two.layers()[i].name == one.layers()[i].name);
    BOOST_TEST(two.layers()[i].scale == one.layers()[i].scale);
    BOOST_TEST(two.layers()[i].file == one.layers()[i].file);
  }
  BOOST_REQUIRE(two.selftests().size() == one.selftests().size());
  BOOST_TEST(!one.selftests().empty());
  for (std::size_t i = 0; i < one.selftests().size(); ++i) {
    BOOST_TEST(two.selftests()[i].text == one.selftests()[i].text);
    BOOST_TEST(two.selftests()[i].label == one.selftests()[i].label);
    BOOST_TEST(two.selftests()[i].source == one.selftests()[i].source);
  }
  BOOST_REQUIRE(one.stance_model());
  BOOST_TEST(stance_text(two) == stance_text(one));

  for (int k = 0; k < kLexiconKindCount; ++k) {
    const auto kind = static_cast<LexiconKind>(k);
    BOOST_TEST_CONTEXT("kind " << to_string(kind)) {
      const TermTable& a = one.table(kind);
      const TermTable& b = two.table(kind);
      BOOST_TEST(a.size() > 0u);  // the shipped set fills every kind
      BOOST_REQUIRE(b.size() == a.size());
      for (std::uint32_t i = 0; i < a.size(); ++i) {
        const TermEntry& x = a.entries()[i];
        const TermEntry& y = b.entries()[i];
        BOOST_TEST_CONTEXT("entry " << i << " " << x.source) {
          BOOST_TEST(y.term == x.term);
          BOOST_TEST(y.source == x.source);
          BOOST_TEST(y.value == x.value);
          BOOST_TEST((y.scope == x.scope));
          BOOST_TEST((y.cue == x.cue));
          BOOST_TEST((y.target == x.target));
          BOOST_TEST((y.role == x.role));
          BOOST_TEST(y.layer == x.layer);
          BOOST_TEST(y.wildcard == x.wildcard);
          BOOST_TEST(b.facts(i).value == a.facts(i).value);
          BOOST_TEST(b.facts(i).layer == a.facts(i).layer);
        }
      }
    }
  }

  // The compiled tables and the shared vocabulary: every term, tokenized as
  // the loader does and keyed in each set's vocabulary, matches the same
  // entry over the same words of its table.
  Tokenizer tokenizer(one.info().language);
  TermKeys keys_one, keys_two;
  for (int k = 0; k < kLexiconKindCount; ++k) {
    const TermTable& a = one.table(static_cast<LexiconKind>(k));
    const TermTable& b = two.table(static_cast<LexiconKind>(k));
    for (const TermEntry& entry : a.entries()) {
      std::string_view term = entry.term;
      if (entry.wildcard) term.remove_suffix(1);
      const TokenizedText tt = tokenizer.tokenize(term);
      one.vocabulary().keys(tt.tokens, keys_one);
      two.vocabulary().keys(tt.tokens, keys_two);
      const auto x = a.longest_match(keys_one, 0, tt.tokens.size());
      const auto y = b.longest_match(keys_two, 0, tt.tokens.size());
      BOOST_TEST_CONTEXT(entry.source) {
        BOOST_REQUIRE(x);
        BOOST_REQUIRE(y);
        BOOST_TEST(y->entry == x->entry);
        BOOST_TEST(y->length == x->length);
      }
    }
  }

  // And through scoring: statements in each language the shipped set has
  // CJK terms for, with English terms in them so that they score.
  const std::pair<std::string, std::string> statements[] = {
      {"Yoon praised the summit, but critics said the deal was a humiliating betrayal.", "en"},
      {"윤석열 대통령은 일본과 한국의 협력이 great success 라고 말했다.", "ko"},
      {"岸田首相は日本と韓国の関係を歓迎し、a historic breakthrough と述べた。", "ja"},
      {"尹锡悦表示：“日本和韩国的关系 is a shameful betrayal”。", "zh"},
  };
  for (const auto& [text, lang] : statements) {
    const std::string json = scored_json(one, text, lang);
    BOOST_TEST(json.find("\"evidence\":[]") == std::string::npos);  // it found terms
    BOOST_TEST(scored_json(two, text, lang) == json);
  }
}

// Each thread reads its part in manifest order and stops at its first
// failure; of the two failures the earlier in the manifest is thrown, as a
// load on one thread would have met it first.
BOOST_AUTO_TEST_CASE(the_error_is_the_first_in_manifest_order_whichever_thread_meets_it) {
  TempSet set("thaw-test-load-order");
  set.write("valence.tsv", kBadValence);
  set.write("speech.tsv", kBadSpeech);
  set.write("negators.tsv", kBadNegators);
  const std::string bad_speech = (set.dir / "speech.tsv").string() +
                                 ":3: bad cue position 'soon': expected either, speaker-first or speaker-after";
  const std::string bad_valence = (set.dir / "valence.tsv").string() + ":3: bad weight 'nine': expected a number";

  // The second thread's file listed first.
  set.write("manifest.tsv", kManifestHead + "speech\tspeech.tsv\nvalence\tvalence.tsv\n");
  BOOST_TEST(load_error(set.dir, false) == bad_speech);
  BOOST_TEST(load_error(set.dir, true) == bad_speech);

  // The calling thread's file listed first.
  set.write("manifest.tsv", kManifestHead + "valence\tvalence.tsv\nspeech\tspeech.tsv\n");
  BOOST_TEST(load_error(set.dir, false) == bad_valence);
  BOOST_TEST(load_error(set.dir, true) == bad_valence);

  // Two bad files of the second thread around the calling thread's: its first.
  set.write("manifest.tsv", kManifestHead + "negators\tnegators.tsv\nvalence\tvalence.tsv\nspeech\tspeech.tsv\n");
  const std::string bad_negators =
      (set.dir / "negators.tsv").string() + ":2: expected 1 TAB-separated column (term), found 2";
  BOOST_TEST(load_error(set.dir, false) == bad_negators);
  BOOST_TEST(load_error(set.dir, true) == bad_negators);
}

BOOST_AUTO_TEST_CASE(a_missing_file_keeps_its_place_in_manifest_order) {
  TempSet set("thaw-test-load-missing");
  set.write("valence.tsv", kBadValence);
  set.write("speech.tsv", kBadSpeech);
  const std::string manifest = (set.dir / "manifest.tsv").string();

  // A missing second-thread file (line 4) before a bad valence file.
  set.write("manifest.tsv", kManifestHead + "speech\tnone.tsv\nvalence\tvalence.tsv\n");
  const std::string missing_speech = manifest + ":4: file not found: " + (set.dir / "none.tsv").string();
  BOOST_TEST(load_error(set.dir, false) == missing_speech);
  BOOST_TEST(load_error(set.dir, true) == missing_speech);

  // A missing valence file (line 5) after a bad speech file.
  set.write("manifest.tsv", kManifestHead + "speech\tspeech.tsv\nvalence\tnone.tsv\n");
  const std::string bad_speech = (set.dir / "speech.tsv").string() +
                                 ":3: bad cue position 'soon': expected either, speaker-first or speaker-after";
  BOOST_TEST(load_error(set.dir, false) == bad_speech);
  BOOST_TEST(load_error(set.dir, true) == bad_speech);

  // A missing actor list (calling thread, line 6) after a missing stance model (second thread, line 5).
  set.write("valence.tsv", kGoodValence);
  set.write("manifest.tsv", kManifestHead + "valence\tvalence.tsv\nstance\tnone.tsv\nactors\tnobody.tsv\n");
  const std::string missing_stance = manifest + ":5: file not found: " + (set.dir / "none.tsv").string();
  BOOST_TEST(load_error(set.dir, false) == missing_stance);
  BOOST_TEST(load_error(set.dir, true) == missing_stance);
}

// A set whose second thread reads nothing, and one with no valence file: the
// same set, and the same error, as on one thread.
BOOST_AUTO_TEST_CASE(a_thread_with_nothing_to_read_changes_nothing) {
  TempSet set("thaw-test-load-empty-part");
  set.write("valence.tsv", kGoodValence);
  set.write("manifest.tsv", kManifestHead + "valence\tvalence.tsv\n");
  const LexiconSet two = load(set.dir, true);
  BOOST_TEST(two.table(LexiconKind::Valence).size() == 1u);
  BOOST_TEST(two.table(LexiconKind::Negators).size() == 0u);
  BOOST_TEST(two.stance_model() == nullptr);

  set.write("negators.tsv", "thaw-lexicon\t1\tnegators\nnot\n");
  set.write("manifest.tsv", kManifestHead + "negators\tnegators.tsv\n");
  const std::string no_valence = (set.dir / "manifest.tsv").string() + ": manifest names no valence lexicon";
  BOOST_TEST(load_error(set.dir, false) == no_valence);
  BOOST_TEST(load_error(set.dir, true) == no_valence);
}
