// thaw batch [PATH...]: score JSONL statement files, one output line a record.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "io.hpp"
#include "report_options.hpp"
#include "thaw/actors.hpp"
#include "thaw/batch.hpp"
#include "thaw/error.hpp"

namespace thaw::cli {
namespace {

struct BatchOptions {
  std::vector<std::string> paths;
  std::string output;
  std::string report;
  std::string lexicons;
  ReportFlags report_flags;
  bool strict = false;
  bool allow_new_actors = false;
  unsigned jobs = 0;
};

// Lines are scored in chunks so --jobs threads share the work while memory
// stays flat however large the input.
constexpr std::size_t kChunkLines = 2048;
constexpr std::size_t kChunkBytes = 8u << 20;

struct Counts {
  std::size_t read = 0, scored = 0, errors = 0, blank = 0;
};

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

int run_batch(const BatchOptions& o) {
  const auto inputs = expand_inputs(o.paths, {".jsonl"});
  LexiconSet lex = load_lexicons(o.lexicons);
  ActorList actors = lex.actors_file().empty() ? ActorList{} : ActorList::load(lex.actors_file(), lex.info().language);
  ReportBuilder report(o.report_flags.options());
  RecordOptions ropts;
  ropts.allow_new_actors = o.allow_new_actors;
  BatchScorer scorer(lex, actors, ropts, o.jobs);

  AtomicOutput out(o.output);
  Counts counts;
  bool stopped = false;
  std::vector<BatchLine> chunk;
  std::size_t chunk_bytes = 0;
  auto flush = [&] {
    for (const BatchResult& r : scorer.run(chunk)) {
      if (stopped) break;
      out.write(r.json);
      out.write("\n");
      if (r.error) {
        ++counts.errors;
        report.add_error();
        if (o.strict) stopped = true;
      } else {
        ++counts.scored;
        if (r.report) report.add(*r.report);
      }
    }
    chunk.clear();
    chunk_bytes = 0;
  };

  for (const Input& input : inputs) {
    auto stream = open_input(input);
    const std::string* name = input.is_stdin ? nullptr : &input.name;
    for_each_line(*stream, [&](std::string&& line, std::size_t number) {
      if (is_blank(line)) {
        ++counts.blank;
        return true;
      }
      ++counts.read;
      chunk_bytes += line.size();
      chunk.push_back({std::move(line), number, name});
      // --strict scores one line at a time so it stops right at the first error.
      if (o.strict || chunk.size() >= kChunkLines || chunk_bytes >= kChunkBytes) flush();
      return !stopped;
    });
    if (stream->bad()) throw Error(input.name + ": read error");
    if (stopped) break;
  }
  if (!stopped) flush();

  std::cerr << "thaw batch: " << counts.read << " records read, " << counts.scored << " scored, "
            << counts.errors << " errors, " << counts.blank << " blank lines skipped"
            << (stopped ? " (stopped at the first error: --strict)" : "") << "\n";
  if (stopped) return kBadInput;  // the unfinished output is removed, never renamed into place
  out.commit();
  if (!o.report.empty()) {
    nlohmann::ordered_json params = o.report_flags.parameters("batch", o.paths);
    AtomicOutput rep(o.report);
    rep.write(report.to_json(lex.info(), params).dump(2) + "\n");
    rep.commit();
  }
  return counts.errors ? kBadInput : kOk;
}

}  // namespace

Command add_batch_command(CLI::App& app) {
  auto o = std::make_shared<BatchOptions>();
  CLI::App* sub = app.add_subcommand("batch", "Score JSONL statement files (or stdin), one output line per record");
  sub->add_option("paths", o->paths, "JSONL files, folders of them, or - for standard input (default)");
  sub->add_option("-o,--output", o->output, "Write scored records here (atomically) instead of stdout");
  sub->add_option("--report", o->report, "Also write a JSON report of warmth by actor to this file");
  add_report_flags(*sub, o->report_flags);
  sub->add_flag("--strict", o->strict, "Stop at the first record that cannot be scored");
  sub->add_flag("--allow-new-actors", o->allow_new_actors, "Accept actor ids that are not in the actor list");
  sub->add_option("-j,--jobs", o->jobs, "Scoring threads (default: one per core)");
  sub->add_option("--lexicons", o->lexicons, "Lexicon folder (default: $THAW_LEXICONS, installed, or source tree)");
  return {sub, [o] { return run_batch(*o); }};
}

}  // namespace thaw::cli
