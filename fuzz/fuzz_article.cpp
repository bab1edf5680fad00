// libFuzzer entry point; the body is thaw::fuzz::article in targets.hpp.
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return thaw::fuzz::article(data, size);
}
