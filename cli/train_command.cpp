// thaw train GOLD.jsonl... -o MODEL: fit the learned stance layer
// (thaw/stance.hpp) to gold-labelled statements. Train only on a tuning part:
// a model trained on the statements it is evaluated on measures nothing.
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "io.hpp"
#include "thaw/error.hpp"
#include "thaw/scorer.hpp"
#include "thaw/stance.hpp"
#include "thaw/version.hpp"

namespace thaw::cli {
namespace {

struct TrainOptions {
  std::vector<std::string> paths;
  std::string output;
  std::string lexicons;
  StanceTrainingOptions training;
};

std::optional<StanceClass> class_of(const nlohmann::json& label) {
  if (!label.is_string()) return std::nullopt;
  const auto s = label.get<std::string>();
  if (s == "warm") return kStanceWarm;
  if (s == "neutral") return kStanceNeutral;
  if (s == "cold") return kStanceCold;
  return std::nullopt;
}

int run_train(const TrainOptions& o) {
  const auto inputs = expand_inputs(o.paths, {".jsonl"});
  // Without its model: the model reads the lexicons' own reading.
  const LexiconSet& lex = load_lexicons(o.lexicons);
  Scorer scorer(lex);
  StanceTrainer trainer;
  std::size_t counts[kStanceClassCount] = {0, 0, 0}, errors = 0, unlabelled = 0;
  for (const Input& input : inputs) {
    auto stream = open_input(input);
    for_each_line(*stream, [&](std::string&& line, std::size_t number) {
      if (line.find_first_not_of(" \t\r\n") == std::string::npos) return true;
      const std::string where = input.name + ":" + std::to_string(number) + ": ";
      auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
        std::cerr << "thaw: " << where << "expected a JSON object with a string \"text\"\n";
        ++errors;
        return true;
      }
      auto gold = j.find("gold");
      if (gold == j.end() || gold->is_null()) {
        ++unlabelled;
        return true;
      }
      std::optional<StanceClass> cls;
      if (gold->is_object() && gold->contains("label")) cls = class_of((*gold)["label"]);
      if (!cls) {
        std::cerr << "thaw: " << where << "'gold' needs a label: warm, neutral or cold\n";
        ++errors;
        return true;
      }
      Statement st;
      st.text = j["text"].get<std::string>();
      if (auto lang = j.find("lang"); lang != j.end() && lang->is_string()) st.lang = lang->get<std::string>();
      add_training_statement(trainer, scorer, std::move(st), *cls);
      ++counts[*cls];
      return true;
    });
  }
  // A model fitted to part of a file that was meant whole is worse than none.
  if (errors) throw Error(std::to_string(errors) + " bad record(s); no model written");
  if (trainer.size() == 0) throw Error("no gold-labelled statements to train on");

  const StanceTrainer::Result fit = trainer.train(o.training);
  std::ostringstream text;
  std::string sources;
  for (const std::string& p : o.paths) sources += (sources.empty() ? "" : " ") + p;
  char options[160];
  std::snprintf(options, sizeof options, "options: l2 %g, lexicon_scale %g, min_count %zu; L-BFGS %s after %zu iterations, loss %.4f",
                o.training.l2, o.training.lexicon_scale, o.training.min_count,
                fit.converged ? "converged" : "stopped", fit.iterations, fit.loss);
  fit.model.write(text, {
      "Learned stance layer: written by `thaw train`, do not edit by hand (retrain instead).",
      "thaw " + std::string(kVersion) + " train " + sources,
      std::to_string(trainer.size()) + " statements: " + std::to_string(counts[kStanceWarm]) + " warm, " +
          std::to_string(counts[kStanceNeutral]) + " neutral, " + std::to_string(counts[kStanceCold]) + " cold",
      "lexicon inputs read with " + lex.info().name + " " + lex.info().version + " (without its stance model)",
      options,
      std::to_string(fit.model.ngram_count()) + " n-grams",
  });
  AtomicOutput out(o.output);
  out.write(text.str());
  out.commit();
  std::cerr << "thaw train: " << trainer.size() << " statements (" << unlabelled << " without gold skipped), "
            << fit.model.ngram_count() << " n-grams, " << (fit.converged ? "converged" : "NOT converged") << " after "
            << fit.iterations << " iterations\n";
  return fit.converged ? kOk : kBadInput;
}

}  // namespace

Command add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* sub = app.add_subcommand("train", "Fit the learned stance layer to gold-labelled JSONL statements");
  sub->add_option("paths", o->paths, "Gold-labelled JSONL files or folders (the tuning part only)")->required();
  sub->add_option("-o,--output", o->output, "Model file to write (default: standard output)");
  sub->add_option("--lexicons", o->lexicons, "Lexicon folder whose readings the model reads (its own model is ignored)");
  // A penalty of 0 has no optimum on separable statements, a negative one is
  // not convex: both are refused (a usage error) rather than fitted badly.
  const CLI::Validator positive(
      [](std::string& v) -> std::string {
        try {
          return std::stod(v) > 0 ? "" : "must be greater than 0";
        } catch (const std::exception&) {
          return "expected a number";
        }
      },
      "> 0", "positive");
  sub->add_option("--l2", o->training.l2, "L2 penalty")->check(positive)->capture_default_str();
  sub->add_option("--lexicon-scale", o->training.lexicon_scale, "Scale of the lexicon inputs while training")
      ->check(positive)
      ->capture_default_str();
  sub->add_option("--min-count", o->training.min_count, "Statements an n-gram must occur in")
      ->check(positive)
      ->capture_default_str();
  return {sub, [o] { return run_train(*o); }};
}

}  // namespace thaw::cli
