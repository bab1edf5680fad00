// The shipped lexicon set and actor list, loaded once per test process.
#pragma once

#include <algorithm>
#include <filesystem>
#include <vector>

#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"

namespace thaw::test {

struct Shipped {
  LexiconSet set = load_lexicon_set(THAW_SOURCE_LEXICON_DIR);
  ActorList actors = ActorList::load(set.actors_file(), set.info().language);
};

inline const Shipped& shipped() {
  static const Shipped s;
  return s;
}

// The bundled corpus's statement files (corpus/statements/*.jsonl), sorted.
inline std::vector<std::filesystem::path> corpus_statement_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(THAW_CORPUS_DIR) / "statements"))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace thaw::test
