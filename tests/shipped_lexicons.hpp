// The shipped lexicon set and actor list, loaded once per test process.
#pragma once

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

}  // namespace thaw::test
