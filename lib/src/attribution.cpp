#include "thaw/attribution.hpp"

#include <cstdint>
#include <vector>

namespace thaw {
namespace {

struct Span {
  std::uint32_t first, last;  // tokens [first, last)
  std::uint32_t index;        // actor index, or cue entry index
};

bool is_colon(const Token& t) {
  return t.kind == TokenKind::Punct && (t.folded == ":" || t.folded == "\xEF\xBC\x9A" /* ： */);
}

// True if tokens [from, to) are few plain words: "also", "later", "has".
bool small_word_gap(const std::vector<Token>& tokens, std::uint32_t from, std::uint32_t to) {
  if (to < from || to - from > kMaxSpeakerCueGap) return false;
  for (std::uint32_t t = from; t < to; ++t)
    if (tokens[t].kind != TokenKind::Word) return false;
  return true;
}

}  // namespace

namespace {

// find_speaker, with the cues matched by number when `cue_keys` is given and
// by string otherwise.
std::optional<Attribution> find_speaker_keyed(const TokenizedText& text, const ActorList& actors,
                                              const TermTable& speech_cues, const TermKeys* cue_keys) {
  const auto& tokens = text.tokens;
  // The cues match by number, with the keys the scorer uses too. The aliases
  // match by string, after ActorList::may_start_alias's test of a few bytes,
  // which most tokens fail: keying every token against the aliases' own
  // vocabulary first was 21.5M instructions of a 932.5M batch (20,000 bench
  // lines, a quarter of them with no actor).
  const bool keyed_cues = cue_keys != nullptr;
  auto cue_at = [&](std::size_t i, std::size_t end) {
    return keyed_cues ? speech_cues.longest_match(*cue_keys, i, end) : speech_cues.longest_match(tokens, i, end);
  };
  // A name is linked by a colon right after it or by a cue of its own
  // sentence, and the scan below starts afresh at each sentence: a sentence
  // with neither (no token where a cue can start, no colon after its first
  // token) gives no speaker, whatever names it holds, and is not searched
  // for them. (A test of the whole text, the first version, took find_speaker
  // from 36.7M to 24.3M instructions with may_start_alias; per sentence,
  // 16.7M.)
  auto may_link = [&](const Sentence& s) {
    for (std::size_t i = s.first_token; i < s.end_token; ++i)
      if (cue_at(i, s.end_token)) return true;
    for (std::size_t i = s.first_token + 1; i <= s.end_token && i < tokens.size(); ++i)
      if (is_colon(tokens[i])) return true;
    return false;
  };
  thread_local std::vector<Span> names, cues;  // reused: no allocation per text
  names.clear();
  cues.clear();
  for (const Sentence& s : text.sentences) {
    if (!may_link(s)) continue;
    for (std::size_t i = s.first_token; i < s.end_token;) {
      // may_start_alias, inline, spares most tokens the call.
      if (auto m = actors.may_start_alias(tokens[i].folded) ? actors.match_alias(tokens, i, s.end_token)
                                                             : std::nullopt) {
        names.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + m->length), m->actor});
        i += m->length;
      } else if (auto c = cue_at(i, s.end_token)) {
        cues.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + c->length), c->entry});
        i += c->length;
      } else {
        ++i;
      }
    }
  }
  auto make = [&](const Span& n) {
    Attribution a;
    a.actor = n.index;
    a.start = tokens[n.first].start;
    a.end = tokens[n.last - 1].end;
    a.speaker = text.text.substr(a.start, a.end - a.start);
    return a;
  };
  // Each cue indexed by the token it starts at and the token it ends before
  // (cues do not overlap), so a name looks only at the few tokens beside it:
  // pairing every name with every cue was quadratic on a long text full of
  // names and cues that never link.
  constexpr std::uint32_t kNone = UINT32_MAX;
  thread_local std::vector<std::uint32_t> cue_starting, cue_ending;  // reused, as above
  cue_starting.assign(tokens.size() + 1, kNone);
  cue_ending.assign(tokens.size() + 1, kNone);
  for (std::uint32_t i = 0; i < cues.size(); ++i) {
    cue_starting[cues[i].first] = i;
    cue_ending[cues[i].last] = i;
  }
  auto same_sentence = [&](const Span& c, const Span& n) {
    return tokens[c.first].sentence == tokens[n.first].sentence;
  };
  for (const Span& n : names) {
    // "Mao Ning: ..." at the start of a sentence or line.
    if (n.last < tokens.size() && is_colon(tokens[n.last]) &&
        (n.first == 0 || tokens[n.first - 1].sentence != tokens[n.first].sentence))
      return make(n);
    // "Yoon (also) said", "Biden told reporters": a cue at most
    // kMaxSpeakerCueGap plain words after the name.
    for (std::uint32_t at = n.last; at <= n.last + kMaxSpeakerCueGap && at < tokens.size(); ++at) {
      if (cue_starting[at] == kNone) continue;
      const Span& c = cues[cue_starting[at]];
      if (speech_cues.entries()[c.index].cue != CuePosition::SpeakerAfter && same_sentence(c, n) &&
          small_word_gap(tokens, n.last, c.first))
        return make(n);
    }
    // "said Yoon", "according to the Global Times"; a comma may follow the cue
    // only in the "according to X," direction, never before the name. So the
    // cue ends right before the name or one plain word before it.
    for (const std::uint32_t at : {n.first, n.first - 1}) {
      if (at > n.first || cue_ending[at] == kNone) continue;  // n.first - 1 wrapped below 0
      const Span& c = cues[cue_ending[at]];
      const CuePosition pos = speech_cues.entries()[c.index].cue;
      // An inverted "said X" follows a quotation or a comma ("'...,' said Yoon");
      // after a word ("critics said Yoon betrayed ...") X opens the reported
      // clause and is only mentioned. "according to X" may follow anything.
      const bool cue_after_word = c.first > 0 && tokens[c.first - 1].sentence == tokens[c.first].sentence &&
                                  tokens[c.first - 1].kind == TokenKind::Word;
      if (pos != CuePosition::SpeakerFirst && !(pos == CuePosition::Either && cue_after_word) &&
          same_sentence(c, n) && small_word_gap(tokens, c.last, n.first))
        return make(n);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Attribution> find_speaker(const TokenizedText& text, const ActorList& actors,
                                        const TermTable& speech_cues) {
  if (!speech_cues.vocabulary()) return find_speaker_keyed(text, actors, speech_cues, nullptr);
  thread_local TermKeys cue_keys;  // reused, so no allocation per text
  speech_cues.vocabulary()->keys(text.tokens, cue_keys);
  return find_speaker_keyed(text, actors, speech_cues, &cue_keys);
}

std::optional<Attribution> find_speaker(const TokenizedText& text, const ActorList& actors,
                                        const TermTable& speech_cues, const TermKeys& cue_keys) {
  return find_speaker_keyed(text, actors, speech_cues, &cue_keys);
}

}  // namespace thaw
