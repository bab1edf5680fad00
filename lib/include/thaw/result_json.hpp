// The JSON form of a scored statement: the output contract documented in
// README.md ("Output fields"). Fields are only ever added, never renamed.
#pragma once

#include <nlohmann/json.hpp>

#include "thaw/lexicon.hpp"
#include "thaw/scorer.hpp"

namespace thaw {

// Builds the JSON object for one scored statement. Numbers are rounded to 4
// decimals so output is stable across platforms. Does not throw except on
// allocation failure.
nlohmann::ordered_json to_json(const ScoredStatement& result, const LexiconInfo& lexicon);

// {"name": ..., "version": ...} of a lexicon set.
nlohmann::ordered_json lexicon_json(const LexiconInfo& lexicon);

// How to_json writes a number: rounded to 4 decimals, never "-0.0".
double round_output(double v);

// Appends JSON text to a string exactly as nlohmann's dump(-1, ' ', false,
// error_handler_t::replace) writes it, without building an ordered_json
// first: nlohmann's own serializer escapes the strings and formats the
// numbers; the caller writes the punctuation and the (plain ASCII) keys.
// The batch hot path; one per thread (not thread-safe). Bound to `out` for
// its lifetime.
class JsonAppender {
 public:
  explicit JsonAppender(std::string& out);
  ~JsonAppender();
  JsonAppender(const JsonAppender&) = delete;
  JsonAppender& operator=(const JsonAppender&) = delete;

  std::string& out() noexcept { return out_; }
  void raw(std::string_view text) { out_.append(text); }  // written as it is
  void string(std::string_view s);                        // quoted and escaped
  // string(s) for an `s` that is valid UTF-8 (a repaired text, or a piece of
  // one cut at character boundaries): nlohmann passes multibyte characters
  // through as they are, so only the ASCII bytes are checked for escaping and
  // non-ASCII text skips the serializer. Same bytes as string(s); undefined
  // output for invalid UTF-8. Quotes and backslashes are escaped here too;
  // only a string with a control character goes to nlohmann. Returns true
  // when `s` was copied as it is (it needed no escaping), which holds for
  // every piece of it too.
  bool valid_utf8_string(std::string_view s);
  // True when string(s) writes `s` as it is between quotes (ASCII without a
  // control character, '"' or '\\'), so a caller may copy it itself.
  static bool copied_as_is(std::string_view s) noexcept;
  // True when valid_utf8_string(s) writes `s` as it is between quotes: it
  // holds no '"', '\\' or byte below 0x20.
  static bool valid_utf8_copied_as_is(std::string_view s) noexcept;
  void optional_string(const std::optional<std::string>& s);  // or null
  void number(double v);
  void number(std::uint64_t v);
  // number(v)'s bytes written at p instead, which must have room for
  // kMaxNumberBytes; returns their end. For callers that reserve room for a
  // run of fields and fill it through a pointer.
  static constexpr std::size_t kMaxNumberBytes = 32;
  char* write_number(double v, char* p);
  static char* write_number(std::uint64_t v, char* p);
  // number(round_output(v)) and write_number(round_output(v), p): the same
  // bytes, rounded on the way without a libm call per number.
  void rounded(double v);
  char* write_rounded(double v, char* p);
  void value(const nlohmann::ordered_json& j);

 private:
  std::string& out_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Appends to_json(result, lexicon) without its closing '}', so that the caller
// can add fields: the bytes are those of its dump() up to that brace. Sets
// *flags_end to the offset in out.out() of the ']' that closes "flags".
void append_json_fields(const ScoredStatement& result, const LexiconInfo& lexicon, JsonAppender& out,
                        std::size_t* flags_end);

// Pieces of the fields after "lexicon" that only a set with a stance model
// writes, shared by append_json_fields and the batch hot path (tracker.cpp),
// which writes from the rules' own results:
// `,"lexicon_score":…,"lexicon_label":…,"probabilities":{…},"learned":[`
void append_stance_head(double lexicon_score, Label lexicon_label, const std::array<double, 3>& probabilities,
                        JsonAppender& out);
// One item of "learned" (`first`: no comma before it); the caller closes with "]".
void append_learned_item(bool first, std::string_view feature, std::string_view match, std::uint32_t start,
                         std::uint32_t end, double warmth, JsonAppender& out);

}  // namespace thaw
