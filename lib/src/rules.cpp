#include "rules.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <bit>
#include <cmath>
#include <string_view>

namespace thaw::rules {
namespace {

// Punctuation that ends a clause. Quotation marks do not: a quoted phrase is
// part of its clause.
// Asked of every punctuation token (mark_clauses, the scare-quote walk): by
// length and bytes, where a std::find over nine string_views compared each.
bool is_clause_break(std::string_view folded) {
  if (folded.size() == 1) {
    const char c = folded[0];
    return c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
  }
  return folded.size() == 3 && (folded == "\xE2\x80\x94" /* — */ || folded == "\xE2\x80\x93" /* – */ ||
                                folded == "\xE3\x80\x81" /* 、 */ || folded == "\xEF\xBC\x8C" /* ， */);
}

bool is_quote_mark(std::string_view folded) {
  static constexpr std::array<std::string_view, 11> kQuotes{
      "\"", "'", "\xE2\x80\x9C" /* “ */, "\xE2\x80\x9D" /* ” */, "\xE2\x80\x98" /* ‘ */,
      "\xE2\x80\x99" /* ’ */, "\xC2\xAB" /* « */, "\xC2\xBB" /* » */, "\xE3\x80\x8C" /* 「 */,
      "\xE3\x80\x8D" /* 」 */, "\xE3\x80\x8E" /* 『 */};
  return std::find(kQuotes.begin(), kQuotes.end(), folded) != kQuotes.end() ||
         folded == "\xE3\x80\x8F" /* 』 */;
}

MarkerKind marker_kind(LexiconKind k) {
  switch (k) {
    case LexiconKind::Negators: return MarkerKind::Negator;
    case LexiconKind::Boosters: return MarkerKind::Booster;
    case LexiconKind::Dampeners: return MarkerKind::Dampener;
    case LexiconKind::Contrast: return MarkerKind::Contrast;
    case LexiconKind::Hedges: return MarkerKind::Hedge;
    case LexiconKind::Frames: return MarkerKind::Frame;
    default: return MarkerKind::Topic;
  }
}

// Whether the text has a marker of kind `k` or `also` (a few markers a text):
// the rules that only such a marker can trigger return at once without one
// (negation, intensifiers, hedges and frames went over every term of every
// text: 15.8M instructions in 20,000 bench statements, 11.8M with these returns).
bool has_marker(const Analysis& a, MarkerKind k, MarkerKind also) {
  return std::any_of(a.markers.begin(), a.markers.end(),
                     [&](const Marker& m) { return m.kind == k || m.kind == also; });
}
bool has_marker(const Analysis& a, MarkerKind k) { return has_marker(a, k, k); }

const Marker* marker_at(const Analysis& a, std::size_t token) {
  const auto m = a.marker_at[token];
  return m < 0 ? nullptr : &a.markers[static_cast<std::size_t>(m)];
}

// Records the sentences that name a subject and no anchor. This table is
// matched on its own, apart from valence terms and markers, so a subject
// overlapping a valence term still counts ("Nanjing Massacre"); inside it,
// longest match first as everywhere ("China, Japan and Korea" is one subject,
// not an anchor "Japan and Korea").
// Whether a term of the table whose key_mask() is `mask` may start at token
// i: a table without a bit of its own (mask all ones) may start anywhere.
bool may_start(const TermKeys& keys, std::size_t i, std::uint32_t mask) {
  return mask == ~std::uint32_t{0} || (keys.at[i].tables & mask) != 0;
}

// One sentence, `s`: find_terms asks only of the sentences where a token has
// the table's bit.
void find_off_topic_sentence(Analysis& a, const TermKeys& keys, const TermTable& table, std::uint32_t s) {
  const Sentence& sentence = a.text->sentences[s];
  bool subject = false, anchor = false;
  const std::uint32_t mask = table.key_mask();
  for (std::size_t i = sentence.first_token; i < sentence.end_token && !anchor; ++i) {
    // The token's bit first (most have none), as longest_match would test it.
    if (!may_start(keys, i, mask) || a.text->tokens[i].kind != TokenKind::Word) continue;
    if (auto m = table.longest_match_untested(keys, i, sentence.end_token)) {
      if (table.facts(m->entry).role == TopicRole::Anchor) anchor = true;
      else subject = true;
      i += m->length - 1;
    }
  }
  if (subject && !anchor) a.off_topic_sentences.push_back(s);
}

// Records where irony cues start. Matched on its own, like the offtopic table,
// because a cue may be a valence term too ("congratulations").
// One sentence, as above.
void find_irony_cues(Analysis& a, const TermKeys& keys, const TermTable& table, const Sentence& sentence) {
  const std::uint32_t mask = table.key_mask();
  for (std::size_t i = sentence.first_token; i < sentence.end_token; ++i) {
    if (!may_start(keys, i, mask) || a.text->tokens[i].kind != TokenKind::Word) continue;
    if (auto m = table.longest_match_untested(keys, i, sentence.end_token)) {
      a.irony_cues.push_back(static_cast<std::uint32_t>(i));
      i += m->length - 1;
    }
  }
}

}  // namespace

std::vector<std::string> effect_names(std::uint16_t effects) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(std::popcount(effects)));  // one allocation, not one per doubling
  for (std::size_t i = 0; i < kEffectNames.size(); ++i)
    if (effects & (1u << i)) names.emplace_back(kEffectNames[i]);
  return names;
}

Analysis find_terms(const TokenizedText& text, const LexiconSet& lexicons) {
  // Every table is compiled against the set's vocabulary: each token is
  // hashed once here, then every table matches it by number.
  thread_local TermKeys keys;  // reused, so no allocation per text
  lexicons.vocabulary().keys(text.tokens, keys);
  return find_terms(text, lexicons, keys);
}

Analysis find_terms(const TokenizedText& text, const LexiconSet& lexicons, const TermKeys& keys) {
  Analysis a;
  find_terms(text, lexicons, keys, a);
  return a;
}

void find_terms(const TokenizedText& text, const LexiconSet& lexicons, const TermKeys& keys, Analysis& a) {
  static constexpr std::array<LexiconKind, 7> kModifierKinds{
      LexiconKind::Negators, LexiconKind::Boosters, LexiconKind::Dampeners, LexiconKind::Contrast,
      LexiconKind::Hedges,   LexiconKind::Topic,    LexiconKind::Frames};
  a.text = &text;
  a.hits.clear();
  a.markers.clear();
  a.marker_at.assign(text.tokens.size(), -1);
  a.clause.clear();
  a.on_topic = false;
  a.off_topic_sentences.clear();
  a.irony_cues.clear();
  // Most statements have fewer terms and markers than this: one allocation
  // each instead of one per doubling.
  a.hits.reserve(16);
  a.markers.reserve(16);
  const TermTable& valence = lexicons.table(LexiconKind::Valence);
  // Many word tokens start a term of none of these eight tables: one test of
  // the token's table bits passes them over, where each table's own test
  // (inline in longest_match) is eight loads and branches a token (about 1%
  // of a batch's instructions saved). Same result: every longest_match below
  // would have returned nullopt (TermTable::key_mask).
  // The modifier tables' masks are read once here, and a token asks only the
  // tables whose bit it has: going through all eight table objects for every
  // such token, each re-reading its own bit and the token's, cost more
  // instructions than the matching itself. Same result: a table skipped here
  // would have returned nullopt.
  const std::uint32_t valence_mask = valence.key_mask();
  std::array<std::uint32_t, kModifierKinds.size()> modifier_mask{};
  std::uint32_t any_modifier = 0;
  for (std::size_t k = 0; k < kModifierKinds.size(); ++k) {
    modifier_mask[k] = lexicons.table(kModifierKinds[k]).key_mask();
    any_modifier |= modifier_mask[k];
  }
  const std::uint32_t any_table = valence_mask | any_modifier;
  // A table with no bit of its own (past the vocabulary's 15) must be asked
  // at every word: its key_mask() is all bits, and so is every token's here.
  std::uint32_t ask_all = valence_mask == ~std::uint32_t{0} ? ~std::uint32_t{0} : 0;
  for (std::uint32_t mask : modifier_mask)
    if (mask == ~std::uint32_t{0}) ask_all = mask;
  // The offtopic and irony tables are matched apart (see
  // find_off_topic_sentence), each sentence only if one of its tokens has the
  // table's bit: walking every token of every sentence twice more for them
  // was 12M instructions in 20,000 statements, nearly all of it to find
  // nothing. `seen` gathers the bits of the sentence's tokens on the way.
  const TermTable& off_topic = lexicons.table(LexiconKind::OffTopic);
  const TermTable& irony = lexicons.table(LexiconKind::Irony);
  const std::uint32_t off_topic_mask = off_topic.entries().empty() ? 0 : off_topic.key_mask();
  const std::uint32_t irony_mask = irony.entries().empty() ? 0 : irony.key_mask();
  const TermKeys::Key* key = keys.at.data();
  for (std::uint32_t si = 0; si < text.sentences.size(); ++si) {
    const Sentence& s = text.sentences[si];
    std::uint32_t seen = 0;
    std::size_t i = s.first_token;
    while (i < s.end_token) {
      const std::uint32_t bits = key[i].tables | ask_all;
      seen |= bits;
      if (!(bits & any_table) || text.tokens[i].kind != TokenKind::Word) {
        ++i;
        continue;
      }
      std::optional<TermTable::Match> best_valence;
      if (bits & valence_mask) best_valence = valence.longest_match_untested(keys, i, s.end_token);
      std::optional<TermTable::Match> best_marker;
      LexiconKind marker_kind_found = LexiconKind::Topic;
      // Most words that start a term start only valence ones: one test spares
      // them the seven below (7.7M instructions in 20,000 statements).
      for (std::size_t mk = 0; mk < kModifierKinds.size() && (bits & any_modifier); ++mk) {
        if (!(bits & modifier_mask[mk])) continue;
        const LexiconKind k = kModifierKinds[mk];
        auto m = lexicons.table(k).longest_match_untested(keys, i, s.end_token);
        if (m && (!best_marker || m->length > best_marker->length)) {
          best_marker = m;
          marker_kind_found = k;
        }
      }
      const auto first = static_cast<std::uint32_t>(i);
      if (best_valence && (!best_marker || best_valence->length >= best_marker->length)) {
        const TermTable::Facts& e = valence.facts(best_valence->entry);
        Hit h;
        h.first = first;
        h.last = first + best_valence->length;
        h.entry = best_valence->entry;
        h.layer = e.layer;
        h.weight = e.value;
        h.value = e.value * lexicons.layers()[e.layer].scale;
        if (e.layer == 0) a.on_topic = true;  // the first layer is the domain layer
        a.hits.push_back(h);
        for (++i; i < h.last; ++i) seen |= key[i].tables;
      } else if (best_marker) {
        const TermTable::Facts& e = lexicons.table(marker_kind_found).facts(best_marker->entry);
        Marker m;
        m.first = first;
        m.last = first + best_marker->length;
        m.kind = marker_kind(marker_kind_found);
        m.value = e.value;
        m.scope = e.scope;
        m.target = e.target;
        if (m.kind == MarkerKind::Topic) a.on_topic = true;
        for (std::uint32_t t = m.first; t < m.last; ++t)
          a.marker_at[t] = static_cast<std::int32_t>(a.markers.size());
        a.markers.push_back(m);
        for (++i; i < m.last; ++i) seen |= key[i].tables;
      } else {
        ++i;
      }
    }
    // A table without a bit of its own has key_mask() all ones: always asked.
    if (off_topic_mask == ~std::uint32_t{0} || (seen & off_topic_mask)) find_off_topic_sentence(a, keys, off_topic, si);
    if (irony_mask == ~std::uint32_t{0} || (seen & irony_mask)) find_irony_cues(a, keys, irony, s);
  }
}

void mark_clauses(Analysis& a) {
  const auto& tokens = a.text->tokens;
  a.clause.resize(tokens.size());  // every element is written below
  std::uint32_t clause = 0;
  // Sentence by sentence (a new one opens a clause), and the contrast words
  // that open one come from the markers, in text order: a test of each
  // token's sentence and marker_at() was most of this pass.
  auto contrast = a.markers.begin();
  const auto next_contrast = [&]() -> std::size_t {
    while (contrast != a.markers.end() && contrast->kind != MarkerKind::Contrast) ++contrast;
    return contrast == a.markers.end() ? SIZE_MAX : contrast->first;
  };
  std::size_t contrast_at = next_contrast();
  const auto& sentences = a.text->sentences;
  // Through plain pointers and locals: a store into a.clause (32-bit) may,
  // for the compiler, change the sentence's bounds, so the loop reloaded them
  // and the vectors' data at every token.
  std::uint32_t* const out = a.clause.data();
  const Token* const token = tokens.data();
  for (std::size_t si = 0; si < sentences.size(); ++si) {
    const std::size_t first = sentences[si].first_token, end = sentences[si].end_token;
    if (si > 0 && first < end) ++clause;  // the first sentence's clause is 0
    for (std::size_t i = first; i < end; ++i) {
      if (i == contrast_at) {
        // A contrast word at a sentence's start opens no second clause.
        if (i != first || si == 0) ++clause;
        ++contrast;
        contrast_at = next_contrast();
      }
      out[i] = clause;
      if (token[i].kind == TokenKind::Punct && is_clause_break(token[i].folded)) ++clause;
    }
  }
}

double negation_factor(double value) { return value > 0 ? kNegatedPositiveFactor : kNegationFactor; }

void apply_negation(Analysis& a) {
  if (!has_marker(a, MarkerKind::Negator)) return;
  std::size_t prev_hit_end = 0;
  bool prev_negated = false;
  for (Hit& h : a.hits) {
    // A term right after a negated one, in the same clause, is under the same
    // negation: "not genuine reconciliation".
    if (prev_negated && h.first == prev_hit_end && a.clause[h.first] == a.clause[h.first - 1]) {
      h.value *= negation_factor(h.value);
      h.effects |= kEffectNegated;
      prev_hit_end = h.last;
      continue;
    }
    prev_negated = false;
    // Look back from the term, within its clause, not past the previous term:
    // a negator governs the first term after it ("never accept this humiliating
    // deal" negates "accept", not "humiliating").
    // The window counts words only: an apostrophe or hyphen between them
    // ("not their grandparents' grudges") does not push the term out of reach.
    std::uint32_t words = 0;
    for (std::size_t t = h.first; t-- > prev_hit_end && words < kNegationWindow;) {
      if (a.clause[t] != a.clause[h.first]) break;
      if (a.text->tokens[t].kind != TokenKind::Word) continue;
      ++words;
      const Marker* m = marker_at(a, t);
      if (m && m->kind == MarkerKind::Negator) {
        h.value *= negation_factor(h.value);
        h.effects |= kEffectNegated;
        prev_negated = true;
        break;
      }
    }
    prev_hit_end = h.last;
  }
}

void apply_frames(Analysis& a) {
  if (!has_marker(a, MarkerKind::Frame)) return;
  // The nearest frame before the term in its clause: the last frame seen
  // walking forward, if it lies in the term's clause (clause numbers only grow).
  // One walk for all terms, since hits are in text order; looking back from
  // each term to its clause start was quadratic on one long clause.
  // The walk goes along the markers, not the tokens: a marker before the term
  // ends before it too (terms and markers do not overlap), so its clause is
  // that of its last token, where the walk over tokens left it.
  const Marker* last_frame = nullptr;
  std::uint32_t last_frame_clause = 0;
  auto m = a.markers.begin();
  for (Hit& h : a.hits) {
    for (; m != a.markers.end() && m->first < h.first; ++m) {
      if (m->kind == MarkerKind::Frame) {
        last_frame = &*m;
        last_frame_clause = a.clause[m->last - 1];
      }
    }
    const Marker* frame = last_frame && last_frame_clause == a.clause[h.first] ? last_frame : nullptr;
    if (!frame || frame->value == 1.0) continue;
    if (frame->target == FrameTarget::Positive && h.value <= 0) continue;
    h.value *= frame->value;
    h.effects |= kEffectFramed;
  }
}

void apply_intensifiers(Analysis& a) {
  if (!has_marker(a, MarkerKind::Booster, MarkerKind::Dampener)) return;
  for (Hit& h : a.hits) {
    const std::size_t floor = h.first >= kIntensifierWindow ? h.first - kIntensifierWindow : 0;
    for (std::size_t t = h.first; t-- > floor;) {
      if (a.clause[t] != a.clause[h.first]) break;
      const Marker* m = marker_at(a, t);
      if (!m) continue;
      if (m->kind == MarkerKind::Booster) {
        h.value *= m->value;
        h.effects |= kEffectBoosted;
      } else if (m->kind == MarkerKind::Dampener) {
        h.value *= m->value;
        h.effects |= kEffectDampened;
      }
      t = m->first;  // a multiword modifier counts once
    }
  }
}

void apply_all_caps(Analysis& a) {
  const auto& tokens = a.text->tokens;
  const auto in_capitals = [&](const Hit& h) {
    for (std::size_t t = h.first; t < h.last; ++t)
      if (tokens[t].kind == TokenKind::Word && !tokens[t].all_caps) return false;
    return true;
  };
  // Few texts have a term in capitals: the text's words are counted only
  // when one has (counting them for every text was 7M instructions in 20,000).
  if (std::none_of(a.hits.begin(), a.hits.end(), in_capitals)) return;
  std::size_t words = 0, caps = 0;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::Word) continue;
    ++words;
    caps += t.all_caps;
  }
  // A headline in capitals shouts nothing in particular.
  if (words == 0 || caps * 2 > words) return;
  for (Hit& h : a.hits) {
    if (in_capitals(h)) {
      h.value *= kAllCapsFactor;
      h.effects |= kEffectEmphasized;
    }
  }
}

void apply_contrast(Analysis& a) {
  const auto& tokens = a.text->tokens;
  const auto& sentences = a.text->sentences;
  // A token under any demoting contrast is demoted; otherwise a token under any
  // promoting one is promoted (demotion wins whatever the order of the words).
  // Each range is two events, +1 where it starts and -1 where it ends, and
  // one sweep along the events and the hits (both sorted) counts the ranges
  // over each hit: marking each range token by token made a long sentence
  // full of "but" quadratic in its length, and difference arrays over every
  // token cost 8M instructions in 20,000 statements, most without a contrast word.
  struct Event {
    std::size_t at;
    std::int32_t demoted, promoted;
  };
  thread_local std::vector<Event> events;  // reused: no allocation per text
  events.clear();
  auto demote = [&](std::size_t b, std::size_t e) {
    if (b >= e) return;
    events.push_back({b, 1, 0});
    events.push_back({e, -1, 0});
  };
  auto promote = [&](std::size_t b, std::size_t e) {
    if (b >= e) return;
    events.push_back({b, 0, 1});
    events.push_back({e, 0, -1});
  };
  for (const Marker& m : a.markers) {
    if (m.kind != MarkerKind::Contrast) continue;
    const Sentence& s = sentences[tokens[m.first].sentence];
    if (m.scope == ContrastScope::Preceding) {
      if (m.first == s.first_token) {
        // "... . But Y": the whole previous sentence yields to this one.
        const auto si = tokens[m.first].sentence;
        if (si > 0) demote(sentences[si - 1].first_token, sentences[si - 1].end_token);
      } else {
        demote(s.first_token, m.first);
      }
      promote(m.last, s.end_token);
    } else {
      // "although X, Y": X is the clause the word opens. Clauses do not
      // overlap, so these scans add up to one pass over the text.
      std::size_t clause_end = m.last;
      while (clause_end < s.end_token && a.clause[clause_end] == a.clause[m.first]) ++clause_end;
      demote(m.last, clause_end);
      promote(s.first_token, m.first);
      promote(clause_end, s.end_token);
    }
  }
  if (events.empty()) return;
  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.at < y.at; });
  std::int32_t demoted = 0, promoted = 0;
  auto e = events.begin();
  for (Hit& h : a.hits) {
    for (; e != events.end() && e->at <= h.first; ++e) {
      demoted += e->demoted;
      promoted += e->promoted;
    }
    if (demoted > 0) {
      h.value *= kContrastDemoted;
      h.effects |= kEffectContrastDemoted;
    } else if (promoted > 0) {
      h.value *= kContrastPromoted;
      h.effects |= kEffectContrastPromoted;
    }
  }
}

void apply_hedges(Analysis& a) {
  if (!has_marker(a, MarkerKind::Hedge)) return;
  // The strongest hedge of each clause, found in one pass over the markers
  // (clause numbers count up from 0 through the text): looking through every
  // marker for every term was quadratic on a long text.
  thread_local std::vector<double> strongest;  // reused: no allocation per text
  strongest.assign(a.clause.empty() ? 0 : a.clause.back() + 1, 1.0);
  for (const Marker& m : a.markers)
    if (m.kind == MarkerKind::Hedge)
      strongest[a.clause[m.first]] = std::min(strongest[a.clause[m.first]], m.value);
  for (Hit& h : a.hits) {
    const double s = strongest[a.clause[h.first]];
    if (s < 1.0) {
      h.value *= s;
      h.effects |= kEffectHedged;
    }
  }
}

void apply_sentence_punctuation(Analysis& a) {
  const auto& tokens = a.text->tokens;
  // Each sentence's marks are counted once, not once per term in it (which was
  // quadratic on a long single-sentence text).
  // Only the sentences that hold a term are read (hits are in text order, so
  // each once): reading every token of the text was 6M instructions in 20,000
  // statements.
  struct Marks {
    int bangs = 0;
    bool question = false;
  };
  Marks m;
  std::uint32_t marks_of = UINT32_MAX;  // the sentence `m` counts
  for (Hit& h : a.hits) {
    if (const std::uint32_t sentence = tokens[h.first].sentence; sentence != marks_of) {
      marks_of = sentence;
      m = Marks{};
      const Sentence& s = a.text->sentences[sentence];
      for (std::size_t i = s.first_token; i < s.end_token; ++i) {
        if (tokens[i].kind != TokenKind::Punct) continue;
        for (char c : tokens[i].folded) {
          if (c == '!' && m.bangs < kExclamationMax) ++m.bangs;  // counted up to the cap
          if (c == '?') m.question = true;
        }
      }
    }
    if (m.bangs > 0) {
      h.value *= 1.0 + kExclamationStep * m.bangs;
      h.effects |= kEffectExclaimed;
    }
    if (m.question) {
      h.value *= h.value > 0 ? kQuestionedPositiveFactor : kQuestionFactor;
      h.effects |= kEffectQuestioned;
    }
  }
}

namespace {

// Whether tokens [first, last) stand in a short quoted span: walks out from
// the term over at most kScareQuoteMaxWords words in all (and
// kScareQuoteMaxTokens tokens), stopping at clause breaks. An opening
// mark follows a space or the text's start and a closing one precedes a
// non-letter, so the apostrophe of "victims' own" opens nothing.
bool is_in_short_quote(const Analysis& a, std::uint32_t first, std::uint32_t last) {
  const auto& tokens = a.text->tokens;
  const std::string& text = a.text->text;
  const std::uint32_t sentence = tokens[first].sentence;
  auto blocks = [&](const Token& t) {
    return t.sentence != sentence || (t.kind == TokenKind::Punct && is_clause_break(t.folded));
  };
  std::uint32_t words = 0;
  for (std::uint32_t i = first; i < last; ++i) words += tokens[i].kind == TokenKind::Word;
  // Every step counts against a budget too, so a long run of numbers or
  // symbols cannot make each term's walk long (quadratic on one long line).
  std::uint32_t steps = 0;
  auto too_far = [&](const Token& t) {
    return ++steps > kScareQuoteMaxTokens || (t.kind == TokenKind::Word && ++words > kScareQuoteMaxWords);
  };
  // Opening mark, to the left.
  std::int64_t open = static_cast<std::int64_t>(first) - 1;
  while (open >= 0 && !blocks(tokens[open]) &&
         !(tokens[open].kind == TokenKind::Punct && is_quote_mark(tokens[open].folded))) {
    if (too_far(tokens[open])) return false;
    --open;
  }
  if (open < 0 || blocks(tokens[open])) return false;
  const Token& o = tokens[static_cast<std::size_t>(open)];
  if (o.start > 0 && !std::isspace(static_cast<unsigned char>(text[o.start - 1])) && text[o.start - 1] != '(')
    return false;
  // Closing mark, to the right.
  std::size_t close = last;
  while (close < tokens.size() && !blocks(tokens[close]) &&
         !(tokens[close].kind == TokenKind::Punct && is_quote_mark(tokens[close].folded))) {
    if (too_far(tokens[close])) return false;
    ++close;
  }
  if (close >= tokens.size() || blocks(tokens[close])) return false;
  const Token& c = tokens[close];
  return c.end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[c.end]));
}

}  // namespace

void apply_scare_quotes(Analysis& a) {
  for (Hit& h : a.hits) {
    if (h.value <= 0 || !is_in_short_quote(a, h.first, h.last)) continue;
    h.value *= kScareQuoteFactor;
    h.effects |= kEffectScareQuoted;
  }
}

void apply_irony(Analysis& a) {
  if (a.irony_cues.empty()) return;
  // Clause numbers only grow along the text, and so do the cues: the cue
  // clauses come out sorted and a binary search finds a hit's.
  std::vector<std::uint32_t> cue_clauses;
  for (std::uint32_t t : a.irony_cues)
    if (cue_clauses.empty() || cue_clauses.back() != a.clause[t]) cue_clauses.push_back(a.clause[t]);
  auto in_cue_clause = [&](const Hit& h) {
    return std::binary_search(cue_clauses.begin(), cue_clauses.end(), a.clause[h.first]);
  };
  double rest = 0;
  for (const Hit& h : a.hits)
    if (!in_cue_clause(h)) rest += h.value;
  if (rest == 0) return;
  for (Hit& h : a.hits) {
    if (!in_cue_clause(h) || h.value == 0 || (h.value > 0) == (rest > 0)) continue;
    h.value *= kIronyFactor;
    h.effects |= kEffectIronic;
  }
}

void apply_topic_gate(Analysis& a) {
  if (a.on_topic) return;
  for (Hit& h : a.hits) {
    if (h.layer == 0) continue;  // domain terms are on topic by definition
    h.value *= kOffTopicFactor;
    h.effects |= kEffectOffTopic;
  }
}

void apply_off_topic_subjects(Analysis& a) {
  const auto& tokens = a.text->tokens;
  // Hits and off-topic sentences are both in text order: walk them together.
  auto s = a.off_topic_sentences.begin();
  for (Hit& h : a.hits) {
    const std::uint32_t sentence = tokens[h.first].sentence;
    while (s != a.off_topic_sentences.end() && *s < sentence) ++s;
    if (s == a.off_topic_sentences.end()) return;
    // A term the statement-wide gate already shrank is not shrunk twice.
    if (*s != sentence || (h.effects & kEffectOffTopic)) continue;
    h.value *= kOffTopicSubjectFactor;
    h.effects |= kEffectOffTopic;
  }
}

double normalize_score(double raw) { return raw / std::sqrt(raw * raw + kNormalizationAlpha); }

double confidence_of(const std::vector<Hit>& hits) {
  double sum = 0, mass = 0;
  for (const Hit& h : hits) {
    sum += h.value;
    mass += std::abs(h.value);
  }
  if (mass == 0) return 0;
  return std::abs(sum) / mass * (1.0 - std::exp(-mass / kConfidenceMass));
}

}  // namespace thaw::rules
