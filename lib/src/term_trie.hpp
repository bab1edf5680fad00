// TermTable's string-keyed trie (thaw/lexicon.hpp): what insert() builds,
// longest_match(tokens, ...) walks (lexicon.cpp) and compile() numbers
// (term_index.cpp). Internal header.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "thaw/lexicon.hpp"

namespace thaw {

// The trie over folded words. It was a tree of nodes that each held two
// unordered_maps of strings to unique_ptrs: two or three allocations for
// every word of every term, which with their teardown came to a fifth of
// `thaw score` (nearly all of it start-up). Now the nodes sit in one vector
// and every edge, (node, word) -> child and (node, wildcard prefix) -> entry,
// in one open-addressing table over a vector of edges, its words end to end
// in one string: a table is a few arrays however many terms it holds.
// Nodes and edges are numbered in the order insert() made them, so compile()
// numbers the words in the order the terms gave them.
struct TermTable::Trie {
  struct Node {
    std::int32_t entry = -1;  // the exact term ending here, or -1
    // Shortest and longest wildcard prefix leaving this node; min > max: none.
    std::uint32_t min_prefix = UINT32_MAX;
    std::uint32_t max_prefix = 0;
  };
  struct Edge {
    std::uint64_t hash = 0;
    std::uint32_t node = 0;     // the node it leaves
    std::uint32_t offset = 0;   // its word: chars[offset, offset + length)
    std::uint32_t length = 0;
    std::int32_t target = -1;   // the child node; for a wildcard, the entry
    bool wildcard = false;
  };
  std::vector<Node> nodes = std::vector<Node>(1);  // nodes[0] is the root
  std::vector<Edge> edges;
  std::string chars;
  std::vector<std::uint32_t> slots;  // edge index + 1, 0 empty; a power of two, at most half full

  static std::uint64_t hash(std::uint32_t node, bool wildcard, std::string_view word) {
    std::uint64_t h = std::hash<std::string_view>{}(word) ^
                      (std::uint64_t{node} * 2 + wildcard) * 0x9E3779B97F4A7C15ull;
    return h ^ h >> 29;
  }
  bool is(const Edge& e, std::uint64_t h, std::uint32_t node, bool wildcard, std::string_view word) const {
    return e.hash == h && e.node == node && e.wildcard == wildcard && e.length == word.size() &&
           std::string_view(chars).substr(e.offset, e.length) == word;
  }
  // The target of the edge, or -1 when there is none.
  std::int32_t find(std::uint32_t node, bool wildcard, std::string_view word) const {
    if (slots.empty()) return -1;
    const std::uint64_t h = hash(node, wildcard, word);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots[i] == 0) return -1;
      const Edge& e = edges[slots[i] - 1];
      if (is(e, h, node, wildcard, word)) return e.target;
    }
  }
  // The target of the edge, added with target -1 when there was none.
  std::int32_t& find_or_add(std::uint32_t node, bool wildcard, std::string_view word) {
    if ((edges.size() + 1) * 2 > slots.size()) grow();
    const std::uint64_t h = hash(node, wildcard, word);
    const std::size_t mask = slots.size() - 1;
    std::size_t i = h & mask;
    for (; slots[i] != 0; i = (i + 1) & mask) {
      Edge& e = edges[slots[i] - 1];
      if (is(e, h, node, wildcard, word)) return e.target;
    }
    Edge& e = edges.emplace_back();
    e.hash = h;
    e.node = node;
    e.offset = static_cast<std::uint32_t>(chars.size());
    e.length = static_cast<std::uint32_t>(word.size());
    e.wildcard = wildcard;
    chars.append(word);
    slots[i] = static_cast<std::uint32_t>(edges.size());
    return e.target;
  }
  // The child of `node` by `word`, made if missing.
  std::uint32_t child(std::uint32_t node, std::string_view word) {
    std::int32_t& target = find_or_add(node, false, word);
    if (target < 0) {
      target = static_cast<std::int32_t>(nodes.size());
      nodes.emplace_back();
    }
    return static_cast<std::uint32_t>(target);
  }
  void grow() {
    if (slots.size() >= (std::size_t{1} << 31)) throw std::length_error("term table too large");
    slots.assign(std::max<std::size_t>(64, slots.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t k = 0; k < edges.size(); ++k) {
      std::size_t i = edges[k].hash & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
  }
};

}  // namespace thaw
