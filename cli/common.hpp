// Plumbing shared by the subcommands: where lexicons are found, how JSON and
// errors are printed, exit codes.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "thaw/lexicon.hpp"

namespace thaw::cli {

enum ExitCode : int { kOk = 0, kBadInput = 1, kUsage = 2 };

// The lexicon folder: --lexicons, else $THAW_LEXICONS, else the installed data
// folder, else the source tree's lexicons/ (so a fresh build works anywhere).
std::filesystem::path resolve_lexicon_dir(const std::string& from_flag);

// with_model: with the stance model the manifest names (--model); throws
// thaw::Error when it names none. The set lives until the process ends and
// is never destroyed (see common.cpp): keep the reference, not a copy.
const LexiconSet& load_lexicons(const std::string& from_flag, bool with_model = false);

// One line of JSON; invalid UTF-8 that slipped into ids is replaced, never fatal.
std::string dump_line(const nlohmann::ordered_json& j);

}  // namespace thaw::cli
