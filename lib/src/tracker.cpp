#include "thaw/tracker.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "json_scan.hpp"
#include "rules.hpp"
#include "thaw/attribution.hpp"
#include "thaw/result_json.hpp"

namespace thaw {

std::string_view to_string(ActorSource s) {
  switch (s) {
    case ActorSource::Given: return "given";
    case ActorSource::Speaker: return "speaker";
    default: return "none";
  }
}

namespace detail {

// The pieces of an output record that depend only on the lexicon set: a
// valence entry's term, a layer's name, a set of effects, the label, the
// lexicon field. Each is rendered once, by the same JsonAppender calls that
// used to write it for every record, and copied from then on: writing the
// evidence was a fifth of the batch's instructions, most of it these
// strings' escape checks and two dozen small appends per entry. The entries
// and effect sets are rendered when first met, so a run (and `thaw score`,
// which builds no Tracker output) pays only for what it writes. An entry's
// weight is rendered beside its head, in the head's cache line: written as a
// number each time it was 229,616 write_rounded calls (6.4M instructions)
// in 20,000 bench statements, and rendered in a table of its own it was one
// more cache miss per hit, which cost more than the formatting.
// The bytes are those of the calls they replace; test_tracker_json compares
// every line process_line_json writes with process_line's dump().
struct OutputFragments {
  // Room for the pieces kept in the pool (effect sets, layers, long heads),
  // so that it seldom moves.
  static constexpr std::size_t kPoolBytes = 16 << 10;

  explicit OutputFragments(const LexiconSet& lexicons)
      : valence(lexicons.table(LexiconKind::Valence)),
        heads(valence.size()),
        effects(std::size_t{1} << rules::kEffectNames.size()),
        appender(scratch) {
    pool.reserve(kPoolBytes);
    for (std::size_t i = 0; i < lexicons.layers().size(); ++i)
      layers.push_back(render([&] {
        appender.raw(",\"layer\":");
        appender.string(lexicons.layers()[i].name);
        appender.raw(",\"start\":");
      }));
    for (Label l : {Label::Warm, Label::Neutral, Label::Cold})
      label[static_cast<std::size_t>(l)] = render_string([&] {
        appender.raw(",\"label\":");
        appender.string(to_string(l));
        appender.raw(",\"confidence\":");
      });
    for (ActorSource a : {ActorSource::Given, ActorSource::Speaker, ActorSource::None})
      actor_source[static_cast<std::size_t>(a)] = render_string([&] {
        appender.raw(",\"actor_source\":");
        appender.string(to_string(a));
      });
    lexicon_tail = render_string([&] {
      appender.raw("],\"lexicon\":{\"name\":");
      appender.string(lexicons.info().name);
      appender.raw(",\"version\":");
      appender.string(lexicons.info().version);
      appender.raw("}");
    });
  }

  // ,{"term":T,"match":   (without its comma before a record's first entry)
  std::string_view head(std::uint32_t entry, bool first) {
    Head& h = heads[entry];
    if (h.size == 0) render_head(entry);
    const std::string_view s = h.size == kLongHead ? view(long_heads.at(entry)) : std::string_view(h.text, h.size);
    return s.substr(first ? 1 : 0);
  }
  // ,"effect":[NAMES]}
  std::string_view effect(std::uint16_t mask) {
    Span& s = effects[mask];
    if (s.size == 0)
      s = render([&] {
        appender.raw(",\"effect\":[");
        bool first_effect = true;
        for (std::size_t k = 0; k < rules::kEffectNames.size(); ++k)
          if (mask & (1u << k)) {
            if (!first_effect) appender.raw(",");
            first_effect = false;
            appender.string(rules::kEffectNames[k]);
          }
        appender.raw("]}");
      });
    return view(s);
  }
  std::string_view layer(std::size_t i) const { return view(layers[i]); }
  // head(entry, first), layer(i) and effect(mask) together, for a caller
  // that holds all three at once: both head and effect may render a piece
  // into the pool, which may move it, so both are rendered before any view
  // is taken (layers are rendered in the constructor).
  // `weight` is the entry's weight as write_rounded writes it, or empty when
  // it did not fit beside the head (then the caller writes it).
  struct EntryPieces {
    std::string_view head, layer, effect, weight;
  };
  EntryPieces entry(std::uint32_t entry, bool first, std::size_t layer_index, std::uint16_t mask) {
    const Head& h = heads[entry];
    if (h.size == 0) render_head(entry);
    effect(mask);
    const std::string_view weight =
        h.size == kLongHead ? std::string_view() : std::string_view(h.text + h.size, h.weight_size);
    return {head(entry, first), layer(layer_index), effect(mask), weight};
  }

  const TermTable& valence;
  std::array<std::string, 3> label;         // ,"label":L,"confidence":   by Label
  std::array<std::string, 3> actor_source;  // ,"actor_source":S   by ActorSource
  std::string lexicon_tail;                 // ],"lexicon":{"name":N,"version":V}

 private:
  // The pieces other than the heads sit in one small pool, hot in the cache:
  // as strings of their own, scattered over the heap among the records'
  // allocations, they cost a cache miss each (perf showed memmove of these
  // copies at 6% of a batch's time).
  struct Span {
    std::uint32_t offset = 0, size = 0;  // in pool; size 0: not rendered yet
  };
  std::string_view view(Span s) const { return std::string_view(pool.data() + s.offset, s.size); }
  template <typename Write>
  std::string render_string(Write write) {
    scratch.clear();
    write();
    return scratch;
  }
  template <typename Write>
  Span render(Write write) {
    scratch.clear();
    write();
    const Span s{static_cast<std::uint32_t>(pool.size()), static_cast<std::uint32_t>(scratch.size())};
    pool.append(scratch);
    return s;
  }
  // An entry's head sits in one cache line of its own when it fits (all but
  // the longest terms), so that a hit reads that one line, as writing the
  // term from its TermEntry did; pieces scattered over the heap, or an entry's
  // pieces looked up in separate tables, cost a cache miss each.
  static constexpr std::uint8_t kLongHead = 0xFF;  // Head::size of a head kept in long_heads
  // The weight's digits follow the head's in `text` when both fit.
  struct alignas(64) Head {
    std::uint8_t size = 0;  // 0: not rendered yet
    std::uint8_t weight_size = 0;
    char text[62];
  };
  void render_head(std::uint32_t entry) {
    const Span s = render([&] {
      appender.raw(",{\"term\":");
      appender.string(valence.entries()[entry].term);
      appender.raw(",\"match\":");
    });
    Head& h = heads[entry];
    if (s.size <= sizeof h.text) {
      std::memcpy(h.text, pool.data() + s.offset, s.size);
      h.size = static_cast<std::uint8_t>(s.size);
      pool.resize(s.offset);  // the copy in the pool is not needed
      // The value rules::find_terms gives every hit of the entry as its weight.
      char weight[JsonAppender::kMaxNumberBytes];
      const auto weight_size =
          static_cast<std::size_t>(appender.write_rounded(valence.facts(entry).value, weight) - weight);
      if (s.size + weight_size <= sizeof h.text) {
        std::memcpy(h.text + s.size, weight, weight_size);
        h.weight_size = static_cast<std::uint8_t>(weight_size);
      }
    } else {
      long_heads[entry] = s;
      h.size = kLongHead;
    }
  }

  std::string pool;
  std::vector<Head> heads;                          // by valence entry
  std::unordered_map<std::uint32_t, Span> long_heads;  // by valence entry, the heads that do not fit
  std::vector<Span> effects;                        // by effect bit set
  std::vector<Span> layers;                    // ,"layer":L,"start":   by layer
  std::string scratch;
  JsonAppender appender;  // writes into scratch
};

}  // namespace detail

Tracker::Tracker(const LexiconSet& lexicons, const ActorList& actors, RecordOptions options)
    : lexicons_(lexicons),
      actors_(actors),
      options_(std::move(options)),
      scorer_(lexicons),
      buffer_(std::make_unique<std::string>()),
      appender_(std::make_unique<JsonAppender>(*buffer_)),
      fragments_(std::make_shared<detail::OutputFragments>(lexicons)) {}

nlohmann::ordered_json error_record(std::size_t line_number, const RecordError& error) {
  nlohmann::ordered_json j;
  j["line"] = line_number;
  if (error.id) j["id"] = *error.id;
  j["error"] = error.message;
  return j;
}

Tracker::Scored Tracker::score_parsed(ParsedRecord record) {
  ActorSource source = ActorSource::None;
  TokenizedText tokens = scorer_.tokenize(record.statement.text, record.statement.lang);
  // Keyed once for the scorer and, when the record names no actor, for the
  // speech cues too: the cues are a table of the same set.
  lexicons_.vocabulary().keys(tokens.tokens, keys_);
  const TermTable& cues = lexicons_.table(LexiconKind::Speech);
  if (record.statement.actor) {
    source = ActorSource::Given;
  } else if (auto who = cues.vocabulary().get() == &lexicons_.vocabulary() ? find_speaker(tokens, actors_, cues, keys_)
                                                                      : find_speaker(tokens, actors_, cues)) {
    record.statement.actor = actors_.actors()[who->actor].id;
    source = ActorSource::Speaker;
  }
  ScoredStatement scored = scorer_.score(std::move(record.statement), std::move(tokens), keys_);
  // The scorer sees text that parse_record already repaired, so the flag it
  // would set for invalid UTF-8 comes from the record instead.
  if (record.repaired_utf8 &&
      std::find(scored.flags.begin(), scored.flags.end(), "invalid_utf8") == scored.flags.end())
    scored.flags.emplace_back("invalid_utf8");
  return {std::move(scored), source, std::move(record.passthrough)};
}

nlohmann::ordered_json Tracker::score_record(ParsedRecord record) {
  Scored s = score_parsed(std::move(record));
  nlohmann::ordered_json j = to_json(s.statement, lexicons_.info());
  j["actor_source"] = std::string(to_string(s.source));
  for (auto& [key, value] : s.passthrough.items()) j[key] = value;
  return j;
}

nlohmann::ordered_json Tracker::process_line(std::string_view line, std::size_t line_number) {
  try {
    auto parsed = parse_record(line, actors_, options_);
    if (auto* err = std::get_if<RecordError>(&parsed)) return error_record(line_number, *err);
    return score_record(std::move(std::get<ParsedRecord>(parsed)));
  } catch (const std::exception& e) {
    // A record must never take the batch down; report it in its place.
    return error_record(line_number, {std::string("internal error: ") + e.what(), std::nullopt});
  }
}

namespace {

// A record is written through a pointer into `o`, grown ahead of the
// writes (need) and cut back to what was written at the end (finish),
// instead of appended a piece at a time: as a dozen appends a record and a
// resize per evidence entry, each with its capacity checks and calls (the
// entries zero-filled the room they then overwrote), writing took 95.0M of
// a 932.5M batch's instructions (20,000 bench lines); this way, with the
// strings' checks below, 73.7M.
// A piece that only a JsonAppender writes (a string to escape, the stance
// fields) is appended between pause() and resume().
class Cursor {
 public:
  Cursor(std::string& o, std::size_t expect) : o_(o) { resume(expect); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Room for n more bytes at p().
  void need(std::size_t n) {
    if (static_cast<std::size_t>(o_.data() + o_.size() - p_) < n) grow(n);
  }
  char*& p() { return p_; }
  std::size_t offset() const { return static_cast<std::size_t>(p_ - o_.data()); }
  // The pieces are mostly under 64 bytes (a term's head, a layer, a match),
  // and a memcpy call for each cost more than its copy: up to 32 bytes are
  // copied by two fixed-size moves from both ends, which may overlap.
  // Inlined at every call: with one call more (the entries' weights) GCC
  // stopped inlining it, which cost more (5.7M instructions in 20,000 bench
  // statements) than the weights' rendering saved.
  [[gnu::always_inline]] void put(std::string_view v) {
    const char* s = v.data();
    const std::size_t n = v.size();
    if (n >= 16) {
      if (n > 32) {
        std::memcpy(p_, s, n);
      } else {
        std::memcpy(p_, s, 16);
        std::memcpy(p_ + n - 16, s + n - 16, 16);
      }
    } else if (n >= 8) {
      std::memcpy(p_, s, 8);
      std::memcpy(p_ + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(p_, s, 4);
      std::memcpy(p_ + n - 4, s + n - 4, 4);
    } else if (n > 0) {
      p_[0] = s[0];
      p_[n / 2] = s[n / 2];
      p_[n - 1] = s[n - 1];
    }
    p_ += n;
  }
  void put(char c) { *p_++ = c; }
  // `o` cut to the bytes written, for an appender; resume() takes it back
  // with room for `expect` bytes.
  void pause() { o_.resize(offset()); }
  void resume(std::size_t expect) {
    const std::size_t at = o_.size();
    o_.resize(at + expect);
    p_ = o_.data() + at;
  }
  void finish() { pause(); }

 private:
  // Steps of at least kGrowBytes: each is a resize, which zero-fills.
  static constexpr std::size_t kGrowBytes = 512;
  void grow(std::size_t n) {
    const std::size_t at = offset();
    o_.resize(at + std::max(n, kGrowBytes));
    p_ = o_.data() + at;
  }
  std::string& o_;
  char* p_ = nullptr;
};

// JsonAppender::copied_as_is(s), with the strings of up to 16 bytes (an
// id, a language, a date, an actor) tested inline: json_special_bytes' word
// test on two words from both ends, or byte by byte under 8.
bool copied_as_is(std::string_view s) {
  const std::size_t n = s.size();
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  if (n >= 8 && n <= 16) {
    std::uint64_t a, b;
    std::memcpy(&a, s.data(), 8);
    std::memcpy(&b, s.data() + n - 8, 8);
    return ((detail::json_special_bytes(a) | (a & kHighs)) | (detail::json_special_bytes(b) | (b & kHighs))) == 0;
  }
  if (n < 8) {
    for (const char ch : s)
      if (!detail::json_plain_ascii(static_cast<unsigned char>(ch))) return false;
    return true;
  }
  return JsonAppender::copied_as_is(s);
}

// "s", for a string that needs no escaping.
void put_quoted(Cursor& c, std::string_view s) {
  c.need(s.size() + 2);
  c.put('"');
  c.put(s);
  c.put('"');
}

// string(s) through the cursor: copied when JsonAppender would copy it.
void put_string(Cursor& c, JsonAppender& out, std::string_view s) {
  if (copied_as_is(s)) return put_quoted(c, s);
  c.pause();
  out.string(s);
  c.resume(JsonAppender::kMaxNumberBytes);
}

void put_optional_string(Cursor& c, JsonAppender& out, const std::optional<std::string>& s) {
  if (s) return put_string(c, out, *s);
  c.need(4);
  c.put("null");
}

// The bytes of valid_utf8_string(s) through the cursor: `plain` says that
// it copies `s` as it is.
void put_valid_utf8(Cursor& c, JsonAppender& out, std::string_view s, bool plain) {
  if (plain) return put_quoted(c, s);
  c.pause();
  out.valid_utf8_string(s);
  c.resume(JsonAppender::kMaxNumberBytes);
}

// append_json_fields (result_json.cpp) for the ScoredStatement that
// Scorer::score would build from `s`, written from the rules' hits instead
// of an Evidence list: the same fields in the same order, the same strings
// and the same rounded numbers (tests/test_tracker_json.cpp compares
// process_line_json, which writes this, with process_line's dump()). Then
// `tail` (actor_source), and the closing brace when `close`.
void append_scored_fields(const Statement& st, const TokenizedText& tt, const rules::Scored& s, bool invalid_utf8,
                          detail::OutputFragments& fragments, JsonAppender& out, std::size_t* flags_end,
                          std::string_view tail, bool close) {
  static constexpr std::string_view kEnd = ",\"end\":", kWeight = ",\"weight\":",
                                    kContribution = ",\"contribution\":";
  static constexpr std::size_t kEntryFixedBytes =
      kEnd.size() + kWeight.size() + kContribution.size() + 4 * JsonAppender::kMaxNumberBytes;
  const std::string_view text = tt.text;
  const std::size_t hits = s.analysis.hits.size();
  // About what a bench record takes (the text, the fixed fields, about 200
  // bytes an entry), capped under the 2 KB from which memset zero-fills with
  // `rep stosb`, which callgrind counts by the byte.
  Cursor c(out.out(), std::min<std::size_t>(text.size() + 448 + hits * 208, 1920));
  c.need(8);
  c.put('{');
  if (st.id) {
    c.put("\"id\":");
    put_string(c, out, *st.id);
    c.need(1);
    c.put(',');
  }
  // The tokenizer repaired the text, so it is valid UTF-8: only '"', '\\'
  // and control bytes are escaped. When it has none, neither has any match
  // cut from it, and those are copied as they are.
  const bool plain_text = JsonAppender::valid_utf8_copied_as_is(text);
  c.need(7);
  c.put("\"text\":");
  put_valid_utf8(c, out, text, plain_text);
  c.need(9);
  c.put(",\"actor\":");
  put_optional_string(c, out, st.actor);
  c.need(8);
  c.put(",\"lang\":");
  put_string(c, out, st.lang);
  c.need(8);
  c.put(",\"date\":");
  put_optional_string(c, out, st.date);
  const std::string_view label = fragments.label[static_cast<std::size_t>(s.label)];
  c.need(9 + label.size() + 2 * JsonAppender::kMaxNumberBytes + 13);
  c.put(",\"score\":");
  c.p() = out.write_rounded(s.score, c.p());
  c.put(label);
  c.p() = out.write_rounded(s.confidence, c.p());
  c.put(",\"evidence\":[");
  bool first = true;
  for (const rules::Hit& h : s.analysis.hits) {
    const std::uint32_t start = tt.tokens[h.first].start, end = tt.tokens[h.last - 1].end;
    const auto [head, layer, effect, weight] = fragments.entry(h.entry, first, h.layer, h.effects);
    first = false;
    const std::string_view match = text.substr(start, end - start);  // whole characters
    if (plain_text) {
      c.need(head.size() + match.size() + 2 + layer.size() + effect.size() + kEntryFixedBytes);
      c.put(head);
      c.put('"');
      c.put(match);
      c.put('"');
    } else {
      // A text that needs escaping has most of its matches plain all the
      // same; those are copied here, not handed to valid_utf8_string.
      c.need(head.size());
      c.put(head);
      put_valid_utf8(c, out, match, JsonAppender::valid_utf8_copied_as_is(match));
      c.need(layer.size() + effect.size() + kEntryFixedBytes);
    }
    c.put(layer);
    c.p() = JsonAppender::write_number(std::uint64_t{start}, c.p());
    c.put(kEnd);
    c.p() = JsonAppender::write_number(std::uint64_t{end}, c.p());
    c.put(kWeight);
    if (!weight.empty()) c.put(weight);  // h.weight rendered
    else c.p() = out.write_rounded(h.weight, c.p());
    c.put(kContribution);
    c.p() = out.write_rounded(h.value, c.p());
    c.put(effect);
  }
  const std::string_view lexicon_tail = fragments.lexicon_tail;
  c.need(11 + 14 + lexicon_tail.size() + tail.size() + 1);
  c.put("],\"flags\":[");
  if (invalid_utf8) c.put("\"invalid_utf8\"");  // string("invalid_utf8")
  if (flags_end) *flags_end = c.offset();
  c.put(lexicon_tail);
  if (s.stance) {  // only with a stance model
    c.pause();
    append_stance_head(s.lexicon_score, s.lexicon_label, s.stance->probability, out);
    bool first_learned = true;
    for (const LearnedEvidence& l : s.stance->learned) {
      const std::uint32_t start = tt.tokens[l.first].start, end = tt.tokens[l.last - 1].end;
      append_learned_item(first_learned, l.feature, text.substr(start, end - start), start, end, l.warmth, out);
      first_learned = false;
    }
    out.raw("]");
    c.resume(tail.size() + 1);
  }
  c.put(tail);
  if (close) c.put('}');
  c.finish();
}

}  // namespace

Tracker::LineResult Tracker::process_line_json(std::string_view line, std::size_t line_number,
                                               std::string& json, bool want_report) {
  (void)line_number;  // only error records carry it, and those come from process_line
  LineResult result;
  try {
    // Reused from line to line, like `scored` below: parsed into in place,
    // a record costs no allocation for its text and passthrough object and
    // no moves of its Statement through a variant.
    thread_local ParsedRecord record;
    if (!parse_record(line, actors_, options_, record)) {
      result.error = true;
      return result;
    }
    // score_parsed, step for step, up to the scorer; then rules::score in
    // place of Scorer::score, whose Evidence strings would only be copied
    // into the JSON and dropped.
    Statement& st = record.statement;
    ActorSource source = ActorSource::None;
    TokenizedText tokens = scorer_.tokenize(st.text, st.lang);
    lexicons_.vocabulary().keys(tokens.tokens, keys_);
    const TermTable& cues = lexicons_.table(LexiconKind::Speech);
    if (st.actor) {
      source = ActorSource::Given;
    } else if (auto who = cues.vocabulary().get() == &lexicons_.vocabulary() ? find_speaker(tokens, actors_, cues, keys_)
                                                                        : find_speaker(tokens, actors_, cues)) {
      st.actor = actors_.actors()[who->actor].id;
      source = ActorSource::Speaker;
    }
    thread_local rules::Scored scored;  // reused: its vectors keep their storage from text to text
    rules::score(tokens, lexicons_, keys_, scored);
    const rules::Scored& s = scored;
    // Scorer::score flags invalid UTF-8 in the text it tokenized;
    // score_parsed adds the flag (once) when parse_record repaired the text.
    const bool invalid_utf8 = tokens.repaired_utf8 || record.repaired_utf8;

    // score_record's object, field for field: to_json, actor_source, then the
    // passthrough keys (source, gold) in their order.
    buffer_->clear();
    const bool passthrough = !record.passthrough.empty();
    append_scored_fields(st, tokens, s, invalid_utf8, *fragments_, *appender_, &result.flags_end,
                         fragments_->actor_source[static_cast<std::size_t>(source)], !passthrough);
    if (passthrough) {
      for (auto& [key, value] : record.passthrough.items()) {
        appender_->raw(",");
        appender_->string(key);
        appender_->raw(":");
        appender_->value(value);
      }
      appender_->raw("}");
    }
    // The record changes hands instead of being copied; buffer_ takes the
    // caller's string, whose storage serves the next record.
    json.swap(*buffer_);
    result.flags_empty = !invalid_utf8;
    result.id = std::move(st.id);
    if (want_report) {
      // report_record_from_json on the object above: the rounded numbers.
      ReportRecord r;
      r.score = round_output(s.score);
      r.label = s.label;
      r.actor = std::move(st.actor);
      r.date = std::move(st.date);
      const TermTable& valence = lexicons_.table(LexiconKind::Valence);
      r.terms.reserve(s.analysis.hits.size());
      for (const rules::Hit& h : s.analysis.hits)
        r.terms.emplace_back(valence.entries()[h.entry].term, round_output(h.value));
      result.report = std::move(r);
    }
    scorer_.spare_ = std::move(tokens);  // as Scorer::score does: its storage serves the next text
  } catch (const std::exception&) {
    result = LineResult{};
    result.error = true;  // process_line turns the same failure into an error record
  }
  return result;
}

}  // namespace thaw
