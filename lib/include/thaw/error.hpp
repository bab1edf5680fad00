// Errors thrown at the library boundary.
//
// Load-time problems (a bad lexicon line, a missing file) throw thaw::LoadError,
// which carries the file and line so the CLI can print `FILE:LINE: problem`.
// Per-record problems in a batch are never exceptions; see batch.hpp.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace thaw {

// Base class of every exception the library throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A data file could not be loaded. what() is "FILE:LINE: problem" (or
// "FILE: problem" when line() is 0), ready to print.
class LoadError : public Error {
 public:
  LoadError(std::string file, std::size_t line, std::string problem)
      : Error(format(file, line, problem)),
        file_(std::move(file)),
        line_(line),
        problem_(std::move(problem)) {}

  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  static std::string format(const std::string& file, std::size_t line,
                            const std::string& problem) {
    if (line == 0) return file + ": " + problem;
    return file + ":" + std::to_string(line) + ": " + problem;
  }
  std::string file_;
  std::size_t line_;
  std::string problem_;
};

}  // namespace thaw
