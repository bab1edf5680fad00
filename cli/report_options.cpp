#include "report_options.hpp"

#include "thaw/record.hpp"

namespace thaw::cli {

ReportOptions ReportFlags::options() const {
  ReportOptions o;
  if (by == "actor") o.period = Period::None;
  else if (by == "actor,month") o.period = Period::Month;
  else if (by == "actor,week") o.period = Period::Week;
  else if (by == "actor,day") o.period = Period::Day;
  else if (by == "article") o.by_article = true;
  if (!from.empty()) o.from = from;
  if (!to.empty()) o.to = to;
  return o;
}

nlohmann::ordered_json ReportFlags::parameters(const std::string& command,
                                               const std::vector<std::string>& inputs) const {
  nlohmann::ordered_json p;
  p["command"] = command;
  p["by"] = by;
  p["from"] = from.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(from);
  p["to"] = to.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(to);
  p["inputs"] = inputs.empty() ? std::vector<std::string>{"-"} : inputs;
  return p;
}

void add_report_flags(CLI::App& sub, ReportFlags& flags) {
  auto date_check = CLI::Validator(
      [](std::string& s) { return is_iso8601_date(s) && s.size() == 10 ? std::string() : "expected YYYY-MM-DD, got '" + s + "'"; },
      "DATE");
  sub.add_option("--by", flags.by,
                 "Group the report: actor, actor,month, actor,week, actor,day, or article (each article's speakers)")
      ->check(CLI::IsMember({"actor", "actor,month", "actor,week", "actor,day", "article"}))
      ->capture_default_str();
  sub.add_option("--from", flags.from, "Only statements dated on or after this day (YYYY-MM-DD)")->check(date_check);
  sub.add_option("--to", flags.to, "Only statements dated on or before this day (YYYY-MM-DD)")->check(date_check);
}

}  // namespace thaw::cli
