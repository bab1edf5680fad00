// Tokenizer-only reference for bench/run.sh: reads the same JSONL as
// `thaw batch`, takes each record's "text" and runs ICU's word BreakIterator
// over it, counting word and number tokens. Nothing else: no folding, no
// sentences, no lexicon, no output per record. One iterator and one UText
// are reused for every line, as a careful ICU user would.
//
// usage: thaw_tokenize_ref FILE.jsonl   (prints "lines words numbers" to stdout)
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.jsonl\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", argv[1]);
    return 1;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale("en"), status));
  if (U_FAILURE(status)) {
    std::fprintf(stderr, "ICU: %s\n", u_errorName(status));
    return 1;
  }
  UText* ut = nullptr;
  std::string line, text;
  unsigned long lines = 0, word_tokens = 0, number_tokens = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++lines;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    auto it = j.find("text");
    if (it == j.end() || !it->is_string()) continue;
    text = it->get_ref<const std::string&>();
    ut = utext_openUTF8(ut, text.data(), static_cast<int64_t>(text.size()), &status);
    words->setText(ut, status);
    if (U_FAILURE(status)) {
      std::fprintf(stderr, "ICU: %s\n", u_errorName(status));
      return 1;
    }
    for (int32_t e = words->next(); e != icu::BreakIterator::DONE; e = words->next()) {
      const int32_t tag = words->getRuleStatus();
      word_tokens += tag >= UBRK_WORD_LETTER;
      number_tokens += tag >= UBRK_WORD_NUMBER && tag < UBRK_WORD_LETTER;
    }
  }
  utext_close(ut);
  std::printf("%lu %lu %lu\n", lines, word_tokens, number_tokens);
  return 0;
}
