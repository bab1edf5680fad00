// Attribution: who is speaking in a statement, from cues in its text
// ("X said", "said X", "according to X", "X told ...", "X: ...").
//
// An actor who is only mentioned is not the speaker: "China condemned Seoul's
// rapprochement with Japan" names no speaker from the actor list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "thaw/actors.hpp"
#include "thaw/lexicon.hpp"
#include "thaw/tokenizer.hpp"

namespace thaw {

struct Attribution {
  std::uint32_t actor = 0;      // index into ActorList::actors()
  std::string speaker;          // the name as written in the text
  std::uint32_t start = 0;      // byte span of `speaker`
  std::uint32_t end = 0;
};

// Tokens that may stand between a speaker and a speech cue: "Yoon also said",
// "said on Monday"? No: only a short gap of plain words keeps the link safe.
inline constexpr std::uint32_t kMaxSpeakerCueGap = 2;

// The first actor linked to a speech cue, or nullopt. Pure; thread-safe.
std::optional<Attribution> find_speaker(const TokenizedText& text, const ActorList& actors,
                                        const TermTable& speech_cues);

// The same with the cue keys already made (a caller that keys the text for the
// scorer too saves doing it twice): `cue_keys` must be
// speech_cues.vocabulary()->keys(text.tokens), and the vocabulary not null.
std::optional<Attribution> find_speaker(const TokenizedText& text, const ActorList& actors,
                                        const TermTable& speech_cues, const TermKeys& cue_keys);

}  // namespace thaw
