#include "thaw/attribution.hpp"

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

std::optional<Attribution> find_speaker(const TokenizedText& text, const ActorList& actors,
                                        const TermTable& speech_cues) {
  const auto& tokens = text.tokens;
  std::vector<Span> names, cues;
  for (const Sentence& s : text.sentences) {
    for (std::size_t i = s.first_token; i < s.end_token;) {
      if (auto m = actors.match_alias(tokens, i, s.end_token)) {
        names.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + m->length), m->actor});
        i += m->length;
      } else if (auto c = speech_cues.longest_match(tokens, i, s.end_token)) {
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
  for (const Span& n : names) {
    // "Mao Ning: ..." at the start of a sentence or line.
    if (n.last < tokens.size() && is_colon(tokens[n.last]) &&
        (n.first == 0 || tokens[n.first - 1].sentence != tokens[n.first].sentence))
      return make(n);
    for (const Span& c : cues) {
      if (tokens[c.first].sentence != tokens[n.first].sentence) continue;
      const CuePosition pos = speech_cues.entries()[c.index].cue;
      // "Yoon (also) said", "Biden told reporters"
      if (pos != CuePosition::SpeakerAfter && c.first >= n.last && small_word_gap(tokens, n.last, c.first))
        return make(n);
      // "said Yoon", "according to the Global Times"; a comma may follow the cue
      // only in the "according to X," direction, never before the name.
      if (pos != CuePosition::SpeakerFirst && n.first >= c.last && n.first - c.last <= 1 &&
          small_word_gap(tokens, c.last, n.first))
        return make(n);
    }
  }
  return std::nullopt;
}

}  // namespace thaw
