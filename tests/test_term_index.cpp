// The numbered term lookup (TermVocabulary keys + TermTable::longest_match
// by keys) against the string trie it replaces on the hot path: for every
// table of the shipped set, the actor aliases, and every token position of
// every text, both must find the same entry with the same length.
#define BOOST_TEST_MODULE term_index
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipped_lexicons.hpp"
#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/tokenizer.hpp"

using namespace thaw;
namespace fs = std::filesystem;

namespace {

using thaw::test::shipped;

std::string show(const std::optional<TermTable::Match>& m) {
  if (!m) return "none";
  return std::to_string(m->entry) + "/" + std::to_string(m->length);
}

struct Differ {
  Tokenizer tk{"en"};
  std::size_t positions = 0, matches = 0, failures = 0;

  void check(const std::string& text) {
    const thaw::test::Shipped& s = shipped();
    TokenizedText tt = tk.tokenize(text);
    TermKeys keys, alias_keys;
    s.set.vocabulary().keys(tt.tokens, keys);
    s.actors.alias_keys(tt.tokens, alias_keys);
    for (const Sentence& sent : tt.sentences) {
      for (std::size_t i = sent.first_token; i < sent.end_token; ++i) {
        ++positions;
        for (int k = 0; k < kLexiconKindCount; ++k) {
          const TermTable& table = s.set.table(static_cast<LexiconKind>(k));
          auto by_string = table.longest_match(tt.tokens, i, sent.end_token);
          auto by_key = table.longest_match(keys, i, sent.end_token);
          matches += by_string.has_value();
          if (show(by_string) != show(by_key) && ++failures <= 10)
            BOOST_ERROR("table " << to_string(static_cast<LexiconKind>(k)) << " at token " << i << " of ["
                                 << text << "]: string " << show(by_string) << ", keyed " << show(by_key));
        }
        auto a = s.actors.match_alias(tt.tokens, i, sent.end_token);
        auto b = s.actors.match_alias(alias_keys, i, sent.end_token);
        const std::string sa = a ? std::to_string(a->actor) + "/" + std::to_string(a->length) : "none";
        const std::string sb = b ? std::to_string(b->actor) + "/" + std::to_string(b->length) : "none";
        if (sa != sb && ++failures <= 10)
          BOOST_ERROR("aliases at token " << i << " of [" << text << "]: string " << sa << ", keyed " << sb);
      }
    }
  }
  void check_jsonl(const fs::path& file, std::size_t limit) {
    std::ifstream in(file, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " << file);
    std::string line;
    for (std::size_t n = 0; n < limit && std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) continue;
      check(j["text"].get<std::string>());
      ++n;
    }
  }
};

// Every term of a lexicon file as text, so each is matched at least once.
std::vector<std::string> terms_of(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string term = line.substr(0, line.find('\t'));
    if (!term.empty() && term.back() == '*') term.pop_back(), term += "ing";
    out.push_back(term);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_shipped_term_matches_alike) {
  // Each term alone, after a negator, possessive and capitalised: it must be
  // found both ways (and the two ways must agree on everything around it).
  Differ d;
  for (const auto& entry : fs::directory_iterator(fs::path(THAW_SOURCE_LEXICON_DIR) / "en")) {
    if (entry.path().extension() != ".tsv" || entry.path().filename() == "selftest.tsv") continue;
    for (const auto& term : terms_of(entry.path())) {
      d.check(term);
      d.check("They said it was not " + term + ", but Japan's " + term + "'s view.");
      std::string upper = term;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      d.check("\"" + upper + "\" " + term + "s");
    }
  }
  BOOST_TEST_MESSAGE(d.positions << " positions, " << d.matches << " string matches");
  BOOST_TEST(d.matches > 1000u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(corpus_texts_match_alike) {
  Differ d;
  for (const auto& file : thaw::test::corpus_statement_files()) d.check_jsonl(file, SIZE_MAX);
#ifdef THAW_BENCH_SAMPLE
  d.check_jsonl(THAW_BENCH_SAMPLE, 5000);
#endif
  BOOST_TEST(d.matches > 0u);
  BOOST_TEST(d.failures == 0u);
}

BOOST_AUTO_TEST_CASE(multiword_wildcards_and_possessives_in_a_small_set) {
  // A set built by hand: a wildcard after a word, a wildcard and an exact
  // word of the same length, overlapping prefixes, a term only as "'s".
  LexiconSetBuilder b({"t", "1", "", "en"});
  std::istringstream valence(
      "thaw-lexicon\t1\tvalence\n"
      "new chapter\t2\nnew chap*\t1\nhumiliat*\t-3\nhumiliating\t-2\nhum*\t-1\njapan\t1\n"
      "cooperat*\t1\ncoop\t0.5\nnot yet done\t-1\n");
  b.add_lexicon(valence, "valence.tsv");
  std::istringstream negators("thaw-lexicon\t1\tnegators\nnot\nnot yet\n");
  b.add_lexicon(negators, "negators.tsv");
  LexiconSet set = std::move(b).build();
  Tokenizer tk("en");
  std::size_t failures = 0;
  for (const char* text : {"A new chapter, a new chapters, new chap, new", "humiliating humiliation hum humid",
                           "Japan's JAPAN'S japans coop cooperation cooperating co-op", "not yet done not yet not"}) {
    TokenizedText tt = tk.tokenize(text);
    TermKeys keys;
    set.vocabulary().keys(tt.tokens, keys);
    for (int k : {0, 1}) {
      const TermTable& table = set.table(static_cast<LexiconKind>(k));
      for (std::size_t i = 0; i < tt.tokens.size(); ++i)
        for (std::size_t e = i; e <= tt.tokens.size(); ++e)
          if (show(table.longest_match(tt.tokens, i, e)) != show(table.longest_match(keys, i, e)) && ++failures <= 5)
            BOOST_ERROR("[" << text << "] table " << k << " [" << i << "," << e << ")");
    }
  }
  BOOST_TEST(failures == 0u);
}

// keys() skips the prefix search for a vocabulary word flagged as starting
// no wildcard prefix; the flag is set when an early table numbers the word and
// must be cleared when a later table adds a prefix of it (short and long
// words alike).
BOOST_AUTO_TEST_CASE(a_prefix_added_by_a_later_table_reaches_words_numbered_before_it) {
  LexiconSetBuilder b({"t", "1", "", "en"});
  std::istringstream valence("thaw-lexicon\t1\tvalence\njapanese\t1\ncooperation\t1\njab\t-1\n");
  b.add_lexicon(valence, "valence.tsv");
  std::istringstream boosters("thaw-lexicon\t1\tboosters\njapan*\t1.5\ncooperat*\t1.2\n");
  b.add_lexicon(boosters, "boosters.tsv");
  std::istringstream dampeners("thaw-lexicon\t1\tdampeners\njab*\t0.5\n");
  b.add_lexicon(dampeners, "dampeners.tsv");
  LexiconSet set = std::move(b).build();
  Tokenizer tk("en");
  TokenizedText tt = tk.tokenize("japanese cooperation jab japan's cooperation's jazz");
  TermKeys keys;
  set.vocabulary().keys(tt.tokens, keys);
  const TermTable& boost = set.table(LexiconKind::Boosters);
  const TermTable& damp = set.table(LexiconKind::Dampeners);
  BOOST_TEST(boost.longest_match(keys, 0, 1).has_value());  // japanese: japan*
  BOOST_TEST(boost.longest_match(keys, 1, 2).has_value());  // cooperation: cooperat*
  BOOST_TEST(damp.longest_match(keys, 2, 3).has_value());   // jab: jab*
  std::size_t failures = 0;
  for (int k = 0; k < kLexiconKindCount; ++k) {
    const TermTable& table = set.table(static_cast<LexiconKind>(k));
    for (std::size_t i = 0; i < tt.tokens.size(); ++i)
      for (std::size_t e = i; e <= tt.tokens.size(); ++e)
        if (show(table.longest_match(tt.tokens, i, e)) != show(table.longest_match(keys, i, e)) && ++failures <= 5)
          BOOST_ERROR("table " << k << " [" << i << "," << e << ")");
  }
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(words_differing_in_one_byte_at_every_length_match_alike) {
  // The vocabulary compares a token with a term through the term's first 16
  // bytes kept inline (overlapping 4- and 8-byte loads) and the string pool
  // past that: words of every length from 1 to 40, and tokens equal to one
  // but for a single letter at each position, or one letter longer or
  // shorter, must match exactly as the string trie does.
  std::string valence_text = "thaw-lexicon\t1\tvalence\n";
  std::vector<std::string> words;
  for (std::size_t len = 1; len <= 40; ++len) {
    std::string w;
    for (std::size_t k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + (k * 7 + len) % 26));
    words.push_back(w);
    valence_text += w + "\t1\n";
    if (len >= 4) valence_text += w.substr(0, len - 1) + "q*\t-1\n";  // a wildcard as long
  }
  LexiconSetBuilder b({"t", "1", "", "en"});
  std::istringstream valence(valence_text);
  b.add_lexicon(valence, "valence.tsv");
  LexiconSet set = std::move(b).build();
  const TermTable& table = set.table(LexiconKind::Valence);
  Tokenizer tk("en");
  std::size_t failures = 0, matches = 0;
  auto check = [&](const std::string& text) {
    TokenizedText tt = tk.tokenize(text);
    TermKeys keys;
    set.vocabulary().keys(tt.tokens, keys);
    for (std::size_t i = 0; i < tt.tokens.size(); ++i) {
      const auto by_string = table.longest_match(tt.tokens, i, tt.tokens.size());
      matches += by_string.has_value();
      if (show(by_string) != show(table.longest_match(keys, i, tt.tokens.size())) && ++failures <= 5)
        BOOST_ERROR("[" << text << "] token " << i);
    }
  };
  for (const std::string& w : words) {
    check(w);
    check(w + "x");
    check(w + "q");
    check(w.substr(0, w.size() - 1));
    for (std::size_t k = 0; k < w.size(); ++k) {
      std::string v = w;
      v[k] = v[k] == 'z' ? 'y' : static_cast<char>(v[k] + 1);
      check(v);
    }
  }
  BOOST_TEST(matches >= words.size());
  BOOST_TEST(failures == 0u);
}

// find_terms reads TermTable::facts() instead of entries(): the two must say
// the same of every entry of every shipped table, and of a hand-made one.
BOOST_AUTO_TEST_CASE(facts_mirror_entries) {
  const thaw::test::Shipped& s = shipped();
  std::size_t checked = 0;
  for (int k = 0; k < kLexiconKindCount; ++k) {
    const TermTable& table = s.set.table(static_cast<LexiconKind>(k));
    for (std::uint32_t i = 0; i < table.size(); ++i, ++checked) {
      const TermEntry& e = table.entries()[i];
      const TermTable::Facts& f = table.facts(i);
      BOOST_TEST_REQUIRE((f.value == e.value && f.layer == e.layer && f.scope == e.scope &&
                          f.target == e.target && f.role == e.role),
                         to_string(static_cast<LexiconKind>(k)) << " entry " << i << " (" << e.term << ")");
    }
  }
  BOOST_TEST(checked > 1000u);

  LexiconSetBuilder b({"t", "1", "", "en"});
  std::istringstream general("thaw-lexicon\t1\tvalence\nfine\t1.5\n");
  std::istringstream domain("thaw-lexicon\t1\tvalence\nhumiliat*\t-3\n");
  b.add_lexicon(domain, "domain.tsv", {"domain", 1.0});
  b.add_lexicon(general, "general.tsv", {"general", 0.5});
  LexiconSet set = std::move(b).build();
  const TermTable& valence = set.table(LexiconKind::Valence);
  BOOST_TEST_REQUIRE(valence.size() == 2u);
  BOOST_TEST(valence.facts(0).value == -3.0);  // "humiliat*", first file: layer 0
  BOOST_TEST(valence.facts(0).layer == 0);
  BOOST_TEST(valence.facts(1).value == 1.5);  // "fine": its weight, not weight x scale
  BOOST_TEST(valence.facts(1).layer == 1);
}

// A valence table of its own (`rows`: the lines of a lexicon file after its
// header), and the term the keyed lookup finds at a text's first token, as
// "term/length" or "none", checked against the string lookup on the way.
class FirstTerm {
 public:
  explicit FirstTerm(const std::string& rows) : set_(build(rows)) {}
  std::string operator()(const char* text) {
    const TermTable& table = set_.table(LexiconKind::Valence);
    TokenizedText tt = tk_.tokenize(text);
    TermKeys keys;
    set_.vocabulary().keys(tt.tokens, keys);
    const auto m = table.longest_match(keys, 0, tt.tokens.size());
    BOOST_TEST(show(m) == show(table.longest_match(tt.tokens, 0, tt.tokens.size())));
    return m ? table.entries()[m->entry].term + "/" + std::to_string(m->length) : "none";
  }
  const LexiconSet& set() const { return set_; }
  Tokenizer& tokenizer() { return tk_; }

 private:
  static LexiconSet build(const std::string& rows) {
    LexiconSetBuilder b({"t", "1", "", "en"});
    std::istringstream valence("thaw-lexicon\t1\tvalence\n" + rows);
    b.add_lexicon(valence, "valence.tsv");
    return std::move(b).build();
  }
  LexiconSet set_;
  Tokenizer tk_{"en"};
};

// keyed_match stops a walk past the first word when the next token has no
// word, bare word or prefix that any term of the table has after its first
// word (the table's "goes on" bit): "deal" starts a term but ends none, so
// "new deal" finds nothing, while "chapter", "chapter's" (bare) and
// "chapters" (new chap*) go on from "new".
BOOST_AUTO_TEST_CASE(a_walk_goes_on_only_through_words_that_follow_a_first_word) {
  FirstTerm term_at_0("new chapter\t2\nnew chap*\t1\ndeal\t0.5\n");
  BOOST_TEST(term_at_0("new chapter") == "new chapter/2");
  BOOST_TEST(term_at_0("new chapter's") == "new chapter/2");
  BOOST_TEST(term_at_0("new chapters") == "new chap*/2");
  BOOST_TEST(term_at_0("new deal") == "none");
  BOOST_TEST(term_at_0("deal") == "deal/1");
  // longest_match_untested skips only the first bit test, so it agrees even
  // where the token's bit is clear: "chapter" alone starts no term here.
  const LexiconSet& set = term_at_0.set();
  const TermTable& table = set.table(LexiconKind::Valence);
  TokenizedText tt = term_at_0.tokenizer().tokenize("chapter new chapter deal");
  TermKeys keys;
  set.vocabulary().keys(tt.tokens, keys);
  BOOST_TEST(show(table.longest_match_untested(keys, 0, 4)) == "none");
  BOOST_TEST(show(table.longest_match_untested(keys, 1, 4)) == show(table.longest_match(keys, 1, 4)));
  BOOST_TEST(table.entries()[table.longest_match_untested(keys, 1, 4)->entry].term == "new chapter");
  BOOST_TEST(table.entries()[table.longest_match_untested(keys, 3, 4)->entry].term == "deal");
}

// A vocabulary gives 15 tables bits of their own (a start bit and a goes-on
// bit each); a 16th and 17th table compiled against it have none
// (key_mask() all ones) and must still match at every token, one-word and
// multiword terms alike, through both lookups by keys.
BOOST_AUTO_TEST_CASE(tables_past_the_vocabulary_bits_still_match) {
  auto vocabulary = std::make_shared<TermVocabulary>();
  std::vector<TermTable> tables(17);
  for (TermTable& table : tables) {
    TermEntry chapter;
    chapter.term = "new chapter";
    table.insert(std::vector<std::string>{"new", "chapter"}, chapter);  // entry 0
    TermEntry deal;
    deal.term = "deal";
    table.insert(std::vector<std::string>{"deal"}, deal);  // entry 1
    table.compile(vocabulary);
  }
  BOOST_TEST(tables[14].key_mask() == std::uint32_t{1} << 14);
  BOOST_TEST(tables[15].key_mask() == ~std::uint32_t{0});
  BOOST_TEST(tables[16].key_mask() == ~std::uint32_t{0});
  Tokenizer tk("en");
  TokenizedText tt = tk.tokenize("a new chapter and a deal");  // a new chapter and a deal: tokens 0-5
  TermKeys keys;
  vocabulary->keys(tt.tokens, keys);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    BOOST_TEST(show(tables[t].longest_match(keys, 0, 6)) == "none", "table " << t);
    BOOST_TEST(show(tables[t].longest_match(keys, 1, 6)) == "0/2", "table " << t);
    BOOST_TEST(show(tables[t].longest_match_untested(keys, 1, 6)) == "0/2", "table " << t);
    BOOST_TEST(show(tables[t].longest_match(keys, 1, 2)) == "none", "table " << t);  // "new" alone
    BOOST_TEST(show(tables[t].longest_match(keys, 5, 6)) == "1/1", "table " << t);
  }
}

// The vocabulary's two word tables (words of up to 8 bytes, and longer)
// each start as one empty slot, not none, so that a probe has no test for an
// empty table: a vocabulary of long words only must find no short token, one
// of short words only no long token, and one with no words no token at all.
// Words of exactly 8 and 9 bytes sit on either side of the split.
BOOST_AUTO_TEST_CASE(a_vocabulary_with_an_empty_word_table_finds_no_token_there) {
  Tokenizer tk("en");
  const TokenizedText tt = tk.tokenize("reconciliation summitry compensated tokyo seoul");
  const auto found = [&](const std::vector<std::string>& words) {
    TermTable table;
    for (const std::string& w : words) table.insert(std::vector<std::string>{w}, TermEntry{w, "test", 1});
    table.compile(std::make_shared<TermVocabulary>());
    TermKeys keys;
    table.vocabulary()->keys(tt.tokens, keys);
    std::string out;
    for (std::size_t i = 0; i < tt.tokens.size(); ++i) {
      BOOST_TEST(show(table.longest_match(keys, i, tt.tokens.size())) ==
                 show(table.longest_match(tt.tokens, i, tt.tokens.size())));
      out += keys.at[i].word == TermKeys::kNone ? "-" : "w";
    }
    return out;
  };
  BOOST_TEST(found({}) == "-----");
  BOOST_TEST(found({"reconciliation"}) == "w----");              // long only (14 bytes)
  BOOST_TEST(found({"compensated", "summitry"}) == "-ww--");     // 11 bytes, and 8: short
  BOOST_TEST(found({"summitry"}) == "-w---");                    // short only
  BOOST_TEST(found({"seoul", "tokyo"}) == "---ww");              // short only
  BOOST_TEST(found({"reconciliatio", "summitr", "compensate"}) == "-----");  // one byte short of each
}

// The root's link to an inner node carries that node's entry, so a match that
// ends at the root (the next token goes on with no term) never reads the
// node: a first word that is a term of its own and starts longer ones must
// still be found alone, before a word that continues nothing, at the end of
// the text and as a possessive; one that is no term alone must not.
BOOST_AUTO_TEST_CASE(a_first_word_that_is_also_a_term_matches_alone_from_the_root) {
  FirstTerm term_at_0("new\t0.5\nnew chapter\t2\nnew chap*\t1\nsouth korea\t1\ndeal\t1\n");
  BOOST_TEST(term_at_0("new") == "new/1");
  BOOST_TEST(term_at_0("new deal") == "new/1");       // "deal" goes on with no term
  BOOST_TEST(term_at_0("new talks") == "new/1");      // not in the vocabulary
  BOOST_TEST(term_at_0("new's") == "new/1");          // the bare word's link
  BOOST_TEST(term_at_0("new chapter") == "new chapter/2");
  BOOST_TEST(term_at_0("new chapters") == "new chap*/2");
  BOOST_TEST(term_at_0("south") == "none");
  BOOST_TEST(term_at_0("south deal") == "none");
  BOOST_TEST(term_at_0("south korea") == "south korea/2");
}
