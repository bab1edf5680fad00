#include "thaw/report.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "thaw/error.hpp"
#include "thaw/record.hpp"
#include "thaw/version.hpp"

namespace thaw {
namespace {

// Average Gregorian month, so a slope "per month" means per 30.44 days.
constexpr double kDaysPerMonth = 365.2425 / 12.0;

// Trend x is counted in months from here, not from 1970: small x keeps
// sxx - sx^2/n precise (at x ~ 640 equal dates left rounding noise that was
// fitted as a slope). Any fixed origin gives the same slope.
constexpr std::chrono::sys_days kTrendOrigin{std::chrono::year{2023} / std::chrono::January / 1};

double round4(double v) {
  double r = std::round(v * 10000.0) / 10000.0;
  return r == 0 ? 0.0 : r;
}

std::chrono::sys_days to_days(const std::string& date) {
  using namespace std::chrono;
  const int y = std::stoi(date.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  return sys_days{year{y} / month{m} / day{d}};
}

Label label_from(const std::string& s) {
  if (s == "warm") return Label::Warm;
  if (s == "cold") return Label::Cold;
  if (s == "neutral") return Label::Neutral;
  throw Error("bad label '" + s + "' in scored record");
}

nlohmann::ordered_json term_list(const Accumulator& acc, bool warm, std::size_t top) {
  std::vector<std::pair<std::string, Accumulator::TermSum>> v;
  for (const auto& [term, sum] : acc.terms)
    if (warm ? sum.total > 0 : sum.total < 0) v.emplace_back(term, sum);
  std::stable_sort(v.begin(), v.end(), [&](const auto& a, const auto& b) {
    return warm ? a.second.total > b.second.total : a.second.total < b.second.total;
  });
  if (v.size() > top) v.resize(top);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [term, sum] : v)
    out.push_back({{"term", term}, {"total", round4(sum.total)}, {"count", sum.count}});
  return out;
}

nlohmann::ordered_json stats_json(const Accumulator& acc, std::size_t top) {
  nlohmann::ordered_json j;
  j["n"] = acc.n;
  j["mean"] = round4(acc.mean());
  if (auto ci = acc.ci95()) j["ci95"] = {round4(ci->first), round4(ci->second)};
  else j["ci95"] = nullptr;
  j["stance"] = std::string(acc.stance());
  j["warm"] = acc.warm;
  j["neutral"] = acc.neutral;
  j["cold"] = acc.cold;
  j["top_warm_terms"] = term_list(acc, true, top);
  j["top_cold_terms"] = term_list(acc, false, top);
  return j;
}

}  // namespace

std::optional<ReportRecord> report_record_from_json(const nlohmann::ordered_json& j) {
  if (!j.is_object() || j.contains("error")) return std::nullopt;
  auto score = j.find("score");
  auto label = j.find("label");
  if (score == j.end() || !score->is_number() || label == j.end() || !label->is_string())
    throw Error("scored record has no numeric 'score' and string 'label'");
  ReportRecord r;
  r.score = score->get<double>();
  r.label = label_from(label->get<std::string>());
  if (auto a = j.find("actor"); a != j.end() && a->is_string()) r.actor = a->get<std::string>();
  if (auto d = j.find("date"); d != j.end() && d->is_string()) {
    if (!is_iso8601_date(d->get<std::string>()))
      throw Error("bad date '" + d->get<std::string>() + "' in scored record");
    r.date = d->get<std::string>();
  }
  if (auto ev = j.find("evidence"); ev != j.end() && ev->is_array())
    for (const auto& e : *ev)
      if (e.contains("term") && e.contains("contribution"))
        r.terms.emplace_back(e["term"].get<std::string>(), e["contribution"].get<double>());
  if (auto a = j.find("article"); a != j.end() && a->is_string()) {
    ArticleRef ref;
    ref.article = a->get<std::string>();
    if (auto i = j.find("index"); i != j.end() && i->is_number_unsigned()) ref.index = i->get<std::size_t>();
    if (auto k = j.find("kind"); k != j.end() && k->is_string()) ref.kind = k->get<std::string>();
    if (auto s = j.find("speaker"); s != j.end() && s->is_string()) ref.speaker = s->get<std::string>();
    if (auto s = j.find("resolved_speaker"); s != j.end() && s->is_string()) ref.resolved_speaker = s->get<std::string>();
    if (auto t = j.find("text"); t != j.end() && t->is_string()) ref.text = t->get<std::string>();
    r.article = std::move(ref);
  }
  return r;
}

std::string period_key(const std::optional<std::string>& date, Period period) {
  if (period == Period::None) return "all";
  if (!date) return "undated";
  switch (period) {
    case Period::Month: return date->substr(0, 7);
    case Period::Day: return date->substr(0, 10);
    case Period::Week: {
      using namespace std::chrono;
      const sys_days d = to_days(*date);
      const unsigned iso_wd = weekday{d}.iso_encoding();  // Monday 1 .. Sunday 7
      const sys_days thursday = d + days{4 - static_cast<int>(iso_wd)};
      const year_month_day ymd{thursday};
      const sys_days jan1{ymd.year() / January / 1};
      const auto week = (thursday - jan1).count() / 7 + 1;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(ymd.year()), static_cast<int>(week));
      return buf;
    }
    default: return "all";
  }
}

double t_critical_95(std::size_t df) {
  static constexpr std::array<double, 30> kTable{
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return std::numeric_limits<double>::infinity();
  if (df <= kTable.size()) return kTable[df - 1];
  // Cornish-Fisher expansion around the normal quantile; within 1e-4 of the
  // exact value for df > 30.
  const double z = 1.959963984540054, v = static_cast<double>(df);
  return z + (z * z * z + z) / (4 * v) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
}

void Accumulator::add(const ReportRecord& r) {
  ++n;
  sum += r.score;
  sum_sq += r.score * r.score;
  (r.label == Label::Warm ? warm : r.label == Label::Cold ? cold : neutral) += 1;
  for (const auto& [term, c] : r.terms) {
    auto& t = terms[term];
    t.total += c;
    ++t.count;
  }
}

void Accumulator::merge(const Accumulator& o) {
  n += o.n;
  sum += o.sum;
  sum_sq += o.sum_sq;
  warm += o.warm;
  neutral += o.neutral;
  cold += o.cold;
  for (const auto& [term, s] : o.terms) {
    auto& t = terms[term];
    t.total += s.total;
    t.count += s.count;
  }
}

std::optional<std::pair<double, double>> Accumulator::ci95() const {
  if (n < 2) return std::nullopt;
  const double dn = static_cast<double>(n);
  const double var = std::max(0.0, (sum_sq - sum * sum / dn) / (dn - 1));
  const double half = t_critical_95(n - 1) * std::sqrt(var / dn);
  return std::make_pair(mean() - half, mean() + half);
}

std::string_view Accumulator::stance() const {
  const auto ci = ci95();
  if (!ci) return "neutral";
  if (ci->first > 0) return "warm";
  if (ci->second < 0) return "cold";
  return "neutral";
}

void TrendSums::add(double x, double y) {
  ++n;
  sx += x;
  sy += y;
  sxx += x * x;
  sxy += x * y;
  syy += y * y;
}

void TrendSums::merge(const TrendSums& o) {
  n += o.n;
  sx += o.sx;
  sy += o.sy;
  sxx += o.sxx;
  sxy += o.sxy;
  syy += o.syy;
}

std::optional<Trend> TrendSums::fit() const {
  if (n < 3) return std::nullopt;
  const double dn = static_cast<double>(n);
  const double cxx = sxx - sx * sx / dn;
  // Equal x values leave only rounding noise in cxx, relative to sxx.
  if (cxx <= 1e-12 + 1e-9 * sxx) return std::nullopt;
  const double cxy = sxy - sx * sy / dn;
  const double cyy = syy - sy * sy / dn;
  Trend t;
  t.n = n;
  t.slope_per_month = cxy / cxx;
  const double residual = std::max(0.0, cyy - t.slope_per_month * cxy);
  t.standard_error = std::sqrt(residual / (dn - 2) / cxx);
  const double bound = t_critical_95(n - 2) * t.standard_error;
  t.direction = t.slope_per_month > bound ? "warming" : t.slope_per_month < -bound ? "cooling" : "flat";
  return t;
}

ReportBuilder::ReportBuilder(ReportOptions options) : options_(std::move(options)) {}

bool ReportBuilder::add(const ReportRecord& r) {
  if (options_.from || options_.to) {
    // Bounds compare the date part lexicographically: ISO dates sort as text.
    if (!r.date || (options_.from && r.date->substr(0, 10) < *options_.from) ||
        (options_.to && r.date->substr(0, 10) > *options_.to)) {
      ++excluded_;
      return false;
    }
  }
  ActorGroup& g = actors_[r.actor.value_or("")];
  g.all.add(r);
  if (options_.period != Period::None) g.periods[period_key(r.date, options_.period)].add(r);
  if (r.date) {
    const auto days = (to_days(*r.date) - kTrendOrigin).count();
    g.trend.add(static_cast<double>(days) / kDaysPerMonth, r.score);
  }
  totals_.add(r);
  if (options_.by_article && r.article) articles_[r.article->article].push_back({*r.article, r.actor, r.score, r.label});
  return true;
}

void ReportBuilder::merge(const ReportBuilder& o) {
  for (const auto& [actor, og] : o.actors_) {
    ActorGroup& g = actors_[actor];
    g.all.merge(og.all);
    g.trend.merge(og.trend);
    for (const auto& [p, acc] : og.periods) g.periods[p].merge(acc);
  }
  totals_.merge(o.totals_);
  for (const auto& [article, list] : o.articles_) {
    auto& mine = articles_[article];
    mine.insert(mine.end(), list.begin(), list.end());
  }
  errors_ += o.errors_;
  excluded_ += o.excluded_;
}

nlohmann::ordered_json ReportBuilder::to_json(const LexiconInfo& lexicon,
                                              const nlohmann::ordered_json& parameters) const {
  nlohmann::ordered_json j;
  j["thaw_version"] = kVersion;
  j["lexicon"] = {{"name", lexicon.name}, {"version", lexicon.version}};
  j["parameters"] = parameters;
  nlohmann::ordered_json totals = stats_json(totals_, options_.top_terms);
  totals["errors"] = errors_;
  totals["excluded_by_date"] = excluded_;
  j["totals"] = std::move(totals);
  nlohmann::ordered_json actors = nlohmann::ordered_json::array();
  // Named actors in id order, unattributed statements last.
  std::vector<const std::pair<const std::string, ActorGroup>*> order;
  for (const auto& kv : actors_) order.push_back(&kv);
  std::stable_partition(order.begin(), order.end(), [](auto* kv) { return !kv->first.empty(); });
  for (const auto* kv : order) {
    const auto& [actor, g] = *kv;
    nlohmann::ordered_json a;
    a["actor"] = actor.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(actor);
    a.update(stats_json(g.all, options_.top_terms));
    if (auto t = g.trend.fit()) {
      a["trend"] = {{"n", t->n},
                    {"slope_per_month", round4(t->slope_per_month)},
                    {"standard_error", round4(t->standard_error)},
                    {"direction", t->direction}};
    } else {
      a["trend"] = nullptr;
    }
    if (options_.period != Period::None) {
      nlohmann::ordered_json periods = nlohmann::ordered_json::array();
      for (const auto& [key, acc] : g.periods) {
        if (key == "undated") continue;
        nlohmann::ordered_json p;
        p["period"] = key;
        p.update(stats_json(acc, options_.top_terms));
        periods.push_back(std::move(p));
      }
      if (auto u = g.periods.find("undated"); u != g.periods.end()) {
        nlohmann::ordered_json p;
        p["period"] = "undated";
        p.update(stats_json(u->second, options_.top_terms));
        periods.push_back(std::move(p));
      }
      a["periods"] = std::move(periods);
    }
    actors.push_back(std::move(a));
  }
  j["actors"] = std::move(actors);
  if (options_.by_article) j["articles"] = articles_json();
  return j;
}

// --by article: per article, its speakers in order of first appearance, each
// with the mean warmth and label counts of their statements and the
// statements themselves. A speaker is an actor id; speakers outside the actor
// list ("other") are told apart by name, follow-ups ("she") joining the name
// they stand for. Narration is counted, not listed.
nlohmann::ordered_json ReportBuilder::articles_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [article, given] : articles_) {
    std::vector<const ArticleStatement*> list;
    for (const auto& s : given) list.push_back(&s);
    std::stable_sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->ref.index < b->ref.index; });
    struct Group {
      std::optional<std::string> actor;
      std::string name;
      std::vector<std::string> written;
      Accumulator acc;
      nlohmann::ordered_json statements = nlohmann::ordered_json::array();
    };
    std::vector<Group> groups;
    std::map<std::string, std::size_t> group_of;
    Accumulator all;
    std::size_t narration = 0;
    for (const ArticleStatement* s : list) {
      if (s->ref.kind == "narration" || !s->actor) {
        ++narration;
        continue;
      }
      const std::string name = s->ref.resolved_speaker.value_or(s->ref.speaker.value_or(""));
      const std::string key = *s->actor == "other" ? "other:" + name : *s->actor;
      auto [it, fresh] = group_of.emplace(key, groups.size());
      if (fresh) groups.push_back({s->actor, name, {}, {}, nlohmann::ordered_json::array()});
      Group& g = groups[it->second];
      if (s->ref.speaker && std::find(g.written.begin(), g.written.end(), *s->ref.speaker) == g.written.end())
        g.written.push_back(*s->ref.speaker);
      ReportRecord r;
      r.score = s->score;
      r.label = s->label;
      g.acc.add(r);
      all.add(r);
      g.statements.push_back({{"index", s->ref.index},
                              {"speaker", s->ref.speaker ? nlohmann::ordered_json(*s->ref.speaker) : nlohmann::ordered_json(nullptr)},
                              {"kind", s->ref.kind},
                              {"score", round4(s->score)},
                              {"label", std::string(to_string(s->label))},
                              {"text", s->ref.text}});
    }
    nlohmann::ordered_json a;
    a["article"] = article;
    a["n"] = all.n;
    a["mean"] = round4(all.mean());
    a["narration"] = narration;
    nlohmann::ordered_json speakers = nlohmann::ordered_json::array();
    for (Group& g : groups) {
      nlohmann::ordered_json sp;
      sp["actor"] = g.actor ? nlohmann::ordered_json(*g.actor) : nlohmann::ordered_json(nullptr);
      sp["speaker"] = g.name;
      sp["written_as"] = g.written;
      sp["n"] = g.acc.n;
      sp["mean"] = round4(g.acc.mean());
      sp["warm"] = g.acc.warm;
      sp["neutral"] = g.acc.neutral;
      sp["cold"] = g.acc.cold;
      sp["statements"] = std::move(g.statements);
      speakers.push_back(std::move(sp));
    }
    a["speakers"] = std::move(speakers);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace thaw
