// The numbered form of TermTable (thaw/lexicon.hpp): a text's tokens are
// looked up once in the set's TermVocabulary, then every table matches them
// by integer. Without it each of the nine tables hashed every token again,
// up to a dozen times for the wildcard prefixes: most of the scoring time.
//
// TermTable::longest_match(tokens, ...) in lexicon.cpp is the reference this
// must agree with, term for term (tests/test_term_index.cpp compares them).
#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <stdexcept>

#include "term_trie.hpp"
#include "thaw/lexicon.hpp"

namespace thaw {
namespace {

// Open-addressing map from short strings to dense ids: the lookup every token
// makes. std::unordered_map's node chasing and modulo showed in profiles, and
// so did the misses of a first version that kept (hash check, id) slots and
// the strings in a pool only: a probe read the slot, the string's offsets,
// the pool and memcmp'd, four dependent loads, mostly outside L1. Now a slot
// is 4 bytes (half the table), and each id's record holds the string's first
// 16 bytes inline, so a hit on a word of up to 16 bytes (all but a handful of
// the shipped terms' words) costs the slot, one record and two compares.
// (A long slot is now 8 bytes: the check and the id, as the short and long
// strings are apart and the ids no longer fit under a long table's mask.)
//
// Each id also carries a 32-bit payload (TermVocabulary keeps the table bits
// there) in the place a hit reads anyway: the short slot, or the record. Kept
// in an array by id, it was a second dependent load per token, and a D1 miss
// on a fifth of them. The short and the long strings have tables of their own,
// each sized to its own count: one shared size made the 16-byte short slots
// 256 KB where half of that holds them at the same load.
class StringIds {
 public:
  static constexpr std::uint32_t kNone = TermKeys::kNone;
  struct Found {
    std::uint32_t id = kNone;
    std::uint32_t payload = 0;  // 0 when id is kNone
  };

  std::uint32_t find(std::string_view s) const { return lookup(s).id; }
  // The id of `s` and its payload, with no load beyond the probe's.
  Found lookup(std::string_view s) const { return s.size() <= kShortBytes ? find_short(s) : find_long(s); }
  std::uint32_t add(std::string_view s) {
    if (auto id = find(s); id != kNone) return id;
    const bool is_short = s.size() <= kShortBytes;
    const auto id = static_cast<std::uint32_t>(size());
    if (id >= kMaxIds) throw std::length_error("term vocabulary too large");
    Rec r;
    r.len = static_cast<std::uint32_t>(s.size());
    r.offset = static_cast<std::uint32_t>(pool_.size());
    std::memcpy(r.head, s.data(), std::min(s.size(), sizeof r.head));
    recs_.push_back(r);
    pool_.append(s);
    if (is_short) {
      if (++short_count_ * 2 > short_slots_.size()) grow_short();
      else place_short(id);
    } else {
      if (++long_count_ * 2 > slots_.size()) grow_long();
      else place_long(id);
    }
    return id;
  }
  std::size_t size() const noexcept { return recs_.size(); }
  std::string_view operator[](std::uint32_t id) const {
    return std::string_view(pool_).substr(recs_[id].offset, recs_[id].len);
  }
  std::uint32_t payload(std::uint32_t id) const { return recs_[id].payload; }
  // Sets the payload of string `id`, in its record and its slot.
  void set_payload(std::uint32_t id, std::uint32_t payload) {
    recs_[id].payload = payload;
    const std::string_view s = (*this)[id];
    if (s.size() > kShortBytes) return;
    const std::uint64_t key = pack(s.data(), s.size());
    for (std::size_t i = short_home(key, recs_[id].len);; i = (i + 1) & short_mask_)
      if (short_slots_[i].tag == tag(id, recs_[id].len)) {
        short_slots_[i].payload = payload;
        return;
      }
  }
  // lookup(s) for a string of at most kShortBytes: its bytes packed in one word
  // (pack) and its length are the whole key, so a probe is one multiply and
  // two compares, with no string hash, record or equal(). Six tokens in
  // seven of the bench corpus are that short; hashing and comparing them as
  // strings was the larger part of keying every token, itself a tenth of a
  // batch's instructions.
  Found find_short(std::string_view s) const {
    const std::uint64_t key = pack(s.data(), s.size());
    const auto len = static_cast<std::uint32_t>(s.size());
    for (std::size_t i = short_home(key, len);; i = (i + 1) & short_mask_) {
      const ShortSlot& slot = short_slots_[i];
      if (slot.tag == 0) return {};
      if (slot.key == key && (slot.tag & kLenMask) == len) return {(slot.tag >> kLenBits) - 1, slot.payload};
    }
  }

  // True if string `id` is exactly `s`: the same as (*this)[id] == s.
  bool equal(std::uint32_t id, std::string_view s) const {
    const Rec& r = recs_[id];
    const std::size_t n = s.size();
    if (r.len != n) return false;
    const char* p = s.data();
    // Overlapping fixed-size loads from both ends cover every byte.
    if (n > sizeof r.head) return std::memcmp(pool_.data() + r.offset, p, n) == 0;
    if (n >= 8) return load<8>(p) == load<8>(r.head) && load<8>(p + n - 8) == load<8>(r.head + n - 8);
    if (n >= 4) return load<4>(p) == load<4>(r.head) && load<4>(p + n - 4) == load<4>(r.head + n - 4);
    if (n == 0) return true;
    return p[0] == r.head[0] && p[n / 2] == r.head[n / 2] && p[n - 1] == r.head[n - 1];
  }
  // True if `s` starts with string `id`.
  bool is_prefix_of(std::uint32_t id, std::string_view s) const {
    const std::uint32_t len = recs_[id].len;
    return len <= s.size() && equal(id, s.substr(0, len));
  }

  // Multiply-xor over 8-byte loads (words are short: one or two loads).
  static std::uint64_t hash(std::string_view s) {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
    const char* p = s.data();
    const std::size_t n = s.size();
    std::uint64_t h = (n + 1) * k;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) h = (h ^ load<8>(p + i)) * k, h ^= h >> 29;
    if (i < n) h = (h ^ tail(p + i, n - i)) * k, h ^= h >> 29;
    return h * 0xbf58476d1ce4e5b9ull;
  }

 private:
  // A long string (over kShortBytes) by its hash, through slots_.
  Found find_long(std::string_view s) const {
    const std::uint64_t h = hash(s);
    const auto check = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const LongSlot slot = slots_[i];
      if (slot.id_plus_1 == 0) return {};
      if (slot.check == check) {
        const std::uint32_t id = slot.id_plus_1 - 1;
        if (equal(id, s)) return {id, recs_[id].payload};  // equal() just read recs_[id]
      }
    }
  }

  template <std::size_t N>
  static std::uint64_t load(const char* q) {
    std::uint64_t v = 0;
    std::memcpy(&v, q, N);
    return v;
  }
  // The last 1 to 7 bytes of a string, read with fixed-size loads: a memcpy of
  // a variable length into a word stalled on store forwarding in the profile.
  // Two overlapping 4-byte loads cover 4 to 7 bytes; the length is already in
  // the hash, so the overlap loses nothing.
  static std::uint64_t tail(const char* q, std::size_t len) {
    if (len >= 4) return load<4>(q) | load<4>(q + len - 4) << 32;
    return static_cast<unsigned char>(q[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(q[len / 2])) << 8 |
           static_cast<std::uint64_t>(static_cast<unsigned char>(q[len - 1])) << 16;
  }

  struct Rec {
    char head[16] = {};        // the string's first 16 bytes, zero-padded
    std::uint32_t len = 0;
    std::uint32_t offset = 0;  // into pool_
    std::uint32_t payload = 0;
  };
  static constexpr std::size_t kShortBytes = 8;
  // A short slot's tag is (id + 1) << kLenBits | length, 0 for an empty slot:
  // the length (at most kShortBytes) shares the word with the id so that the
  // payload fits in the slot's 16 bytes. Ids are capped to fit.
  static constexpr std::uint32_t kLenBits = 4;
  static constexpr std::uint32_t kLenMask = (1u << kLenBits) - 1;
  static constexpr std::uint32_t kMaxIds = (1u << (32 - kLenBits)) - 2;
  static std::uint32_t tag(std::uint32_t id, std::uint32_t len) { return (id + 1) << kLenBits | len; }
  struct ShortSlot {
    std::uint64_t key = 0;  // pack() of the string
    std::uint32_t tag = 0;
    std::uint32_t payload = 0;
  };
  // The bytes of a string of at most 8 bytes in one word. With the length
  // beside it this is one-to-one: two 4-byte loads from both ends cover 4 to 8
  // bytes, and the first, middle and last byte cover 1 to 3 (as in tail()).
  static std::uint64_t pack(const char* q, std::size_t len) {
    if (len >= 4) return load<4>(q) | load<4>(q + len - 4) << 32;
    return len == 0 ? 0 : tail(q, len);
  }
  // A short string's first slot: the top bits of a multiplicative hash
  // (Fibonacci hashing): the low bits of h ^ h >> 32, as before, took 0.75M
  // more instructions in 20,000 bench statements.
  std::size_t short_home(std::uint64_t key, std::uint32_t len) const {
    return static_cast<std::size_t>(((key + len) * 0x9E3779B97F4A7C15ull) >> short_shift_) & short_mask_;
  }
  void place_long(std::uint32_t id) {
    const std::uint64_t h = hash((*this)[id]);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_)
      if (slots_[i].id_plus_1 == 0) {
        slots_[i] = LongSlot{static_cast<std::uint32_t>(h >> 32), id + 1};
        return;
      }
  }
  void place_short(std::uint32_t id) {
    const Rec& r = recs_[id];
    const std::uint64_t key = pack(r.head, r.len);
    for (std::size_t i = short_home(key, r.len);; i = (i + 1) & short_mask_)
      if (short_slots_[i].tag == 0) {
        short_slots_[i] = ShortSlot{key, tag(id, r.len), r.payload};
        return;
      }
  }
  void grow_long() {
    slots_.assign(std::max<std::size_t>(16, slots_.size() * 2), LongSlot{});
    mask_ = slots_.size() - 1;
    for (std::uint32_t id = 0; id < size(); ++id)
      if (recs_[id].len > kShortBytes) place_long(id);
  }
  void grow_short() {
    short_slots_.assign(std::max<std::size_t>(16, short_slots_.size() * 2), ShortSlot{});
    short_mask_ = short_slots_.size() - 1;
    short_shift_ = 64 - std::countr_zero(short_slots_.size());
    for (std::uint32_t id = 0; id < size(); ++id)
      if (recs_[id].len <= kShortBytes) place_short(id);
  }

  // A long string's slot: the high half of its hash, as a check, and its id + 1
  // (0: an empty slot).
  struct LongSlot {
    std::uint32_t check = 0;
    std::uint32_t id_plus_1 = 0;
  };
  // Each table starts as one empty slot, not none, so that a probe needs no
  // test for an empty table (2.5M instructions in 20,000 bench statements).
  std::vector<LongSlot> slots_ = std::vector<LongSlot>(1);  // the long strings; size a power of two, at most half full
  std::size_t mask_ = 0;
  std::size_t long_count_ = 0;
  std::vector<ShortSlot> short_slots_ = std::vector<ShortSlot>(1);  // the short strings; size a power of two, at most half full
  std::size_t short_mask_ = 0;
  int short_shift_ = 63;  // 64 - log2 of the size; the mask keeps the one-slot table at 0
  std::size_t short_count_ = 0;
  std::vector<Rec> recs_;  // by id
  std::string pool_;       // every string, end to end
};

// Wildcard prefixes are bucketed by their first bytes, so a token is compared
// only with the few prefixes that share its beginning.
constexpr std::size_t kHeadBytes = 3;

}  // namespace

struct TermVocabulary::Impl {
  StringIds words;
  StringIds prefixes;
  StringIds heads;  // first kHeadBytes bytes of the prefixes that have them
  std::vector<std::vector<std::uint32_t>> by_head;  // per head: prefix ids, longest first
  std::vector<std::uint32_t> short_prefixes;         // under kHeadBytes bytes, longest first
  // Bit head_bit(p) set for every prefix p of kHeadBytes or more: most tokens
  // start no prefix, and this says so in one load from a 4 KB table. It
  // keys on the low 5 bits of each of the first three bytes, which tell the
  // letters apart (other bytes may share a bit: heads.find decides). Two
  // bytes, the first version, let through 72% of the bench corpus's tokens,
  // to a hash lookup each; three let through 24%.
  std::vector<std::uint64_t> head_bits = std::vector<std::uint64_t>(32768 / 64, 0);
  static std::size_t head_bit(std::string_view s) {
    return (static_cast<std::size_t>(s[0]) & 31) << 10 | (static_cast<std::size_t>(s[1]) & 31) << 5 |
           (static_cast<std::size_t>(s[2]) & 31);
  }
  bool may_start_prefix(std::string_view s) const {
    const std::size_t b = head_bit(s);
    return head_bits[b / 64] >> (b % 64) & 1;
  }
  // The payload of each word and prefix (StringIds): bit t set if table t has
  // a term starting there, bit kContinueShift + t if one of its terms has it
  // after the first word; for a word, kNoPrefix too if it starts no wildcard
  // prefix. Four in five of the bench corpus's words are vocabulary words, and
  // few of those start a prefix: with the flag they skip the prefix search
  // (head_bit's arithmetic and a 4 KB table that missed the cache on a third
  // of its loads) whose answer was the same for every token of that word.
  static constexpr std::uint32_t kNoPrefix = std::uint32_t{1} << 31;
  // Tables with bits of their own: bits [0, kTableBits) say a term starts at
  // the token, bits [kContinueShift, kContinueShift + kTableBits) that a term
  // goes on there (TermKeys::Key::tables holds both). The shipped set has 11
  // tables on this vocabulary; a table past kTableBits has neither bit and is
  // always searched, as before.
  static constexpr std::uint32_t kTableBits = 15;
  static constexpr std::uint32_t kContinueShift = 16;
  std::uint32_t tables = 0;  // tables compiled so far
  std::size_t words_flagged = 0, prefixes_flagged = 0;  // how far kNoPrefix is up to date

  // True if `w` starts any prefix: keys()'s search, stopped at the first.
  bool starts_prefix(std::string_view w) const {
    if (w.size() >= kHeadBytes && may_start_prefix(w))
      if (const std::uint32_t h = heads.find(w.substr(0, kHeadBytes)); h != TermKeys::kNone)
        for (std::uint32_t id : by_head[h])
          if (prefixes.is_prefix_of(id, w)) return true;
    for (std::uint32_t id : short_prefixes)
      if (prefixes.is_prefix_of(id, w)) return true;
    return false;
  }
  // Brings kNoPrefix up to date after words or prefixes were added: the new
  // words, or every word when a prefix is new.
  void flag_prefix_free_words() {
    const std::size_t from = prefixes.size() != prefixes_flagged ? 0 : words_flagged;
    for (auto id = static_cast<std::uint32_t>(from); id < words.size(); ++id) {
      const std::uint32_t was = words.payload(id);
      const std::uint32_t now = starts_prefix(words[id]) ? was & ~kNoPrefix : was | kNoPrefix;
      if (now != was) words.set_payload(id, now);
    }
    words_flagged = words.size();
    prefixes_flagged = prefixes.size();
  }

  std::uint32_t add_word(std::string_view w) { return words.add(w); }
  std::uint32_t add_prefix(std::string_view p) {
    const std::size_t before = prefixes.size();
    const std::uint32_t id = prefixes.add(p);
    if (prefixes.size() == before) return id;
    std::vector<std::uint32_t>* bucket = &short_prefixes;
    if (p.size() >= kHeadBytes) {
      const std::size_t b = head_bit(p);
      head_bits[b / 64] |= std::uint64_t{1} << (b % 64);
      const std::uint32_t h = heads.add(p.substr(0, kHeadBytes));
      if (by_head.size() < heads.size()) by_head.resize(heads.size());
      bucket = &by_head[h];
    }
    bucket->push_back(id);
    std::stable_sort(bucket->begin(), bucket->end(),
                     [&](std::uint32_t a, std::uint32_t b) { return prefixes[a].size() > prefixes[b].size(); });
    return id;
  }
};

TermVocabulary::TermVocabulary() : impl_(std::make_unique<Impl>()) {}
TermVocabulary::~TermVocabulary() = default;

void TermVocabulary::keys(const std::vector<Token>& tokens, TermKeys& out) const {
  const Impl& v = *impl_;
  // The loop is a lambda's, over the captured references: written in the
  // function's body it took 5M more instructions in 20,000 bench
  // statements (g++ 12's code for the same loop; why, not looked into).
  const auto key_all = [&] {
    const auto lookup = [&](std::string_view w) { return v.words.lookup(w); };
    const std::size_t n = tokens.size();
    if (out.at.size() < n + 1) out.at.resize(n + 1);
    out.prefixes.clear();
    TermKeys::Key* key = out.at.data();
    // The tokens' address and the prefix count in locals: read through
    // `tokens` and `out` they were loaded again for every token, as the rare
    // push_back below may, for the compiler, change any memory (3.6M
    // instructions in 20,000 bench statements).
    const Token* const token = tokens.data();
    std::uint32_t prefix_count = 0;
    const auto add_prefix = [&](std::uint32_t id) {
      out.prefixes.push_back(id);
      ++prefix_count;
    };
    for (std::size_t i = 0; i < n; ++i, ++key) {
      const std::string_view w = token[i].folded;
      const StringIds::Found word = lookup(w);
      std::uint32_t tables = word.payload & ~Impl::kNoPrefix;
      key->word = word.id;
      key->bare = TermKeys::kNone;
      key->prefix_begin = prefix_count;
      // ICU keeps the possessive on the word ("japan's"); TermTable falls back to
      // the bare word when the whole one is not a term.
      if (w.size() > 2 && w.ends_with("'s")) {
        const StringIds::Found bare = lookup(w.substr(0, w.size() - 2));
        tables |= bare.payload & ~Impl::kNoPrefix;
        key->bare = bare.id;
      }
      if (!(word.payload & Impl::kNoPrefix)) {
        if (w.size() >= kHeadBytes && v.may_start_prefix(w)) {
          if (const std::uint32_t h = v.heads.find(w.substr(0, kHeadBytes)); h != TermKeys::kNone)
            for (std::uint32_t id : v.by_head[h])
              if (v.prefixes.is_prefix_of(id, w)) {
                add_prefix(id);
                tables |= v.prefixes.payload(id);
              }
        }
        for (std::uint32_t id : v.short_prefixes)  // all shorter than the bucketed ones
          if (v.prefixes.is_prefix_of(id, w)) {
            add_prefix(id);
            tables |= v.prefixes.payload(id);
          }
      }
      key->tables = tables;
    }
    key->prefix_begin = prefix_count;
  };
  key_all();
}

struct TermTable::Compiled {
  // What a child link holds: a node index (>= 0), kNoChild, or a leaf: a
  // node with an entry and nothing below it, stored as leaf(entry) <= kLeaf0
  // so the walk ends without reading the node. That is the end of most terms
  // (one-word ones); reading nodes[] there missed the cache on a third of
  // keyed_match's time in a profile.
  static constexpr std::int32_t kNoChild = -1;
  static constexpr std::int32_t kLeaf0 = -2;
  static std::int32_t leaf(std::int32_t entry) { return kLeaf0 - entry; }
  static std::uint32_t leaf_entry(std::int32_t link) { return static_cast<std::uint32_t>(kLeaf0 - link); }

  struct Node {
    std::int32_t entry = -1;
    std::uint32_t child_begin = 0, child_end = 0;  // into children
    std::uint32_t wild_begin = 0, wild_end = 0;    // into wildcards
  };
  std::vector<Node> nodes;  // nodes[0] is the root
  std::vector<std::pair<std::uint32_t, std::int32_t>> children;   // (word id, link), sorted per node
  std::vector<std::pair<std::uint32_t, std::int32_t>> wildcards;  // (prefix id, entry), sorted per node
  // The root is where every lookup starts: indexed directly by id.
  // A root link with the entry of the node it leads to, for an inner node:
  // keyed_match's usual end at the root (the next token goes on with no term
  // of the table) then needs no read of nodes[], which missed D1 on most of
  // them: 256K fewer D1 read misses in 20,000 bench statements (4.78M to
  // 4.52M in cachegrind), though this array is twice the size.
  struct RootLink {
    std::int32_t link = kNoChild;
    std::int32_t entry = -1;  // nodes[link].entry for an inner node, else -1
  };
  std::vector<RootLink> root_children;  // by word id
  std::vector<std::int32_t> root_wildcards;  // by prefix id, -1 for none
  // The bit of TermKeys::Key::tables a token has if a term of this table has
  // its word, bare word or a prefix of it after the first word; all bits when
  // the table has none of its own.
  std::uint32_t continue_mask = ~std::uint32_t{0};

  template <typename Pairs>
  static std::int32_t find(const Pairs& v, std::uint32_t b, std::uint32_t e, std::uint32_t id) {
    auto first = v.begin() + b, last = v.begin() + e;
    auto it = std::lower_bound(first, last, id, [](const auto& p, std::uint32_t x) { return p.first < x; });
    return it != last && it->first == id ? it->second : -1;
  }
  // The link from `node` by `word`: a node, a leaf or kNoChild.
  // The link from the root by `word`: kNone, like a word numbered after this
  // table was compiled, is past the array's end.
  RootLink root_child(std::uint32_t word) const {
    return word < root_children.size() ? root_children[word] : RootLink{};
  }
  std::int32_t child(std::int32_t node, std::uint32_t word) const {
    if (word == TermKeys::kNone) return kNoChild;
    if (node == 0) return root_child(word).link;
    const Node& n = nodes[node];
    return find(children, n.child_begin, n.child_end, word);
  }
  // keyed_match's walk on from `node`, the inner node tokens[begin] leads to
  // from the root; `best` is what the first token gave.
  // Length 0: none, as keyed_match returns it.
  [[gnu::noinline]] Match walk(const TermKeys& keys, std::size_t begin, std::size_t end, std::int32_t node,
                               Match best) const;
  std::int32_t wildcard(std::int32_t node, std::uint32_t prefix) const {
    if (node == 0) return prefix < root_wildcards.size() ? root_wildcards[prefix] : -1;
    const Node& n = nodes[node];
    return find(wildcards, n.wild_begin, n.wild_end, prefix);
  }
};

void TermTable::compile(const std::shared_ptr<TermVocabulary>& vocabulary) {
  TermVocabulary::Impl& v = *vocabulary->impl_;
  // The numbered trie is the string trie insert() built, node for node, with
  // each edge's word replaced by its id. It was built again from a copy of
  // every term's words, through a node of two vectors each: with those
  // copies, a sixth of start-up and of its page faults.
  const Trie& trie = *trie_;
  const std::size_t node_count = trie.nodes.size();
  // Number the words in edge order, which is the order the terms gave them.
  std::vector<std::uint32_t> ids(trie.edges.size());
  std::vector<std::uint32_t> child_begin(node_count + 1, 0), wild_begin(node_count + 1, 0);
  for (std::size_t k = 0; k < trie.edges.size(); ++k) {
    const Trie::Edge& e = trie.edges[k];
    const std::string_view word = std::string_view(trie.chars).substr(e.offset, e.length);
    ids[k] = e.wildcard ? v.add_prefix(word) : v.add_word(word);
    ++(e.wildcard ? wild_begin : child_begin)[e.node + 1];
  }
  // Group the edges by the node they leave (a counting sort), then sort each
  // node's few by id for the binary search in Compiled::find.
  for (std::size_t n = 0; n < node_count; ++n) {
    child_begin[n + 1] += child_begin[n];
    wild_begin[n + 1] += wild_begin[n];
  }
  auto c = std::make_shared<Compiled>();
  c->children.resize(child_begin[node_count]);
  c->wildcards.resize(wild_begin[node_count]);
  {
    std::vector<std::uint32_t> child_at(child_begin.begin(), child_begin.end() - 1);
    std::vector<std::uint32_t> wild_at(wild_begin.begin(), wild_begin.end() - 1);
    for (std::size_t k = 0; k < trie.edges.size(); ++k) {
      const Trie::Edge& e = trie.edges[k];
      if (e.wildcard) c->wildcards[wild_at[e.node]++] = {ids[k], e.target};
      else c->children[child_at[e.node]++] = {ids[k], e.target};
    }
  }
  c->nodes.resize(node_count);
  for (std::size_t n = 0; n < node_count; ++n) {
    Compiled::Node& node = c->nodes[n];
    node.entry = trie.nodes[n].entry;
    node.child_begin = child_begin[n];
    node.child_end = child_begin[n + 1];
    node.wild_begin = wild_begin[n];
    node.wild_end = wild_begin[n + 1];
    std::sort(c->children.begin() + node.child_begin, c->children.begin() + node.child_end);
    std::sort(c->wildcards.begin() + node.wild_begin, c->wildcards.begin() + node.wild_end);
  }
  // Links to a leaf (an entry and nothing below it) hold the entry instead.
  const auto link = [&](std::int32_t node) {
    const auto n = static_cast<std::size_t>(node);
    const bool bare_end = child_begin[n] == child_begin[n + 1] && wild_begin[n] == wild_begin[n + 1];
    return bare_end && trie.nodes[n].entry >= 0 ? Compiled::leaf(trie.nodes[n].entry) : node;
  };
  for (auto& [id, node] : c->children) node = link(node);
  c->root_children.assign(v.words.size(), Compiled::RootLink{});
  for (std::uint32_t k = child_begin[0]; k < child_begin[1]; ++k) {
    const std::int32_t to = c->children[k].second;
    c->root_children[c->children[k].first] = {to, to >= 0 ? c->nodes[static_cast<std::size_t>(to)].entry : -1};
  }
  c->root_wildcards.assign(v.prefixes.size(), -1);
  for (std::uint32_t k = wild_begin[0]; k < wild_begin[1]; ++k) c->root_wildcards[c->wildcards[k].first] = c->wildcards[k].second;
  // A bit in TermKeys::Key::tables for the quick "nothing starts here" test,
  // and one for "nothing goes on here" (see keyed_match); past kTableBits
  // tables a vocabulary has no bits left and the table is always searched.
  table_bit_ = v.tables < TermVocabulary::Impl::kTableBits ? v.tables++ : 32;
  if (table_bit_ < 32) {
    const std::uint32_t bit = std::uint32_t{1} << table_bit_;
    const std::uint32_t goes_on = bit << TermVocabulary::Impl::kContinueShift;
    c->continue_mask = goes_on;
    for (std::uint32_t k = 0; k < c->children.size(); ++k) {
      const std::uint32_t id = c->children[k].first;
      v.words.set_payload(id, v.words.payload(id) | (k < child_begin[1] ? bit : goes_on));
    }
    for (std::uint32_t k = 0; k < c->wildcards.size(); ++k) {
      const std::uint32_t id = c->wildcards[k].first;
      v.prefixes.set_payload(id, v.prefixes.payload(id) | (k < wild_begin[1] ? bit : goes_on));
    }
  }
  v.flag_prefix_free_words();
  vocabulary_ = vocabulary;
  compiled_ = std::move(c);
}

// The first token is looked up at the root by id, and nearly every walk ends
// there: a word with no term (a miss in the arrays), a one-word term (a leaf
// link), or the start of longer terms that the next token cannot go on with
// (its "goes on" bit, see compile()). Only the rest go on to walk(), out of
// line, so the common case saves and restores fewer registers.
TermTable::Match TermTable::keyed_match(const TermKeys& keys, std::size_t begin, std::size_t end) const {
  if (!compiled_ || begin >= end) return Match{0, 0};
  const Compiled& c = *compiled_;
  const TermKeys::Key* key = keys.at.data();
  Match best{0, 0};
  // Longest wildcard prefix first; an exact word below overrides at equal length.
  for (std::uint32_t k = key[begin].prefix_begin; k < key[begin + 1].prefix_begin; ++k) {
    const std::int32_t e = c.wildcard(0, keys.prefixes[k]);
    if (e >= 0) {
      best = Match{static_cast<std::uint32_t>(e), 1};
      break;
    }
  }
  Compiled::RootLink next = c.root_child(key[begin].word);
  if (next.link == Compiled::kNoChild) next = c.root_child(key[begin].bare);
  if (next.link == Compiled::kNoChild) return best;
  if (next.link <= Compiled::kLeaf0) return Match{Compiled::leaf_entry(next.link), 1};
  if (next.entry >= 0) best = Match{static_cast<std::uint32_t>(next.entry), 1};
  // A next token that no term of this table has after its first word ends
  // the walk: one test instead of the binary searches of the node's children.
  // (An inner node always has a child or a wildcard below it: a node with
  // neither is a leaf link.)
  if (begin + 1 == end || !(key[begin + 1].tables & c.continue_mask)) return best;
  return c.walk(keys, begin, end, next.link, best);
}

TermTable::Match TermTable::Compiled::walk(const TermKeys& keys, std::size_t begin, std::size_t end, std::int32_t node,
                                           Match best) const {
  const Compiled& c = *this;
  const TermKeys::Key* key = keys.at.data();
  for (std::size_t i = begin + 1; i < end; ++i) {
    const auto length = static_cast<std::uint32_t>(i - begin + 1);
    // Longest wildcard prefix first; an exact word below overrides at equal length.
    for (std::uint32_t k = key[i].prefix_begin; k < key[i + 1].prefix_begin; ++k) {
      const std::int32_t e = c.wildcard(node, keys.prefixes[k]);
      if (e >= 0) {
        best = Match{static_cast<std::uint32_t>(e), length};
        break;
      }
    }
    std::int32_t next = c.child(node, key[i].word);
    if (next == Compiled::kNoChild) next = c.child(node, key[i].bare);
    if (next == Compiled::kNoChild) break;
    if (next <= Compiled::kLeaf0) {
      best = Match{Compiled::leaf_entry(next), length};
      break;
    }
    node = next;
    const Compiled::Node& n = c.nodes[static_cast<std::size_t>(node)];
    if (n.entry >= 0) best = Match{static_cast<std::uint32_t>(n.entry), length};
    // As in keyed_match: nothing below, or nothing can go on with the next token.
    if (n.child_begin == n.child_end && n.wild_begin == n.wild_end) break;
    if (i + 1 < end && !(key[i + 1].tables & c.continue_mask)) break;
  }
  return best;
}

}  // namespace thaw
