// thaw score [TEXT]: score one statement, print JSON or an explanation.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "thaw/result_json.hpp"
#include "thaw/scorer.hpp"

namespace thaw::cli {
namespace {

struct ScoreOptions {
  std::string text;
  std::string actor;
  std::string lang = "en";
  std::string date;
  std::string id;
  std::string lexicons;
  bool explain = false;
  bool model = false;
};

std::string format_number(double v, bool sign) {
  char buf[32];
  std::snprintf(buf, sizeof buf, sign ? "%+.3f" : "%.3f", v);
  return buf;
}

void print_explanation(std::ostream& out, const ScoredStatement& r, const LexiconInfo& lex) {
  out << "score " << format_number(r.score, true) << "  " << to_string(r.label)
      << "  (confidence " << format_number(r.confidence, false) << ")\n";
  out << "lexicon " << lex.name << " " << lex.version << "\n";
  if (r.statement.actor) out << "actor " << *r.statement.actor << "\n";
  if (r.evidence.empty()) {
    out << (r.probabilities ? "no lexicon term found\n" : "no lexicon term found: neutral, confidence 0\n");
  } else {
    out << "evidence:\n";
    for (const Evidence& e : r.evidence) {
      out << "  \"" << e.match << "\" [" << e.start << "," << e.end << ") " << e.layer << " '"
          << e.term << "' " << format_number(e.weight, true) << " -> "
          << format_number(e.contribution, true);
      for (const auto& eff : e.effects) out << " " << eff;
      out << "\n";
    }
  }
  if (r.probabilities) {
    const auto& p = *r.probabilities;
    out << "stance model: warm " << format_number(p[2], false) << ", neutral " << format_number(p[1], false)
        << ", cold " << format_number(p[0], false) << "; lexicons alone " << format_number(r.lexicon_score, true)
        << " " << to_string(r.lexicon_label) << "\n";
    if (!r.learned.empty()) out << "learned (strongest words and pairs, warmth):\n";
    for (const LearnedTerm& t : r.learned)
      out << "  \"" << t.match << "\" [" << t.start << "," << t.end << ") '" << t.feature << "' "
          << format_number(t.warmth, true) << "\n";
  }
  for (const auto& f : r.flags) out << "flag: " << f << "\n";
}

}  // namespace

Command add_score_command(CLI::App& app) {
  auto opts = std::make_shared<ScoreOptions>();
  CLI::App* sub = app.add_subcommand("score", "Score one statement (TEXT, or standard input)");
  CLI::Option* text_opt =
      sub->add_option("text", opts->text, "The statement; read from standard input when absent");
  sub->add_option("--actor", opts->actor, "Who said it (an actor id); recorded, never scored");
  sub->add_option("--lang", opts->lang, "Language of the text (BCP 47: en, ko, ja, zh)")
      ->capture_default_str();
  sub->add_option("--date", opts->date, "Date of the statement (YYYY-MM-DD)");
  sub->add_option("--id", opts->id, "An id to carry into the output");
  sub->add_option("--lexicons", opts->lexicons,
                  "Lexicon folder (default: $THAW_LEXICONS, the installed set, or the source tree's)");
  sub->add_flag("--explain", opts->explain, "Print a readable breakdown instead of JSON");
  sub->add_flag("--model", opts->model, "Add the learned stance layer the lexicon set names (README, Accuracy)");

  return {sub, [opts, text_opt]() {
            const LexiconSet& lex = load_lexicons(opts->lexicons, opts->model);
            Statement st;
            if (text_opt->count() > 0) {
              st.text = opts->text;
            } else {
              st.text.assign(std::istreambuf_iterator<char>(std::cin), {});
            }
            if (!opts->actor.empty()) st.actor = opts->actor;
            if (!opts->date.empty()) st.date = opts->date;
            if (!opts->id.empty()) st.id = opts->id;
            st.lang = opts->lang;
            Scorer scorer(lex);
            ScoredStatement r = scorer.score(std::move(st));
            if (opts->explain) print_explanation(std::cout, r, lex.info());
            else std::cout << dump_line(to_json(r, lex.info())) << "\n";
            return std::cout.good() ? 0 : 1;
          }};
}

}  // namespace thaw::cli
