#include "thaw/lexicon.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <exception>
#include <fstream>
#include <istream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "term_trie.hpp"
#include "thaw/error.hpp"
#include "tsv.hpp"

namespace thaw {
namespace {

using tsv::split_tabs;
using tsv::trim;

// A weight beyond this would let one word outvote a whole paragraph.
constexpr double kMaxAbsWeight = 3.0;
// A wildcard on fewer letters matches too many unrelated words ("hu*").
constexpr std::size_t kMinWildcardPrefix = 3;

constexpr std::array<std::pair<std::string_view, LexiconKind>, 11> kKindNames{{
    {"valence", LexiconKind::Valence},
    {"negators", LexiconKind::Negators},
    {"boosters", LexiconKind::Boosters},
    {"dampeners", LexiconKind::Dampeners},
    {"contrast", LexiconKind::Contrast},
    {"hedges", LexiconKind::Hedges},
    {"topic", LexiconKind::Topic},
    {"speech", LexiconKind::Speech},
    {"frames", LexiconKind::Frames},
    {"offtopic", LexiconKind::OffTopic},
    {"irony", LexiconKind::Irony},
}};

std::optional<LexiconKind> kind_from_name(std::string_view name) {
  for (const auto& [n, k] : kKindNames)
    if (n == name) return k;
  return std::nullopt;
}

// Reads lines with their numbers, dropping a UTF-8 BOM and CR of CRLF.
class LineReader {
 public:
  LineReader(std::istream& in, std::string source) : in_(in), source_(std::move(source)) {}
  bool next(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++number_;
    if (number_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw LoadError(source_, number_, problem);
  }
  std::size_t number() const { return number_; }
  const std::string& source() const { return source_; }

 private:
  std::istream& in_;
  std::string source_;
  std::size_t number_ = 0;
};

bool is_skippable(std::string_view line) {
  auto t = trim(line);
  return t.empty() || t.front() == '#';
}

double parse_number(const LineReader& r, std::string_view field, std::string_view what) {
  double v = 0;
  auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (field.empty() || ec != std::errc() || p != field.data() + field.size() || !std::isfinite(v))
    r.fail("bad " + std::string(what) + " '" + std::string(field) + "': expected a number");
  return v;
}

// Reads the header "MAGIC<TAB>VERSION[<TAB>KIND]" and returns its columns.
std::vector<std::string> read_header(LineReader& r, std::string_view magic) {
  std::string line;
  if (!r.next(line)) r.fail("empty file: expected a header line '" + std::string(magic) + "\t1'");
  auto cols = split_tabs(line);
  if (cols[0] != magic)
    r.fail("expected a header line starting '" + std::string(magic) + "<TAB>" +
           std::to_string(kLexiconFormatVersion) + "', found '" + std::string(trim(line)) + "'");
  if (cols.size() < 2) r.fail("header has no format version");
  int version = 0;
  auto [p, ec] = std::from_chars(cols[1].data(), cols[1].data() + cols[1].size(), version);
  if (ec != std::errc() || p != cols[1].data() + cols[1].size() || version < 1)
    r.fail("bad format version '" + std::string(cols[1]) + "'");
  if (version > kLexiconFormatVersion)
    r.fail("format version " + std::to_string(version) + " is newer than this thaw reads (" +
           std::to_string(kLexiconFormatVersion) + "); upgrade thaw");
  return {cols.begin(), cols.end()};
}

// "FILE:LINE" in one allocation: every term and self-test row carries one,
// and `source + ":" + std::to_string(line)` made three.
std::string source_line(const std::string& source, std::size_t line) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, line);
  std::string out;
  out.reserve(source.size() + 1 + static_cast<std::size_t>(end - digits));
  out.append(source).push_back(':');
  out.append(digits, end);
  return out;
}

std::size_t codepoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

std::string_view to_string(LexiconKind kind) {
  for (const auto& [n, k] : kKindNames)
    if (k == kind) return n;
  return "?";
}

// ---------------------------------------------------------------- TermTable

TermTable::TermTable() : trie_(std::make_unique<Trie>()) {}
TermTable::~TermTable() = default;
TermTable::TermTable(TermTable&&) noexcept = default;
TermTable& TermTable::operator=(TermTable&&) noexcept = default;

std::optional<std::uint32_t> TermTable::insert(const std::vector<std::string>& words, TermEntry entry) {
  return insert_words(words.size(), [&](std::size_t i) -> std::string_view { return words[i]; },
                      std::move(entry));
}

std::optional<std::uint32_t> TermTable::insert(const std::vector<Token>& tokens, TermEntry entry) {
  return insert_words(tokens.size(), [&](std::size_t i) -> std::string_view { return tokens[i].folded; },
                      std::move(entry));
}

template <typename WordAt>
std::optional<std::uint32_t> TermTable::insert_words(std::size_t count, WordAt word_at, TermEntry entry) {
  if (count == 0) throw std::invalid_argument("TermTable::insert: a term needs at least one word");
  Trie& trie = *trie_;
  std::uint32_t node = 0;
  for (std::size_t i = 0; i + 1 < count; ++i) node = trie.child(node, word_at(i));
  const std::string_view last = word_at(count - 1);
  const auto index = static_cast<std::uint32_t>(entries_.size());
  if (entry.wildcard) {
    std::int32_t& target = trie.find_or_add(node, true, last);
    if (target >= 0) return static_cast<std::uint32_t>(target);
    target = static_cast<std::int32_t>(index);
    Trie::Node& n = trie.nodes[node];
    n.min_prefix = std::min(n.min_prefix, static_cast<std::uint32_t>(last.size()));
    n.max_prefix = std::max(n.max_prefix, static_cast<std::uint32_t>(last.size()));
  } else {
    Trie::Node& n = trie.nodes[trie.child(node, last)];
    if (n.entry >= 0) return static_cast<std::uint32_t>(n.entry);
    n.entry = static_cast<std::int32_t>(index);
  }
  facts_.push_back(Facts{entry.value, entry.layer, entry.scope, entry.target, entry.role});
  entries_.push_back(std::move(entry));
  compiled_.reset();
  return std::nullopt;
}

std::optional<TermTable::Match> TermTable::longest_match(const std::vector<Token>& tokens,
                                                         std::size_t begin,
                                                         std::size_t end) const {
  std::optional<Match> best;
  const Trie& trie = *trie_;
  std::uint32_t node = 0;
  for (std::size_t i = begin; i < end; ++i) {
    std::string_view word = tokens[i].folded;
    const auto length = static_cast<std::uint32_t>(i - begin + 1);
    // Longest wildcard prefix first; exact words below override at equal length.
    const Trie::Node& here = trie.nodes[node];
    if (here.min_prefix <= here.max_prefix && word.size() >= here.min_prefix) {
      for (std::size_t n = std::min<std::size_t>(here.max_prefix, word.size()); n >= here.min_prefix; --n) {
        const std::int32_t e = trie.find(node, true, word.substr(0, n));
        if (e >= 0) {
          best = Match{static_cast<std::uint32_t>(e), length};
          break;
        }
      }
    }
    std::int32_t next = trie.find(node, false, word);
    // ICU keeps the English possessive on the word ("Japan's"); a term for the
    // bare word should still match it.
    if (next < 0 && word.size() > 2 && word.ends_with("'s"))
      next = trie.find(node, false, word.substr(0, word.size() - 2));
    if (next < 0) break;
    node = static_cast<std::uint32_t>(next);
    if (trie.nodes[node].entry >= 0) best = Match{static_cast<std::uint32_t>(trie.nodes[node].entry), length};
  }
  return best;
}

// ---------------------------------------------------------------- builder

LexiconSetBuilder::LexiconSetBuilder(LexiconInfo info) : tokenizer_(info.language) {
  set_.info_ = std::move(info);
}
LexiconSetBuilder::~LexiconSetBuilder() = default;

LexiconKind LexiconSetBuilder::add_lexicon(std::istream& in, const std::string& source,
                                           const LexiconFileOptions& options,
                                           std::optional<LexiconKind> expected) {
  LineReader r(in, source);
  auto header = read_header(r, "thaw-lexicon");
  if (header.size() != 3) r.fail("header must be 'thaw-lexicon<TAB>1<TAB>KIND'");
  auto kind_opt = kind_from_name(header[2]);
  if (!kind_opt) r.fail("unknown lexicon kind '" + header[2] + "'");
  const LexiconKind kind = *kind_opt;
  if (expected && *expected != kind)
    r.fail("the manifest lists this file as " + std::string(to_string(*expected)) +
           " but its header says " + header[2]);

  std::uint16_t layer = 0;
  if (kind == LexiconKind::Valence) {
    layer = static_cast<std::uint16_t>(set_.layers_.size());
    set_.layers_.push_back({options.layer, options.scale, source});
  }
  const bool has_value =
      kind != LexiconKind::Negators && kind != LexiconKind::Topic && kind != LexiconKind::Irony;
  TermTable& table = set_.tables_[static_cast<int>(kind)];
  // Duplicate check, this file only: the line that first gave each entry of
  // the table, 0 for entries from other files (line 1 is the header). Keyed
  // by the entry insert() lands on, which is the same for the same words and
  // wildcard flag, whether it inserted or found an earlier layer's entry.
  std::vector<std::size_t> first_line(table.size(), 0);

  // Reused from term to term: start-up (all of `thaw score` but the text)
  // spent a quarter of its instructions in malloc and free.
  std::string line;
  std::vector<std::string_view> cols;
  TokenizedText tt;
  while (r.next(line)) {
    if (is_skippable(line)) continue;
    split_tabs(line, cols);
    const bool is_frame = kind == LexiconKind::Frames;
    const std::size_t want = is_frame ? 3 : has_value ? 2 : 1;
    if (cols.size() != want)
      r.fail("expected " + std::to_string(want) + " TAB-separated column" + (want == 1 ? "" : "s") + " (" +
             (is_frame ? "term, multiplier, target"
              : kind == LexiconKind::OffTopic ? "term, role"
              : has_value ? "term, value" : "term") + "), found " +
             std::to_string(cols.size()));

    TermEntry entry;
    std::string_view term = cols[0];
    if (term.empty()) r.fail("empty term");
    entry.term.assign(term);
    entry.source = source_line(source, r.number());
    if (auto star = term.find('*'); star != std::string_view::npos) {
      if (star != term.size() - 1) r.fail("bad wildcard '" + entry.term + "': '*' may only end a term");
      term.remove_suffix(1);
      if (term.empty() || term.back() == ' ')
        r.fail("bad wildcard '" + entry.term + "': '*' must follow a word");
      auto last_space = term.rfind(' ');
      auto last_word = last_space == std::string_view::npos ? term : term.substr(last_space + 1);
      if (codepoints(last_word) < kMinWildcardPrefix)
        r.fail("bad wildcard '" + entry.term + "': the prefix needs at least " +
               std::to_string(kMinWildcardPrefix) + " letters");
      entry.wildcard = true;
    }

    tt = tokenizer_.tokenize(term, std::move(tt));
    if (tt.tokens.empty()) r.fail("term '" + entry.term + "' has no words");
    if (entry.wildcard && tt.tokens.back().kind != TokenKind::Word)
      r.fail("bad wildcard '" + entry.term + "': '*' must follow a word");

    if (has_value) {
      std::string_view field = cols[1];
      if (kind == LexiconKind::Speech) {
        if (field == "either") entry.cue = CuePosition::Either;
        else if (field == "speaker-first") entry.cue = CuePosition::SpeakerFirst;
        else if (field == "speaker-after") entry.cue = CuePosition::SpeakerAfter;
        else r.fail("bad cue position '" + std::string(field) + "': expected either, speaker-first or speaker-after");
      } else if (kind == LexiconKind::OffTopic) {
        if (field == "subject") entry.role = TopicRole::Subject;
        else if (field == "anchor") entry.role = TopicRole::Anchor;
        else r.fail("bad topic role '" + std::string(field) + "': expected subject or anchor");
      } else if (kind == LexiconKind::Contrast) {
        if (field == "preceding") entry.scope = ContrastScope::Preceding;
        else if (field == "own-clause") entry.scope = ContrastScope::OwnClause;
        else r.fail("bad contrast scope '" + std::string(field) + "': expected preceding or own-clause");
      } else {
        double v = parse_number(r, field, kind == LexiconKind::Valence ? "weight" : "multiplier");
        switch (kind) {
          case LexiconKind::Valence:
            if (v == 0 || std::abs(v) > kMaxAbsWeight)
              r.fail("weight " + std::string(field) + " out of range: expected a non-zero number in [-3, 3]");
            break;
          case LexiconKind::Boosters:
            if (!(v > 1 && v <= 4)) r.fail("booster multiplier " + std::string(field) + " out of range: expected (1, 4]");
            break;
          case LexiconKind::Frames:
            if (!(v >= -1 && v <= 1)) r.fail("frame multiplier " + std::string(field) + " out of range: expected [-1, 1]");
            if (cols[2] == "all") entry.target = FrameTarget::All;
            else if (cols[2] == "positive") entry.target = FrameTarget::Positive;
            else r.fail("bad frame target '" + std::string(cols[2]) + "': expected all or positive");
            break;
          case LexiconKind::Dampeners:
          case LexiconKind::Hedges:
            if (!(v > 0 && v < 1)) r.fail("multiplier " + std::string(field) + " out of range: expected (0, 1)");
            break;
          default:
            break;
        }
        entry.value = v;
      }
    }
    entry.layer = layer;

    // A term already held by an earlier valence layer stays with that layer:
    // the manifest lists the domain layer first so that it wins. insert()
    // leaves the table as it was when the term is there already, so a
    // duplicate found after it is still an error with nothing added.
    const auto earlier = table.insert(tt.tokens, std::move(entry));
    const std::size_t index = earlier ? *earlier : table.size() - 1;
    if (first_line.size() <= index) first_line.resize(index + 1, 0);
    if (first_line[index] != 0)
      r.fail("duplicate term '" + std::string(cols[0]) + "' (first at line " + std::to_string(first_line[index]) + ")");
    first_line[index] = r.number();
  }
  return kind;
}

void LexiconSetBuilder::add_selftests(std::istream& in, const std::string& source) {
  LineReader r(in, source);
  auto header = read_header(r, "thaw-selftest");
  if (header.size() != 2) r.fail("header must be 'thaw-selftest<TAB>1'");
  std::string line;
  while (r.next(line)) {
    if (is_skippable(line)) continue;
    auto cols = split_tabs(line);
    if (cols.size() != 2) r.fail("expected 2 TAB-separated columns (text, label)");
    if (cols[0].empty()) r.fail("empty text");
    if (cols[1] != "warm" && cols[1] != "neutral" && cols[1] != "cold")
      r.fail("bad label '" + std::string(cols[1]) + "': expected warm, neutral or cold");
    set_.selftests_.push_back({std::string(cols[0]), std::string(cols[1]), source_line(source, r.number())});
  }
}

void LexiconSetBuilder::set_actors_file(std::filesystem::path path) {
  set_.actors_file_ = std::move(path);
}

void LexiconSetBuilder::set_stance_model(StanceModel model) {
  set_.stance_model_ = std::make_shared<const StanceModel>(std::move(model));
}

void LexiconSetBuilder::take_from(LexiconSetBuilder&& other) {
  for (int k = 0; k < kLexiconKindCount; ++k) {
    TermTable& from = other.set_.tables_[k];
    if (from.size() == 0) continue;
    if (set_.tables_[k].size() != 0)
      throw std::logic_error("LexiconSetBuilder::take_from: both builders read " +
                             std::string(to_string(static_cast<LexiconKind>(k))) + " terms");
    set_.tables_[k] = std::move(from);
  }
  set_.selftests_.insert(set_.selftests_.end(), std::make_move_iterator(other.set_.selftests_.begin()),
                         std::make_move_iterator(other.set_.selftests_.end()));
  if (other.set_.stance_model_) set_.stance_model_ = std::move(other.set_.stance_model_);
}

LexiconSet LexiconSetBuilder::build() && {
  for (TermTable& table : set_.tables_) table.compile(set_.vocabulary_);
  return std::move(set_);
}

// ---------------------------------------------------------------- manifest

namespace {

// One file the manifest names, with the manifest line that names it.
struct Resource {
  std::string role;
  std::filesystem::path path;
  LexiconFileOptions options;
  std::size_t line;
};

// Which thread load_lexicon_set reads a resource on when it uses two: the
// valence files (domain and general, the bulk of the ASCII terms), the actor
// list and the self-tests on the calling thread; the other kinds (the CJK
// terms among them) and the stance model on the second.
bool on_second_thread(const Resource& res) {
  return res.role != "valence" && res.role != "actors" && res.role != "selftest";
}

enum class Part { All, CallingThread, SecondThread };

bool in_part(const Resource& res, Part part) {
  return part == Part::All || on_second_thread(res) == (part == Part::SecondThread);
}

void load_resource(LexiconSetBuilder& builder, const Resource& res, const std::filesystem::path& manifest_path,
                   const LexiconLoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(res.path, ec))
    throw LoadError(manifest_path.string(), res.line, "file not found: " + res.path.string());
  if (res.role == "actors") {
    builder.set_actors_file(res.path);
    return;
  }
  std::ifstream in(res.path);
  if (!in) throw LoadError(res.path.string(), 0, "cannot open");
  if (res.role == "selftest") {
    builder.add_selftests(in, res.path.string());
    return;
  }
  if (res.role == "stance") {
    if (options.stance_model) builder.set_stance_model(StanceModel::load(in, res.path.string()));
    return;
  }
  builder.add_lexicon(in, res.path.string(), res.options, *kind_from_name(res.role));
}

// The first thing that failed in one thread's part of a load, and where:
// `order` is 0 for the builder's constructor, 1 + its index for a resource,
// so that of two parts' failures the lower order is the one a load on one
// thread would have met first.
struct Failure {
  std::size_t order;
  std::exception_ptr error;
};

// Constructs `builder` and reads `part` of `resources` into it in manifest
// order, stopping at the first failure, which it returns instead of
// throwing: the second thread's failures must come back to the caller, and
// the caller's must wait for the second thread's to see which came first.
std::optional<Failure> load_part(std::optional<LexiconSetBuilder>& builder, const LexiconInfo& info,
                                 const std::vector<Resource>& resources, Part part,
                                 const std::filesystem::path& manifest_path,
                                 const LexiconLoadOptions& options) noexcept {
  std::size_t order = 0;
  try {
    builder.emplace(info);
    for (std::size_t i = 0; i < resources.size(); ++i) {
      if (!in_part(resources[i], part)) continue;
      order = i + 1;
      load_resource(*builder, resources[i], manifest_path, options);
    }
  } catch (...) {
    return Failure{order, std::current_exception()};
  }
  return std::nullopt;
}

}  // namespace

LexiconSet load_lexicon_set(const std::filesystem::path& dir, const LexiconLoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw LoadError(dir.string(), 0, "lexicon folder not found");
  const auto manifest_path = dir / "manifest.tsv";
  std::ifstream manifest(manifest_path);
  if (!manifest) throw LoadError(manifest_path.string(), 0, "cannot open manifest");

  LexiconInfo info;
  std::vector<Resource> resources;
  LineReader r(manifest, manifest_path.string());
  read_header(r, "thaw-manifest");
  std::string line;
  std::map<std::string, std::size_t> seen_keys;
  while (r.next(line)) {
    if (is_skippable(line)) continue;
    auto cols = split_tabs(line);
    const std::string key(cols[0]);
    if (cols.size() < 2 || cols[1].empty()) r.fail("'" + key + "' needs a value");
    if (key == "name" || key == "version" || key == "description" || key == "language") {
      if (cols.size() != 2) r.fail("'" + key + "' takes one value");
      if (auto [it, fresh] = seen_keys.emplace(key, r.number()); !fresh)
        r.fail("'" + key + "' given twice (first at line " + std::to_string(it->second) + ")");
      std::string value(cols[1]);
      if (key == "name") info.name = value;
      else if (key == "version") info.version = value;
      else if (key == "description") info.description = value;
      else info.language = value;
      continue;
    }
    if (!kind_from_name(key) && key != "actors" && key != "selftest" && key != "stance")
      r.fail("unknown manifest key '" + key + "'");
    if (key == "stance")
      if (auto [it, fresh] = seen_keys.emplace(key, r.number()); !fresh)
        r.fail("'stance' given twice (first at line " + std::to_string(it->second) + ")");
    Resource res{key, dir / std::string(cols[1]), {}, r.number()};
    for (std::size_t i = 2; i < cols.size(); ++i) {
      auto eq = cols[i].find('=');
      if (eq == std::string_view::npos) r.fail("bad option '" + std::string(cols[i]) + "': expected key=value");
      auto k = cols[i].substr(0, eq);
      auto v = cols[i].substr(eq + 1);
      if (key != "valence") r.fail("'" + key + "' takes no options");
      if (k == "layer") res.options.layer.assign(v);
      else if (k == "scale") {
        res.options.scale = parse_number(r, v, "scale");
        if (!(res.options.scale > 0 && res.options.scale <= 1))
          r.fail("scale " + std::string(v) + " out of range: expected (0, 1]");
      } else r.fail("unknown option '" + std::string(k) + "'");
    }
    resources.push_back(std::move(res));
  }
  if (info.name.empty()) throw LoadError(manifest_path.string(), 0, "manifest has no 'name'");
  if (info.version.empty()) throw LoadError(manifest_path.string(), 0, "manifest has no 'version'");

  std::optional<LexiconSetBuilder> builder;
  std::optional<Failure> failure;
  if (!options.two_threads) {
    failure = load_part(builder, info, resources, Part::All, manifest_path, options);
  } else {
    std::optional<LexiconSetBuilder> second_builder;
    std::optional<Failure> second_failure;
    bool two = true;
    {
      // load_part throws nothing, and jthread joins when it goes out of
      // scope: no way out of this block leaves the thread running.
      std::optional<std::jthread> second;
      try {
        second.emplace([&] {
          second_failure = load_part(second_builder, info, resources, Part::SecondThread, manifest_path, options);
        });
      } catch (const std::system_error&) {
        two = false;  // no thread to be had (a process at its limit): all on this one, as with two_threads off
      }
      failure = load_part(builder, info, resources, two ? Part::CallingThread : Part::All, manifest_path, options);
    }
    if (second_failure && (!failure || second_failure->order < failure->order)) failure = std::move(second_failure);
    if (two && !failure) builder->take_from(std::move(*second_builder));
  }
  if (failure) std::rethrow_exception(failure->error);

  const bool any_valence = std::any_of(resources.begin(), resources.end(),
                                       [](const Resource& res) { return res.role == "valence"; });
  if (!any_valence) throw LoadError(manifest_path.string(), 0, "manifest names no valence lexicon");
  return std::move(*builder).build();
}

}  // namespace thaw
