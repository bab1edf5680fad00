// Golden: every lexicon set checks the self-test rows it ships
// (`selftest` in its manifest), so an edit that breaks a clear case fails ctest.
#define BOOST_TEST_MODULE selftest
#include <boost/test/unit_test.hpp>

#include "thaw/scorer.hpp"

using namespace thaw;

namespace {
void check_selftests(const std::string& dir) {
  LexiconSet set = load_lexicon_set(dir);
  BOOST_TEST_REQUIRE(!set.selftests().empty(), dir << " ships no self-test rows");
  Scorer scorer(set);
  for (const auto& c : set.selftests()) {
    Statement st;
    st.text = c.text;
    auto r = scorer.score(st);
    BOOST_TEST(std::string(to_string(r.label)) == c.label, c.source << ": \"" << c.text << "\" scored " << r.score);
  }
}
}  // namespace

BOOST_AUTO_TEST_CASE(mini_set_selftests) { check_selftests(THAW_TEST_DATA_DIR "/mini"); }

BOOST_AUTO_TEST_CASE(shipped_set_selftests) { check_selftests(THAW_SOURCE_LEXICON_DIR); }

// The spine issue's acceptance cases, on the shipped set.
BOOST_AUTO_TEST_CASE(shipped_set_acceptance_cases) {
  LexiconSet set = load_lexicon_set(THAW_SOURCE_LEXICON_DIR);
  Scorer scorer(set);
  auto label = [&](const char* text) {
    Statement st;
    st.text = text;
    return std::string(to_string(scorer.score(st).label));
  };
  BOOST_TEST(label("Seoul and Tokyo have opened a new chapter of cooperation.") == "warm");
  BOOST_TEST(label("This one-sided deal is humiliating for Korea.") == "cold");
  BOOST_TEST(label("The summit was not a humiliating concession.") != "cold");
}
