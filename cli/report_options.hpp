// --by / --from / --to, shared by `thaw batch --report` and `thaw report`.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "thaw/report.hpp"

namespace thaw::cli {

struct ReportFlags {
  std::string by = "actor";
  std::string from, to;

  ReportOptions options() const;
  nlohmann::ordered_json parameters(const std::string& command, const std::vector<std::string>& inputs) const;
};

void add_report_flags(CLI::App& sub, ReportFlags& flags);

}  // namespace thaw::cli
