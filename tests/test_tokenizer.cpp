#define BOOST_TEST_MODULE tokenizer
#include <boost/test/unit_test.hpp>

#include "thaw/tokenizer.hpp"

using namespace thaw;

namespace thaw {
std::ostream& operator<<(std::ostream& os, TokenKind k) { return os << static_cast<int>(k); }
}  // namespace thaw

namespace {
std::vector<std::string> folded(const TokenizedText& t) {
  std::vector<std::string> out;
  for (const auto& tok : t.tokens) out.emplace_back(tok.folded);
  return out;
}
std::vector<std::string> spans(const TokenizedText& t) {
  std::vector<std::string> out;
  for (const auto& tok : t.tokens) out.emplace_back(t.span(tok));
  return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(english_words_carry_byte_offsets) {
  Tokenizer tk("en");
  auto t = tk.tokenize("Seoul welcomed it.");
  BOOST_TEST(spans(t) == (std::vector<std::string>{"Seoul", "welcomed", "it", "."}),
             boost::test_tools::per_element());
  BOOST_TEST(t.tokens[0].start == 0u);
  BOOST_TEST(t.tokens[0].end == 5u);
  BOOST_TEST(t.tokens[1].start == 6u);  // after "Seoul "
  BOOST_TEST(t.tokens[3].kind == TokenKind::Punct);
  BOOST_TEST(t.tokens[0].folded == "seoul");
}

BOOST_AUTO_TEST_CASE(offsets_count_bytes_not_characters) {
  Tokenizer tk("en");
  // "é" is two bytes, so "deal" starts at byte 7, not 6.
  auto t = tk.tokenize("Café: deal");
  BOOST_TEST(t.tokens.back().folded == "deal");
  BOOST_TEST(t.tokens.back().start == 7u);
  BOOST_TEST(t.tokens.back().end == 11u);
}

BOOST_AUTO_TEST_CASE(hyphens_apostrophes_and_possessives) {
  Tokenizer tk("en");
  auto t = tk.tokenize("Japan\xE2\x80\x99s one-sided deal isn't fair");
  BOOST_TEST(folded(t) == (std::vector<std::string>{"japan's", "one", "-", "sided", "deal", "isn't", "fair"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(exclamation_question_and_quotes_are_visible) {
  Tokenizer tk("en");
  auto t = tk.tokenize("A \"historic\" deal?!");
  std::vector<TokenKind> kinds;
  for (auto& tok : t.tokens) kinds.push_back(tok.kind);
  BOOST_TEST(t.tokens[1].folded == "\"");
  BOOST_TEST(t.tokens[1].kind == TokenKind::Punct);
  BOOST_TEST(t.tokens[2].folded == "historic");
  bool saw_q = false, saw_bang = false;
  for (auto& tok : t.tokens) {
    saw_q |= tok.folded.find('?') != std::string::npos;
    saw_bang |= tok.folded.find('!') != std::string::npos;
  }
  BOOST_TEST(saw_q);
  BOOST_TEST(saw_bang);
}

BOOST_AUTO_TEST_CASE(all_caps_needs_two_letters_and_no_lower_case) {
  Tokenizer tk("en");
  auto t = tk.tokenize("NEVER I Never");
  BOOST_TEST(t.tokens[0].all_caps);
  BOOST_TEST(!t.tokens[1].all_caps);  // one letter is not shouting
  BOOST_TEST(!t.tokens[2].all_caps);
}

BOOST_AUTO_TEST_CASE(full_case_folding_and_nfkc) {
  BOOST_TEST(fold("\xEF\xBC\xAA\xEF\xBC\xA1\xEF\xBC\xB0\xEF\xBC\xA1\xEF\xBC\xAE") == "japan");  // fullwidth
  BOOST_TEST(fold("Stra\xC3\x9F" "e") == "strasse");  // ß folds to ss (full, not simple, folding)
  BOOST_TEST(fold("Japan\xE2\x80\x99s") == "japan's");
}

BOOST_AUTO_TEST_CASE(korean_splits_on_spaces_and_keeps_hangul_words) {
  Tokenizer tk("ko");
  auto t = tk.tokenize("\xEC\x9C\xA4\xEC\x84\x9D\xEC\x97\xB4 \xEB\x8C\x80\xED\x86\xB5\xEB\xA0\xB9");  // 윤석열 대통령
  BOOST_TEST(spans(t) == (std::vector<std::string>{"\xEC\x9C\xA4\xEC\x84\x9D\xEC\x97\xB4", "\xEB\x8C\x80\xED\x86\xB5\xEB\xA0\xB9"}),
             boost::test_tools::per_element());
  BOOST_TEST(t.tokens[0].kind == TokenKind::Word);
  BOOST_TEST(t.tokens[1].start == 10u);  // 9 bytes + space
}

BOOST_AUTO_TEST_CASE(japanese_uses_dictionary_segmentation) {
  Tokenizer tk("ja");
  // 日本と韓国 : "Japan and Korea" has no spaces; ICU's dictionary finds 日本 / と / 韓国.
  auto t = tk.tokenize("\xE6\x97\xA5\xE6\x9C\xAC\xE3\x81\xA8\xE9\x9F\x93\xE5\x9B\xBD");
  BOOST_TEST(spans(t) == (std::vector<std::string>{"\xE6\x97\xA5\xE6\x9C\xAC", "\xE3\x81\xA8", "\xE9\x9F\x93\xE5\x9B\xBD"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(chinese_uses_dictionary_segmentation) {
  Tokenizer tk("zh");
  // 中国外交部 -> 中国 / 外交部 (China / foreign ministry): more than one token.
  auto t = tk.tokenize("\xE4\xB8\xAD\xE5\x9B\xBD\xE5\xA4\x96\xE4\xBA\xA4\xE9\x83\xA8");
  BOOST_TEST(t.tokens.size() >= 2u);
  BOOST_TEST(spans(t)[0] == "\xE4\xB8\xAD\xE5\x9B\xBD");
  BOOST_TEST(t.tokens[0].kind == TokenKind::Word);
}

BOOST_AUTO_TEST_CASE(emoji_is_a_symbol_token) {
  Tokenizer tk("en");
  auto t = tk.tokenize("deal \xF0\x9F\x91\x8D");  // 👍
  BOOST_TEST_REQUIRE(t.tokens.size() == 2u);
  BOOST_TEST(t.tokens[1].kind == TokenKind::Symbol);
  BOOST_TEST(t.tokens[1].start == 5u);
  BOOST_TEST(t.tokens[1].end == 9u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_becomes_replacement_character_and_is_flagged) {
  Tokenizer tk("en");
  auto t = tk.tokenize("ok \xFF\xFE done");
  BOOST_TEST(t.repaired_utf8);
  // Each invalid byte is its own maximal ill-formed subpart: two U+FFFD.
  BOOST_TEST(t.text == "ok \xEF\xBF\xBD\xEF\xBF\xBD done");
  BOOST_TEST(t.tokens.back().folded == "done");
  BOOST_TEST(t.tokens.back().start == 10u);
  auto clean = tk.tokenize("ok");
  BOOST_TEST(!clean.repaired_utf8);
}

BOOST_AUTO_TEST_CASE(truncated_sequence_at_end_is_repaired) {
  std::string out;
  BOOST_TEST(repair_utf8("abc\xE2\x80", out));  // first two bytes of a 3-byte char
  BOOST_TEST(out == "abc\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(sentences_do_not_split_at_abbreviations) {
  Tokenizer tk("en");
  auto t = tk.tokenize("The U.S. and Japan agreed. Seoul welcomed it.");
  BOOST_TEST_REQUIRE(t.sentences.size() == 2u);
  BOOST_TEST(t.sentences[1].start == 27u);
  BOOST_TEST(t.tokens[t.sentences[1].first_token].folded == "seoul");
}

BOOST_AUTO_TEST_CASE(empty_and_space_only_text_have_no_tokens) {
  Tokenizer tk("en");
  BOOST_TEST(tk.tokenize("").tokens.empty());
  BOOST_TEST(tk.tokenize("   \n\t ").tokens.empty());
}

BOOST_AUTO_TEST_CASE(nul_byte_does_not_end_the_text) {
  Tokenizer tk("en");
  auto t = tk.tokenize(std::string_view("a\0deal", 6));
  BOOST_TEST(t.tokens.back().folded == "deal");
  BOOST_TEST(t.tokens.back().start == 2u);
}

// Tokenizers after the first for a language copy its ICU iterators (clone)
// instead of building their own, up to a few languages; past those each builds
// its own again. Every way must segment alike, the abbreviation filter and
// the CJK dictionaries included: the same text through tokenizers made in
// turn, for one language and for more languages than are kept.
BOOST_AUTO_TEST_CASE(tokenizers_made_later_segment_like_the_first) {
  const std::vector<std::string> texts{
      "The U.S. and Japan agreed. Seoul welcomed it. Mr. Kishida said so!",
      "Dr. Who e.g. the Ph.D. Next U.S.A. Next \xE2\x80\x9CQuoted.\xE2\x80\x9D Yes.",
      "\xED\x95\x9C\xEC\x9D\xBC \xEA\xB4\x80\xEA\xB3\x84\xEA\xB0\x80 \xEA\xB0\x9C\xEC\x84\xA0\xEB\x90\x98\xEC\x97\x88\xEB\x8B\xA4. Japan\xE2\x80\x99s view.",
      "\xE6\x97\xA5\xE9\x9F\x93\xE9\x96\xA2\xE4\xBF\x82\xE3\x81\x8C\xE6\x94\xB9\xE5\x96\x84\xE3\x81\x97\xE3\x81\x9F\xE3\x80\x82"};
  auto tokens_of = [&](Tokenizer& tk) {
    std::vector<TokenizedText> out;
    for (const auto& t : texts) out.push_back(tk.tokenize_reference(t));
    return out;
  };
  Tokenizer first("en");
  const auto expected = tokens_of(first);
  BOOST_TEST_REQUIRE(expected[0].sentences.size() == 3u);  // "U.S." and "Mr." end no sentence
  for (int i = 0; i < 3; ++i) {
    Tokenizer later("en");
    BOOST_TEST((tokens_of(later) == expected));
  }
  for (int i = 0; i < 12; ++i) {  // more languages than the prototypes kept
    const std::string lang = "en-x-t" + std::to_string(i);
    Tokenizer a(lang), b(lang);
    const auto ta = tokens_of(a);
    BOOST_TEST((tokens_of(b) == ta));
    BOOST_TEST((ta == expected));  // the English rules, whatever the private-use tag
  }
}

// Latin text with curly quotes, accents, a dash, a currency sign and an
// ellipsis (the Latin fast path), worked out from UAX #29 and NFKC by hand:
// ’ is MidNumLet, so "Émile’s" is one word; ” is Close, so the sentence ends
// after "Yes.” " before the capital; … is Other, alone, and NFKC spells it
// "..."; É folds to é; "—¥10…" is four tokens.
BOOST_AUTO_TEST_CASE(latin_punctuation_and_accents_worked_out_by_hand) {
  Tokenizer tk("en");
  // Bytes: He 0-2, said 3-7, “ 8-11, Yes 11-14, . 14, ” 15-18, Then 19-23,
  // Émile’s 24-34, café 35-40, — 40-43, ¥ 43-45, 10 45-47, … 47-50.
  auto t = tk.tokenize("He said \xE2\x80\x9CYes.\xE2\x80\x9D Then \xC3\x89mile\xE2\x80\x99s caf\xC3\xA9\xE2\x80\x94\xC2\xA5" "10\xE2\x80\xA6");
  BOOST_TEST(folded(t) == (std::vector<std::string>{"he", "said", "\xE2\x80\x9C", "yes", ".", "\xE2\x80\x9D", "then",
                                                    "\xC3\xA9mile's", "caf\xC3\xA9", "\xE2\x80\x94", "\xC2\xA5", "10", "..."}),
             boost::test_tools::per_element());
  const std::vector<TokenKind> kinds{TokenKind::Word,  TokenKind::Word,  TokenKind::Punct, TokenKind::Word,  TokenKind::Punct,
                                     TokenKind::Punct, TokenKind::Word,  TokenKind::Word,  TokenKind::Word,  TokenKind::Punct,
                                     TokenKind::Symbol, TokenKind::Number, TokenKind::Punct};
  BOOST_TEST_REQUIRE(t.tokens.size() == kinds.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) BOOST_TEST(t.tokens[i].kind == kinds[i], "token " << i);
  BOOST_TEST(t.tokens[7].start == 24u);
  BOOST_TEST(t.tokens[7].end == 34u);
  BOOST_TEST(t.tokens[12].start == 47u);
  BOOST_TEST(t.tokens[12].end == 50u);
  BOOST_TEST_REQUIRE(t.sentences.size() == 2u);
  BOOST_TEST(t.sentences[0].end == 19u);
  BOOST_TEST(t.sentences[1].first_token == 6u);  // "Then"
  BOOST_TEST(t.tokens[5].sentence == 0u);        // the closing ” stays with "Yes."
}

// SB8: after ". " a small letter, accented or not, continues the sentence; a
// capital starts one. É is Upper and é Lower for the sentence rules.
BOOST_AUTO_TEST_CASE(accented_small_letter_after_full_stop_continues_the_sentence) {
  Tokenizer tk("en");
  BOOST_TEST(tk.tokenize("It ended. \xC3\xA9tait").sentences.size() == 1u);
  BOOST_TEST(tk.tokenize("It ended. \xC3\x89tait").sentences.size() == 2u);
  BOOST_TEST(tk.tokenize("\xC3\x89T\xC3\x89 NEVER \xC3\x89t\xC3\xA9").tokens[0].all_caps);
  BOOST_TEST(!tk.tokenize("\xC3\x89t\xC3\xA9").tokens[0].all_caps);
}

// Token::folded views its TokenizedText's storage. A copy's tokens must view
// the copy's own storage (the original may be gone), a move's the storage it
// took along, and a reused result must not keep the last text's forms.
BOOST_AUTO_TEST_CASE(folded_views_follow_copies_and_moves) {
  Tokenizer tk("en");
  TokenizedText copy;
  {
    // ASCII ("Seoul"), and on the Latin path an accented word stored after
    // the lowered text ("CAFÉ" -> "café") beside ASCII words ("NOT").
    TokenizedText original = tk.tokenize("Seoul, NOT CAF\xC3\x89!");
    copy = original;
    const auto inside = [](const TokenizedText& t, std::string_view v) {
      return v.data() >= t.folded_storage.data() && v.data() + v.size() <= t.folded_storage.data() + t.folded_storage.size();
    };
    for (const Token& tok : copy.tokens) BOOST_TEST(inside(copy, tok.folded));
    original = tk.tokenize("something else entirely", std::move(original));  // overwrite what the copy came from
  }
  BOOST_TEST(folded(copy) == (std::vector<std::string>{"seoul", ",", "not", "caf\xC3\xA9", "!"}),
             boost::test_tools::per_element());
  TokenizedText moved = std::move(copy);
  BOOST_TEST(folded(moved) == (std::vector<std::string>{"seoul", ",", "not", "caf\xC3\xA9", "!"}),
             boost::test_tools::per_element());
  // Reused storage: the ICU path (Korean) after the Latin one.
  TokenizedText reused = tk.tokenize("\xED\x95\x9C\xEA\xB5\xAD Deal", std::move(moved));
  BOOST_TEST(folded(reused) == (std::vector<std::string>{"\xED\x95\x9C\xEA\xB5\xAD", "deal"}), boost::test_tools::per_element());
}

// A token made by hand may view a string of its own; copying its text keeps that view.
BOOST_AUTO_TEST_CASE(hand_made_token_keeps_its_own_view) {
  static const std::string word = "trust";
  TokenizedText t;
  t.text = "Trust";
  Token tok;
  tok.end = 5;
  tok.folded = word;
  t.tokens.push_back(tok);
  const TokenizedText copy = t;
  BOOST_TEST(copy.tokens[0].folded.data() == word.data());
  BOOST_TEST((copy == t));
}

// The fast paths lower A-Z eight bytes at a time; bytes of UTF-8 sequences
// (0x80 and above) must pass through untouched and count as neither case:
// "ÀB" is capitals (À from ICU, B from the byte test), "xÀ" is not.
BOOST_AUTO_TEST_CASE(lowering_leaves_utf8_bytes_alone) {
  Tokenizer tk("en");
  const TokenizedText t = tk.tokenize("ABCDEFGH \xC3\x80\xC3\x80 ABCDEFGHIJ abcDEFGH Z\xC3\x80Z");
  BOOST_TEST(folded(t) == (std::vector<std::string>{"abcdefgh", "\xC3\xA0\xC3\xA0", "abcdefghij", "abcdefgh",
                                                    "z\xC3\xA0z"}),
             boost::test_tools::per_element());
  BOOST_TEST(t.tokens[0].all_caps);   // 8 capitals: one masked word
  BOOST_TEST(t.tokens[1].all_caps);   // ÀÀ
  BOOST_TEST(t.tokens[2].all_caps);   // 10 capitals: the byte loop
  BOOST_TEST(!t.tokens[3].all_caps);  // lower case first, capitals last
  BOOST_TEST(t.tokens[4].all_caps);   // ZÀZ
}
