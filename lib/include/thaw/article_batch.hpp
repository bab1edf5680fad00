// Scoring articles in a batch: each statement the extractor finds becomes a
// scored record (the batch output contract) with the article fields added:
//   article, index, kind, start, end, speaker, and actor ("other" for a named
//   speaker missing from the actor list), actor_source "speaker".
// Narration, when asked for, comes with actor null and actor_source "none".
// See docs/articles.md. The caller reads files; this only turns article
// texts into output lines.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "thaw/actors.hpp"
#include "thaw/article.hpp"
#include "thaw/batch.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/record.hpp"

namespace thaw {

struct ArticleInput {
  std::string id;                   // "article": the file name without extension, or the record's id
  std::string body;                 // the article text
  std::optional<std::string> date;  // ISO 8601, copied to every statement
  std::string lang = "en";
  nlohmann::ordered_json passthrough = nlohmann::ordered_json::object();  // "source", copied to every statement
  const std::string* file = nullptr;  // input name for an error record; null = none
  std::size_t line = 0;               // 1-based line of a JSONL record; 0 for a text file
  bool repaired_utf8 = false;         // invalid UTF-8 was replaced: every statement is flagged
};

// Cheap test run before parsing: could this JSONL line carry an article?
// (It mentions a "body" key.) False means it is certainly a statement record.
bool may_be_article_record(std::string_view line);

// Parses a JSONL article record {"body", "id"?, "date"?, "source"?, "lang"?}.
// Returns nullopt when the line is valid JSON but not an article record (no
// "body", or it has "text": it is then scored as a statement record), a
// RecordError for a bad article record (body not a string, bad date, ...).
// `fallback_id` becomes the article id when the record has none.
std::optional<std::variant<ArticleInput, RecordError>> parse_article_record(std::string_view line,
                                                                            const std::string& fallback_id);

// Scores articles in parallel, results in input order. Not thread-safe
// itself; the lexicon set and actor list must outlive it.
class ArticleScorer {
 public:
  // jobs = 0 means one per hardware thread.
  ArticleScorer(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options, unsigned jobs,
                ArticleOptions article_options = {});
  ~ArticleScorer();

  // results[i] holds article i's output lines in article order: one scored
  // record a statement (and a narration segment), or a single error record
  // if the article could not be processed. Never throws for bad input.
  std::vector<std::vector<BatchResult>> run(const std::vector<ArticleInput>& articles);

 private:
  struct Worker;
  unsigned jobs_;
  ArticleOptions article_options_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace thaw
