// thaw report [SCORED.jsonl...|-]: aggregate scored records into a JSON report.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "io.hpp"
#include "report_options.hpp"
#include "thaw/error.hpp"

namespace thaw::cli {
namespace {

struct ReportCmdOptions {
  std::vector<std::string> paths;
  std::string output;
  ReportFlags flags;
};

int run_report(const ReportCmdOptions& o) {
  const auto inputs = expand_inputs(o.paths, {".jsonl"});
  ReportBuilder report(o.flags.options());
  std::optional<LexiconInfo> lexicon;
  for (const Input& input : inputs) {
    auto stream = open_input(input);
    for_each_line(*stream, [&](std::string&& line, std::size_t number) {
      if (line.find_first_not_of(" \t\r\n") == std::string::npos) return true;
      auto where = [&] { return input.name + ":" + std::to_string(number) + ": "; };
      nlohmann::ordered_json j;
      try {
        j = nlohmann::ordered_json::parse(line);
      } catch (const nlohmann::ordered_json::parse_error&) {
        throw Error(where() + "not a JSON scored record (run `thaw batch` first)");
      }
      try {
        auto rec = report_record_from_json(j);
        if (!rec) {
          report.add_error();
          return true;
        }
        if (!lexicon && j.contains("lexicon") && j["lexicon"].is_object()) {
          lexicon = LexiconInfo{};
          lexicon->name = j["lexicon"].value("name", "");
          lexicon->version = j["lexicon"].value("version", "");
        }
        report.add(*rec);
      } catch (const Error& e) {
        throw Error(where() + e.what());
      } catch (const nlohmann::ordered_json::exception& e) {
        throw Error(where() + "malformed scored record: " + e.what());
      }
      return true;
    });
  }
  AtomicOutput out(o.output);
  out.write(report.to_json(lexicon.value_or(LexiconInfo{}), o.flags.parameters("report", o.paths)).dump(2) + "\n");
  out.commit();
  return kOk;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportCmdOptions>();
  CLI::App* sub = app.add_subcommand("report", "Aggregate scored records (thaw batch output) into a JSON report");
  sub->add_option("paths", o->paths, "Scored JSONL files, folders of them, or - for standard input (default)");
  sub->add_option("-o,--output", o->output, "Write the report here (atomically) instead of stdout");
  add_report_flags(*sub, o->flags);
  return {sub, [o] { return run_report(*o); }};
}

}  // namespace thaw::cli
