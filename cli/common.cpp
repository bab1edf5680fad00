#include "common.hpp"

#include <cstdlib>
#include <memory>
#include <vector>

#include "thaw/error.hpp"

namespace thaw::cli {

std::filesystem::path resolve_lexicon_dir(const std::string& from_flag) {
  if (!from_flag.empty()) return from_flag;
  if (const char* env = std::getenv("THAW_LEXICONS"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file(std::filesystem::path(THAW_INSTALL_LEXICON_DIR) / "manifest.tsv", ec))
    return THAW_INSTALL_LEXICON_DIR;
  return THAW_SOURCE_LEXICON_DIR;
}

namespace {

// Hands `set` to a holder that is never destroyed, and returns it. A command
// loads one set and uses it until it returns, after which the process ends;
// freeing the set block by block on the way out was a tenth of `thaw
// score`'s time while its tries were trees of nodes (~TermTable, free and
// malloc_consolidate at exit), and is still a few thousand frees (one
// "FILE:LINE" string a term) for memory the OS takes back anyway. The holder
// stays reachable from a static, so LeakSanitizer counts it as still in use,
// not leaked.
const LexiconSet& keep_until_exit(LexiconSet set) {
  static auto* const held = new std::vector<std::unique_ptr<const LexiconSet>>;
  held->push_back(std::make_unique<const LexiconSet>(std::move(set)));
  return *held->back();
}

}  // namespace

const LexiconSet& load_lexicons(const std::string& from_flag, bool with_model) {
  LexiconLoadOptions options;
  options.stance_model = with_model;
  const auto dir = resolve_lexicon_dir(from_flag);
  LexiconSet set = load_lexicon_set(dir, options);
  if (with_model && !set.stance_model())
    throw Error((dir / "manifest.tsv").string() + ": --model given, but the manifest names no 'stance' model");
  return keep_until_exit(std::move(set));
}

std::string dump_line(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace thaw::cli
