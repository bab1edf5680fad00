// Statement extraction from news articles (thaw/article.hpp).
//
// The pipeline, in the order the code runs:
//   1. unwrap_soft_line_breaks: hard-wrapped lines become one paragraph.
//   2. ICU tokens and sentences (thaw::Tokenizer), grouped into paragraphs.
//   3. find_quotations: “…” "…" 「…」 «…» per paragraph; 『…』 only nested.
//   4. build_units: ICU sentences, re-joined after title abbreviations
//      ("Dr.", "Sen.", "Gov."), where a break falls inside a quotation, and
//      after "?”"/"!”" followed by its attribution.
//   5. per unit, the attribution rules, first match wins:
//        english_speech_cue   "X said (that) …", "…," X said, "said X", "according to X, …",
//                             "X, a spokeswoman for …, said …", "…, denouncing …"
//        cjk_quotative        “…”라고 말했다, 「…」と述べた, 表示：“…”, 表示，…, …考えを示した
//        colon_introduction   The Global Times was dismissive: "…"
//      and per paragraph: a quotation with no attribution of its own continues
//      the statement just before it (the quote resumes after "X said.").
//   6. transcripts: "NAME:" / "Q:" / "A:" paragraphs, with "A = Minister X" legends.
//   7. follow-ups (he, she, the minister, the paper, 他) resolve to the most
//      recent earlier speaker that matches by gender or by role.
// Everything that no rule claims is narration.
#include "thaw/article.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "thaw/attribution.hpp"  // kMaxSpeakerCueGap, shared with single-statement attribution
#include "thaw/tokenizer.hpp"

namespace thaw {
namespace {

// ------------------------------------------------------------------ constants

// Tokens between the speaker's name and the attribution's comma in "Gov.
// Rachel Dunmore, whose state is home to a new chip plant built by a South
// Korean company, said" (the fixture's longest): 14 tokens; 30 leaves room
// for longer titles without reaching into a previous clause.
constexpr std::uint32_t kMaxAppositiveTokens = 30;
// "declared at a cabinet meeting that …", "said in a statement on Monday that …":
// the adverbial between a cue and its "that" is rarely longer than 8 tokens.
constexpr std::uint32_t kThatLookahead = 8;
// A reported clause needs a subject, a verb and something said: "the trip
// would focus on …". Fewer words ("said this week") are an adverbial, not content.
constexpr std::uint32_t kMinReportedWords = 3;
// A transcript label is a short name: "MAO NING", "MR. HAYASHI", "Q".
constexpr std::uint32_t kMaxLabelTokens = 4;
// One "SEOUL:" dateline is not a transcript; two labelled paragraphs are.
constexpr std::size_t kMinTranscriptLabels = 2;
// "the Japanese foreign minister": words between "the" and the role noun.
constexpr std::uint32_t kMaxRoleModifiers = 2;
// "Yoon said", "said Foreign Minister Park Jin": a trailing attribution has
// its cue within its first 5 tokens.
constexpr std::uint32_t kMaxAttributionLead = 5;
// A clause's subject comes early: after at most a leading adverbial ("At a
// briefing in Beijing on the morning after the summit, spokesman Wang …" is 12).
constexpr std::uint32_t kMaxSubjectOffset = 40;
// A follow-up points back to a recent speaker; looking further than this
// many statements back only finds wrong antecedents (and costs time).
constexpr std::size_t kMaxFollowUpLookback = 50;
// The Korean/Japanese topic phrase stands within this many tokens before the
// quotation it introduces (国務会議에서, 記者団に… sit between).
constexpr std::uint32_t kMaxTopicDistance = 40;
// "A = Minister Hayashi": a legend names one person in a few words.
constexpr std::uint32_t kMaxLegendTokens = 8;
// Tokens between a Chinese speaker and the cue: 毛宁 此 前 表示 ("earlier said").
constexpr std::uint32_t kMaxCjkSpeakerCueGap = 3;

template <std::size_t N>
bool in(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Titles written as abbreviations. ICU's en@ss=standard suppressions already
// keep "Mr.", "Mrs.", "Ms.", "Prof.", "Rep." inside a sentence but split after
// "Dr.", "Sen.", "Gov.", "Gen.", "Lt.", "Col.", "St." (checked with ICU 74);
// these always precede a name, so a sentence never ends on them.
constexpr std::array<std::string_view, 26> kTitleAbbreviations{
    "dr", "sen", "gov", "gen", "lt", "col", "capt", "adm", "sgt", "cmdr", "rev", "hon", "amb",
    "st", "supt", "maj", "pres", "sec", "mr", "mrs", "ms", "prof", "rep", "messrs", "sens", "reps"};

// Capitalised words that open a sentence or a clause but never a name.
constexpr std::array<std::string_view, 64> kNameStopWords{
    "the", "a", "an", "in", "on", "at", "for", "but", "and", "or", "if", "when", "while", "after",
    "before", "since", "as", "this", "that", "these", "those", "it", "its", "he", "she", "they",
    "we", "i", "you", "our", "their", "his", "her", "my", "not", "no", "yes", "asked", "speaking",
    "with", "from", "by", "to", "of", "under", "over", "during", "there", "here", "what", "why",
    "how", "who", "where", "meanwhile", "however", "still", "also", "then", "now", "today",
    "separately", "perhaps"};

// Plural common nouns that open a sentence capitalised ("Officials said …",
// "Analysts say …"): a group, not a named speaker.
constexpr std::array<std::string_view, 28> kGenericSubjects{
    "officials", "analysts", "critics", "experts", "lawmakers", "diplomats", "protesters",
    "residents", "observers", "sources", "people", "others", "some", "many", "reports",
    "witnesses", "aides", "scholars", "economists", "activists", "victims", "families",
    "survivors", "police", "authorities", "media", "polls", "surveys"};

// "said Tuesday", "on Jan. 12": dates are not speakers.
constexpr std::array<std::string_view, 31> kCalendarWords{
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec"};

// Adjectives of nationality and region: "South Korean outlets", "Chinese
// state-run" name no one on their own.
constexpr std::array<std::string_view, 16> kDemonyms{
    "chinese", "japanese", "korean", "american", "asian", "western", "european", "russian",
    "north", "south", "east", "west", "pacific", "british", "taiwanese", "u.s"};

// Office words dropped from a speaker's written name ("Foreign Minister Park
// Jin" -> "Park Jin") and kept as the role a follow-up can match.
constexpr std::array<std::string_view, 44> kTitleWords{
    "president", "prime", "minister", "foreign", "secretary", "state", "defense", "defence",
    "national", "security", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson",
    "senator", "governor", "professor", "doctor", "ambassador", "chairman", "chairwoman", "chief",
    "cabinet", "deputy", "vice", "general", "lieutenant", "colonel", "captain", "admiral",
    "representative", "congressman", "congresswoman", "former", "leader", "judge", "justice",
    "mayor", "premier", "of", "ministry", "opposition", "party"};

// Heads of the role phrases a follow-up uses: "the minister said", "the paper said".
constexpr std::array<std::string_view, 38> kRoleNouns{
    "minister", "president", "premier", "secretary", "spokeswoman", "spokesman", "spokesperson",
    "paper", "newspaper", "daily", "adviser", "advisor", "senator", "governor", "professor",
    "lawyer", "analyst", "ambassador", "leader", "chancellor", "official", "editorial",
    "researcher", "student", "teacher", "expert", "envoy", "diplomat", "chairman", "chairwoman",
    "lawmaker", "mayor", "scholar", "fellow", "ministry", "broadcaster", "agency", "outlet"};

// Words that mark a speaker's gender in titles, roles and appositives.
constexpr std::array<std::string_view, 13> kFemaleWords{
    "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "woman", "mrs", "ms", "madam",
    "mother", "daughter", "wife", "grandmother", "sister"};
constexpr std::array<std::string_view, 11> kMaleWords{
    "spokesman", "chairman", "congressman", "businessman", "man", "mr", "father", "son", "husband",
    "grandfather", "brother"};

// "did not say", "declined to say", "would never say": a speech act without content.
constexpr std::array<std::string_view, 6> kSpeechNegators{"not", "never", "declined", "refused", "neither", "nor"};

// "Biden's praise was noted": a cue after a form of "be" is passive, its subject no speaker.
constexpr std::array<std::string_view, 7> kPassiveAuxiliaries{"was", "were", "is", "are", "be", "been", "being"};

// Prepositions: after a cue they open an adverbial ("said in a statement"),
// before it they show the name belongs to another phrase ("Hayashi met Park
// Jin on Monday and reaffirmed …": Park Jin is the one met, not the speaker).
constexpr std::array<std::string_view, 17> kPrepositions{
    "in", "at", "on", "during", "after", "before", "from", "through", "via", "with", "while",
    "by", "outside", "inside", "following", "to", "about"};
// Time and manner adverbs that may follow a cue instead of content ("said this week").
constexpr std::array<std::string_view, 13> kAdverbs{
    "this", "last", "next", "earlier", "later", "again", "also", "recently", "repeatedly",
    "publicly", "privately", "then", "yesterday"};

bool adverbial_start(std::string_view w) { return in(kPrepositions, w) || in(kAdverbs, w); }

// Words that may not stand between a speaker and a cue (with the
// prepositions): a conjunction or a relative there means the name belongs to
// another clause.
constexpr std::array<std::string_view, 12> kGapBlockers{
    "and", "or", "but", "the", "a", "an", "who", "which", "that", "whose", "of", "for"};

// Cues whose object is the listener: "told lawmakers that …".
constexpr std::array<std::string_view, 5> kListenerCues{"told", "tells", "assured", "informed", "reminded"};

// Pronouns a follow-up uses, with their gender (他/她 Chinese, 彼/彼女 Japanese, 그는/그녀는 Korean).
struct PronounInfo {
  std::string_view folded;
  bool female;
};
constexpr std::array<PronounInfo, 10> kPronouns{{{"he", false},
                                                 {"she", true},
                                                 {"\xE4\xBB\x96", false},                      // 他
                                                 {"\xE5\xA5\xB9", true},                       // 她
                                                 {"\xE5\xBD\xBC", false},                      // 彼
                                                 {"\xE5\xBD\xBC\xE5\xA5\xB3", true},           // 彼女
                                                 {"\xEA\xB7\xB8\xEB\x8A\x94", false},          // 그는
                                                 {"\xEA\xB7\xB8\xEA\xB0\x80", false},          // 그가
                                                 {"\xEA\xB7\xB8\xEB\x85\x80\xEB\x8A\x94", true},  // 그녀는
                                                 {"\xEA\xB7\xB8\xEB\x85\x80\xEA\xB0\x80", true}}};  // 그녀가

// Korean quotative endings after a closing quote: “…”라고 / “…”이라고 / 「…」고 / “…”며.
constexpr std::array<std::string_view, 7> kKoreanQuotatives{
    "\xEB\x9D\xBC\xEA\xB3\xA0",              // 라고
    "\xEC\x9D\xB4\xEB\x9D\xBC\xEA\xB3\xA0",  // 이라고
    "\xEA\xB3\xA0",                          // 고
    "\xEB\xA9\xB0",                          // 며
    "\xEB\x9D\xBC\xEB\xA9\xB0",              // 라며
    "\xEC\x9D\xB4\xEB\x9D\xBC\xEB\xA9\xB0",  // 이라며
    "\xED\x95\x98\xEA\xB3\xA0"};             // 하고
// Japanese quotative particles after 」: 「…」と述べた, 「…」との考え, 「…」って.
constexpr std::array<std::string_view, 3> kJapaneseQuotatives{
    "\xE3\x81\xA8",              // と
    "\xE3\x81\xA8\xE3\x81\xAE",  // との
    "\xE3\x81\xA3\xE3\x81\xA6"};  // って

// Korean topic/subject particles that end the speaker's phrase: 윤 대통령은, 정순례 씨는.
constexpr std::array<std::string_view, 5> kKoreanParticles{
    "\xEC\x9D\x80", "\xEB\x8A\x94", "\xEC\x9D\xB4", "\xEA\xB0\x80", "\xEA\xBB\x98\xEC\x84\x9C"};  // 은 는 이 가 께서
// Korean honorifics and titles that follow a name: 씨, 대통령, 장관, 대표, 교수, 대변인, 의원, 총리.
constexpr std::array<std::string_view, 8> kKoreanTitles{
    "\xEC\x94\xA8", "\xEB\x8C\x80\xED\x86\xB5\xEB\xA0\xB9", "\xEC\x9E\xA5\xEA\xB4\x80",
    "\xEB\x8C\x80\xED\x91\x9C", "\xEA\xB5\x90\xEC\x88\x98", "\xEB\x8C\x80\xEB\xB3\x80\xEC\x9D\xB8",
    "\xEC\x9D\x98\xEC\x9B\x90", "\xEC\xB4\x9D\xEB\xA6\xAC"};
// Japanese topic/subject particles: 山本遥教授は「…」.
constexpr std::array<std::string_view, 2> kJapaneseTopicParticles{"\xE3\x81\xAF", "\xE3\x81\x8C"};  // は が
// Japanese titles after a name: 首相 外相 教授 氏 さん 大臣 長官 報道官 代表 議員 大統領 総理.
constexpr std::array<std::string_view, 12> kJapaneseTitles{
    "\xE9\xA6\x96\xE7\x9B\xB8", "\xE5\xA4\x96\xE7\x9B\xB8", "\xE6\x95\x99\xE6\x8E\x88", "\xE6\xB0\x8F",
    "\xE3\x81\x95\xE3\x82\x93", "\xE5\xA4\xA7\xE8\x87\xA3", "\xE9\x95\xB7\xE5\xAE\x98",
    "\xE5\xA0\xB1\xE9\x81\x93\xE5\xAE\x98", "\xE4\xBB\xA3\xE8\xA1\xA8", "\xE8\xAD\xB0\xE5\x93\xA1",
    "\xE5\xA4\xA7\xE7\xB5\xB1\xE9\xA0\x98", "\xE7\xB7\x8F\xE7\x90\x86"};

// Transcript labels that mark a question, never a statement.
constexpr std::array<std::string_view, 4> kQuestionLabels{"q", "question", "reporter", "journalist"};

// ------------------------------------------------------------------ characters

UChar32 first_cp(std::string_view s) {
  if (s.empty()) return -1;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

UChar32 last_cp(std::string_view s) {
  if (s.empty()) return -1;
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return c;
}

UScriptCode script_of(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &err);
  return U_FAILURE(err) ? USCRIPT_INVALID_CODE : s;
}

bool is_cjk_char(UChar32 c) {
  const UScriptCode s = script_of(c);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HANGUL;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A speaker's gender as far as the text tells it.
enum class Gender : std::uint8_t { Unknown, Female, Male };

Gender gender_of(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (in(kFemaleWords, w)) return Gender::Female;
    if (in(kMaleWords, w)) return Gender::Male;
  }
  return Gender::Unknown;
}

// Lowercase ASCII words of a role text: "Foreign Minister of Japan" -> foreign, minister, of, japan.
std::vector<std::string> role_words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      cur.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Does a follow-up's role phrase ("minister", "prime minister", "paper") fit
// a speaker's role words? Words match exactly or as a suffix of at least 5
// letters ("paper" in "newspaper"). A bare "minister" does not match a prime
// minister: news copy says "the prime minister" for one and "the minister"
// for the others.
bool role_matches(const std::vector<std::string>& role, const std::vector<std::string>& phrase) {
  if (phrase.empty() || role.size() < phrase.size()) return false;
  auto word_fits = [](const std::string& have, const std::string& want) {
    return have == want || (want.size() >= 5 && ends_with(have, want));
  };
  for (std::size_t j = 0; j + phrase.size() <= role.size(); ++j) {
    bool all = true;
    for (std::size_t k = 0; k < phrase.size() && all; ++k) all = word_fits(role[j + k], phrase[k]);
    if (!all) continue;
    if (phrase.size() == 1 && phrase[0] == "minister" && j > 0 && role[j - 1] == "prime") continue;
    return true;
  }
  return false;
}

// ------------------------------------------------------------------ document model

enum class MentionKind : std::uint8_t { Actor, Name, Role, Pronoun };

// Something in the text that can be a speaker.
struct Mention {
  std::uint32_t first = 0, last = 0;  // tokens [first, last)
  MentionKind kind = MentionKind::Name;
  std::int32_t actor = -1;            // Actor: index into ActorList::actors()
  std::string written;                // the speaker as written, titles dropped
  std::vector<std::string> role;      // office words from titles and appositives
  Gender gender = Gender::Unknown;    // Pronoun: the pronoun's gender
};

// A resolved speaker, remembered so follow-ups can point back to it.
struct Speaker {
  std::int32_t actor = -1;  // -1 = not in the actor list
  std::string written;
  std::string person;       // a follow-up's antecedent as written there; else `written`
  std::vector<std::string> role;
  Gender gender = Gender::Unknown;
};

struct Para {
  std::uint32_t first = 0, end = 0;  // tokens
};

struct Unit {
  std::uint32_t first = 0, end = 0;  // tokens
  std::uint32_t para = 0;
};

struct Quote {
  std::uint32_t open = 0;   // token of the opening mark
  std::uint32_t close = 0;  // token of the closing mark, or the paragraph's end token when unclosed
  bool closed = false;
};

using TokenRange = std::pair<std::uint32_t, std::uint32_t>;  // [first, end)

// What an attribution rule found: who, and which tokens are their words.
struct Found {
  Mention who;
  std::vector<TokenRange> content;
};

struct Draft {
  Speaker speaker;
  std::vector<TokenRange> content;
  bool transcript = false;
};

// ------------------------------------------------------------------ rule 1: paragraphs

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\v\f") == std::string_view::npos; }

// Lines that end a sentence (or a quotation) end a paragraph even without a
// blank line, as in wire copy with one paragraph a line.
bool ends_sentence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  const UChar32 c = last_cp(line);
  switch (c) {
    case '.': case '!': case '?': case '"': case ')': case 0x201D: case 0x2019: case 0x3002:
    case 0xFF01: case 0xFF1F: case 0x300D: case 0x300F: case 0x00BB:
      return true;
    default:
      return false;
  }
}

// "Q:", "A:", "MAO NING:" at the start of a line open a transcript turn.
bool starts_with_label(std::string_view line) {
  std::size_t i = 0, letters = 0;
  while (i < line.size() && i < 40) {
    const char c = line[i];
    if (c == ':') return letters > 0;
    if (c >= 'A' && c <= 'Z') ++letters;
    else if (c != ' ' && c != '.' && c != '-') return false;
    ++i;
  }
  return false;
}

// Rule unwrap_soft_line_breaks: a line break inside a sentence is a wrap, not
// a paragraph end (e-mailed and Markdown articles are often wrapped at 72
// columns). It becomes a space, so byte offsets do not move. A blank line, a
// line ending a sentence, or a transcript label still ends the paragraph.
std::string unwrap_soft_line_breaks(std::string text) {
  std::size_t line_start = 0;
  for (std::size_t p = text.find('\n'); p != std::string::npos; p = text.find('\n', p + 1)) {
    const std::string_view before(text.data() + line_start, p - line_start);
    const std::size_t next_end = std::min(text.find('\n', p + 1), text.size());
    const std::string_view after(text.data() + p + 1, next_end - p - 1);
    line_start = p + 1;
    if (is_blank(before) || is_blank(after) || ends_sentence(before) || starts_with_label(after)) continue;
    text[p] = ' ';
    if (p > 0 && text[p - 1] == '\r') text[p - 1] = ' ';
  }
  return text;
}

// ------------------------------------------------------------------ the analysis

class Analysis {
 public:
  Analysis(const ActorList& actors, const TermTable& cues, TokenizedText tt)
      : actors_(actors), cues_(cues), tt_(std::move(tt)), toks_(tt_.tokens) {}

  std::vector<ExtractedStatement> run(bool include_narration);

 private:
  // --- token predicates
  std::string_view span(std::uint32_t i) const { return tt_.span(toks_[i]); }
  std::string_view f(std::uint32_t i) const { return toks_[i].folded; }
  bool is_word(std::uint32_t i) const { return toks_[i].kind == TokenKind::Word; }
  bool is_punct(std::uint32_t i, std::string_view p) const { return toks_[i].kind != TokenKind::Word && span(i) == p; }
  bool is_frame(std::uint32_t i) const { return inside_[i] < 0 && mark_[i] < 0; }
  bool is_open_mark(std::uint32_t i) const { return mark_[i] >= 0 && quotes_[mark_[i]].open == i; }
  bool is_close_mark(std::uint32_t i) const { return mark_[i] >= 0 && quotes_[mark_[i]].open != i; }
  bool adjacent(std::uint32_t a, std::uint32_t b) const { return toks_[a].end == toks_[b].start; }
  bool capitalised(std::uint32_t i) const {
    const UChar32 c = first_cp(span(i));
    return is_word(i) && (u_isupper(c) || u_istitle(c));
  }
  bool lowercase_word(std::uint32_t i) const { return is_word(i) && u_islower(first_cp(span(i))); }
  bool is_cjk(std::uint32_t i) const { return is_cjk_char(first_cp(span(i))); }
  bool is_hangul(std::uint32_t i) const { return script_of(first_cp(span(i))) == USCRIPT_HANGUL; }
  bool is_possessive(std::uint32_t i) const { return ends_with(f(i), "'s") || ends_with(f(i), "'"); }
  bool is_comma(std::uint32_t i) const { return is_punct(i, ",") || is_punct(i, "\xEF\xBC\x8C") || is_punct(i, "\xE3\x80\x81"); }
  bool is_colon(std::uint32_t i) const { return is_punct(i, ":") || is_punct(i, "\xEF\xBC\x9A"); }
  bool is_sentence_end(std::uint32_t i) const {
    return is_punct(i, ".") || is_punct(i, "?") || is_punct(i, "!") || is_punct(i, "\xE3\x80\x82");
  }
  // Counts over token ranges come from prefix sums, so that no rule costs
  // more than its own few tokens however long a sentence gets.
  std::uint32_t word_count(std::uint32_t a, std::uint32_t b) const { return a < b ? words_upto_[b] - words_upto_[a] : 0; }
  bool has_quote(std::uint32_t a, std::uint32_t b) const { return a < b && quoted_upto_[b] != quoted_upto_[a]; }
  // End of the run of frame tokens that starts at i (quotations cut runs).
  std::uint32_t frame_run_end(std::uint32_t i, std::uint32_t limit) const {
    while (i < limit && is_frame(i)) ++i;
    return i;
  }

  // --- setup
  void build_paragraphs();
  void find_quotations();
  void build_units();
  bool ends_on_title_abbreviation(const Unit& u) const;
  bool break_inside_quotation(std::uint32_t boundary, std::uint32_t para) const;
  bool attribution_after_question(const Unit& prev, std::uint32_t a, std::uint32_t b) const;

  // --- mentions
  const std::vector<Mention>& mentions(std::uint32_t unit);
  const Mention* nearest_mention_before(std::uint32_t unit, std::uint32_t tok);
  const Mention* mention_starting_at(std::uint32_t unit, std::uint32_t tok);
  const Mention* unit_subject(std::uint32_t unit);
  const Mention* first_actor_or_pronoun(std::uint32_t unit);
  std::optional<Mention> actor_at(std::uint32_t i, std::uint32_t end) const;
  std::optional<Mention> role_at(std::uint32_t i, std::uint32_t end) const;
  std::optional<Mention> pronoun_at(std::uint32_t i) const;
  std::optional<Mention> name_at(std::uint32_t i, std::uint32_t end) const;
  std::uint32_t absorb_name_parts(std::uint32_t j, std::uint32_t end) const;
  bool subject_position(const Mention& m, const Unit& u) const;
  std::optional<Mention> cjk_topic_speaker(const Unit& u, std::uint32_t before) const;
  bool korean_title_with_particle(std::uint32_t i) const;

  // --- attribution rules
  std::optional<Found> attribute(std::uint32_t unit);
  std::optional<Found> english_speech_cue(std::uint32_t unit);
  std::optional<Found> cjk_quotative(std::uint32_t unit);
  std::optional<Found> colon_introduction(std::uint32_t unit);
  bool negated_cue(std::uint32_t c0, const Unit& u) const;
  std::optional<Mention> speaker_before_cue(std::uint32_t c0, std::uint32_t unit);
  std::optional<std::uint32_t> after_cue_content(std::uint32_t c0, std::uint32_t c1, const Unit& u,
                                                 CuePosition pos, bool participle) const;
  std::vector<TokenRange> quotes_after(std::uint32_t from, const Unit& u) const;
  bool opens_with_adverbial(std::uint32_t a, std::uint32_t b) const;
  void add_appositive_role(Mention& m, std::uint32_t a, std::uint32_t b) const;

  // --- transcripts
  struct Label {
    std::uint32_t colon = 0;
    std::string written;
    bool question = false;
    std::int32_t actor = -1;
  };
  std::optional<Label> transcript_label(const Para& p) const;
  void read_legends();

  // --- statements
  Speaker resolve(const Mention& m);
  std::size_t add(Speaker who, std::vector<TokenRange> content, bool transcript);
  TokenRange trim(TokenRange r, bool last) const;
  void claim(std::uint32_t unit) { claimed_[unit] = true; }

  const ActorList& actors_;
  const TermTable& cues_;
  TokenizedText tt_;
  const std::vector<Token>& toks_;
  std::vector<Para> paras_;
  std::vector<Quote> quotes_;
  std::vector<std::int32_t> inside_, mark_;  // per token: quote it is inside / quote it is a mark of
  std::vector<std::uint32_t> words_upto_, quoted_upto_;  // word tokens / quotation tokens before each token
  void count_tokens();
  std::vector<Unit> units_;
  std::vector<std::optional<std::vector<Mention>>> mention_cache_;
  static constexpr std::int32_t kNotComputed = -2;
  std::vector<std::int32_t> first_actor_cache_;  // per unit: index of its first actor or pronoun mention, -1 none
  std::vector<bool> claimed_;
  std::vector<Speaker> history_;
  std::vector<Draft> drafts_;
  std::vector<std::pair<std::string, std::int32_t>> legends_;  // label (folded) -> actor, -1 if none
};

// ------------------------------------------------------------------ setup

void Analysis::count_tokens() {
  words_upto_.assign(toks_.size() + 1, 0);
  quoted_upto_.assign(toks_.size() + 1, 0);
  for (std::uint32_t i = 0; i < toks_.size(); ++i) {
    words_upto_[i + 1] = words_upto_[i] + (is_word(i) || toks_[i].kind == TokenKind::Number);
    quoted_upto_[i + 1] = quoted_upto_[i] + (mark_[i] >= 0 || inside_[i] >= 0);
  }
}

void Analysis::build_paragraphs() {
  // After unwrapping, every remaining line break ends a paragraph.
  std::uint32_t t = 0;
  std::size_t line_start = 0;
  const std::string& text = tt_.text;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    Para p;
    p.first = t;
    while (t < toks_.size() && toks_[t].start < line_end) ++t;
    p.end = t;
    if (p.end > p.first) paras_.push_back(p);
    line_start = line_end + 1;
  }
}

// Rule find_quotations: pairs quote marks within a paragraph. “ ” and 「 」 and
// « » are directional; a straight " opens when none is open and closes the one
// that is. 『』 is left alone: inside 「」 it is a nested quote (part of the
// outer one), on its own it marks a title or headline (『雪解け』の見出し), not speech.
// Single quotes are left alone too: ’ is far more often an apostrophe. A quote
// still open at the end of its paragraph runs to that end (the convention for
// quotations that go on in the next paragraph).
void Analysis::find_quotations() {
  inside_.assign(toks_.size(), -1);
  mark_.assign(toks_.size(), -1);
  auto closer_for = [](std::string_view open) -> std::string_view {
    if (open == "\xE2\x80\x9C") return "\xE2\x80\x9D";  // “ ”
    if (open == "\"") return "\"";
    if (open == "\xE3\x80\x8C") return "\xE3\x80\x8D";  // 「 」
    if (open == "\xC2\xAB") return "\xC2\xBB";          // « »
    return {};
  };
  for (const Para& p : paras_) {
    std::int32_t open = -1;
    std::string_view closer;
    for (std::uint32_t i = p.first; i < p.end; ++i) {
      if (toks_[i].kind == TokenKind::Word || toks_[i].kind == TokenKind::Number) {
        if (open >= 0) inside_[i] = open;
        continue;
      }
      const std::string_view s = span(i);
      if (open < 0) {
        if (auto c = closer_for(s); !c.empty()) {
          open = static_cast<std::int32_t>(quotes_.size());
          quotes_.push_back({i, p.end, false});
          mark_[i] = open;
          closer = c;
        }
      } else if (s == closer) {
        quotes_[open].close = i;
        quotes_[open].closed = true;
        mark_[i] = open;
        open = -1;
      } else {
        inside_[i] = open;
      }
    }
  }
}

bool Analysis::ends_on_title_abbreviation(const Unit& u) const {
  if (u.end - u.first < 2) return false;
  const std::uint32_t dot = u.end - 1, word = u.end - 2;
  return is_punct(dot, ".") && is_word(word) && adjacent(word, dot) && in(kTitleAbbreviations, f(word));
}

bool Analysis::break_inside_quotation(std::uint32_t boundary, std::uint32_t para) const {
  if (boundary <= paras_[para].first || boundary >= paras_[para].end) return false;
  const std::int32_t before = inside_[boundary - 1] >= 0 ? inside_[boundary - 1]
                              : is_open_mark(boundary - 1) ? mark_[boundary - 1] : -1;
  const std::int32_t after = inside_[boundary] >= 0 ? inside_[boundary] : is_close_mark(boundary) ? mark_[boundary] : -1;
  return before >= 0 && before == after;
}

// ICU always ends a sentence after "?" or "!", even inside "“Is this fair?”
// she asked." When the quotation ends on one and the next sentence opens with
// a lowercase word or a cue within its first words ("…?” Yoon said."), the
// attribution belongs to the quotation.
bool Analysis::attribution_after_question(const Unit& prev, std::uint32_t a, std::uint32_t b) const {
  if (prev.end - prev.first < 2 || !is_close_mark(prev.end - 1)) return false;
  const std::uint32_t p = prev.end - 2;
  if (!(is_punct(p, "?") || is_punct(p, "!"))) return false;
  if (lowercase_word(a)) return true;
  for (std::uint32_t i = a; i < b && i < a + kMaxAttributionLead; ++i)
    if (is_word(i) && cues_.longest_match(toks_, i, b)) return true;
  return false;
}

// Rule build_units: ICU sentences, re-joined where ICU broke after a title
// abbreviation or inside a quotation, so that one quotation and its
// attribution are read together ("…later. Deals made …," Dr. Marsh said.).
void Analysis::build_units() {
  std::uint32_t para = 0;
  for (const Sentence& s : tt_.sentences) {
    std::uint32_t a = s.first_token;
    while (a < s.end_token) {
      while (para < paras_.size() && paras_[para].end <= a) ++para;
      if (para >= paras_.size()) return;
      const std::uint32_t b = std::min(s.end_token, paras_[para].end);
      Unit u{a, b, para};
      if (!units_.empty()) {
        Unit& prev = units_.back();
        if (prev.para == para && (ends_on_title_abbreviation(prev) || break_inside_quotation(a, para) ||
                                  attribution_after_question(prev, a, b))) {
          prev.end = b;
          a = b;
          continue;
        }
      }
      units_.push_back(u);
      a = b;
    }
  }
}

// ------------------------------------------------------------------ mentions

// After an alias, further capitalised name parts belong to the same person:
// the alias "South Korean President Yoon" followed by "Suk-yeol".
std::uint32_t Analysis::absorb_name_parts(std::uint32_t j, std::uint32_t end) const {
  while (j < end) {
    if (capitalised(j) && !is_possessive(j) && !toks_[j].all_caps && !in(kCalendarWords, f(j)) &&
        !in(kNameStopWords, f(j))) {
      ++j;
    } else if (j + 1 < end && is_punct(j, "-") && adjacent(j - 1, j) && adjacent(j, j + 1) && is_word(j + 1)) {
      j += 2;
    } else {
      break;
    }
  }
  return j;
}

// Drops leading titles from a name as written: "Foreign Minister Park Jin" ->
// "Park Jin", "Sen. Daniel Whitcomb" -> "Daniel Whitcomb", "the Global Times"
// -> "Global Times". A name that is all title ("the minister") stays whole.
// Korean topic particles go too: "윤 대통령은" -> "윤 대통령".
std::optional<Mention> Analysis::actor_at(std::uint32_t i, std::uint32_t end) const {
  auto m = actors_.match_alias(toks_, i, end);
  if (!m) return std::nullopt;
  Mention out;
  out.kind = MentionKind::Actor;
  out.actor = static_cast<std::int32_t>(m->actor);
  out.first = i;
  out.last = i + m->length;
  if (capitalised(out.last - 1)) out.last = absorb_name_parts(out.last, end);
  // "President Yoon Suk Yeol's adviser": the head of a possessive names someone else.
  if (out.last < end && capitalised(out.last) && is_possessive(out.last)) return std::nullopt;
  std::uint32_t a = out.first;
  while (a + 1 < out.last && (f(a) == "the" || in(kTitleWords, f(a)) || in(kDemonyms, f(a)) ||
                              (in(kTitleAbbreviations, f(a)) && is_punct(a + 1, ".")))) {
    out.role.emplace_back(f(a));
    a += (is_punct(a + 1, ".") && in(kTitleAbbreviations, f(a))) ? 2 : 1;
  }
  // Keep the whole phrase when dropping would leave a lowercase word ("the opposition").
  if (a < out.last && !capitalised(a) && !is_cjk(a)) a = out.first;
  if (a >= out.last) a = out.first;
  std::string_view w = tt_.text;
  out.written = std::string(w.substr(toks_[a].start, toks_[out.last - 1].end - toks_[a].start));
  if (is_hangul(out.last - 1)) {
    for (std::string_view p : kKoreanParticles) {
      if (ends_with(out.written, p) && out.written.size() > p.size() + 3) {
        out.written.resize(out.written.size() - p.size());
        break;
      }
    }
  }
  return out;
}

// Rule role_follow_up: "the minister", "the prime minister", "the paper" name
// a speaker by office; resolve() ties them to the last speaker holding it.
std::optional<Mention> Analysis::role_at(std::uint32_t i, std::uint32_t end) const {
  if (f(i) != "the") return std::nullopt;
  std::optional<std::uint32_t> head;
  for (std::uint32_t j = i + 1; j < end && j <= i + 1 + kMaxRoleModifiers && lowercase_word(j); ++j)
    if (in(kRoleNouns, f(j))) head = j;
  if (!head) return std::nullopt;
  Mention m;
  m.kind = MentionKind::Role;
  m.first = i;
  m.last = *head + 1;
  for (std::uint32_t j = i + 1; j <= *head; ++j) m.role.emplace_back(f(j));
  m.written = std::string(std::string_view(tt_.text).substr(toks_[i].start, toks_[*head].end - toks_[i].start));
  return m;
}

std::optional<Mention> Analysis::pronoun_at(std::uint32_t i) const {
  for (const auto& p : kPronouns) {
    if (f(i) != p.folded) continue;
    Mention m;
    m.kind = MentionKind::Pronoun;
    m.first = i;
    m.last = i + 1;
    m.gender = p.female ? Gender::Female : Gender::Male;
    m.written = std::string(span(i));
    return m;
  }
  return std::nullopt;
}

// Rule capitalised_name: a speaker missing from the actor list is a run of
// capitalised words ("Choi Ji-hoon", "Sen. Daniel Whitcomb", "Dr. Marsh").
// Not a name: a run of dates, demonyms or sentence openers ("Tuesday",
// "South Korean", "The"), all-caps datelines, or the head of a possessive
// ("Park Jin's ministry"). The attribution rules only accept a name next to a
// speech cue, which keeps this loose test safe.
std::optional<Mention> Analysis::name_at(std::uint32_t i, std::uint32_t end) const {
  if (!capitalised(i) || is_possessive(i) || toks_[i].all_caps || in(kNameStopWords, f(i)) ||
      in(kCalendarWords, f(i)) || in(kGenericSubjects, f(i)))
    return std::nullopt;
  std::uint32_t j = i;
  while (j < end) {
    if (capitalised(j) && !is_possessive(j) && !toks_[j].all_caps && !in(kCalendarWords, f(j)) &&
        (j == i || !in(kNameStopWords, f(j)))) {
      if (j + 1 < end && in(kTitleAbbreviations, f(j)) && is_punct(j + 1, ".") && adjacent(j, j + 1)) j += 2;
      else ++j;
    } else if (j > i && j + 1 < end && is_punct(j, "-") && adjacent(j - 1, j) && adjacent(j, j + 1) &&
               is_word(j + 1)) {
      j += 2;
    } else {
      break;
    }
  }
  if (j < end && capitalised(j) && is_possessive(j)) return std::nullopt;
  Mention m;
  m.kind = MentionKind::Name;
  m.first = i;
  m.last = j;
  std::uint32_t a = i;
  while (a < j && (in(kTitleWords, f(a)) || in(kDemonyms, f(a)) || in(kTitleAbbreviations, f(a)) ||
                   is_punct(a, "."))) {
    if (is_word(a)) m.role.emplace_back(f(a));
    ++a;
  }
  if (a >= j) return std::nullopt;  // all title: "President", "South Korean"
  bool all_plain = true;  // a lone demonym-like word after the titles is no name either
  for (std::uint32_t k = a; k < j; ++k)
    if (is_word(k) && !in(kDemonyms, f(k))) all_plain = false;
  if (all_plain) return std::nullopt;
  m.written = std::string(std::string_view(tt_.text).substr(toks_[a].start, toks_[j - 1].end - toks_[a].start));
  m.gender = gender_of(m.role);
  return m;
}

const std::vector<Mention>& Analysis::mentions(std::uint32_t unit) {
  auto& cached = mention_cache_[unit];
  if (cached) return *cached;
  cached.emplace();
  const Unit& u = units_[unit];
  std::uint32_t run_end = u.first;
  for (std::uint32_t i = u.first; i < u.end;) {
    if (!is_frame(i)) {
      ++i;
      continue;
    }
    if (run_end <= i) run_end = frame_run_end(i, u.end);
    std::optional<Mention> m = actor_at(i, run_end);
    if (!m) m = role_at(i, run_end);
    if (!m) m = pronoun_at(i);
    if (!m) m = name_at(i, run_end);
    if (m) {
      i = m->last;
      cached->push_back(std::move(*m));
    } else {
      ++i;
    }
  }
  return *cached;
}

// Mentions are sorted and do not overlap, so lookups by position are binary searches.
const Mention* Analysis::nearest_mention_before(std::uint32_t unit, std::uint32_t tok) {
  const auto& ms = mentions(unit);
  auto it = std::upper_bound(ms.begin(), ms.end(), tok, [](std::uint32_t t, const Mention& m) { return t < m.last; });
  return it == ms.begin() ? nullptr : &*(it - 1);
}

const Mention* Analysis::mention_starting_at(std::uint32_t unit, std::uint32_t tok) {
  const auto& ms = mentions(unit);
  auto it = std::lower_bound(ms.begin(), ms.end(), tok, [](const Mention& m, std::uint32_t t) { return m.first < t; });
  return it != ms.end() && it->first == tok ? &*it : nullptr;
}

// The unit's grammatical subject as far as position tells: its first
// mention in subject position that is not a pronoun.
const Mention* Analysis::unit_subject(std::uint32_t unit) {
  for (const Mention& m : mentions(unit)) {
    if (m.kind != MentionKind::Pronoun && subject_position(m, units_[unit])) return &m;
    if (m.first > units_[unit].first + kMaxSubjectOffset) break;
  }
  return nullptr;
}

const Mention* Analysis::first_actor_or_pronoun(std::uint32_t unit) {
  std::int32_t& cached = first_actor_cache_[unit];
  if (cached == kNotComputed) {
    cached = -1;
    const auto& ms = mentions(unit);
    for (std::size_t k = 0; k < ms.size() && cached < 0; ++k)
      if (ms[k].kind == MentionKind::Actor || ms[k].kind == MentionKind::Pronoun) cached = static_cast<std::int32_t>(k);
  }
  return cached < 0 ? nullptr : &mentions(unit)[static_cast<std::size_t>(cached)];
}

// A speaker is the subject of its clause: first in the unit, or right after a
// leading adverbial ("In Tokyo, Foreign Minister Hayashi said"), a closing
// quote or a dash.
bool Analysis::subject_position(const Mention& m, const Unit& u) const {
  if (m.first == u.first) return true;
  const std::uint32_t p = m.first - 1;
  return is_comma(p) || is_close_mark(p) || is_colon(p) || is_punct(p, "-") || is_punct(p, "\xE2\x80\x94");
}

// Rule cjk_topic_speaker: in Korean and Japanese the speaker is the phrase
// marked as topic before the quotation: 유족 정순례 씨는 “…” (name before the
// honorific 씨), 山本遥教授は「…」 (name before the title 教授). Used when no
// actor alias or pronoun stands there.
std::optional<Mention> Analysis::cjk_topic_speaker(const Unit& u, std::uint32_t before) const {
  const std::uint32_t from = before > u.first + kMaxTopicDistance ? before - kMaxTopicDistance : u.first;
  for (std::uint32_t i = from; i < before; ++i) {
    if (!is_frame(i)) continue;
    if (is_hangul(i)) {
      std::string_view w = span(i);
      std::string_view particle;
      for (std::string_view p : kKoreanParticles)
        if (ends_with(w, p) && w.size() > p.size()) particle = p;
      if (particle.empty()) continue;
      std::string_view stem = w.substr(0, w.size() - particle.size());
      std::uint32_t name_tok = i;
      std::string written(stem);
      if (in(kKoreanTitles, stem)) {
        if (i == u.first || !is_hangul(i - 1)) return std::nullopt;
        name_tok = i - 1;
        written = std::string(span(name_tok));
      }
      Mention m;
      m.kind = MentionKind::Name;
      m.first = name_tok;
      m.last = i + 1;
      m.written = std::move(written);
      return m;
    }
    if (in(kJapaneseTopicParticles, f(i)) && i > u.first) {
      std::uint32_t e = i;
      while (e > u.first && in(kJapaneseTitles, f(e - 1))) --e;
      std::uint32_t b = e;
      while (b > u.first) {
        const UScriptCode s = script_of(first_cp(span(b - 1)));
        if (s != USCRIPT_HAN && s != USCRIPT_KATAKANA) break;
        --b;
      }
      if (b == e) return std::nullopt;
      Mention m;
      m.kind = MentionKind::Name;
      m.first = b;
      m.last = i;
      m.written = std::string(std::string_view(tt_.text).substr(toks_[b].start, toks_[e - 1].end - toks_[b].start));
      return m;
    }
  }
  return std::nullopt;
}

// 장관은, 대통령은, 씨는: a title or honorific carrying the topic particle.
bool Analysis::korean_title_with_particle(std::uint32_t i) const {
  if (!is_hangul(i)) return false;
  const std::string_view w = span(i);
  for (std::string_view p : kKoreanParticles)
    if (ends_with(w, p) && in(kKoreanTitles, w.substr(0, w.size() - p.size()))) return true;
  return false;
}

// ------------------------------------------------------------------ attribution

bool Analysis::negated_cue(std::uint32_t c0, const Unit& u) const {
  for (std::uint32_t k = 1; k <= 2 && c0 >= u.first + k; ++k) {
    const std::string_view w = f(c0 - k);
    if (in(kSpeechNegators, w) || ends_with(w, "n't")) return true;
  }
  return false;
}

void Analysis::add_appositive_role(Mention& m, std::uint32_t a, std::uint32_t b) const {
  for (std::uint32_t i = a; i < b; ++i)
    if (is_word(i)) m.role.emplace_back(f(i));
  if (m.gender == Gender::Unknown) m.gender = gender_of(m.role);
}

// Rules speaker_next_to_cue and speaker_with_appositive: "Yoon (also) said",
// "Kang Mi-sook, a spokeswoman for …, said". The appositive form only takes a
// name in subject position, so a name inside the appositive ("Lim, a lawyer
// at the Seoul Bar Association, said") is not mistaken for the speaker.
std::optional<Mention> Analysis::speaker_before_cue(std::uint32_t c0, std::uint32_t unit) {
  const Unit& u = units_[unit];
  const auto& ms = mentions(unit);
  if (c0 > u.first && toks_[c0 - 1].kind == TokenKind::Word && in(kPassiveAuxiliaries, f(c0 - 1))) return std::nullopt;
  // Small gap of adverbs and auxiliaries: "Yoon also said", "has publicly lamented".
  auto gap_word = [&](std::uint32_t i) {
    return lowercase_word(i) && is_frame(i) && !in(kGapBlockers, f(i)) && !in(kPrepositions, f(i));
  };
  if (const Mention* near = nearest_mention_before(unit, c0)) {
    bool ok = c0 - near->last <= kMaxSpeakerCueGap;
    for (std::uint32_t k = near->last; k < c0 && ok; ++k) ok = gap_word(k);
    if (ok) return *near;
  }
  std::uint32_t g = c0;
  while (g > u.first && c0 - g < kMaxSpeakerCueGap && gap_word(g - 1)) --g;
  if (g == u.first || !is_comma(g - 1)) return std::nullopt;
  const std::uint32_t comma = g - 1;
  const Mention* near = nearest_mention_before(unit, comma - 1);
  for (std::ptrdiff_t k = near ? near - ms.data() : -1; k >= 0; --k) {
    const Mention* it = &ms[static_cast<std::size_t>(k)];
    if (comma - it->last > kMaxAppositiveTokens) break;
    if (!is_comma(it->last) || !subject_position(*it, u)) continue;
    bool clean = true;
    for (std::uint32_t t = it->last; t < comma && clean; ++t) clean = is_frame(t) && !is_sentence_end(t);
    if (!clean) continue;
    Mention m = *it;
    add_appositive_role(m, it->last + 1, comma);
    return m;
  }
  return std::nullopt;
}

// Where the words after a cue start, or nullopt when only an adverbial follows
// ("said at a briefing"). "that" opens the clause ("argued that …", "said in a
// statement that …"); a quotation after ":" or "," is the content ("said:
// “…”"); otherwise a bare clause follows the verbs of saying ("said the trip
// would …"). Verbs that are also acts (argued, hailed, reaffirmed) need "that"
// or a quotation: "Beijing responded coolly" reports no words.
std::optional<std::uint32_t> Analysis::after_cue_content(std::uint32_t c0, std::uint32_t c1, const Unit& u,
                                                         CuePosition pos, bool participle) const {
  const std::uint32_t e = u.end;
  if (c1 >= e) return std::nullopt;
  if (f(c1) == "that" && is_frame(c1)) return c1 + 1;
  const bool listener = in(kListenerCues, f(c0));
  if (listener || adverbial_start(f(c1))) {
    for (std::uint32_t k = c1; k < e && k < c1 + kThatLookahead && is_frame(k); ++k)
      if (f(k) == "that") return k + 1;
  }
  if ((is_colon(c1) || is_comma(c1)) && c1 + 1 < e && is_open_mark(c1 + 1)) return c1 + 1;
  if (is_open_mark(c1)) return c1;
  if (adverbial_start(f(c1))) {
    for (std::uint32_t k = c1; k + 1 < e && k < c1 + kThatLookahead && is_frame(k); ++k)
      if (is_colon(k) && is_open_mark(k + 1)) return k + 1;
    return std::nullopt;
  }
  if (!is_word(c1) && !is_open_mark(c1)) return std::nullopt;
  if ((pos == CuePosition::Either || participle || listener) && word_count(c1, e) >= kMinReportedWords) return c1;
  if (has_quote(c1, e)) return c1;
  return std::nullopt;
}

// "In Tokyo, …", "Asked about the summit, …", "Speaking to reporters, …": a
// leading adverbial, not reported words.
bool Analysis::opens_with_adverbial(std::uint32_t a, std::uint32_t b) const {
  if (a >= b || !is_word(a)) return false;
  if (adverbial_start(f(a))) return true;
  const bool participle = ends_with(f(a), "ed") || ends_with(f(a), "ing");
  return participle && a + 1 < b && is_word(a + 1) && in(kPrepositions, f(a + 1));
}

std::vector<TokenRange> Analysis::quotes_after(std::uint32_t from, const Unit& u) const {
  std::vector<TokenRange> out;
  for (std::uint32_t i = from; i < u.end; ++i)
    if (is_open_mark(i)) {
      const Quote& q = quotes_[mark_[i]];
      const std::uint32_t end = q.closed ? std::min(q.close + 1, u.end) : u.end;
      out.push_back({i, end});
      i = end - 1;
    }
  return out;
}

// Rule english_speech_cue: a cue from the speech lexicon with its speaker.
// For each cue outside quotation marks, in order:
//   - the speaker stands before it (speaker_before_cue) or right after it
//     ("said Yang Dong-su", "according to the Global Times");
//   - a participle after a comma ("…, denouncing …"), or a cue whose words
//     hold a quotation with no speaker beside it ("Hayashi met Park Jin and
//     reaffirmed Tokyo's “firm commitment”"), takes the subject of
//     the unit;
//   - the content is what follows the cue (CueBefore) unless the attribution
//     trails the words ("“…,” Kishida said", "…, said Kohtaro Ito"): then it
//     is what comes before, plus any quotation resumed after it.
std::optional<Found> Analysis::english_speech_cue(std::uint32_t unit) {
  const Unit& u = units_[unit];
  for (std::uint32_t c0 = u.first; c0 < u.end; ++c0) {
    if (!is_frame(c0) || !is_word(c0) || is_cjk(c0)) continue;
    // A cue is words only, so it cannot run into a quotation mark: u.end is a safe limit.
    auto cue = cues_.longest_match(toks_, c0, u.end);
    if (!cue) continue;
    const std::uint32_t c1 = c0 + cue->length;
    const CuePosition pos = cues_.entries()[cue->entry].cue;
    const bool participle = cue->length == 1 && ends_with(f(c0), "ing");
    if (negated_cue(c0, u)) {
      c0 = c1 - 1;
      continue;
    }
    auto content_before = [&](std::uint32_t attribution_start, std::uint32_t frame_end) -> std::optional<std::vector<TokenRange>> {
      std::uint32_t b = attribution_start;
      if (b > u.first && is_comma(b - 1)) --b;
      if (b <= u.first) return std::nullopt;
      const bool quoted = has_quote(u.first, b);
      if (!quoted && word_count(u.first, b) < kMinReportedWords) return std::nullopt;
      std::vector<TokenRange> out{{u.first, b}};
      if (quoted)
        for (auto r : quotes_after(frame_end, u)) out.push_back(r);
      return out;
    };
    auto trails_a_quote = [&](std::uint32_t start) {
      if (start == u.first) return false;
      std::uint32_t p = start - 1;
      if (is_comma(p) && p > u.first) --p;
      return is_close_mark(p);
    };

    // Speaker before the cue.
    if (pos != CuePosition::SpeakerAfter && !participle) {
      if (auto m = speaker_before_cue(c0, unit)) {
        if (trails_a_quote(m->first)) {
          if (auto c = content_before(m->first, c1)) return Found{*m, *c};
        }
        if (auto start = after_cue_content(c0, c1, u, pos, participle))
          return Found{*m, {{*start, u.end}}};
        // "…, Kim said." Only verbs of saying trail reported words like this;
        // "Asked about the summit, Wang answered in Chinese" is an adverbial.
        if (pos == CuePosition::Either && m->first > u.first && is_comma(m->first - 1) &&
            !opens_with_adverbial(u.first, m->first))
          if (auto c = content_before(m->first, c1)) return Found{*m, *c};
      }
    }
    // Speaker after the cue.
    if (pos != CuePosition::SpeakerFirst && !participle) {
      if (const Mention* it = mention_starting_at(unit, c1)) {
        Mention m = *it;
        std::uint32_t frame_end = m.last;  // the appositive after the name: "said Yang, 68, whose …"
        while (frame_end < u.end && frame_end < m.last + kMaxAppositiveTokens && is_frame(frame_end)) ++frame_end;
        if (frame_end > m.last + 1 && is_comma(m.last)) add_appositive_role(m, m.last + 1, frame_end);
        if (pos == CuePosition::SpeakerAfter) {
          // "according to X, …" or "…, according to X."
          if (c0 > u.first && is_comma(c0 - 1) && word_count(u.first, c0) >= kMinReportedWords)
            return Found{m, {{u.first, c0 - 1}}};
          std::uint32_t s = it->last;
          while (s < u.end && s < it->last + kMaxAppositiveTokens && !is_comma(s) && !is_open_mark(s)) ++s;
          if (s < u.end && word_count(s, u.end) >= kMinReportedWords) return Found{m, {{s, u.end}}};
        } else if (auto c = content_before(c0, it->last)) {
          return Found{m, *c};
        }
      }
    }
    // The unit's subject, for participles and for cues whose words hold a quotation.
    if (auto start = after_cue_content(c0, c1, u, pos, participle);
        start && (participle ? (c0 > u.first && is_comma(c0 - 1)) : has_quote(*start, u.end))) {
      if (const Mention* subject = unit_subject(unit); subject && subject->first < c0)
        return Found{*subject, {{*start, u.end}}};
    }
    c0 = c1 - 1;
  }
  return std::nullopt;
}

// Rule cjk_quotative: Korean and Japanese put the verb of saying after the
// quotation, joined by a quotative particle (“…”라고 말했다, 「…」と述べた);
// Chinese puts it before, with a colon or comma (表示：“…”, 社评称，…). Reported
// speech without quote marks ends in a cue from the speech lexicon
// (…考えを示した, …다고 밝혔다). The speaker is the actor, pronoun or topic
// phrase before the quotation or cue.
std::optional<Found> Analysis::cjk_quotative(std::uint32_t unit) {
  const Unit& u = units_[unit];
  auto speaker_before = [&](std::uint32_t before) -> std::optional<Mention> {
    if (const Mention* m = first_actor_or_pronoun(unit); m && m->last <= before) return *m;
    return cjk_topic_speaker(u, before);
  };
  for (std::uint32_t i = u.first; i < u.end; ++i) {
    if (!is_close_mark(i) || i + 1 >= u.end || !is_frame(i + 1)) continue;
    const std::string_view next = f(i + 1);
    if (!in(kKoreanQuotatives, next) && !in(kJapaneseQuotatives, next)) continue;
    const Quote& q = quotes_[mark_[i]];
    if (auto who = speaker_before(q.open)) return Found{*who, {{q.open, i + 1}}};
  }
  for (std::uint32_t c0 = u.first; c0 < u.end; ++c0) {
    if (!is_frame(c0) || !is_cjk(c0)) continue;
    auto cue = cues_.longest_match(toks_, c0, u.end);
    if (!cue) continue;
    const std::uint32_t c1 = c0 + cue->length;
    // Chinese order: speaker, cue, then ：“…” or ，… (毛宁此前表示，…).
    if (c1 < u.end && (is_colon(c1) || is_comma(c1))) {
      const Mention* who = nearest_mention_before(unit, c0);
      if (!who || c0 - who->last > kMaxCjkSpeakerCueGap || who->kind == MentionKind::Name) continue;
      if (c1 + 1 < u.end && word_count(c1 + 1, u.end) > 0) return Found{*who, {{c1 + 1, u.end}}};
      continue;
    }
    // Korean/Japanese order without quote marks: speaker は/은 …content… cue.
    if (has_quote(u.first, u.end)) continue;
    auto who = speaker_before(c0);
    if (!who) continue;
    // The content starts after the speaker's particle, comma and title (장관은).
    std::uint32_t s = who->last;
    while (s < c0 && (in(kJapaneseTopicParticles, f(s)) || is_comma(s) || korean_title_with_particle(s))) ++s;
    std::uint32_t e = c0;
    while (e > s && (in(kJapaneseQuotatives, f(e - 1)) || in(kKoreanQuotatives, f(e - 1)))) --e;
    if (word_count(s, e) > 0) return Found{*who, {{s, e}}};
  }
  return std::nullopt;
}

// Rule colon_introduction: "The Global Times was dismissive: "…"", "Biden
// opened the session with a line his aides had plainly rehearsed: "…"". A
// quotation right after a colon belongs to the clause's subject.
std::optional<Found> Analysis::colon_introduction(std::uint32_t unit) {
  const Unit& u = units_[unit];
  for (std::uint32_t k = u.first; k + 1 < u.end; ++k) {
    if (!is_frame(k) || !is_colon(k) || !is_open_mark(k + 1)) continue;
    for (const Mention& m : mentions(unit)) {
      if (m.first >= k) break;
      if (m.kind == MentionKind::Actor || subject_position(m, u)) return Found{m, {{k + 1, u.end}}};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Found> Analysis::attribute(std::uint32_t unit) {
  if (auto f1 = english_speech_cue(unit)) return f1;
  if (auto f2 = cjk_quotative(unit)) return f2;
  return colon_introduction(unit);
}

// ------------------------------------------------------------------ transcripts

// Rule transcript_label: "MAO NING:", "Q:", "A:" open a paragraph of a
// transcript. A label is a short all-caps name, one capital letter, or an
// alias from the actor list.
std::optional<Analysis::Label> Analysis::transcript_label(const Para& p) const {
  std::uint32_t colon = p.first;
  while (colon < p.end && colon - p.first <= kMaxLabelTokens && !is_colon(colon)) ++colon;
  if (colon == p.first || colon >= p.end || !is_colon(colon) || colon - p.first > kMaxLabelTokens) return std::nullopt;
  bool caps = true;
  for (std::uint32_t i = p.first; i < colon; ++i) {
    if (is_punct(i, ".") && i > p.first) continue;
    const std::string_view s = span(i);
    const bool single_capital = is_word(i) && s.size() == 1 && s[0] >= 'A' && s[0] <= 'Z';
    if (!(is_word(i) && (toks_[i].all_caps || single_capital))) caps = false;
  }
  auto alias = actors_.match_alias(toks_, p.first, colon);
  const bool alias_label = alias && p.first + alias->length == colon;
  if (!caps && !alias_label) return std::nullopt;
  Label l;
  l.colon = colon;
  l.written = std::string(std::string_view(tt_.text).substr(toks_[p.first].start, toks_[colon - 1].end - toks_[p.first].start));
  std::string folded;
  for (std::uint32_t i = p.first; i < colon; ++i)
    if (is_word(i)) folded.append(folded.empty() ? "" : " ").append(f(i));
  l.question = in(kQuestionLabels, folded);
  if (alias_label) l.actor = static_cast<std::int32_t>(alias->actor);
  for (const auto& [label, actor] : legends_)
    if (label == folded && actor >= 0) l.actor = actor;
  return l;
}

// Rule transcript_legend: "Q = a reporter; A = Minister Hayashi." says who
// the one-letter labels are.
void Analysis::read_legends() {
  for (const Para& p : paras_) {
    for (std::uint32_t i = p.first; i + 2 < p.end; ++i) {
      const bool label = is_word(i) && (toks_[i].all_caps || (span(i).size() == 1 && capitalised(i)));
      if (!label || span(i + 1) != "=") continue;
      std::uint32_t e = i + 2;
      while (e < p.end && e < i + 2 + kMaxLegendTokens && !is_punct(e, ";") && !is_punct(e, ".") && !is_comma(e)) ++e;
      // "A = Minister Hayashi": the first alias inside the legend's name.
      std::int32_t actor = -1;
      for (std::uint32_t k = i + 2; k < e && actor < 0; ++k)
        if (auto a = actors_.match_alias(toks_, k, e)) actor = static_cast<std::int32_t>(a->actor);
      legends_.emplace_back(f(i), actor);
    }
  }
}

// ------------------------------------------------------------------ statements

// Rule follow_up_resolution: a pronoun goes to the last speaker whose gender
// does not contradict it, a role ("the minister") to the last speaker who
// holds that role (from the actor list's role column, the titles before the
// name and its appositive). What a pronoun reveals is remembered: after
// "she added", that speaker is known to be a woman.
Speaker Analysis::resolve(const Mention& m) {
  constexpr auto kLookback = static_cast<std::ptrdiff_t>(kMaxFollowUpLookback);
  Speaker s;
  s.written = m.written;
  s.person = m.written;
  switch (m.kind) {
    case MentionKind::Actor: {
      s.actor = m.actor;
      s.role = role_words(actors_.actors()[m.actor].role);
      s.role.insert(s.role.end(), m.role.begin(), m.role.end());
      s.gender = gender_of(s.role);
      if (s.gender == Gender::Unknown)
        for (auto it = history_.rbegin(); it != history_.rend() && it - history_.rbegin() < kLookback; ++it)
          if (it->actor == s.actor && it->gender != Gender::Unknown) {
            s.gender = it->gender;
            break;
          }
      break;
    }
    case MentionKind::Name:
      s.role = m.role;
      s.gender = m.gender;
      break;
    case MentionKind::Pronoun:
      s.gender = m.gender;
      for (auto it = history_.rbegin(); it != history_.rend() && it - history_.rbegin() < kLookback; ++it) {
        if (it->gender != Gender::Unknown && it->gender != m.gender) continue;
        if (it->gender == Gender::Unknown) it->gender = m.gender;
        s.actor = it->actor;
        s.person = it->person;
        s.role = it->role;
        break;
      }
      break;
    case MentionKind::Role:
      for (auto it = history_.rbegin(); it != history_.rend() && it - history_.rbegin() < kLookback; ++it) {
        if (!role_matches(it->role, m.role)) continue;
        s.actor = it->actor;
        s.person = it->person;
        s.role = it->role;
        s.gender = it->gender;
        break;
      }
      if (s.role.empty()) s.role = m.role;
      break;
  }
  history_.push_back(s);
  return s;
}

// Drops what frames the words rather than being them: quote marks and the
// comma or colon that ties a quotation to its attribution. A comma inside the
// quotation marks stays between two segments ("The foundation," Park said,
// "is a bridge" -> "The foundation, is a bridge"), so the scorer still sees a
// clause boundary there; at the very end of a statement it goes.
TokenRange Analysis::trim(TokenRange r, bool last) const {
  auto [a, b] = r;
  auto edge = [&](std::uint32_t i, bool at_end) {
    if (mark_[i] >= 0) return true;
    if (toks_[i].kind == TokenKind::Word || toks_[i].kind == TokenKind::Number) return false;
    if (inside_[i] >= 0 && !(at_end && last)) return false;
    const std::string_view s = span(i);
    return s == "," || s == ":" || s == ";" || s == "-" || s == "\xE2\x80\x94" || s == "\xE2\x80\x93" ||
           s == "\xEF\xBC\x8C" || s == "\xEF\xBC\x9A" || s == "\xE3\x80\x81";
  };
  // A quote mark is dropped only with its partner: "the plan “humiliating.”"
  // keeps both, "“We are ready,”" loses both.
  auto only_punct = [&](std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t i = from; i < to; ++i)
      if (toks_[i].kind == TokenKind::Word || toks_[i].kind == TokenKind::Number) return false;
    return true;
  };
  while (a < b && edge(a, false)) {
    const bool keeps_partner = is_open_mark(a) && quotes_[mark_[a]].closed && quotes_[mark_[a]].close < b &&
                               !only_punct(quotes_[mark_[a]].close, b);
    if (keeps_partner) break;
    ++a;
  }
  while (b > a && edge(b - 1, true)) {
    if (is_close_mark(b - 1) && quotes_[mark_[b - 1]].open >= a) break;  // its opening mark stays
    --b;
  }
  return {a, b};
}

std::size_t Analysis::add(Speaker who, std::vector<TokenRange> content, bool transcript) {
  Draft d;
  d.speaker = std::move(who);
  d.content = std::move(content);
  d.transcript = transcript;
  drafts_.push_back(std::move(d));
  return drafts_.size() - 1;
}

std::vector<ExtractedStatement> Analysis::run(bool include_narration) {
  build_paragraphs();
  find_quotations();
  count_tokens();
  build_units();
  read_legends();
  mention_cache_.resize(units_.size());
  first_actor_cache_.assign(units_.size(), kNotComputed);
  claimed_.assign(units_.size(), false);

  // Transcript labels, and whether there are enough of them to be a transcript.
  std::vector<std::optional<Label>> labels(paras_.size());
  std::size_t labelled = 0;
  for (std::size_t p = 0; p < paras_.size(); ++p)
    if ((labels[p] = transcript_label(paras_[p]))) ++labelled;
  const bool transcript = labelled >= kMinTranscriptLabels;

  std::vector<std::vector<std::uint32_t>> para_units(paras_.size());
  for (std::uint32_t u = 0; u < units_.size(); ++u) para_units[units_[u].para].push_back(u);

  std::optional<Speaker> answering;           // transcript: the speaker of the current answer
  std::optional<std::size_t> open_statement;  // a quotation left open at the end of a paragraph
  std::vector<std::uint32_t> open_units;      // open quotation paragraphs still waiting for a speaker
  for (std::size_t p = 0; p < paras_.size(); ++p) {
    const Para& para = paras_[p];
    if (transcript && labels[p]) {
      const Label& l = *labels[p];
      if (l.question) {  // questions are narration: their units stay unclaimed
        answering.reset();
        continue;
      }
      for (auto u : para_units[p]) claim(u);
      Mention m;
      m.kind = l.actor >= 0 ? MentionKind::Actor : MentionKind::Name;
      m.actor = l.actor;
      m.written = l.written;
      answering = resolve(m);
      add(*answering, {{l.colon + 1, para.end}}, true);
      continue;
    }
    if (transcript && answering) {
      // Rule transcript_continuation: an unlabelled paragraph after an answer
      // goes on with that answer, as its own statement.
      for (auto u : para_units[p]) claim(u);
      history_.push_back(*answering);
      add(*answering, {{para.first, para.end}}, true);
      continue;
    }

    std::optional<std::size_t> last;  // statement of the previous unit in this paragraph
    std::optional<std::pair<Mention, TokenRange>> pending_colon;
    for (std::size_t k = 0; k < para_units[p].size(); ++k) {
      const std::uint32_t ui = para_units[p][k];
      const Unit& u = units_[ui];
      if (auto found = attribute(ui)) {
        claim(ui);
        // Rule quotation_over_paragraphs: "“First paragraph …" (left open) then
        // "“… second paragraph,” Yoon said.": the attribution covers both.
        if (k == 0 && is_open_mark(u.first) && !open_units.empty()) {
          std::vector<TokenRange> before;
          for (auto ou : open_units) {
            claim(ou);
            before.push_back({units_[ou].first, units_[ou].end});
          }
          found->content.insert(found->content.begin(), before.begin(), before.end());
        }
        open_units.clear();
        last = add(resolve(found->who), std::move(found->content), false);
        pending_colon.reset();
        continue;
      }
      // Rule quotation_continues: a unit that is only a quotation, with no
      // attribution of its own, goes on with the statement just before it in
      // the paragraph ("“…,” Yoon said. “…”"), with the quotation left open
      // at the end of the previous paragraph, or with a colon introduction
      // in the unit before ("X …: <paraphrase>. “…”").
      bool only_quote = has_quote(u.first, u.end);
      for (std::uint32_t i = u.first; i < u.end && only_quote; ++i)
        if (is_frame(i) && (is_word(i) || toks_[i].kind == TokenKind::Number)) only_quote = false;
      if (only_quote) {
        std::optional<std::size_t> target = last;
        if (!target && k == 0 && open_statement) target = open_statement;
        if (target) {
          claim(ui);
          drafts_[*target].content.push_back({u.first, u.end});
          last = target;
          continue;
        }
        if (pending_colon) {
          claim(ui);
          last = add(resolve(pending_colon->first), {pending_colon->second, {u.first, u.end}}, false);
          pending_colon.reset();
          continue;
        }
      }
      last.reset();
      pending_colon.reset();
      // Remember "X …: paraphrase" in case a quotation follows.
      for (std::uint32_t c = u.first; c + 1 < u.end; ++c) {
        if (!is_frame(c) || !is_colon(c) || is_open_mark(c + 1)) continue;
        for (const Mention& m : mentions(ui)) {
          if (m.first >= c) break;
          if (m.kind == MentionKind::Actor) {
            pending_colon.emplace(m, TokenRange{c + 1, u.end});
            break;
          }
        }
        break;
      }
    }
    // A paragraph that is only a quotation left open, with no speaker yet,
    // waits for the next paragraph's attribution.
    bool waiting = !para_units[p].empty() && is_open_mark(para.first) && !quotes_[mark_[para.first]].closed;
    for (auto ui : para_units[p]) waiting = waiting && !claimed_[ui];
    if (waiting) {
      for (auto ui : para_units[p]) open_units.push_back(ui);
    } else {
      open_units.clear();
    }
    open_statement.reset();
    if (last) {
      const auto& c = drafts_[*last].content;
      if (!c.empty())
        for (std::uint32_t i = c.back().first; i < c.back().second; ++i)
          if (is_open_mark(i) && !quotes_[mark_[i]].closed) open_statement = last;
    }
  }

  // Build the statements: trimmed segments, text, kind.
  std::vector<ExtractedStatement> out;
  for (const Draft& d : drafts_) {
    ExtractedStatement st;
    bool quoted = false;
    for (std::size_t k = 0; k < d.content.size(); ++k) {
      const TokenRange r = d.content[k];
      quoted = quoted || has_quote(r.first, r.second);
      auto [a, b] = trim(r, k + 1 == d.content.size());
      if (a >= b) continue;
      const TextSpan s{toks_[a].start, toks_[b - 1].end};
      if (!st.text.empty()) st.text += ' ';
      st.text.append(tt_.text, s.start, s.end - s.start);
      st.segments.push_back(s);
    }
    if (st.segments.empty()) continue;
    st.start = st.segments.front().start;
    st.end = st.segments.back().end;
    st.speaker = d.speaker.written;
    st.resolved_speaker = d.speaker.person;
    st.actor = d.speaker.actor >= 0 ? actors_.actors()[d.speaker.actor].id : std::string(kOtherActor);
    st.kind = d.transcript ? StatementKind::Transcript : quoted ? StatementKind::Direct : StatementKind::Reported;
    out.push_back(std::move(st));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  for (std::uint32_t i = 0; i < out.size(); ++i) out[i].index = i;

  if (include_narration) {
    std::vector<ExtractedStatement> narration;
    for (std::uint32_t ui = 0; ui < units_.size(); ++ui) {
      if (claimed_[ui]) continue;
      const Unit& u = units_[ui];
      ExtractedStatement st;
      st.kind = StatementKind::Narration;
      st.start = toks_[u.first].start;
      st.end = toks_[u.end - 1].end;
      st.segments.push_back({st.start, st.end});
      st.text = tt_.text.substr(st.start, st.end - st.start);
      st.index = static_cast<std::uint32_t>(narration.size());
      narration.push_back(std::move(st));
    }
    std::vector<ExtractedStatement> merged;
    merged.reserve(out.size() + narration.size());
    std::merge(out.begin(), out.end(), narration.begin(), narration.end(), std::back_inserter(merged),
               [](const auto& a, const auto& b) { return a.start < b.start; });
    return merged;
  }
  return out;
}

}  // namespace

std::string_view to_string(StatementKind kind) {
  switch (kind) {
    case StatementKind::Direct: return "direct";
    case StatementKind::Reported: return "reported";
    case StatementKind::Transcript: return "transcript";
    default: return "narration";
  }
}

struct ArticleExtractor::Impl {
  const ActorList& actors;
  const LexiconSet& lexicons;
  Tokenizer tokenizer;
};

ArticleExtractor::ArticleExtractor(const ActorList& actors, const LexiconSet& lexicons, std::string_view language)
    : impl_(std::make_unique<Impl>(Impl{actors, lexicons, Tokenizer(language)})) {}
ArticleExtractor::~ArticleExtractor() = default;
ArticleExtractor::ArticleExtractor(ArticleExtractor&&) noexcept = default;

std::vector<ExtractedStatement> ArticleExtractor::extract(std::string_view article_text, const ArticleOptions& options) {
  std::string repaired;
  repair_utf8(article_text, repaired);
  TokenizedText tt = impl_->tokenizer.tokenize(unwrap_soft_line_breaks(std::move(repaired)));
  if (tt.tokens.empty()) return {};
  Analysis analysis(impl_->actors, impl_->lexicons.table(LexiconKind::Speech), std::move(tt));
  return analysis.run(options.include_narration);
}

std::vector<ExtractedStatement> extract_statements(std::string_view article_text, const ActorList& actors,
                                                   const LexiconSet& lexicons, const ArticleOptions& options) {
  ArticleExtractor extractor(actors, lexicons);
  return extractor.extract(article_text, options);
}

}  // namespace thaw
