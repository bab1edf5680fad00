// libFuzzer entry point; the body is thaw::fuzz::lexicon in targets.hpp.
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return thaw::fuzz::lexicon(data, size);
}
