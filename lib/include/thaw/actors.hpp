// Actors: the people and outlets whose warmth thaw tracks (lexicons/actors.tsv).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaw/lexicon.hpp"
#include "thaw/tokenizer.hpp"

namespace thaw {

struct Actor {
  std::string id;       // lowercase ascii, digits and '_': "mao_ning"
  std::string name;     // display name
  std::string side;     // country or side: "South Korea", "China"
  std::string role;     // "President of South Korea"
  std::vector<std::string> aliases;  // names, titles, other scripts
  std::string source;   // "FILE:LINE"
};

// The actor list, with a token trie over every alias (folded like text).
// Immutable once loaded; const methods are thread-safe.
class ActorList {
 public:
  // Parses a `thaw-actors<TAB>1` file. Throws LoadError("SOURCE:LINE: ...")
  // on a bad id, a missing column, a repeated id, or an alias given to two
  // actors. `language` picks the tokenizer that splits aliases into words.
  static ActorList parse(std::istream& in, const std::string& source,
                         std::string_view language = "en");
  static ActorList load(const std::filesystem::path& file, std::string_view language = "en");

  const std::vector<Actor>& actors() const noexcept { return actors_; }
  const Actor* find(std::string_view id) const;

  struct AliasMatch {
    std::uint32_t actor;   // index into actors()
    std::uint32_t length;  // tokens covered
  };
  // Longest alias starting at tokens[begin], ending before `end`.
  std::optional<AliasMatch> match_alias(const std::vector<Token>& tokens, std::size_t begin,
                                        std::size_t end) const;
  // False when no alias can start at a token whose folded form is `folded`:
  // match_alias(tokens, i, ...) is then nullopt whatever follows. May be true
  // where none starts (it is a filter over a few bytes of the word). An alias
  // starts at a word that is an alias's first word, is one plus "'s", or
  // begins with a one-word wildcard alias: what longest_match tries first.
  bool may_start_alias(std::string_view folded) const noexcept {
    if (filter_off_) return true;
    if (folded.empty()) return false;
    if (has_bit(words_, word_bit(folded))) return true;
    if (folded.size() > 2 && folded.ends_with("'s") && has_bit(words_, word_bit(folded.substr(0, folded.size() - 2))))
      return true;
    return folded.size() >= 3 && has_bit(heads_, head_bit(folded));
  }
  // The same by number: key a text once with alias_keys(), then match at any
  // position. Thread-safe (const).
  void alias_keys(const std::vector<Token>& tokens, TermKeys& out) const;
  std::optional<AliasMatch> match_alias(const TermKeys& keys, std::size_t begin, std::size_t end) const;

 private:
  std::vector<Actor> actors_;
  TermTable aliases_;  // entry.value = actor index
  // may_start_alias's filter: bit word_bit(w) for every first word w of an
  // alias, bit head_bit(p) in heads_ for every one-word wildcard alias p*.
  static constexpr std::size_t kFilterBits = 4096;
  // Its keys: 12 bits of a word (its length and the low bits of its first and
  // last bytes), and of a wildcard prefix's first three bytes.
  static std::size_t word_bit(std::string_view w) noexcept {
    return (w.size() & 15) << 8 | (static_cast<std::size_t>(w.front()) & 15) << 4 |
           (static_cast<std::size_t>(w.back()) & 15);
  }
  static std::size_t head_bit(std::string_view w) noexcept {
    return (static_cast<std::size_t>(w[0]) & 15) << 8 | (static_cast<std::size_t>(w[1]) & 15) << 4 |
           (static_cast<std::size_t>(w[2]) & 15);
  }
  using FilterBits = std::array<std::uint64_t, kFilterBits / 64>;  // arrays: a moved-from list still has them
  static bool has_bit(const FilterBits& bits, std::size_t b) noexcept { return bits[b / 64] >> (b % 64) & 1; }
  FilterBits words_{};
  FilterBits heads_{};
  // A prefix too short for heads_, or a first word that folds to nothing
  // (word_bit needs a byte): every token may start an alias.
  bool filter_off_ = false;
};

bool is_valid_actor_id(std::string_view id);

}  // namespace thaw
