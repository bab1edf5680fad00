// thaw evaluate GOLD.jsonl...: score gold-labelled records and report accuracy.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "common.hpp"
#include "io.hpp"
#include "thaw/actors.hpp"
#include "thaw/error.hpp"
#include "thaw/evaluation.hpp"
#include "thaw/tracker.hpp"
#include "thaw/version.hpp"

namespace thaw::cli {
namespace {

struct EvalOptions {
  std::vector<std::string> paths;
  std::string format = "json";
  std::string lexicons;
  std::size_t worst = 10;
  bool allow_new_actors = false;
  bool model = false;
};

struct Item {
  EvalPair pair;
  std::string actor;  // "" when none
  std::string kind;   // the gold record's own "kind" (the corpus's case category), "" when none
  nlohmann::ordered_json record;
};

// The input record's "kind", which scoring does not carry through: read from
// the line itself (evaluate runs over small gold files, so parsing twice is cheap).
std::string kind_of_line(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return "";
  auto it = j.find("kind");
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<Label> parse_label(const nlohmann::ordered_json& j) {
  if (!j.is_string()) return std::nullopt;
  const auto s = j.get<std::string>();
  if (s == "warm") return Label::Warm;
  if (s == "neutral") return Label::Neutral;
  if (s == "cold") return Label::Cold;
  return std::nullopt;
}

Label label_from_json(const nlohmann::ordered_json& j) { return parse_label(j).value_or(Label::Neutral); }

double r4(double v) { return std::round(v * 10000.0) / 10000.0; }

nlohmann::ordered_json metrics_json(const EvalMetrics& m) {
  static const char* kNames[3] = {"warm", "neutral", "cold"};
  nlohmann::ordered_json j;
  j["n"] = m.n;
  j["accuracy"] = r4(m.accuracy);
  j["macro_f1"] = r4(m.macro_f1);
  j["spearman"] = r4(m.spearman);
  j["pearson"] = r4(m.pearson);
  nlohmann::ordered_json per = nlohmann::ordered_json::object();
  for (int c = 0; c < 3; ++c)
    per[kNames[c]] = {{"precision", r4(m.per_class[c].precision)},
                      {"recall", r4(m.per_class[c].recall)},
                      {"f1", r4(m.per_class[c].f1)},
                      {"support", m.per_class[c].support}};
  j["per_class"] = per;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (int g = 0; g < 3; ++g) rows.push_back(m.confusion[g]);
  j["confusion"] = {{"labels", {"warm", "neutral", "cold"}}, {"gold_by_predicted", rows}};
  return j;
}

std::string fmt(const char* f, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

void print_text(std::ostream& out, const nlohmann::ordered_json& r) {
  const auto& o = r["overall"];
  out << "thaw evaluate: " << r["lexicon"]["name"].get<std::string>() << " "
      << r["lexicon"]["version"].get<std::string>() << ", " << o["n"] << " records\n";
  out << "accuracy " << fmt("%.3f", o["accuracy"]) << "   macro-F1 " << fmt("%.3f", o["macro_f1"])
      << "   Spearman " << fmt("%.3f", o["spearman"]) << "   Pearson " << fmt("%.3f", o["pearson"]) << "\n\n";
  out << "class     precision  recall     f1  support\n";
  for (const char* c : {"warm", "neutral", "cold"}) {
    const auto& s = o["per_class"][c];
    char line[96];
    std::snprintf(line, sizeof line, "%-8s  %9.3f  %6.3f  %5.3f  %7d\n", c, s["precision"].get<double>(),
                  s["recall"].get<double>(), s["f1"].get<double>(), s["support"].get<int>());
    out << line;
  }
  out << "\nconfusion (rows gold, columns predicted)\n              warm  neutral     cold\n";
  const char* names[3] = {"warm", "neutral", "cold"};
  for (int g = 0; g < 3; ++g) {
    char line[96];
    const auto& row = o["confusion"]["gold_by_predicted"][g];
    std::snprintf(line, sizeof line, "  %-8s  %6d  %7d  %7d\n", names[g], row[0].get<int>(), row[1].get<int>(),
                  row[2].get<int>());
    out << line;
  }
  out << "\nby actor           n  accuracy  macro-F1  Spearman\n";
  for (const auto& a : r["by_actor"]) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-14s %3d  %8.3f  %8.3f  %8.3f\n",
                  a["actor"].is_null() ? "(none)" : a["actor"].get<std::string>().c_str(), a["n"].get<int>(),
                  a["accuracy"].get<double>(), a["macro_f1"].get<double>(), a["spearman"].get<double>());
    out << line;
  }
  if (!r["by_kind"].empty()) {
    out << "\nby kind                 n  accuracy  macro-F1  Spearman\n";
    for (const auto& k : r["by_kind"]) {
      char line[128];
      std::snprintf(line, sizeof line, "  %-19s %3d  %8.3f  %8.3f  %8.3f\n", k["kind"].get<std::string>().c_str(),
                    k["n"].get<int>(), k["accuracy"].get<double>(), k["macro_f1"].get<double>(),
                    k["spearman"].get<double>());
      out << line;
    }
  }
  out << "\nworst misses\n";
  for (const auto& w : r["worst_misses"]) {
    out << "  " << w.value("id", "?") << "  gold " << w["gold"]["label"].get<std::string>() << " ("
        << w["gold"]["score"] << ")  got " << w["label"].get<std::string>() << " " << fmt("%+.3f", w["score"])
        << "\n    " << w["text"].get<std::string>() << "\n    evidence:";
    if (w["evidence"].empty()) out << " none";
    for (const auto& e : w["evidence"]) {
      out << " '" << e["match"].get<std::string>() << "' " << fmt("%+.2f", e["contribution"]);
      for (const auto& eff : e["effect"]) out << " " << eff.get<std::string>();
      out << ";";
    }
    out << "\n";
  }
}

int run_evaluate(const EvalOptions& o) {
  const auto inputs = expand_inputs(o.paths, {".jsonl"});
  const LexiconSet& lex = load_lexicons(o.lexicons, o.model);
  ActorList actors = lex.actors_file().empty() ? ActorList{} : ActorList::load(lex.actors_file(), lex.info().language);
  RecordOptions ropts;
  ropts.allow_new_actors = o.allow_new_actors;
  Tracker tracker(lex, actors, ropts);
  std::vector<Item> items;
  std::size_t read = 0, errors = 0, unlabelled = 0;
  for (const Input& input : inputs) {
    auto stream = open_input(input);
    for_each_line(*stream, [&](std::string&& line, std::size_t number) {
      if (line.find_first_not_of(" \t\r\n") == std::string::npos) return true;
      ++read;
      auto j = tracker.process_line(line, number);
      auto where = input.name + ":" + std::to_string(number) + ": ";
      if (j.contains("error")) {
        std::cerr << "thaw: " << where << j["error"].get<std::string>() << "\n";
        ++errors;
        return true;
      }
      auto gold = j.find("gold");
      if (gold == j.end() || gold->is_null()) {
        ++unlabelled;
        return true;
      }
      if (!gold->is_object()) {
        std::cerr << "thaw: " << where << "'gold' must be an object {\"label\": …, \"score\": …}\n";
        ++errors;
        return true;
      }
      auto label = parse_label(gold->value("label", nlohmann::ordered_json()));
      auto score = gold->find("score");
      if (!label || score == gold->end() || !score->is_number()) {
        std::cerr << "thaw: " << where << "'gold' needs a label (warm, neutral, cold) and a numeric score\n";
        ++errors;
        return true;
      }
      Item it;
      it.pair = {*label, score->get<double>(), label_from_json(j["label"]), j["score"].get<double>()};
      it.actor = j["actor"].is_string() ? j["actor"].get<std::string>() : "";
      it.kind = kind_of_line(line);
      it.record = std::move(j);
      items.push_back(std::move(it));
      return true;
    });
  }

  std::vector<EvalPair> all;
  std::map<std::string, std::vector<EvalPair>> by_actor, by_kind;
  for (const Item& it : items) {
    all.push_back(it.pair);
    by_actor[it.actor].push_back(it.pair);
    if (!it.kind.empty()) by_kind[it.kind].push_back(it.pair);
  }
  nlohmann::ordered_json r;
  r["thaw_version"] = kVersion;
  r["lexicon"] = {{"name", lex.info().name}, {"version", lex.info().version}};
  r["stance_model"] = lex.stance_model() != nullptr;
  r["inputs"] = o.paths;
  r["records"] = {{"read", read}, {"evaluated", items.size()}, {"unlabelled", unlabelled}, {"errors", errors}};
  r["overall"] = metrics_json(evaluate(all));
  nlohmann::ordered_json actors_json = nlohmann::ordered_json::array();
  for (const auto& [actor, pairs] : by_actor) {
    nlohmann::ordered_json a;
    a["actor"] = actor.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(actor);
    a.update(metrics_json(evaluate(pairs)));
    actors_json.push_back(std::move(a));
  }
  r["by_actor"] = std::move(actors_json);
  // Only records that name their kind: the misses by category a lexicon editor
  // looks at first (negation, contrast, demands, sarcasm, off-topic).
  nlohmann::ordered_json kinds_json = nlohmann::ordered_json::array();
  for (const auto& [kind, pairs] : by_kind) {
    nlohmann::ordered_json k;
    k["kind"] = kind;
    k.update(metrics_json(evaluate(pairs)));
    kinds_json.push_back(std::move(k));
  }
  r["by_kind"] = std::move(kinds_json);

  // Worst misses: wrong label, furthest from gold (gold score -2..2 mapped to -1..1).
  std::vector<const Item*> misses;
  for (const Item& it : items)
    if (it.pair.gold != it.pair.predicted) misses.push_back(&it);
  auto distance = [](const Item* it) { return std::abs(it->pair.score - it->pair.gold_score / 2.0); };
  std::stable_sort(misses.begin(), misses.end(), [&](auto* a, auto* b) { return distance(a) > distance(b); });
  if (misses.size() > o.worst) misses.resize(o.worst);
  nlohmann::ordered_json worst = nlohmann::ordered_json::array();
  for (const Item* it : misses) {
    nlohmann::ordered_json w;
    if (it->record.contains("id")) w["id"] = it->record["id"];
    w["actor"] = it->record["actor"];
    w["text"] = it->record["text"];
    w["gold"] = it->record["gold"];
    w["label"] = it->record["label"];
    w["score"] = it->record["score"];
    w["evidence"] = it->record["evidence"];
    worst.push_back(std::move(w));
  }
  r["worst_misses"] = std::move(worst);

  if (o.format == "text") print_text(std::cout, r);
  else std::cout << r.dump(2) << "\n";
  std::cout.flush();
  return errors ? kBadInput : kOk;
}

}  // namespace

Command add_evaluate_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  CLI::App* sub = app.add_subcommand("evaluate", "Score gold-labelled JSONL records and report accuracy");
  sub->add_option("paths", o->paths, "Gold-labelled JSONL files or folders (records carry gold.label and gold.score)")
      ->required();
  sub->add_option("--format", o->format, "json (default) or text")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  sub->add_option("--worst", o->worst, "How many worst misses to list")->capture_default_str();
  sub->add_option("--lexicons", o->lexicons, "Lexicon folder (default: $THAW_LEXICONS, installed, or source tree)");
  sub->add_flag("--allow-new-actors", o->allow_new_actors, "Accept actor ids that are not in the actor list");
  sub->add_flag("--model", o->model, "Add the learned stance layer the lexicon set names (README, Accuracy)");
  return {sub, [o] { return run_evaluate(*o); }};
}

}  // namespace thaw::cli
