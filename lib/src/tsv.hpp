// Splitting the TAB-separated lines of thaw's data files (lexicons, stance
// models). Internal header.
#pragma once

#include <string_view>
#include <vector>

namespace thaw::tsv {

inline std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\v\f";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// The columns of `line`, each trimmed, into `cols` (replaced), whose storage
// a loader reuses from line to line.
inline void split_tabs(std::string_view line, std::vector<std::string_view>& cols) {
  cols.clear();
  std::size_t pos = 0;
  while (true) {
    auto tab = line.find('\t', pos);
    cols.push_back(trim(line.substr(pos, tab == std::string_view::npos ? tab : tab - pos)));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
}

inline std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cols;
  split_tabs(line, cols);
  return cols;
}

}  // namespace thaw::tsv
