// One function a subcommand: each adds itself to the CLI11 app and returns the
// subcommand with the runner to call if it was chosen.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace thaw::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

Command add_score_command(CLI::App& app);
Command add_batch_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_evaluate_command(CLI::App& app);
Command add_train_command(CLI::App& app);

}  // namespace thaw::cli
