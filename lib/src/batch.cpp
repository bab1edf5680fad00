#include "thaw/batch.hpp"

#include <algorithm>
#include <thread>

namespace thaw {
namespace {

// Runs body(worker, begin, end) over [0, n) split into `workers` contiguous
// slices, one thread each (the calling thread takes the first slice).
template <typename Body>
void parallel_slices(std::size_t n, unsigned workers, Body body) {
  workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(workers, n)));
  if (workers <= 1) {
    body(0u, std::size_t{0}, n);
    return;
  }
  std::vector<std::thread> threads;
  const std::size_t step = (n + workers - 1) / workers;
  for (unsigned w = 1; w < workers; ++w) {
    const std::size_t b = std::min(n, w * step), e = std::min(n, b + step);
    threads.emplace_back([=, &body] { body(w, b, e); });
  }
  body(0u, std::size_t{0}, std::min(n, step));
  for (auto& t : threads) t.join();
}

}  // namespace

BatchScorer::BatchScorer(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options,
                         unsigned jobs)
    : jobs_(jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : jobs) {
  for (unsigned i = 0; i < jobs_; ++i) trackers_.push_back(std::make_unique<Tracker>(lexicons, actors, options));
}

BatchScorer::~BatchScorer() = default;

std::vector<BatchResult> BatchScorer::run(const std::vector<BatchLine>& chunk) {
  std::vector<BatchResult> results(chunk.size());
  std::vector<Tracker::LineResult> lines(chunk.size());
  // Lines the fast path does not serialize (error records) keep their object
  // here and take the original route below.
  std::vector<std::optional<nlohmann::ordered_json>> objects(chunk.size());
  parallel_slices(chunk.size(), jobs_, [&](unsigned w, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      lines[i] = trackers_[w]->process_line_json(chunk[i].text, chunk[i].line, results[i].json, reports_);
      if (!lines[i].error) continue;
      nlohmann::ordered_json j = trackers_[w]->process_line(chunk[i].text, chunk[i].line);
      if (chunk[i].file && j.contains("error")) {
        // Put "file" before "line" so an error record reads FILE, LINE, problem.
        nlohmann::ordered_json with_file;
        with_file["file"] = *chunk[i].file;
        with_file.update(j);
        j = std::move(with_file);
      }
      objects[i] = std::move(j);
    }
  });

  // In input order: duplicate ids and report records.
  static constexpr std::string_view kDuplicate = "\"duplicate_id\"";
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    if (objects[i]) {
      auto& j = *objects[i];
      results[i].error = j.contains("error");
      if (!results[i].error) {
        if (auto id = j.find("id"); id != j.end() && id->is_string())
          if (!seen_ids_.insert(id->get<std::string>()).second) j["flags"].push_back("duplicate_id");
        if (reports_) results[i].report = report_record_from_json(j);
      }
      results[i].json = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      continue;
    }
    Tracker::LineResult& line = lines[i];
    if (line.id && !seen_ids_.insert(*line.id).second) {
      // The serialized form of j["flags"].push_back("duplicate_id").
      std::string flag(line.flags_empty ? "" : ",");
      flag.append(kDuplicate);
      results[i].json.insert(line.flags_end, flag);
    }
    results[i].report = std::move(line.report);
  }
  return results;
}

}  // namespace thaw
