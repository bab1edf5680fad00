// detail::IdSet, the batch's set of seen record ids, against std::unordered_set.
#define BOOST_TEST_MODULE id_set
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "id_set.hpp"

using thaw::detail::IdSet;

namespace {

// Ids of every length from 0 to 140 (the pool's length prefix takes a second
// byte from 128), many of them repeated, some differing only in their last
// byte or in length.
std::vector<std::string> sample_ids(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) {
    if (!ids.empty() && rng() % 3 == 0) {  // a repeat of an earlier id
      ids.push_back(ids[rng() % ids.size()]);
      continue;
    }
    std::string id = "syn-" + std::to_string(rng() % (n / 2 + 1));
    if (rng() % 8 == 0) id.resize(rng() % 141, 'x');
    if (rng() % 8 == 0 && !id.empty()) id.back() = static_cast<char>(rng() % 256);
    ids.push_back(id);
  }
  return ids;
}

void check_against_reference(IdSet& set, const std::vector<std::string>& ids) {
  std::unordered_set<std::string> reference;
  std::size_t mismatches = 0;
  for (const std::string& id : ids)
    if (set.insert(id) != reference.insert(id).second && ++mismatches <= 5)
      BOOST_ERROR("insert(\"" << id << "\") disagrees with std::unordered_set");
  BOOST_TEST(mismatches == 0u);
  BOOST_TEST(set.size() == reference.size());
  // Everything is still there after the table grew.
  for (const std::string& id : reference) BOOST_TEST_REQUIRE(!set.insert(id));
}

}  // namespace

BOOST_AUTO_TEST_CASE(first_insert_is_new_the_second_is_not) {
  IdSet set;
  BOOST_TEST(set.insert("a"));
  BOOST_TEST(!set.insert("a"));
  BOOST_TEST(set.insert(""));
  BOOST_TEST(!set.insert(""));
  BOOST_TEST(set.insert("a "));  // differs in length only
  BOOST_TEST(set.insert("b"));
  BOOST_TEST(set.size() == 4u);
}

// The table starts at 1,024 slots and doubles when an insert would make it
// more than 70% full; until 2^24 slots grow() places each id by its check.
BOOST_AUTO_TEST_CASE(grows_by_the_checks_and_keeps_every_id) {
  IdSet set;
  const auto ids = sample_ids(40000, 1);
  check_against_reference(set, ids);
  // Distinct ids d need d * 10 <= slots * 7: the smallest power of two from 1,024 up.
  std::size_t expected = 1024;
  while (set.size() * 10 > expected * 7) expected *= 2;
  BOOST_TEST(set.slot_count() == expected);
}

// Past 2^regrow_bits slots grow() hashes each id again from the pool; with
// the limit at 11 bits every doubling from 2,048 slots up goes that way.
BOOST_AUTO_TEST_CASE(grows_by_hashing_again_past_the_check_bits) {
  IdSet set(11);
  check_against_reference(set, sample_ids(40000, 2));
  BOOST_TEST(set.slot_count() > 2048u);
}

// Prefetching and reserving change no answer: a chunk's worth reserved and
// prefetched, then inserted, as BatchScorer::run does.
BOOST_AUTO_TEST_CASE(reserve_and_prefetch_change_nothing) {
  IdSet set;
  std::unordered_set<std::string> reference;
  const auto ids = sample_ids(5000, 3);
  for (std::size_t b = 0; b < ids.size(); b += 256) {
    const std::size_t e = std::min(ids.size(), b + 256);
    const std::size_t before = set.slot_count();
    set.reserve(e - b);
    for (std::size_t i = b; i < e; ++i) set.prefetch(ids[i]);
    for (std::size_t i = b; i < e; ++i) BOOST_TEST_REQUIRE(set.insert(ids[i]) == reference.insert(ids[i]).second);
    BOOST_TEST(set.slot_count() >= before);
  }
  BOOST_TEST(set.size() == reference.size());
}
