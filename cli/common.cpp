#include "common.hpp"

#include <cstdlib>

namespace thaw::cli {

std::filesystem::path resolve_lexicon_dir(const std::string& from_flag) {
  if (!from_flag.empty()) return from_flag;
  if (const char* env = std::getenv("THAW_LEXICONS"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file(std::filesystem::path(THAW_INSTALL_LEXICON_DIR) / "manifest.tsv", ec))
    return THAW_INSTALL_LEXICON_DIR;
  return THAW_SOURCE_LEXICON_DIR;
}

LexiconSet load_lexicons(const std::string& from_flag) {
  return load_lexicon_set(resolve_lexicon_dir(from_flag));
}

std::string dump_line(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace thaw::cli
