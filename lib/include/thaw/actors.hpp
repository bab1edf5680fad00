// Actors: the people and outlets whose warmth thaw tracks (lexicons/actors.tsv).
#pragma once

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
  // The same by number: key a text once with alias_keys(), then match at any
  // position. Thread-safe (const).
  void alias_keys(const std::vector<Token>& tokens, TermKeys& out) const;
  std::optional<AliasMatch> match_alias(const TermKeys& keys, std::size_t begin, std::size_t end) const;

 private:
  std::vector<Actor> actors_;
  TermTable aliases_;  // entry.value = actor index
};

bool is_valid_actor_id(std::string_view id);

}  // namespace thaw
