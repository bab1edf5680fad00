// thaw batch [PATH...]: score JSONL statement files, one output line a record.
// Plain-text articles (.txt, .md) and JSONL records with a "body" are split
// into their speakers' statements first (docs/articles.md).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "common.hpp"
#include "io.hpp"
#include "report_options.hpp"
#include "thaw/actors.hpp"
#include "thaw/article_batch.hpp"
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
  bool include_narration = false;
  bool model = false;
  unsigned jobs = 0;
};

// Lines are scored in chunks so --jobs threads share the work while memory
// stays flat however large the input. A chunk's output (about a kilobyte a
// line) is small enough at 256 lines to stay in the cores' caches until it is
// written: against 2,048 lines, the first size, one job had a sixth fewer
// simulated last-level misses (cachegrind, 20,000 bench lines), two jobs took
// the same time (hyperfine, 200,000 lines: 0.98 s against 0.99 s), and peak
// memory at a million records fell from 67 MB to 50 MB with two jobs, since
// each slot of the reused output strings keeps its storage.
constexpr std::size_t kChunkLines = 256;
// With one job the chunk's records are written straight from the scorer's
// strings (BlockWriter::append), and the kernel's copy reads them where the
// scorer left them: after 64 lines more of them are still in the core's
// cache than after 256 (perf, 200,000 bench lines: the kernel's copy 2.8% of
// the time against 3.6%; the block copy it replaced, memmove, was 3.9%).
constexpr std::size_t kChunkLinesOneJob = 64;
constexpr std::size_t kChunkBytes = 8u << 20;
// Articles are longer and fewer: a chunk of them keeps every job busy.
constexpr std::size_t kChunkArticles = 64;

struct Counts {
  std::size_t read = 0, scored = 0, errors = 0, blank = 0;
  std::size_t articles = 0, statements = 0, narration = 0, article_errors = 0;
};

bool is_article_file(const Input& input) {
  if (input.is_stdin) return false;
  const auto ext = std::filesystem::path(input.name).extension();
  return ext == ".txt" || ext == ".md";
}

std::string read_whole(std::istream& in, const std::string& name) {
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) throw Error(name + ": read error");
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

int run_batch(const BatchOptions& o) {
  const auto inputs = expand_inputs(o.paths, {".jsonl", ".txt", ".md"});
  const LexiconSet& lex = load_lexicons(o.lexicons, o.model);
  ActorList actors = lex.actors_file().empty() ? ActorList{} : ActorList::load(lex.actors_file(), lex.info().language);
  ReportBuilder report(o.report_flags.options());
  RecordOptions ropts;
  ropts.allow_new_actors = o.allow_new_actors;
  BatchScorer scorer(lex, actors, ropts, o.jobs);
  scorer.collect_reports(!o.report.empty());  // without --report nobody reads them

  // Built on the first article only, so statement-only runs pay nothing for it.
  std::optional<ArticleScorer> article_scorer;
  std::vector<ArticleInput> articles;
  std::size_t article_bytes = 0;

  AtomicOutput out(o.output);
  // One scoring thread writes as it goes; with more, a writer thread does.
  BlockWriter writer(out, scorer.jobs() > 1);
  const std::size_t chunk_lines = scorer.jobs() > 1 ? kChunkLines : kChunkLinesOneJob;
  Counts counts;
  bool stopped = false;
  std::vector<BatchLine> chunk;
  std::size_t chunk_bytes = 0;
  // Each line is copied into a string kept from chunk to chunk. Moving the
  // line itself into the chunk left the reader an empty string to grow again
  // through its doublings, five allocations for a 300-byte line.
  std::vector<std::string> spare_lines;
  // The output lines of a chunk, handed to the writer together. Each takes
  // its newline at its end (the results are not read again): as a piece of
  // its own, one byte for writev, the newline doubled the kernel's time
  // copying the output (perf: copy_folio_from_iter_atomic from 1.6% of a
  // batch's time to 3.8%).
  std::vector<std::string_view> out_lines;
  auto flush_articles = [&] {
    if (articles.empty()) return;
    if (!article_scorer) article_scorer.emplace(lex, actors, ropts, o.jobs, ArticleOptions{o.include_narration});
    for (auto& lines : article_scorer->run(articles)) {
      out_lines.clear();
      for (BatchResult& r : lines) {
        if (stopped) break;
        r.json += '\n';
        out_lines.push_back(r.json);
        if (r.error) {
          ++counts.article_errors;
          report.add_error();
          if (o.strict) stopped = true;
          continue;
        }
        if (r.report && r.report->article && r.report->article->kind == "narration") ++counts.narration;
        else ++counts.statements;
        if (r.report) report.add(*r.report);
      }
      writer.append(out_lines);
    }
    articles.clear();
    article_bytes = 0;
    writer.hand_off();
  };
  std::vector<BatchResult> results;  // reused from chunk to chunk (BatchScorer::run)
  auto flush = [&] {
    flush_articles();  // whatever came first goes out first
    // An empty chunk (an article came first) is not run: run() would cut
    // `results` to nothing and the next chunk regrow every string.
    if (chunk.empty()) return;
    scorer.run(chunk, results);
    out_lines.clear();
    for (BatchResult& r : results) {
      if (stopped) break;
      r.json += '\n';
      out_lines.push_back(r.json);
      if (r.error) {
        ++counts.errors;
        report.add_error();
        if (o.strict) stopped = true;
      } else {
        ++counts.scored;
        if (r.report) report.add(*r.report);
      }
    }
    writer.append(out_lines);
    for (BatchLine& l : chunk) spare_lines.push_back(std::move(l.text));
    chunk.clear();
    chunk_bytes = 0;
    writer.hand_off();
  };
  auto add_article = [&](ArticleInput a) {
    if (!chunk.empty()) flush();
    ++counts.articles;
    article_bytes += a.body.size();
    articles.push_back(std::move(a));
    if (o.strict || articles.size() >= kChunkArticles || article_bytes >= kChunkBytes) flush_articles();
  };
  auto article_error = [&](const RecordError& e, const std::string* file, std::size_t line) {
    flush();
    nlohmann::ordered_json err;
    if (file) err["file"] = *file;
    err.update(error_record(line, e));
    writer.append(dump_line(err));
    writer.append("\n");
    writer.hand_off();
    ++counts.article_errors;
    report.add_error();
    if (o.strict) stopped = true;
  };

  for (const Input& input : inputs) {
    auto stream = open_input(input);
    const std::string* name = input.is_stdin ? nullptr : &input.name;
    if (is_article_file(input)) {
      ArticleInput a;
      a.id = std::filesystem::path(input.name).stem().string();
      a.body = read_whole(*stream, input.name);
      a.file = name;
      add_article(std::move(a));
      if (stopped || writer.failed()) break;
      continue;
    }
    const std::string stem = input.is_stdin ? "-" : std::filesystem::path(input.name).stem().string();
    LineReader reader(*stream);
    // One line after another, in place: for_each_line's string and
    // std::function call a line are not needed here.
    for (std::string_view line; reader.next(line);) {
      const std::size_t number = reader.number();
      if (is_blank(line)) {
        ++counts.blank;
        continue;
      }
      if (may_be_article_record(line)) {
        if (auto parsed = parse_article_record(line, stem + ":" + std::to_string(number))) {
          if (auto* a = std::get_if<ArticleInput>(&*parsed)) {
            a->file = name;
            a->line = number;
            add_article(std::move(*a));
          } else {
            ++counts.articles;
            article_error(std::get<RecordError>(*parsed), name, number);
          }
          if (stopped || writer.failed()) break;
          continue;
        }
      }
      ++counts.read;
      chunk_bytes += line.size();
      std::string text;
      if (!spare_lines.empty()) {
        text = std::move(spare_lines.back());
        spare_lines.pop_back();
      }
      text.clear();  // and append: assign's _M_replace costs twice as much
      text.append(line);
      chunk.push_back({std::move(text), number, name});
      // --strict scores one line at a time so it stops right at the first error.
      if (o.strict || chunk.size() >= chunk_lines || chunk_bytes >= kChunkBytes) flush();
      // Output that cannot be written (a full disk; a closed pipe when SIGPIPE
      // is ignored) ends the run: scoring on would be wasted, and endless on
      // an endless stdin.
      if (stopped || writer.failed()) break;
    }
    if (stream->bad()) throw Error(input.name + ": read error");
    if (stopped || writer.failed()) break;
  }
  if (!stopped) flush();
  writer.finish();
  out.throw_if_failed();  // before the summary, which would claim records were written

  const char* strict_note = stopped ? " (stopped at the first error: --strict)" : "";
  if (counts.read > 0 || counts.articles == 0)
    std::cerr << "thaw batch: " << counts.read << " records read, " << counts.scored << " scored, "
              << counts.errors << " errors, " << counts.blank << " blank lines skipped"
              << (counts.articles == 0 ? strict_note : "") << "\n";
  if (counts.articles > 0)
    std::cerr << "thaw batch: " << counts.articles << " articles read, " << counts.statements
              << " statements scored, " << counts.article_errors << " errors"
              << (o.include_narration ? ", " + std::to_string(counts.narration) + " narration segments" : std::string())
              << strict_note << "\n";
  if (stopped) return kBadInput;  // the unfinished output is removed, never renamed into place
  out.commit();
  if (!o.report.empty()) {
    nlohmann::ordered_json params = o.report_flags.parameters("batch", o.paths);
    AtomicOutput rep(o.report);
    rep.write(report.to_json(lex.info(), params).dump(2) + "\n");
    rep.commit();
  }
  return counts.errors || counts.article_errors ? kBadInput : kOk;
}

}  // namespace

Command add_batch_command(CLI::App& app) {
  auto o = std::make_shared<BatchOptions>();
  CLI::App* sub = app.add_subcommand(
      "batch", "Score JSONL statement files (or stdin), one output line per record; split articles into statements first");
  sub->add_option("paths", o->paths,
                  "JSONL files, articles (.txt, .md), folders of them, or - for standard input (default)");
  sub->add_option("-o,--output", o->output, "Write scored records here (atomically) instead of stdout");
  sub->add_option("--report", o->report, "Also write a JSON report of warmth by actor to this file");
  add_report_flags(*sub, o->report_flags);
  sub->add_flag("--strict", o->strict, "Stop at the first record that cannot be scored");
  sub->add_flag("--model", o->model, "Add the learned stance layer the lexicon set names (README, Accuracy)");
  sub->add_flag("--allow-new-actors", o->allow_new_actors, "Accept actor ids that are not in the actor list");
  sub->add_flag("--include-narration", o->include_narration,
                "Articles: also output the reporter's own sentences (actor null)");
  sub->add_option("-j,--jobs", o->jobs, "Scoring threads (default: one per core)");
  sub->add_option("--lexicons", o->lexicons, "Lexicon folder (default: $THAW_LEXICONS, installed, or source tree)");
  return {sub, [o] { return run_batch(*o); }};
}

}  // namespace thaw::cli
