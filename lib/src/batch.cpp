#include "thaw/batch.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

#include "id_set.hpp"

namespace thaw {
namespace {

// Lines a worker takes at a time: enough to make the shared counter cheap,
// few enough that the workers finish a chunk together. Since chunks are 256
// lines, a take of 32 left one core idle for half a take on average at the
// end of each chunk; 8 made two jobs 3-8% faster (hyperfine, 200,000 bench
// lines, two runs of ten: 0.92 -> 0.90 s, 0.98 -> 0.91 s), 4 no faster.
constexpr std::size_t kLinesPerTake = 8;

// Output strings up to this capacity keep their storage from chunk to chunk.
constexpr std::size_t kKeptOutputBytes = 16 * 1024;

}  // namespace

// Runs body(worker, begin, end) over [0, n) on the calling thread (worker 0)
// and the pool's helpers (workers 1 to helpers). Each takes the next
// kLinesPerTake lines when it is done with its last: fixed halves left one
// core idle whenever the other was slowed (by the output writer thread, or
// anything else the machine runs), since the chunk waits for its slowest
// slice. The helpers live as long as the BatchScorer: a chunk of 256 lines
// takes about a millisecond, and a new thread for each was a few percent of
// a two-job batch.
class BatchScorer::Pool {
 public:
  using Body = std::function<void(unsigned, std::size_t, std::size_t)>;

  explicit Pool(unsigned helpers) {
    try {
      for (unsigned w = 1; w <= helpers; ++w) threads_.emplace_back([this, w] { serve(w); });
    } catch (...) {
      stop_and_join();  // the threads already started, or their destructors would terminate
      throw;
    }
  }
  ~Pool() { stop_and_join(); }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Returns when every line is done. One run at a time (BatchScorer's).
  void run(std::size_t n, const Body& body) {
    {
      std::lock_guard lock(mutex_);
      body_ = &body;
      n_ = n;
      next_.store(0, std::memory_order_relaxed);
      busy_ = static_cast<unsigned>(threads_.size());
      ++round_;
    }
    wake_.notify_all();
    work(0u);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return busy_ == 0; });
    body_ = nullptr;
  }

 private:
  void work(unsigned w) {
    for (std::size_t b; (b = next_.fetch_add(kLinesPerTake, std::memory_order_relaxed)) < n_;)
      (*body_)(w, b, std::min(n_, b + kLinesPerTake));
  }
  void stop_and_join() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void serve(unsigned w) {
    std::uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || round_ != seen; });
      if (stop_) return;
      seen = round_;
      lock.unlock();
      work(w);
      lock.lock();
      if (--busy_ == 0) done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::uint64_t round_ = 0;  // counts run()s: a helper works once per round
  unsigned busy_ = 0;        // helpers still working on this round
  bool stop_ = false;
  const Body* body_ = nullptr;
  std::size_t n_ = 0;  // set under mutex_ before a round, read after waking
  std::atomic<std::size_t> next_{0};
  std::vector<std::thread> threads_;
};

BatchScorer::BatchScorer(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options,
                         unsigned jobs)
    : jobs_(jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : jobs),
      seen_ids_(std::make_unique<detail::IdSet>()) {
  for (unsigned i = 0; i < jobs_; ++i) trackers_.push_back(std::make_unique<Tracker>(lexicons, actors, options));
  if (jobs_ > 1) pool_ = std::make_unique<Pool>(jobs_ - 1);
}

BatchScorer::~BatchScorer() = default;

std::vector<BatchResult> BatchScorer::run(const std::vector<BatchLine>& chunk) {
  std::vector<BatchResult> results;
  run(chunk, results);
  return results;
}

void BatchScorer::run(const std::vector<BatchLine>& chunk, std::vector<BatchResult>& results) {
  results.resize(chunk.size());
  for (BatchResult& r : results) {
    // A record's output is about a kilobyte; one from a huge line is not
    // kept, or a slot could hold on to megabytes from chunk to chunk.
    if (r.json.capacity() > kKeptOutputBytes) std::string().swap(r.json);
    r.json.clear();
    r.error = false;
    r.report.reset();
  }
  // Kept from chunk to chunk: built and torn down for each, they cost more
  // than the few lines of their use. Every line's result is assigned below.
  std::vector<Tracker::LineResult>& lines = lines_;
  lines.resize(chunk.size());
  // Lines the fast path does not serialize (error records) keep their object
  // here and take the original route below.
  std::vector<std::optional<nlohmann::ordered_json>>& objects = objects_;
  objects.resize(chunk.size());
  for (auto& o : objects) o.reset();
  const Pool::Body body = [&](unsigned w, std::size_t b, std::size_t e) {
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
  };
  if (pool_) pool_->run(chunk.size(), body);
  else body(0u, 0, chunk.size());

  seen_ids_->reserve(chunk.size());
  for (std::size_t i = 0; i < chunk.size(); ++i)
    if (!objects[i] && lines[i].id) seen_ids_->prefetch(*lines[i].id);
  // In input order: duplicate ids and report records.
  static constexpr std::string_view kDuplicate = "\"duplicate_id\"";
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    if (objects[i]) {
      auto& j = *objects[i];
      results[i].error = j.contains("error");
      if (!results[i].error) {
        if (auto id = j.find("id"); id != j.end() && id->is_string())
          if (!seen_ids_->insert(id->get<std::string>())) j["flags"].push_back("duplicate_id");
        if (reports_) results[i].report = report_record_from_json(j);
      }
      results[i].json = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      continue;
    }
    Tracker::LineResult& line = lines[i];
    if (line.id && !seen_ids_->insert(*line.id)) {
      // The serialized form of j["flags"].push_back("duplicate_id").
      std::string flag(line.flags_empty ? "" : ",");
      flag.append(kDuplicate);
      results[i].json.insert(line.flags_end, flag);
    }
    results[i].report = std::move(line.report);
  }
}

}  // namespace thaw
