// Articles: split a news article into its speakers' statements.
//
// A statement is one direct quotation (even when it runs over several
// sentences or is interrupted by its attribution), one reported-speech clause
// ("X said (that) ...", "according to X, ...", "..., X said."), or one answer
// paragraph of a transcript ("NAME: ...", "A: ..."). Each gets the speaker as
// written and an actor id from the actor list, or "other" for a named speaker
// the list does not hold. Follow-ups ("she added", "the minister said", 他还说)
// go to the most recent earlier speaker that matches them. The reporter's own
// narration is never attributed; it can be returned as narration segments.
//
// The rules are in lib/src/article.cpp, one small function each; the fixture
// tests/data/articles (README.md there) states what counts as a statement.
// The library does no I/O: callers pass the article's text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"

namespace thaw {

// The actor id given to a named speaker who is not in the actor list.
inline constexpr std::string_view kOtherActor = "other";

enum class StatementKind : std::uint8_t {
  Direct,      // contains a quotation in quote marks
  Reported,    // reported speech, no quote marks
  Transcript,  // an answer paragraph of a transcript
  Narration,   // the reporter's own words: no speaker (only with include_narration)
};
std::string_view to_string(StatementKind kind);

struct TextSpan {
  std::uint32_t start = 0;  // byte offsets into the article
  std::uint32_t end = 0;
};

struct ExtractedStatement {
  // The statement's own words: its segments without quote marks, joined by
  // one space ("The deal," Park said, "is a beginning." -> "The deal, is a beginning.").
  std::string text;
  std::uint32_t start = 0;  // byte span in the article from the first segment's
  std::uint32_t end = 0;    // start to the last segment's end
  std::vector<TextSpan> segments;  // the spans `text` was built from, in order
  std::string speaker;  // as written at the attribution ("Park Jin", "the minister", "she"); empty for narration
  std::string resolved_speaker;  // who that is: a follow-up's antecedent as first written ("she" -> "Kang Mi-sook"), else `speaker`
  std::string actor;    // actor id, kOtherActor, or empty for narration
  StatementKind kind = StatementKind::Direct;
  std::uint32_t index = 0;  // 0-based order among the statements (narration is numbered on its own)
};

struct ArticleOptions {
  bool include_narration = false;  // also return the unattributed sentences
};

// Extracts statements with one set of ICU break iterators. The actor list and
// lexicon set (its LexiconKind::Speech table supplies the speech cues) must
// outlive the extractor. Not thread-safe: use one extractor a thread.
class ArticleExtractor {
 public:
  // Throws thaw::Error only if ICU cannot create break iterators for `language`.
  ArticleExtractor(const ActorList& actors, const LexiconSet& lexicons, std::string_view language = "en");
  ~ArticleExtractor();
  ArticleExtractor(ArticleExtractor&&) noexcept;
  ArticleExtractor(const ArticleExtractor&) = delete;
  ArticleExtractor& operator=(const ArticleExtractor&) = delete;

  // Statements in article order (and narration segments between them when
  // asked). Offsets are byte offsets into `article_text`; if the text is not
  // valid UTF-8 they refer to its repaired form (invalid bytes replaced by
  // U+FFFD, see repair_utf8). Never throws for any input bytes (beyond
  // std::bad_alloc); an empty article gives an empty vector.
  std::vector<ExtractedStatement> extract(std::string_view article_text, const ArticleOptions& options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-shot convenience: builds an ArticleExtractor and runs it. Same contract.
std::vector<ExtractedStatement> extract_statements(std::string_view article_text, const ActorList& actors,
                                                   const LexiconSet& lexicons, const ArticleOptions& options = {});

}  // namespace thaw
