// Lets BOOST_TEST print std::optional<std::string> values in failure messages.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <boost/test/unit_test.hpp>

namespace boost::test_tools::tt_detail {
template <>
struct print_log_value<std::optional<std::string>> {
  void operator()(std::ostream& os, const std::optional<std::string>& v) {
    if (v) os << '"' << *v << '"';
    else os << "nullopt";
  }
};
}  // namespace boost::test_tools::tt_detail
