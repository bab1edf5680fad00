// Batch scoring: many JSONL lines at once, in parallel, results in input order.
//
// The caller (the CLI) reads files and writes output; this class only turns a
// chunk of lines into output lines. Output is byte-identical for any number of
// jobs: each line's result depends on that line alone, except the
// "duplicate_id" flag, which is decided in input order after scoring.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/record.hpp"
#include "thaw/report.hpp"
#include "thaw/tracker.hpp"

namespace thaw {

namespace detail {
class IdSet;  // lib/src/id_set.hpp
}

struct BatchLine {
  std::string text;          // one line, without its newline
  std::size_t line = 0;      // 1-based line number in its file
  const std::string* file = nullptr;  // input name for error records; null = none
};

struct BatchResult {
  std::string json;  // one output line, no newline
  bool error = false;
  std::optional<ReportRecord> report;  // the scored record, for a report
};

class BatchScorer {
 public:
  // jobs = 0 means one per hardware thread.
  BatchScorer(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options,
              unsigned jobs);
  ~BatchScorer();

  unsigned jobs() const noexcept { return jobs_; }

  // Whether run() fills BatchResult::report (default: yes). A caller that
  // writes no report saves building one per record.
  void collect_reports(bool on) noexcept { reports_ = on; }

  // Scores a chunk; results[i] belongs to chunk[i]. Remembers ids across calls
  // to flag duplicates. Never throws for bad input.
  std::vector<BatchResult> run(const std::vector<BatchLine>& chunk);
  // The same into `results`, resized to the chunk's size; its strings keep
  // their storage from call to call. A batch that passes the same vector
  // each time allocates nothing per record for the output: a fresh string a
  // record was a malloc, a free and a kilobyte of memory the cache had not
  // seen.
  void run(const std::vector<BatchLine>& chunk, std::vector<BatchResult>& results);

 private:
  unsigned jobs_;
  bool reports_ = true;
  std::vector<std::unique_ptr<Tracker>> trackers_;
  // Every id seen so far, for the duplicate_id flag: the one thing a batch
  // must remember from all its input, so it is kept compact (about 25 bytes an
  // id) rather than as a set of std::string.
  std::unique_ptr<detail::IdSet> seen_ids_;
  // Threads 1 to jobs - 1 (the caller of run() is the first); none with one job.
  class Pool;
  std::unique_ptr<Pool> pool_;
  // run()'s per-line scratch, kept from chunk to chunk.
  std::vector<Tracker::LineResult> lines_;
  std::vector<std::optional<nlohmann::ordered_json>> objects_;
};

}  // namespace thaw
