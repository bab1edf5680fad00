#include "thaw/batch.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

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

// An exact set of strings in one pool: each id is stored once, after its
// length, and an open-addressing table holds (pool offset, hash check) pairs.
// A std::unordered_set<std::string> took about 90 bytes an id, which made
// peak memory grow by 80 MB over a million records.
class BatchScorer::IdSet {
 public:
  // Adds `id`; returns false if it was there already.
  bool insert(std::string_view id) {
    reserve(1);
    const std::uint64_t h = hash(id);
    const std::uint64_t check = h >> kOffsetBits;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = check << kOffsetBits | store(id);
        ++count_;
        return true;
      }
      if (slot >> kOffsetBits == check && at(slot & kOffsetMask) == id) return false;
    }
  }
  // Room for `more` inserts without a grow() in between, so that slots
  // prefetched for them stay the slots they probe.
  void reserve(std::size_t more) {
    while ((count_ + more) * 10 > slots_.size() * 7) grow();
  }
  // Starts loading the slot insert(id) probes first. The table is megabytes
  // (4 MB at 200,000 ids) and each insert's first load a cache miss: one
  // after another in the in-order loop, they were 3% of a batch's cycles,
  // nearly all of it on that load; prefetched for a whole chunk first, the
  // misses overlap.
  void prefetch(std::string_view id) const { __builtin_prefetch(&slots_[hash(id) & mask_], 1); }

 private:
  // A slot: the hash's top 24 bits over the id's place in pool_ plus 1 (40
  // bits: a terabyte of ids); 0 is an empty slot.
  static constexpr int kOffsetBits = 40;
  static constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << kOffsetBits) - 1;

  // Multiply-xor over 8-byte loads: an id is a dozen bytes, one or two
  // loads, where std::hash (a call to libstdc++'s _Hash_bytes) took about
  // 56 instructions an id, and as many again when grow() moves it. The top
  // bits are the slot's check, the low ones its place: both are mixed.
  static std::uint64_t hash(std::string_view s) {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
    const char* p = s.data();
    const std::size_t n = s.size();
    auto load = [](const char* q, std::size_t bytes) {
      std::uint64_t v = 0;
      std::memcpy(&v, q, bytes);
      return v;
    };
    auto mix = [&](std::uint64_t h, std::uint64_t w) {
      h = (h ^ w) * k;
      return h ^ h >> 29;
    };
    std::uint64_t h = (n + 1) * k;
    if (n >= 8) {
      std::size_t i = 0;
      for (; i + 8 <= n; i += 8) h = mix(h, load(p + i, 8));
      if (i < n) h = mix(h, load(p + n - 8, 8));  // the last bytes again: the length is in h
    } else if (n >= 4) {
      h = mix(h, load(p, 4) | load(p + n - 4, 4) << 32);
    } else if (n > 0) {
      h = mix(h, static_cast<unsigned char>(p[0]) | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
                     std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
    }
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ h >> 31;
  }
  // The length as a little-endian base-128 number, then the bytes.
  std::uint64_t store(std::string_view id) {
    const std::uint64_t offset = pool_.size() + 1;
    for (std::size_t n = id.size();; n >>= 7) {
      pool_.push_back(static_cast<char>((n & 0x7F) | (n > 0x7F ? 0x80 : 0)));
      if (n <= 0x7F) break;
    }
    pool_.append(id);
    return offset;
  }
  std::string_view at(std::uint64_t offset) const {
    std::size_t p = offset - 1, n = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<unsigned char>(pool_[p++]);
      n |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    return std::string_view(pool_).substr(p, n);
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(1024, old.size() * 2), 0);
    mask_ = slots_.size() - 1;
    for (std::uint64_t s : old) {
      if (s == 0) continue;
      for (std::size_t i = hash(at(s & kOffsetMask)) & mask_;; i = (i + 1) & mask_)
        if (slots_[i] == 0) {
          slots_[i] = s;
          break;
        }
    }
  }

  std::string pool_;
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0, count_ = 0;
};

BatchScorer::BatchScorer(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options,
                         unsigned jobs)
    : jobs_(jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : jobs),
      seen_ids_(std::make_unique<IdSet>()) {
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
