// The set of record ids a batch has seen, for its duplicate_id flags;
// internal to the library (batch.cpp), tested in tests/test_id_set.cpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace thaw::detail {

// An exact set of strings in one pool: each id is stored once, after its
// length, and an open-addressing table holds (pool offset, hash check) pairs.
// A std::unordered_set<std::string> took about 90 bytes an id, which made
// peak memory grow by 80 MB over a million records.
class IdSet {
 public:
  // `regrow_bits`: up to tables of 2^regrow_bits slots, grow() places ids by
  // their check alone (kCheckBits, the most it can be; a test lowers it to
  // reach the other way at a small size).
  explicit IdSet(int regrow_bits = kCheckBits) : regrow_bits_(std::min(regrow_bits, kCheckBits)) {}

  // Adds `id`; returns false if it was there already.
  bool insert(std::string_view id) {
    reserve(1);
    const std::uint64_t h = hash(id);
    const std::uint64_t check = h >> kOffsetBits;
    for (std::size_t i = home(h);; i = (i + 1) & mask_) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = check << kOffsetBits | store(id);
        ++count_;
        return true;
      }
      if (slot >> kOffsetBits == check && at(slot & kOffsetMask) == id) return false;
    }
  }
  // Room for `more` inserts without a grow() in between, so that slots
  // prefetched for them stay the slots they probe.
  void reserve(std::size_t more) {
    while ((count_ + more) * 10 > slots_.size() * 7) grow();
  }
  // Starts loading the slot insert(id) probes first. The table is megabytes
  // (4 MB at 200,000 ids) and each insert's first load a cache miss: one
  // after another in the in-order loop, they were 3% of a batch's cycles,
  // nearly all of it on that load; prefetched for a whole chunk first, the
  // misses overlap.
  void prefetch(std::string_view id) const { __builtin_prefetch(&slots_[home(hash(id))], 1); }

  std::size_t size() const noexcept { return count_; }
  std::size_t slot_count() const noexcept { return slots_.size(); }

 private:
  // A slot: the hash's top 24 bits over the id's place in pool_ plus 1 (40
  // bits: a terabyte of ids); 0 is an empty slot.
  static constexpr int kOffsetBits = 40;
  static constexpr int kCheckBits = 64 - kOffsetBits;
  static constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << kOffsetBits) - 1;
  // An id's first slot is the top bits of its hash, which the slot keeps as
  // its check: up to 2^24 slots grow() finds each id's new slot from the
  // check alone. Placed by the low bits, every id was read back from the pool
  // to be hashed again, a cache miss apiece (about 0.6% of a 200,000-line
  // batch's cycles), and written to a random place in the new table; now the
  // old table is read in order and the new one written nearly in order.
  std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>(h >> (64 - bits_)); }

  // Multiply-xor over 8-byte loads: an id is a dozen bytes, one or two
  // loads, where std::hash (a call to libstdc++'s _Hash_bytes) took about
  // 56 instructions an id. The top bits are both the slot's check and its
  // first place (home()), so the final multiply mixes every byte into them.
  static std::uint64_t hash(std::string_view s) {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
    const char* p = s.data();
    const std::size_t n = s.size();
    auto load = [](const char* q, std::size_t bytes) {
      std::uint64_t v = 0;
      std::memcpy(&v, q, bytes);
      return v;
    };
    auto mix = [&](std::uint64_t h, std::uint64_t w) {
      h = (h ^ w) * k;
      return h ^ h >> 29;
    };
    std::uint64_t h = (n + 1) * k;
    if (n >= 8) {
      std::size_t i = 0;
      for (; i + 8 <= n; i += 8) h = mix(h, load(p + i, 8));
      if (i < n) h = mix(h, load(p + n - 8, 8));  // the last bytes again: the length is in h
    } else if (n >= 4) {
      h = mix(h, load(p, 4) | load(p + n - 4, 4) << 32);
    } else if (n > 0) {
      h = mix(h, static_cast<unsigned char>(p[0]) | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
                     std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
    }
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ h >> 31;
  }
  // The length as a little-endian base-128 number, then the bytes.
  std::uint64_t store(std::string_view id) {
    const std::uint64_t offset = pool_.size() + 1;
    for (std::size_t n = id.size();; n >>= 7) {
      pool_.push_back(static_cast<char>((n & 0x7F) | (n > 0x7F ? 0x80 : 0)));
      if (n <= 0x7F) break;
    }
    pool_.append(id);
    return offset;
  }
  std::string_view at(std::uint64_t offset) const {
    std::size_t p = offset - 1, n = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<unsigned char>(pool_[p++]);
      n |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    return std::string_view(pool_).substr(p, n);
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    bits_ = old.empty() ? 10 : bits_ + 1;  // 1024 slots to start with
    slots_.assign(std::size_t{1} << bits_, 0);
    mask_ = slots_.size() - 1;
    for (std::uint64_t s : old) {
      if (s == 0) continue;
      const std::size_t first = bits_ <= regrow_bits_ ? static_cast<std::size_t>(s >> kOffsetBits >> (kCheckBits - bits_))
                                                    : home(hash(at(s & kOffsetMask)));
      for (std::size_t i = first;; i = (i + 1) & mask_)
        if (slots_[i] == 0) {
          slots_[i] = s;
          break;
        }
    }
  }

  std::string pool_;
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0, count_ = 0;
  int bits_ = 0;  // slots_.size() is 2^bits_ (once it is not empty)
  int regrow_bits_;
};

}  // namespace thaw::detail
