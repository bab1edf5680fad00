// Lexicon sets: the plain-text data the scorer reads (docs/lexicon-format.md).
//
// Loading is separate from using: a LexiconSet is built once (parsing every
// file, folding every term through the same Tokenizer the text goes through)
// and is then immutable, so one set can be shared by any number of scorer
// threads without locking.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "thaw/stance.hpp"
#include "thaw/tokenizer.hpp"

namespace thaw {

// Newest file-format version this build reads; newer files are refused.
inline constexpr int kLexiconFormatVersion = 1;

enum class LexiconKind : std::uint8_t {
  Valence,    // term, weight in [-3, 3]
  Negators,   // term
  Boosters,   // term, multiplier > 1
  Dampeners,  // term, multiplier in (0, 1)
  Contrast,   // term, scope
  Hedges,     // term, multiplier in (0, 1)
  Topic,      // term
  Speech,     // term, cue position: speech verbs and phrases for attribution
  Frames,     // term, multiplier in [-1, 1], target: "calls it", "Japan must"
  OffTopic,   // term, role: neighbouring subjects ("Fukushima") and anchors naming the target ("trilateral")
  Irony,      // term: exclamative praise or blame that irony turns round ("congratulations", "quite an")
};

// How many kinds there are: a LexiconSet holds one TermTable per kind.
inline constexpr int kLexiconKindCount = static_cast<int>(LexiconKind::Irony) + 1;

// What an offtopic-lexicon term says about its sentence.
enum class TopicRole : std::uint8_t {
  Subject,  // a neighbouring subject: the sentence is about something else
  Anchor,   // names the target itself: the sentence stays on topic
};

// Which terms a frame acts on.
enum class FrameTarget : std::uint8_t { All, Positive };

// Where the speaker stands relative to a speech cue.
enum class CuePosition : std::uint8_t {
  Either,        // "Yoon said" and "said Yoon"
  SpeakerFirst,  // "Yoon argued"
  SpeakerAfter,  // "according to Yoon"
};

std::string_view to_string(LexiconKind kind);

// Which clause a contrast word demotes (see docs/lexicon-format.md).
enum class ContrastScope : std::uint8_t { Preceding, OwnClause };

struct TermEntry {
  std::string term;    // as written in the file, e.g. "humiliat*"
  std::string source;  // "FILE:LINE", for explanations and error messages
  double value = 0;    // weight (valence) or multiplier (boosters, dampeners, hedges)
  ContrastScope scope = ContrastScope::Preceding;  // contrast only
  CuePosition cue = CuePosition::Either;            // speech only
  FrameTarget target = FrameTarget::All;            // frames only
  TopicRole role = TopicRole::Subject;              // offtopic only
  std::uint16_t layer = 0;  // valence only: index into LexiconSet::layers()
  bool wildcard = false;
};

// Keys of one text's tokens in a TermVocabulary: each token's folded form
// looked up once, so that every table compiled against that vocabulary then
// matches by number, with no string hashing per table. Reusable across texts.
struct TermKeys {
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  // What keys() found for one token. One record a token: as four parallel
  // vectors (word, bare, prefix_begin, tables) each token cost four vector
  // pointers, more than the registers of keys()' loop held, and keying spent
  // a quarter of its instructions on the spilled addresses.
  struct Key {
    std::uint32_t word;          // id of its folded form, or kNone
    std::uint32_t bare;          // id of the folded form minus "'s", or kNone
    // Bit t set if the table compiled t-th against the vocabulary has a term
    // that can start with this token, so the others skip it at once; bit
    // 16 + t if one of that table's terms has this token after its first
    // word, so a walk stops before it (t < 15; later tables have no bits).
    std::uint32_t tables;
    // Ids of the vocabulary's wildcard prefixes that its folded form starts
    // with, longest first: prefixes[prefix_begin, next token's prefix_begin).
    std::uint32_t prefix_begin;
  };
  // Per token of the last text keyed, then one more whose prefix_begin ends
  // the last token's prefixes. May hold more records than that (it only
  // grows, so that a longer text after a shorter one does not zero the
  // difference again): read only the first tokens.size() + 1.
  std::vector<Key> at;
  std::vector<std::uint32_t> prefixes;
};

// The words and wildcard prefixes of a group of TermTables, numbered. Tables
// add to it when they are compiled; once they all are, it is immutable and
// keys() is thread-safe.
class TermVocabulary {
 public:
  TermVocabulary();
  ~TermVocabulary();
  TermVocabulary(const TermVocabulary&) = delete;
  TermVocabulary& operator=(const TermVocabulary&) = delete;

  // Fills `out` for `tokens` (reusing its storage). Never throws except on
  // allocation failure.
  void keys(const std::vector<Token>& tokens, TermKeys& out) const;

 private:
  friend class TermTable;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A trie over folded tokens: multiword terms, longest match first, with
// prefix wildcards on the last word.
class TermTable {
 public:
  struct Match {
    std::uint32_t entry;   // index into entries()
    std::uint32_t length;  // tokens covered
  };

  TermTable();
  ~TermTable();
  TermTable(TermTable&&) noexcept;
  TermTable& operator=(TermTable&&) noexcept;

  // Inserts `words` (folded tokens; at least one, else std::invalid_argument).
  // Returns the index of an entry already stored under the same words and
  // wildcard flag instead of inserting, so callers decide between
  // "duplicate" and "shadowed by an earlier layer".
  std::optional<std::uint32_t> insert(const std::vector<std::string>& words, TermEntry entry);
  // The same with the words of `tokens` (their `folded` forms), as a loader
  // has them from the Tokenizer, without copying them out first.
  std::optional<std::uint32_t> insert(const std::vector<Token>& tokens, TermEntry entry);

  // Longest term starting at tokens[begin] and ending before `end`; an exact
  // word beats a wildcard of the same length. Thread-safe (const).
  // This is the reference the keyed overload below is tested against.
  std::optional<Match> longest_match(const std::vector<Token>& tokens, std::size_t begin,
                                     std::size_t end) const;

  // Builds the numbered form of the table for the keyed longest_match,
  // adding its words to `vocabulary` (shared by the tables of a set, so a
  // text is keyed once for all of them). Call after the last insert(); an
  // insert() afterwards drops the numbered form until compile() is called again.
  void compile(const std::shared_ptr<TermVocabulary>& vocabulary);
  // The vocabulary given to compile(), or null.
  const std::shared_ptr<TermVocabulary>& vocabulary() const noexcept { return vocabulary_; }

  // The same match as longest_match(tokens, begin, end), found by number:
  // `keys` must come from vocabulary()->keys(tokens). Returns nullopt when the
  // table is not compiled. Thread-safe (const); no allocation.
  std::optional<Match> longest_match(const TermKeys& keys, std::size_t begin, std::size_t end) const {
    // Inline, because most tokens start no term of most tables.
    if (table_bit_ < 32 && !(keys.at[begin].tables & (std::uint32_t{1} << table_bit_))) return std::nullopt;
    return longest_match_untested(keys, begin, end);
  }
  // The same without that first test, for a caller that has tested the
  // token's bits against key_mask() itself (find_terms tests them against all
  // its tables at once; the test repeated here was 9M instructions in 20,000
  // bench statements). Same result whatever the bits.
  std::optional<Match> longest_match_untested(const TermKeys& keys, std::size_t begin, std::size_t end) const {
    const Match m = keyed_match(keys, begin, end);
    return m.length != 0 ? std::optional<Match>(m) : std::nullopt;
  }

  // The bits of TermKeys::Key::tables under which this table may have a term
  // starting at a token: longest_match(keys, i, ...) is nullopt whenever
  // keys.at[i].tables & key_mask() is 0. All bits when the table has none of its
  // own (not compiled, or past the vocabulary's 15), so callers may OR the
  // masks of several tables to pass a token over with one test.
  std::uint32_t key_mask() const noexcept { return table_bit_ < 32 ? std::uint32_t{1} << table_bit_ : ~std::uint32_t{0}; }

  const std::vector<TermEntry>& entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }

  // The fields of entries()[entry] that scoring reads for every match, 16
  // bytes apiece. Read from the 88-byte TermEntry, whose strings spread the
  // entries over some 400 KB, they missed the cache on most matches (the
  // load of `value` was 40% of find_terms' time in a profile).
  struct Facts {
    double value = 0;
    std::uint16_t layer = 0;
    ContrastScope scope = ContrastScope::Preceding;
    FrameTarget target = FrameTarget::All;
    TopicRole role = TopicRole::Subject;
  };
  const Facts& facts(std::uint32_t entry) const noexcept { return facts_[entry]; }

 private:
  struct Trie;
  struct Compiled;
  std::vector<TermEntry> entries_;
  std::vector<Facts> facts_;  // by entry, beside entries_
  std::unique_ptr<Trie> trie_;  // what insert() builds, longest_match(tokens, ...) walks and compile() numbers
  template <typename WordAt>
  std::optional<std::uint32_t> insert_words(std::size_t count, WordAt word_at, TermEntry entry);
  std::shared_ptr<TermVocabulary> vocabulary_;
  std::shared_ptr<const Compiled> compiled_;
  std::uint32_t table_bit_ = 32;  // this table's bit in TermKeys::Key::tables; 32: none
  // The keyed match, or length 0 for none: a Match comes back in one
  // register, where std::optional<Match> went through memory in both the
  // callee and its callers (7.9M instructions in 20,000 bench statements).
  Match keyed_match(const TermKeys& keys, std::size_t begin, std::size_t end) const;
};

struct ValenceLayer {
  std::string name;   // "domain", "general"
  double scale = 1;   // multiplies every weight of the layer
  std::string file;
};

struct SelfTestCase {
  std::string text;
  std::string label;  // warm | neutral | cold
  std::string source; // "FILE:LINE"
};

struct LexiconInfo {
  std::string name;
  std::string version;
  std::string description;
  std::string language = "en";
};

class LexiconSet {
 public:
  const LexiconInfo& info() const noexcept { return info_; }
  const std::vector<ValenceLayer>& layers() const noexcept { return layers_; }
  const TermTable& table(LexiconKind kind) const { return tables_[static_cast<int>(kind)]; }
  const std::vector<SelfTestCase>& selftests() const noexcept { return selftests_; }
  // Path of the actor list named by the manifest (empty when none).
  const std::filesystem::path& actors_file() const noexcept { return actors_file_; }
  // Every table() is compiled against this vocabulary: key a text once with
  // vocabulary().keys(tokens, keys), then match it in any table by number.
  const TermVocabulary& vocabulary() const noexcept { return *vocabulary_; }
  // The learned stance layer the manifest names (thaw/stance.hpp), or null:
  // without one the lexicon reading is the score.
  const StanceModel* stance_model() const noexcept { return stance_model_.get(); }

 private:
  friend class LexiconSetBuilder;
  std::shared_ptr<const StanceModel> stance_model_;
  std::shared_ptr<TermVocabulary> vocabulary_ = std::make_shared<TermVocabulary>();
  LexiconInfo info_;
  std::vector<ValenceLayer> layers_;
  TermTable tables_[kLexiconKindCount];
  std::vector<SelfTestCase> selftests_;
  std::filesystem::path actors_file_;
};

// Options a manifest line gives a file.
struct LexiconFileOptions {
  std::string layer = "default";  // valence only
  double scale = 1.0;             // valence only
};

struct LexiconLoadOptions {
  // Load the stance model the manifest names (thaw's --model). Off by
  // default: the learned layer reads fresh writers better (README,
  // Accuracy) but still misreads some clear cases the lexicons get right
  // (a 721-statement training set teaches it that "summit" is a critic's
  // word), so a user asks for it. Off, the set scores with its lexicons alone.
  bool stance_model = false;
  // Read the manifest's files on two threads: the valence files, the actor
  // list and the self-tests on the calling thread, the other kinds and the
  // stance model on a second one, each thread in manifest order (a kind's
  // files all on one thread, so each table fills as it would on one). The
  // valence files are the bulk of the ASCII terms and the other kinds hold
  // the CJK ones, which make ICU build its dictionary engine: split so, the
  // calling thread of `thaw score` ran 28.6M instructions and the second
  // 14.2M, where one thread ran 42.2M (docs/performance.md, Eighth round).
  // Off, everything is read on the calling thread. The set is the same
  // either way, and so is the error thrown for a bad set.
  bool two_threads = true;
};

// Builds a LexiconSet from streams, so tests can feed strings.
// Every add_* call throws LoadError("SOURCE:LINE: problem") on a bad line.
class LexiconSetBuilder {
 public:
  explicit LexiconSetBuilder(LexiconInfo info);
  ~LexiconSetBuilder();

  // Reads a lexicon file; its kind comes from its header line. If `expected`
  // is given and the header names another kind, that is an error.
  LexiconKind add_lexicon(std::istream& in, const std::string& source,
                          const LexiconFileOptions& options = {},
                          std::optional<LexiconKind> expected = std::nullopt);
  void add_selftests(std::istream& in, const std::string& source);
  void set_actors_file(std::filesystem::path path);
  void set_stance_model(StanceModel model);

  LexiconSet build() &&;

 private:
  friend LexiconSet load_lexicon_set(const std::filesystem::path& dir, const LexiconLoadOptions& options);
  // Moves into this builder's set what `other` read: its tables, self-tests
  // and stance model (load_lexicon_set's second thread). A kind's table
  // must be filled by one of the two builders only (std::logic_error).
  void take_from(LexiconSetBuilder&& other);

  LexiconSet set_;
  Tokenizer tokenizer_;
};

// Loads DIR/manifest.tsv and every file it names. Throws LoadError naming the
// file (and line) for a missing folder, a missing file, or any bad line;
// when several are bad, the first in manifest order, as reading them one by
// one would. With options.two_threads it starts one thread and has joined it
// before it returns or throws (if no thread can be started, it reads
// everything on the calling thread). Thread-safe.
LexiconSet load_lexicon_set(const std::filesystem::path& dir, const LexiconLoadOptions& options = {});

}  // namespace thaw
