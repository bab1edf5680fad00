#include "thaw/article_batch.hpp"
#include "thaw/tokenizer.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

#include "thaw/tracker.hpp"

namespace thaw {

struct ArticleScorer::Worker {
  Worker(const LexiconSet& lexicons, const ActorList& actors, const RecordOptions& options)
      : tracker(lexicons, actors, options), extractor(actors, lexicons) {}
  Tracker tracker;
  ArticleExtractor extractor;
};

// line.find("\"body\"") != npos, searched from the 'b': find() jumps from
// one '"' to the next with a memchr call each, and a record has sixteen or
// so, its text about three b's (10.8M of 933M instructions for 20,000
// bench lines went to this test).
bool may_be_article_record(std::string_view line) {
  static constexpr std::string_view kKey = "\"body\"";
  const char* const data = line.data();
  // The 'b' of a match stands at 1 to size - 5.
  for (std::size_t at = 1; at + kKey.size() <= line.size() + 1;) {
    const void* b = std::memchr(data + at, 'b', line.size() + 2 - kKey.size() - at);
    if (!b) return false;
    at = static_cast<std::size_t>(static_cast<const char*>(b) - data);
    if (line.substr(at - 1, kKey.size()) == kKey) return true;
    ++at;
  }
  return false;
}

std::optional<std::variant<ArticleInput, RecordError>> parse_article_record(std::string_view line,
                                                                            const std::string& fallback_id) {
  // Most lines are statements: skip the second JSON parse unless the line can
  // hold a "body" key at all.
  if (!may_be_article_record(line)) return std::nullopt;
  // As parse_record does: invalid UTF-8 becomes U+FFFD so the article is kept
  // (nlohmann::json would refuse the whole line and the article would be lost).
  std::string repaired;
  const bool repaired_utf8 = repair_utf8(line, repaired);
  if (repaired_utf8) line = repaired;
  if (json_nesting_depth(line) > kMaxJsonDepth) return std::nullopt;  // parse_record reports it
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto body = j.find("body");
  if (body == j.end() || j.contains("text")) return std::nullopt;

  ArticleInput a;
  std::optional<std::string> id;
  if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
    if (it->is_string()) id = it->get<std::string>();
    else if (it->is_number_integer()) id = it->dump();
    else return RecordError{std::string("'id' must be a string or an integer, not ") + it->type_name(), std::nullopt};
  }
  auto fail = [&](std::string message) { return RecordError{std::move(message), id}; };
  if (!body->is_string()) return fail(std::string("'body' must be a string, not ") + body->type_name());
  a.body = body->get<std::string>();
  a.repaired_utf8 = repaired_utf8;
  a.id = id.value_or(fallback_id);
  if (auto it = j.find("date"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return fail(std::string("'date' must be a string, not ") + it->type_name());
    if (!is_iso8601_date(it->get<std::string>()))
      return fail("bad date '" + it->get<std::string>() + "': expected ISO 8601 (YYYY-MM-DD)");
    a.date = it->get<std::string>();
  }
  if (auto it = j.find("lang"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return fail(std::string("'lang' must be a string, not ") + it->type_name());
    a.lang = it->get<std::string>();
  }
  if (auto it = j.find("source"); it != j.end()) a.passthrough["source"] = *it;
  return a;
}

ArticleScorer::ArticleScorer(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options,
                             unsigned jobs, ArticleOptions article_options)
    : jobs_(jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : jobs),
      article_options_(article_options) {
  for (unsigned i = 0; i < jobs_; ++i) workers_.push_back(std::make_unique<Worker>(lexicons, actors, options));
}

ArticleScorer::~ArticleScorer() = default;

namespace {

// One article's output lines. Statements are scored with their extracted
// actor given, so Tracker never re-attributes them; narration is scored with
// no actor and its actor is then cleared, because narration is nobody's.
std::vector<BatchResult> score_article(Tracker& tracker, ArticleExtractor& extractor, const ArticleInput& a,
                                       const ArticleOptions& options) {
  std::vector<BatchResult> out;
  for (ExtractedStatement& st : extractor.extract(a.body, options)) {
    const bool narration = st.kind == StatementKind::Narration;
    ParsedRecord rec;
    rec.statement.text = std::move(st.text);
    rec.statement.id = a.id + (narration ? "/n" : "/") + std::to_string(st.index);
    if (!narration) rec.statement.actor = st.actor;
    rec.statement.date = a.date;
    rec.statement.lang = a.lang;
    rec.passthrough = a.passthrough;
    rec.repaired_utf8 = a.repaired_utf8;
    nlohmann::ordered_json j = tracker.score_record(std::move(rec));
    if (narration) j["actor"] = nullptr;
    j["actor_source"] = narration ? "none" : "speaker";
    j["article"] = a.id;
    j["index"] = st.index;
    j["kind"] = std::string(to_string(st.kind));
    j["start"] = st.start;
    j["end"] = st.end;
    j["speaker"] = narration ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(st.speaker);
    j["resolved_speaker"] = narration ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(st.resolved_speaker);
    BatchResult r;
    r.report = report_record_from_json(j);
    r.json = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<std::vector<BatchResult>> ArticleScorer::run(const std::vector<ArticleInput>& articles) {
  std::vector<std::vector<BatchResult>> results(articles.size());
  auto work = [&](unsigned w, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const ArticleInput& a = articles[i];
      try {
        results[i] = score_article(workers_[w]->tracker, workers_[w]->extractor, a, article_options_);
      } catch (const std::exception& ex) {
        // An article must never take the batch down; report it in its place.
        nlohmann::ordered_json err;
        if (a.file) err["file"] = *a.file;
        err.update(error_record(a.line, {std::string("internal error: ") + ex.what(), a.id}));
        BatchResult r;
        r.error = true;
        r.json = err.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        results[i] = {std::move(r)};
      }
    }
  };
  // Contiguous slices, one thread each, as BatchScorer does: output order
  // never depends on the number of jobs.
  const unsigned workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs_, articles.size())));
  const std::size_t step = (articles.size() + workers - 1) / workers;
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) {
    const std::size_t b = std::min(articles.size(), w * step), e = std::min(articles.size(), b + step);
    threads.emplace_back([=, &work] { work(w, b, e); });
  }
  work(0, 0, std::min(articles.size(), step));
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace thaw
