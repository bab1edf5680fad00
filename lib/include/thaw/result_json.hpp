// The JSON form of a scored statement: the output contract documented in
// README.md ("Output fields"). Fields are only ever added, never renamed.
#pragma once

#include <nlohmann/json.hpp>

#include "thaw/lexicon.hpp"
#include "thaw/scorer.hpp"

namespace thaw {

// Builds the JSON object for one scored statement. Numbers are rounded to 4
// decimals so output is stable across platforms. Does not throw except on
// allocation failure.
nlohmann::ordered_json to_json(const ScoredStatement& result, const LexiconInfo& lexicon);

// {"name": ..., "version": ...} of a lexicon set.
nlohmann::ordered_json lexicon_json(const LexiconInfo& lexicon);

}  // namespace thaw
