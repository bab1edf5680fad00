#include "thaw/actors.hpp"

#include <fstream>
#include <istream>
#include <unordered_map>

#include "thaw/error.hpp"

namespace thaw {
namespace {

// Aliases use the lexicon term syntax (docs/lexicon-format.md): a wildcard
// prefix needs at least 3 letters, as kMinWildcardPrefix in lexicon.cpp.
constexpr std::size_t kMinAliasWildcardPrefix = 3;

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

template <typename Bits>
void set_bit(Bits& bits, std::size_t b) {
  bits[b / 64] |= std::uint64_t{1} << (b % 64);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    auto at = s.find(sep, pos);
    out.push_back(trim(s.substr(pos, at == std::string_view::npos ? at : at - pos)));
    if (at == std::string_view::npos) return out;
    pos = at + 1;
  }
}

}  // namespace

bool is_valid_actor_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

ActorList ActorList::parse(std::istream& in, const std::string& source, std::string_view language) {
  ActorList list;
  Tokenizer tokenizer(language);
  std::unordered_map<std::string, std::size_t> id_line;
  std::unordered_map<std::string, std::pair<std::string, std::size_t>> alias_owner;  // key -> (id, line)
  std::string line;
  std::size_t number = 0;
  auto fail = [&](const std::string& problem) { throw LoadError(source, number, problem); };
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      auto h = split(line, '\t');
      if (h.size() != 2 || h[0] != "thaw-actors") fail("expected a header line 'thaw-actors<TAB>1'");
      if (h[1] != "1") fail("format version '" + std::string(h[1]) + "' is not one this thaw reads (1)");
      continue;
    }
    auto t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    auto cols = split(line, '\t');
    if (cols.size() != 5)
      fail("expected 5 TAB-separated columns (id, name, side, role, aliases), found " +
           std::to_string(cols.size()));
    Actor a;
    a.id.assign(cols[0]);
    if (!is_valid_actor_id(a.id))
      fail("bad actor id '" + a.id + "': use lowercase letters, digits and _");
    if (cols[1].empty()) fail("actor '" + a.id + "' has no name");
    a.name.assign(cols[1]);
    a.side.assign(cols[2]);
    a.role.assign(cols[3]);
    a.source = source + ":" + std::to_string(number);
    if (auto [it, fresh] = id_line.emplace(a.id, number); !fresh)
      fail("duplicate actor id '" + a.id + "' (first at line " + std::to_string(it->second) + ")");
    const auto index = static_cast<std::uint32_t>(list.actors_.size());
    // The display name is always an alias too.
    std::vector<std::string_view> names{cols[1]};
    if (!cols[4].empty())
      for (auto alias : split(cols[4], '|')) names.push_back(alias);
    for (auto alias : names) {
      if (alias.empty()) fail("empty alias for actor '" + a.id + "'");
      // A trailing '*' lets a Korean name keep its particle: 윤석열* matches 윤석열은.
      const bool wildcard = alias.back() == '*';
      std::string_view bare = wildcard ? alias.substr(0, alias.size() - 1) : alias;
      if (bare.find('*') != std::string_view::npos || (wildcard && (bare.empty() || bare.back() == ' ')))
        fail("bad wildcard in alias '" + std::string(alias) + "': '*' may only end a word");
      if (wildcard) {
        // Same rule as lexicon terms: "Yo*" would make every "you" a speaker.
        const auto space = bare.rfind(' ');
        const auto last_word = space == std::string_view::npos ? bare : bare.substr(space + 1);
        std::size_t letters = 0;
        for (unsigned char ch : last_word) letters += (ch & 0xC0) != 0x80;  // UTF-8 lead bytes
        if (letters < kMinAliasWildcardPrefix)
          fail("bad wildcard in alias '" + std::string(alias) + "': the prefix needs at least " +
               std::to_string(kMinAliasWildcardPrefix) + " letters");
      }
      TokenizedText tt = tokenizer.tokenize(bare);
      std::vector<std::string> words;
      std::string key;
      for (const Token& tok : tt.tokens) {
        words.emplace_back(tok.folded);
        key.append(tok.folded).push_back(' ');
      }
      if (words.empty()) fail("alias '" + std::string(alias) + "' has no words");
      if (wildcard) key.push_back('*');
      auto [it, fresh] = alias_owner.emplace(key, std::make_pair(a.id, number));
      if (!fresh) {
        if (it->second.first == a.id) continue;  // the same actor twice is harmless
        fail("alias '" + std::string(alias) + "' of '" + a.id + "' already belongs to '" +
             it->second.first + "' (line " + std::to_string(it->second.second) + ")");
      }
      a.aliases.emplace_back(alias);
      // The first word starts a term of the trie's root: as a wildcard prefix
      // when it is the alias's only word and the alias ends in '*', else as a
      // word (which longest_match also finds as "word's").
      // (Folding may leave a prefix under three bytes, which the head bits
      // cannot hold: then the filter lets every token through.)
      if (words[0].empty()) list.filter_off_ = true;
      else if (!wildcard || words.size() > 1) set_bit(list.words_, word_bit(words[0]));
      else if (words[0].size() >= 3) set_bit(list.heads_, head_bit(words[0]));
      else list.filter_off_ = true;
      TermEntry e;
      e.term.assign(alias);
      e.source = a.source;
      e.value = index;
      e.wildcard = wildcard;
      list.aliases_.insert(words, std::move(e));
    }
    list.actors_.push_back(std::move(a));
  }
  if (number == 0) throw LoadError(source, 0, "empty file: expected a header line 'thaw-actors<TAB>1'");
  list.aliases_.compile(std::make_shared<TermVocabulary>());
  return list;
}

ActorList ActorList::load(const std::filesystem::path& file, std::string_view language) {
  std::ifstream in(file);
  if (!in) throw LoadError(file.string(), 0, "cannot open actor list");
  return parse(in, file.string(), language);
}

const Actor* ActorList::find(std::string_view id) const {
  for (const Actor& a : actors_)
    if (a.id == id) return &a;
  return nullptr;
}

// Through may_start_alias first: find_speaker asks at every token of a text
// that names no actor, and most tokens start no alias. Keying every token
// against the aliases' own vocabulary (alias_keys) for that was 2.3% of a
// batch's instructions (21.5M of 932.5M, 20,000 bench lines).
std::optional<ActorList::AliasMatch> ActorList::match_alias(const std::vector<Token>& tokens,
                                                            std::size_t begin,
                                                            std::size_t end) const {
  if (begin >= end || !may_start_alias(tokens[begin].folded)) return std::nullopt;
  auto m = aliases_.longest_match(tokens, begin, end);
  if (!m) return std::nullopt;
  return AliasMatch{static_cast<std::uint32_t>(aliases_.entries()[m->entry].value), m->length};
}

void ActorList::alias_keys(const std::vector<Token>& tokens, TermKeys& out) const {
  if (aliases_.vocabulary()) aliases_.vocabulary()->keys(tokens, out);
  else out = TermKeys{};
}

std::optional<ActorList::AliasMatch> ActorList::match_alias(const TermKeys& keys, std::size_t begin,
                                                            std::size_t end) const {
  auto m = aliases_.longest_match(keys, begin, end);
  if (!m) return std::nullopt;
  return AliasMatch{static_cast<std::uint32_t>(aliases_.entries()[m->entry].value), m->length};
}

}  // namespace thaw
