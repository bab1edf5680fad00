#include "thaw/stance.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <istream>
#include <map>
#include <ostream>

#include "thaw/error.hpp"
#include "tsv.hpp"

namespace thaw {
namespace {

bool is_stance_token(const Token& t) {
  if (t.kind == TokenKind::Word || t.kind == TokenKind::Number) return true;
  return t.kind == TokenKind::Punct && (t.folded == "?" || t.folded == "!");
}

// Softmax of three logits, shifted by their maximum so exp() cannot overflow.
StanceWeights softmax(const StanceWeights& z) {
  const double top = std::max({z[0], z[1], z[2]});
  StanceWeights p{};
  double sum = 0;
  for (std::size_t k = 0; k < kStanceClassCount; ++k) sum += p[k] = std::exp(z[k] - top);
  for (double& v : p) v /= sum;
  return p;
}

std::array<double, 3> lexicon_inputs(const LexiconReading& r) { return {r.score, r.positive, r.negative}; }

// "%.6f", without a "-0.000000".
std::string format_weight(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s(buf);
  if (s == "-0.000000") s = "0.000000";
  return s;
}

// Calls on_ngram(feature, first, last) for each n-gram of stance_ngrams, in
// its order, building each feature in a reused buffer. (predict() walks the
// tokens the same way by number: tests/test_stance_shipped.cpp checks the two
// agree.)
template <typename OnNgram>
void for_each_ngram(const TokenizedText& text, const std::vector<bool>& negated, OnNgram&& on_ngram) {
  std::string previous_form, form, pair;
  std::uint32_t previous = 0;
  bool have_previous = false;
  for (std::uint32_t i = 0; i < text.tokens.size(); ++i) {
    const Token& t = text.tokens[i];
    if (!is_stance_token(t)) continue;
    form.clear();
    if (i < negated.size() && negated[i]) form += kNegatedPrefix;
    form += t.folded;
    on_ngram(std::string_view(form), i, i + 1);
    if (have_previous) {
      pair.assign(previous_form).append(" ").append(form);
      on_ngram(std::string_view(pair), previous, i + 1);
    }
    previous_form.swap(form);
    previous = i;
    have_previous = true;
  }
}

}  // namespace

std::vector<StanceNgram> stance_ngrams(const TokenizedText& text, const std::vector<bool>& negated) {
  std::vector<StanceNgram> out;
  for_each_ngram(text, negated, [&](std::string_view f, std::uint32_t first, std::uint32_t last) {
    out.push_back({std::string(f), first, last});
  });
  return out;
}

// ---------------------------------------------------------------- the model

// The n-grams by number. Every feature string splits, at each of its spaces,
// into a left and a right word; each such word (and each whole feature) gets
// a number, and a pair of numbers maps to the feature they spell. A text's
// pair (previous form, form) then finds feature F exactly when F is
// previous + " " + form, as looking the string up would, without making it.
struct StanceModel::Compiled {
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  static std::uint64_t pair_key(std::uint32_t left, std::uint32_t right) {
    return (std::uint64_t{left} << 32) | right;
  }
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> word;  // form -> number
  std::vector<std::uint32_t> unigram;                    // by word number: the feature it is, or kNone
  std::unordered_map<std::uint64_t, std::uint32_t> pair;  // pair_key -> feature
  std::vector<std::string> name;                         // by feature
  std::vector<StanceWeights> weights;                    // by feature
};

StanceModel::StanceModel() { compile(); }

void StanceModel::compile() {
  auto c = std::make_shared<Compiled>();
  std::vector<std::string_view> sorted;  // numbered in byte order: the same numbers every time
  for (const auto& kv : ngrams_) sorted.push_back(kv.first);
  std::sort(sorted.begin(), sorted.end());
  auto number = [&](std::string_view w) {
    auto [it, fresh] = c->word.emplace(std::string(w), static_cast<std::uint32_t>(c->word.size()));
    if (fresh) c->unigram.push_back(Compiled::kNone);
    return it->second;
  };
  for (std::string_view f : sorted) {
    const auto index = static_cast<std::uint32_t>(c->name.size());
    c->name.emplace_back(f);
    c->weights.push_back(ngrams_.find(f)->second);
    const std::uint32_t whole = number(f);
    c->unigram[whole] = index;
    for (std::size_t at = f.find(' '); at != std::string_view::npos; at = f.find(' ', at + 1))
      c->pair.emplace(Compiled::pair_key(number(f.substr(0, at)), number(f.substr(at + 1))), index);
  }
  compiled_ = std::move(c);
}

const StanceWeights* StanceModel::weights(std::string_view feature) const {
  auto it = ngrams_.find(feature);
  return it == ngrams_.end() ? nullptr : &it->second;
}

StancePrediction StanceModel::predict(const TokenizedText& text, const LexiconReading& lexicon,
                                      const std::vector<bool>& negated) const {
  StancePrediction out;
  StanceWeights z = bias_;
  const auto inputs = lexicon_inputs(lexicon);
  for (std::size_t j = 0; j < inputs.size(); ++j)
    for (std::size_t k = 0; k < kStanceClassCount; ++k) z[k] += inputs[j] * lexicon_[j][k];

  // Features are present or absent (the model was trained that way): a word
  // said twice counts once. The walk is stance_ngrams' own, by number: one
  // string lookup a token, none a pair (the reference, n-gram strings looked
  // up in ngrams_, is checked against it in tests/test_stance_shipped.cpp).
  const Compiled& c = *compiled_;
  struct Found {
    std::uint32_t feature, first, last;
  };
  thread_local std::vector<Found> found;
  thread_local std::string negated_form;
  found.clear();
  auto add = [&](std::uint32_t f, std::uint32_t first, std::uint32_t last) {
    for (const Found& x : found)
      if (x.feature == f) return;
    found.push_back({f, first, last});
    for (std::size_t k = 0; k < kStanceClassCount; ++k) z[k] += c.weights[f][k];
  };
  std::uint32_t previous_word = Compiled::kNone, previous = 0;
  bool have_previous = false;
  for (std::uint32_t i = 0; i < text.tokens.size(); ++i) {
    const Token& t = text.tokens[i];
    if (!is_stance_token(t)) continue;
    std::string_view form = t.folded;
    if (i < negated.size() && negated[i]) form = negated_form.assign(kNegatedPrefix).append(t.folded);
    const auto it = c.word.find(form);
    const std::uint32_t word = it == c.word.end() ? Compiled::kNone : it->second;
    if (word != Compiled::kNone && c.unigram[word] != Compiled::kNone) add(c.unigram[word], i, i + 1);
    if (have_previous && previous_word != Compiled::kNone && word != Compiled::kNone)
      if (auto b = c.pair.find(Compiled::pair_key(previous_word, word)); b != c.pair.end()) add(b->second, previous, i + 1);
    previous_word = word;
    previous = i;
    have_previous = true;
  }
  auto warmth = [&](const Found& x) { return c.weights[x.feature][kStanceWarm] - c.weights[x.feature][kStanceCold]; };
  // The strongest few, by |warmth| (earlier first on a tie), shown in text order.
  std::stable_sort(found.begin(), found.end(),
                   [&](const Found& a, const Found& b) { return std::abs(warmth(a)) > std::abs(warmth(b)); });
  const std::size_t shown = std::min(found.size(), kLearnedShown);
  std::stable_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(shown),
                   [](const Found& a, const Found& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < shown; ++i)
    out.learned.push_back({c.name[found[i].feature], found[i].first, found[i].last, warmth(found[i])});
  out.known_ngrams = found.size();

  out.probability = softmax(z);
  out.score = out.probability[kStanceWarm] - out.probability[kStanceCold];
  // Ties go to neutral, then warm: never claim coldness on a coin toss.
  out.label = kStanceNeutral;
  if (out.probability[kStanceWarm] > out.probability[out.label]) out.label = kStanceWarm;
  if (out.probability[kStanceCold] > out.probability[out.label]) out.label = kStanceCold;

  return out;
}

StanceModel StanceModel::load(std::istream& in, const std::string& source) {
  StanceModel m;
  std::string line;
  std::size_t number = 0;
  auto fail = [&](const std::string& problem) { throw LoadError(source, number, problem); };

  if (!std::getline(in, line)) throw LoadError(source, 0, "empty file: expected the header 'thaw-stance<TAB>1'");
  ++number;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM, as the lexicon loader allows
  {
    const auto cols = tsv::split_tabs(line);
    if (cols.size() != 2 || cols[0] != "thaw-stance") fail("header must be 'thaw-stance<TAB>VERSION'");
    int version = 0;
    auto [p, ec] = std::from_chars(cols[1].data(), cols[1].data() + cols[1].size(), version);
    if (ec != std::errc() || p != cols[1].data() + cols[1].size() || version < 1)
      fail("bad format version '" + std::string(cols[1]) + "'");
    if (version > kStanceFormatVersion)
      fail("format version " + std::to_string(version) + " is newer than this build reads (" +
           std::to_string(kStanceFormatVersion) + ")");
  }

  std::map<std::string, std::size_t, std::less<>> special_lines;
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> ngram_lines;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank and comment lines, indented or not, as in the lexicon files.
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto cols = tsv::split_tabs(line);
    if (cols.size() != 4) fail("expected 4 TAB-separated columns (feature, cold, neutral, warm)");
    if (cols[0].empty()) fail("empty feature");
    StanceWeights w{};
    for (std::size_t k = 0; k < kStanceClassCount; ++k) {
      const std::string_view f = cols[k + 1];
      auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), w[k]);
      if (ec != std::errc() || p != f.data() + f.size() || !std::isfinite(w[k]))
        fail("bad weight '" + std::string(f) + "': expected a finite number");
    }
    const std::string feature(cols[0]);
    if (feature[0] == '@') {
      if (auto [it, fresh] = special_lines.emplace(feature, number); !fresh)
        fail("duplicate input '" + feature + "' (first at line " + std::to_string(it->second) + ")");
      if (feature == kStanceBias) m.bias_ = w;
      else if (feature == kStanceLexiconScore) m.lexicon_[0] = w;
      else if (feature == kStanceLexiconPositive) m.lexicon_[1] = w;
      else if (feature == kStanceLexiconNegative) m.lexicon_[2] = w;
      else fail("unknown input '" + feature + "'");
      continue;
    }
    if (auto [it, fresh] = ngram_lines.emplace(feature, number); !fresh)
      fail("duplicate feature '" + feature + "' (first at line " + std::to_string(it->second) + ")");
    m.ngrams_.emplace(feature, w);
  }
  for (std::string_view name : {kStanceBias, kStanceLexiconScore, kStanceLexiconPositive, kStanceLexiconNegative})
    if (!special_lines.count(name)) throw LoadError(source, 0, "missing input '" + std::string(name) + "'");
  m.compile();
  return m;
}

void StanceModel::write(std::ostream& out, const std::vector<std::string>& comments) const {
  out << "thaw-stance\t" << kStanceFormatVersion << "\n";
  for (const std::string& c : comments) out << "# " << c << "\n";
  out << "# columns: feature, then its weight for cold, neutral, warm\n";
  auto row = [&](std::string_view feature, const StanceWeights& w) {
    out << feature << '\t' << format_weight(w[0]) << '\t' << format_weight(w[1]) << '\t' << format_weight(w[2])
        << '\n';
  };
  row(kStanceBias, bias_);
  row(kStanceLexiconScore, lexicon_[0]);
  row(kStanceLexiconPositive, lexicon_[1]);
  row(kStanceLexiconNegative, lexicon_[2]);
  std::vector<const std::pair<const std::string, StanceWeights>*> sorted;
  sorted.reserve(ngrams_.size());
  for (const auto& kv : ngrams_) sorted.push_back(&kv);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (auto* kv : sorted) row(kv->first, kv->second);
}

// ---------------------------------------------------------------- training

void StanceTrainer::add(const TokenizedText& text, const LexiconReading& lexicon, const std::vector<bool>& negated,
                        StanceClass gold) {
  Example ex;
  for (StanceNgram& g : stance_ngrams(text, negated)) ex.ngrams.push_back(std::move(g.feature));
  std::sort(ex.ngrams.begin(), ex.ngrams.end());
  ex.ngrams.erase(std::unique(ex.ngrams.begin(), ex.ngrams.end()), ex.ngrams.end());
  ex.lexicon = lexicon;
  ex.gold = gold;
  examples_.push_back(std::move(ex));
}

namespace {

// The training problem in numbers: parameters are laid out as the bias (3),
// the lexicon inputs (3 x 3), then each n-gram's three weights.
struct Problem {
  struct Row {
    std::vector<std::uint32_t> features;
    std::array<double, 3> lexicon;
    StanceClass gold;
  };
  std::vector<Row> rows;
  std::size_t feature_count = 0;
  double l2 = 1;

  static constexpr std::size_t kLexiconOffset = kStanceClassCount;
  static constexpr std::size_t kNgramOffset = kLexiconOffset + 3 * kStanceClassCount;
  std::size_t size() const { return kNgramOffset + kStanceClassCount * feature_count; }

  // Penalised negative log-likelihood at `w`, and its gradient into `g`.
  double evaluate(const std::vector<double>& w, std::vector<double>& g) const {
    std::fill(g.begin(), g.end(), 0.0);
    double loss = 0;
    for (const Row& r : rows) {
      StanceWeights z{w[0], w[1], w[2]};
      for (std::size_t j = 0; j < 3; ++j)
        for (std::size_t k = 0; k < kStanceClassCount; ++k)
          z[k] += r.lexicon[j] * w[kLexiconOffset + j * kStanceClassCount + k];
      for (std::uint32_t f : r.features)
        for (std::size_t k = 0; k < kStanceClassCount; ++k) z[k] += w[kNgramOffset + f * kStanceClassCount + k];
      const StanceWeights p = softmax(z);
      loss -= std::log(std::max(p[r.gold], 1e-300));
      for (std::size_t k = 0; k < kStanceClassCount; ++k) {
        const double d = p[k] - (k == r.gold ? 1.0 : 0.0);
        g[k] += d;
        for (std::size_t j = 0; j < 3; ++j) g[kLexiconOffset + j * kStanceClassCount + k] += r.lexicon[j] * d;
        for (std::uint32_t f : r.features) g[kNgramOffset + f * kStanceClassCount + k] += d;
      }
    }
    // The bias is not penalised (as in scikit-learn), everything else is.
    for (std::size_t i = kLexiconOffset; i < w.size(); ++i) {
      loss += 0.5 * l2 * w[i] * w[i];
      g[i] += l2 * w[i];
    }
    return loss;
  }
};

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// L-BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking Armijo line
// search. The problem is smooth and strictly convex in all but the bias
// (whose softmax shift the gradient never moves), so this finds its one
// optimum; everything runs in a fixed order, so the result is deterministic.
struct LbfgsResult {
  std::size_t iterations = 0;
  double loss = 0;
  bool converged = false;
};

LbfgsResult minimise(const Problem& problem, std::vector<double>& w, const StanceTrainingOptions& options) {
  constexpr std::size_t kHistory = 10;   // curvature pairs kept: the usual choice
  constexpr double kArmijo = 1e-4;       // sufficient-decrease constant: the usual choice
  const std::size_t n = w.size();
  std::vector<double> g(n), w_new(n), g_new(n), d(n);
  std::vector<std::vector<double>> s_hist, y_hist;
  std::vector<double> rho_hist;
  LbfgsResult result;
  double loss = problem.evaluate(w, g);
  for (result.iterations = 0; result.iterations < options.max_iterations; ++result.iterations) {
    if (max_abs(g) < options.gradient_tolerance) {
      result.converged = true;
      break;
    }
    // Two-loop recursion: d = -H g.
    d = g;
    std::vector<double> alpha(s_hist.size());
    for (std::size_t i = s_hist.size(); i-- > 0;) {
      alpha[i] = rho_hist[i] * dot(s_hist[i], d);
      for (std::size_t k = 0; k < n; ++k) d[k] -= alpha[i] * y_hist[i][k];
    }
    double gamma = 1.0 / std::max(1.0, max_abs(g));  // first step: a small move along -g
    if (!s_hist.empty()) gamma = dot(s_hist.back(), y_hist.back()) / dot(y_hist.back(), y_hist.back());
    for (double& x : d) x *= gamma;
    for (std::size_t i = 0; i < s_hist.size(); ++i) {
      const double beta = rho_hist[i] * dot(y_hist[i], d);
      for (std::size_t k = 0; k < n; ++k) d[k] += s_hist[i][k] * (alpha[i] - beta);
    }
    for (double& x : d) x = -x;
    double slope = dot(g, d);
    if (slope >= 0) {  // not a descent direction (numerical trouble): restart from -g
      s_hist.clear(), y_hist.clear(), rho_hist.clear();
      for (std::size_t k = 0; k < n; ++k) d[k] = -g[k];
      slope = -dot(g, g);
    }
    double step = 1.0, loss_new = 0;
    bool accepted = false;
    for (int tries = 0; tries < 60; ++tries, step *= 0.5) {
      for (std::size_t k = 0; k < n; ++k) w_new[k] = w[k] + step * d[k];
      loss_new = problem.evaluate(w_new, g_new);
      if (loss_new <= loss + kArmijo * step * slope) {
        accepted = true;
        break;
      }
    }
    // No further decrease to be had in double precision: stop here, converged
    // if the gradient is already within tolerance (checked at the top).
    if (!accepted || !(loss_new < loss)) {
      result.converged = max_abs(g_new) < options.gradient_tolerance || max_abs(g) < options.gradient_tolerance;
      if (accepted && loss_new <= loss) w.swap(w_new), g.swap(g_new), loss = loss_new;
      break;
    }
    std::vector<double> s(n), y(n);
    for (std::size_t k = 0; k < n; ++k) s[k] = w_new[k] - w[k], y[k] = g_new[k] - g[k];
    const double sy = dot(s, y);
    if (sy > 1e-12) {
      if (s_hist.size() == kHistory) s_hist.erase(s_hist.begin()), y_hist.erase(y_hist.begin()), rho_hist.erase(rho_hist.begin());
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(y));
      rho_hist.push_back(1.0 / sy);
    }
    w.swap(w_new);
    g.swap(g_new);
    loss = loss_new;
  }
  result.loss = loss;
  return result;
}

}  // namespace

StanceTrainer::Result StanceTrainer::train(const StanceTrainingOptions& options) const {
  if (examples_.empty()) throw Error("cannot train a stance model on no statements");
  // The vocabulary: n-grams in at least min_count statements, in byte order.
  std::map<std::string_view, std::size_t> counts;
  for (const Example& ex : examples_)
    for (const std::string& f : ex.ngrams) ++counts[f];
  std::map<std::string_view, std::uint32_t> index;
  std::vector<std::string_view> features;
  for (const auto& [f, c] : counts)
    if (c >= options.min_count) {
      index.emplace(f, static_cast<std::uint32_t>(features.size()));
      features.push_back(f);
    }

  Problem problem;
  problem.l2 = options.l2;
  problem.feature_count = features.size();
  for (const Example& ex : examples_) {
    Problem::Row row;
    for (const std::string& f : ex.ngrams)
      if (auto it = index.find(f); it != index.end()) row.features.push_back(it->second);
    const auto inputs = lexicon_inputs(ex.lexicon);
    for (std::size_t j = 0; j < 3; ++j) row.lexicon[j] = inputs[j] * options.lexicon_scale;
    row.gold = ex.gold;
    problem.rows.push_back(std::move(row));
  }

  std::vector<double> w(problem.size(), 0.0);
  const LbfgsResult fit = minimise(problem, w, options);

  Result result;
  result.iterations = fit.iterations;
  result.loss = fit.loss;
  result.converged = fit.converged;
  StanceModel& m = result.model;
  for (std::size_t k = 0; k < kStanceClassCount; ++k) m.bias_[k] = w[k];
  // Trained on scaled inputs; the model is applied to unscaled ones.
  for (std::size_t j = 0; j < 3; ++j)
    for (std::size_t k = 0; k < kStanceClassCount; ++k)
      m.lexicon_[j][k] = w[Problem::kLexiconOffset + j * kStanceClassCount + k] * options.lexicon_scale;
  for (std::size_t f = 0; f < features.size(); ++f) {
    StanceWeights fw{};
    for (std::size_t k = 0; k < kStanceClassCount; ++k) fw[k] = w[Problem::kNgramOffset + f * kStanceClassCount + k];
    m.ngrams_.emplace(std::string(features[f]), fw);
  }
  m.compile();
  return result;
}

}  // namespace thaw
