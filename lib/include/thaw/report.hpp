// Reports: warmth by actor and period, with confidence intervals, label
// counts, the terms that drove the score, and each actor's trend.
//
// Accumulators hold only sums and counts, so partial reports built on
// different machines merge exactly (ReportBuilder::merge).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "thaw/lexicon.hpp"
#include "thaw/scorer.hpp"

namespace thaw {

// Where a statement extracted from an article stands in it (the article
// fields of a scored record, see docs/articles.md).
struct ArticleRef {
  std::string article;                          // article id
  std::size_t index = 0;                        // order in the article
  std::string kind;                             // direct, reported, transcript or narration
  std::optional<std::string> speaker;           // as written; null for narration
  std::optional<std::string> resolved_speaker;  // who a follow-up ("she") stands for
  std::string text;
};

// What the report needs of one scored record.
struct ReportRecord {
  std::optional<std::string> actor;
  std::optional<std::string> date;  // ISO 8601
  double score = 0;
  Label label = Label::Neutral;
  std::vector<std::pair<std::string, double>> terms;  // lexicon term, contribution
  std::optional<ArticleRef> article;  // set when the record has an "article" field
};

// Reads a scored record (the batch output contract). Returns nullopt for an
// error record (it has "error"); throws thaw::Error if a scored record lacks
// "score" or "label".
std::optional<ReportRecord> report_record_from_json(const nlohmann::ordered_json& j);

enum class Period : std::uint8_t { None, Month, Week, Day };

// "2023-03" (Month), "2023-W10" (ISO week), "2023-03-06" (Day), "all" (None),
// or "undated" when the record has no date.
std::string period_key(const std::optional<std::string>& date, Period period);

struct ReportOptions {
  Period period = Period::None;          // --by actor | actor,month | actor,week | actor,day
  std::optional<std::string> from, to;   // inclusive YYYY-MM-DD bounds on the date
  std::size_t top_terms = 5;
  bool by_article = false;               // --by article: also list each article's speakers and statements
};

// Sums for one group.
struct Accumulator {
  std::size_t n = 0;
  double sum = 0, sum_sq = 0;
  std::size_t warm = 0, neutral = 0, cold = 0;
  struct TermSum {
    double total = 0;
    std::size_t count = 0;
  };
  std::map<std::string, TermSum> terms;

  void add(const ReportRecord& r);
  void merge(const Accumulator& other);
  double mean() const { return n ? sum / static_cast<double>(n) : 0.0; }
  // Student-t 95% interval of the mean; nullopt when n < 2.
  std::optional<std::pair<double, double>> ci95() const;
  // "warm" or "cold" when the 95% interval lies wholly above or below zero,
  // else "neutral": the same test as a trend's direction, so a group is
  // called warm or cold only when its statements say so beyond chance.
  std::string_view stance() const;
};

// Least-squares line of score against time for one actor's dated statements.
struct Trend {
  std::size_t n = 0;
  double slope_per_month = 0;
  double standard_error = 0;
  std::string direction;  // "warming", "cooling" or "flat" (slope within its 95% interval of 0)
};

struct TrendSums {
  std::size_t n = 0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  void add(double months, double score);
  void merge(const TrendSums& o);
  // nullopt when fewer than 3 points or all on one date.
  std::optional<Trend> fit() const;
};

// The two-sided 95% critical value of Student's t with `df` degrees of freedom.
double t_critical_95(std::size_t df);

class ReportBuilder {
 public:
  explicit ReportBuilder(ReportOptions options = {});

  // Adds a record unless --from/--to exclude it; returns whether it was added.
  bool add(const ReportRecord& r);
  void add_error() { ++errors_; }
  void merge(const ReportBuilder& other);

  // The report object (documented in README.md, "Report fields").
  // `parameters` is copied in as given by the caller (command, inputs...).
  nlohmann::ordered_json to_json(const LexiconInfo& lexicon, const nlohmann::ordered_json& parameters) const;

 private:
  struct ActorGroup {
    Accumulator all;
    TrendSums trend;
    std::map<std::string, Accumulator> periods;
  };
  ReportOptions options_;
  std::map<std::string, ActorGroup> actors_;  // "" = no actor
  // --by article: every statement of every article, listed as given.
  struct ArticleStatement {
    ArticleRef ref;
    std::optional<std::string> actor;
    double score = 0;
    Label label = Label::Neutral;
  };
  std::map<std::string, std::vector<ArticleStatement>> articles_;
  nlohmann::ordered_json articles_json() const;
  Accumulator totals_;
  std::size_t errors_ = 0;
  std::size_t excluded_ = 0;
};

}  // namespace thaw
