// thaw: command-line front end. All scoring logic lives in the library; this
// file only parses arguments, dispatches and turns exceptions into messages.
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "thaw/error.hpp"
#include "thaw/version.hpp"

int main(int argc, char** argv) {
  using namespace thaw::cli;
  CLI::App app{"thaw: how warmly political actors speak about a rapprochement"};
  app.set_version_flag("--version", std::string("thaw ") + thaw::kVersion);
  app.require_subcommand(1);
  const std::vector<Command> commands{
      add_score_command(app),
      add_batch_command(app),
      add_report_command(app),
      add_evaluate_command(app),
      add_train_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  try {
    for (const Command& c : commands)
      if (c.app->parsed()) return c.run();
  } catch (const thaw::Error& e) {
    std::cerr << "thaw: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "thaw: internal error: " << e.what() << "\n";
    return kBadInput;
  }
  return kUsage;
}
