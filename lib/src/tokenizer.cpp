#include "thaw/tokenizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <limits>

#include "thaw/error.hpp"

namespace thaw {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kRightSingleQuote = "\xE2\x80\x99";  // U+2019

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || n == nullptr)
    throw Error(std::string("ICU: cannot load NFKC_Casefold data: ") + u_errorName(status));
  return *n;
}

// Replace U+2019 by an ASCII apostrophe so "Japan’s" and "Japan's" fold alike.
void straighten_apostrophes(std::string& s) {
  std::size_t pos = 0;
  while ((pos = s.find(kRightSingleQuote, pos)) != std::string::npos) {
    s.replace(pos, kRightSingleQuote.size(), "'");
    ++pos;
  }
}

// `s` must be valid UTF-8.
std::string fold_valid(std::string_view s) {
  std::string out;
  if (is_ascii(s)) {
    // For ASCII, NFKC_Casefold is exactly lower-casing A-Z.
    out.assign(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  nfkc_casefold().normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())),
                                sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(s);
  straighten_apostrophes(out);
  return out;
}

// Two or more letters and no lower-case letter: shouting, as in "NEVER".
bool is_all_caps(std::string_view s) {
  int letters = 0;
  int32_t i = 0;
  const auto n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    if (u_islower(c)) return false;
    if (u_isUAlphabetic(c)) {
      if (!u_isupper(c)) return false;  // uncased letters (CJK) are not caps
      ++letters;
    }
  }
  return letters >= 2;
}

icu::Locale sentence_locale(const std::string& language) {
  // "ss=standard" turns on ICU's abbreviation suppressions ("U.S.", "Dr.", "Mr.")
  // so that they do not end a sentence.
  return icu::Locale::createFromName((language + "@ss=standard").c_str());
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

}  // namespace

bool repair_utf8(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  if (in.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
    throw Error("text longer than 2 GiB");
  const auto n = static_cast<int32_t>(in.size());
  bool replaced = false;
  int32_t i = 0;
  int32_t run_start = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t before = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out.append(in.substr(run_start, before - run_start));
      out.append(kReplacementChar);
      run_start = i;
      replaced = true;
    }
  }
  out.append(in.substr(run_start));
  return replaced;
}

std::string fold(std::string_view utf8) {
  std::string repaired;
  repair_utf8(utf8, repaired);
  return fold_valid(repaired);
}

struct Tokenizer::Impl {
  std::string language;
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<icu::BreakIterator> sentences;
};

Tokenizer::Tokenizer(std::string_view language) : impl_(std::make_unique<Impl>()) {
  impl_->language.assign(language);
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::createFromName(impl_->language.c_str());
  impl_->words.reset(icu::BreakIterator::createWordInstance(locale, status));
  if (U_FAILURE(status))
    throw Error("ICU: cannot create word break iterator for '" + impl_->language +
                "': " + u_errorName(status));
  impl_->sentences.reset(
      icu::BreakIterator::createSentenceInstance(sentence_locale(impl_->language), status));
  if (U_FAILURE(status))
    throw Error("ICU: cannot create sentence break iterator for '" + impl_->language +
                "': " + u_errorName(status));
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

const std::string& Tokenizer::language() const noexcept { return impl_->language; }

TokenizedText Tokenizer::tokenize(std::string_view utf8) {
  TokenizedText out;
  out.repaired_utf8 = repair_utf8(utf8, out.text);
  if (out.text.empty()) return out;

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, out.text.data(), static_cast<int64_t>(out.text.size()), &status));
  if (U_FAILURE(status)) throw Error(std::string("ICU: utext_openUTF8: ") + u_errorName(status));

  // Sentences first, so each token can be stamped with its sentence.
  impl_->sentences->setText(ut.get(), status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: sentence setText: ") + u_errorName(status));
  for (int32_t s = impl_->sentences->first(), e = impl_->sentences->next();
       e != icu::BreakIterator::DONE; s = e, e = impl_->sentences->next()) {
    Sentence sent;
    sent.start = static_cast<std::uint32_t>(s);
    sent.end = static_cast<std::uint32_t>(e);
    out.sentences.push_back(sent);
  }

  impl_->words->setText(ut.get(), status);
  if (U_FAILURE(status)) throw Error(std::string("ICU: word setText: ") + u_errorName(status));
  const auto* bytes = reinterpret_cast<const uint8_t*>(out.text.data());
  const auto n = static_cast<int32_t>(out.text.size());
  std::uint32_t sentence = 0;
  for (int32_t s = impl_->words->first(), e = impl_->words->next(); e != icu::BreakIterator::DONE;
       s = e, e = impl_->words->next()) {
    const int32_t status_tag = impl_->words->getRuleStatus();
    Token tok;
    if (status_tag >= UBRK_WORD_LETTER) {
      tok.kind = TokenKind::Word;
    } else if (status_tag >= UBRK_WORD_NUMBER) {
      tok.kind = TokenKind::Number;
    } else {
      int32_t i = s;
      UChar32 c;
      U8_NEXT(bytes, i, n, c);
      if (c < 0 || u_isUWhiteSpace(c) || u_isspace(c)) continue;
      tok.kind = u_ispunct(c) ? TokenKind::Punct : TokenKind::Symbol;
    }
    tok.start = static_cast<std::uint32_t>(s);
    tok.end = static_cast<std::uint32_t>(e);
    while (sentence + 1 < out.sentences.size() && tok.start >= out.sentences[sentence].end)
      ++sentence;
    tok.sentence = sentence;
    std::string_view span = out.span(tok);
    if (tok.kind == TokenKind::Word) tok.all_caps = is_all_caps(span);
    tok.folded = fold_valid(span);
    out.tokens.push_back(std::move(tok));
  }

  // Token index ranges per sentence.
  std::uint32_t t = 0;
  for (std::uint32_t i = 0; i < out.sentences.size(); ++i) {
    out.sentences[i].first_token = t;
    while (t < out.tokens.size() && out.tokens[t].sentence == i) ++t;
    out.sentences[i].end_token = t;
  }
  return out;
}

}  // namespace thaw
