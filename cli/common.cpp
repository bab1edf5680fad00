#include "common.hpp"

#include <cstdlib>

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

LexiconSet load_lexicons(const std::string& from_flag, bool with_model) {
  LexiconLoadOptions options;
  options.stance_model = with_model;
  const auto dir = resolve_lexicon_dir(from_flag);
  LexiconSet set = load_lexicon_set(dir, options);
  if (with_model && !set.stance_model())
    throw Error((dir / "manifest.tsv").string() + ": --model given, but the manifest names no 'stance' model");
  return set;
}

std::string dump_line(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace thaw::cli
