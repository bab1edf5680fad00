// Scanning JSON string contents for the bytes that end or escape them;
// internal to the library (record.cpp reads strings with it, result_json.cpp
// writes them). Tested through both against nlohmann (test_record,
// test_tracker_json: every byte value at every offset within a word).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace thaw::detail {

// For a word w of eight bytes, a byte's high bit set at the bytes below
// 0x20, '"' or '\\' (JSON's special bytes), where
//   ((w - 0x20..) | ((w ^ '"'..) - 0x01..) | ((w ^ '\\'..) - 0x01..)) & ~w & 0x80..
// sets it: bytes from 0x80 up are dropped by ~w ('"' and '\\' are below
// 0x80, so w ^ them keeps each byte's high bit). A subtraction borrows out of
// a byte only at such a byte, so no bit is set in a word without one, and the
// lowest bit set is the first one: below it nothing borrowed. (Bits above it
// may be set by a borrow; only "any" and "the first" are exact.)
inline std::uint64_t json_special_bytes(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  return ((w - kOnes * 0x20) | ((w ^ (kOnes * '"')) - kOnes) | ((w ^ (kOnes * '\\')) - kOnes)) & ~w & kHighs;
}

// The same test for one byte, with bytes from 0x80 up counted too: true for a
// byte nlohmann writes as it is in any string (ASCII other than the control
// characters, '"' and '\\'; 0x7F included, which it does not escape).
inline bool json_plain_ascii(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// The offset of the first special byte at or after `p`, or npos. Eight bytes
// at a time: texts are most of a line and of a record. On a little-endian
// machine the first byte is the lowest address, so countr_zero finds it in
// the word; elsewhere the bytes are read one by one from the word on.
inline std::size_t next_json_special(std::string_view s, std::size_t p) {
  for (; p + 8 <= s.size(); p += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + p, 8);
    if (const std::uint64_t m = json_special_bytes(w)) {
      if constexpr (std::endian::native == std::endian::little)
        return p + static_cast<std::size_t>(std::countr_zero(m)) / 8;
      else
        break;
    }
  }
  for (; p < s.size(); ++p) {
    const auto c = static_cast<unsigned char>(s[p]);
    if (c == '"' || c == '\\' || c < 0x20) return p;
  }
  return std::string_view::npos;
}

}  // namespace thaw::detail
