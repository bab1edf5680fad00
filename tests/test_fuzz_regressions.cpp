// Inputs that once crashed a fuzz target (tests/data/fuzz-regressions/TARGET/),
// replayed through exactly the code the target runs (fuzz/targets.hpp), so a
// fixed crash stays fixed in every build, including the sanitizer one.
#define BOOST_TEST_MODULE fuzz_regressions
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "targets.hpp"

namespace fs = std::filesystem;

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

// Runs every file of the target's folder; returns how many there were.
std::size_t replay(const std::string& name, Target target) {
  const fs::path dir = fs::path(THAW_TEST_DATA_DIR) / "fuzz-regressions" / name;
  std::size_t n = 0;
  if (!fs::is_directory(dir)) return n;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    std::ifstream f(entry.path(), std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(f), {});
    BOOST_TEST_CHECKPOINT(entry.path().string());  // named in the log if it crashes
    BOOST_TEST(target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0,
               entry.path().string());
    ++n;
  }
  BOOST_TEST_MESSAGE(name << ": " << n << " inputs replayed");
  return n;
}

// Every target must also take the empty input and one byte of each selector.
void edge_inputs(Target target) {
  BOOST_TEST(target(nullptr, 0) == 0);
  for (std::uint8_t b : {0, 1, 2, 3, 0xFF}) BOOST_TEST(target(&b, 1) == 0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(jsonl_reader) {
  edge_inputs(thaw::fuzz::jsonl);
  replay("jsonl", thaw::fuzz::jsonl);
}

BOOST_AUTO_TEST_CASE(tokenizer) {
  edge_inputs(thaw::fuzz::tokenizer);
  replay("tokenizer", thaw::fuzz::tokenizer);
}

BOOST_AUTO_TEST_CASE(lexicon_parser) {
  edge_inputs(thaw::fuzz::lexicon);
  replay("lexicon", thaw::fuzz::lexicon);
}

BOOST_AUTO_TEST_CASE(article_splitter) {
  edge_inputs(thaw::fuzz::article);
  replay("article", thaw::fuzz::article);
}

BOOST_AUTO_TEST_CASE(score_path) {
  edge_inputs(thaw::fuzz::score);
  replay("score", thaw::fuzz::score);
}
