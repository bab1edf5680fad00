#include "io.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <iostream>

#include "thaw/error.hpp"

namespace thaw::cli {
namespace fs = std::filesystem;

std::vector<Input> expand_inputs(const std::vector<std::string>& paths,
                                 const std::vector<std::string>& extensions) {
  std::vector<Input> inputs;
  if (paths.empty()) return {{"-", true}};
  auto wanted = [&](const fs::path& p) {
    if (p.filename().string().rfind("README", 0) == 0) return false;
    return std::find(extensions.begin(), extensions.end(), p.extension().string()) != extensions.end();
  };
  for (const std::string& p : paths) {
    if (p == "-") {
      inputs.push_back({"-", true});
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) throw Error(p + ": no such file or directory");
    if (fs::is_directory(status)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && wanted(it->path())) found.push_back(it->path().string());
      if (ec) throw Error(p + ": cannot read folder: " + ec.message());
      std::sort(found.begin(), found.end());
      for (auto& f : found) inputs.push_back({std::move(f), false});
    } else {
      if (::access(p.c_str(), R_OK) != 0) throw Error(p + ": cannot read: " + std::strerror(errno));
      inputs.push_back({p, false});
    }
  }
  return inputs;
}

std::unique_ptr<std::istream, void (*)(std::istream*)> open_input(const Input& input) {
  if (input.is_stdin) return {&std::cin, [](std::istream*) {}};
  auto* f = new std::ifstream(input.name, std::ios::binary);
  if (!*f) {
    delete f;
    throw Error(input.name + ": cannot open: " + std::strerror(errno));
  }
  return {f, [](std::istream* s) { delete s; }};
}

void for_each_line(std::istream& in, const std::function<bool(std::string&&, std::size_t)>& on_line) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!on_line(std::move(line), number)) return;
    line.clear();
  }
}

bool LineReader::refill() {
  std::streambuf* sb = in_.rdbuf();
  try {
    std::streamsize at_hand = sb->in_avail();
    if (at_hand == 0) {
      // Nothing at hand: one read, which waits as std::getline's would.
      if (std::istream::traits_type::eq_int_type(sb->sgetc(), std::istream::traits_type::eof())) {
        done_ = true;
        return false;
      }
      at_hand = sb->in_avail();
      if (at_hand <= 0) {  // a character came, but the stream keeps no buffer
        if (end_ == 0) {   // nothing taken from it yet
          unbuffered_ = true;
          return false;
        }
        at_hand = 1;
      }
    } else if (at_hand < 0) {
      done_ = true;
      return false;
    }
    const std::size_t want = std::min(static_cast<std::size_t>(at_hand), kReadBytes);
    if (buffer_.size() - end_ < want) {
      // Room after the unread bytes: move them to the front, and grow the
      // buffer when they fill half of it (a long line).
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      scan_ -= begin_;
      begin_ = 0;
      if (buffer_.size() - end_ < want) buffer_.resize(std::max(2 * buffer_.size(), end_ + kReadBytes));
    }
    end_ += static_cast<std::size_t>(sb->sgetn(buffer_.data() + end_, static_cast<std::streamsize>(want)));
  } catch (...) {
    // What std::getline does when the stream's buffer throws (a failed read).
    done_ = true;
    in_.setstate(std::ios::badbit);
    return false;
  }
  return true;
}

bool LineReader::next(std::string_view& line) {
  if (unbuffered_) {
    if (!std::getline(in_, line_)) return false;
    line = line_;
  } else {
    for (;;) {
      const char* data = buffer_.data();
      if (const void* nl = std::memchr(data + scan_, '\n', end_ - scan_)) {
        const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
        line = std::string_view(data + begin_, at - begin_);
        begin_ = scan_ = at + 1;
        break;
      }
      scan_ = end_;
      if (!done_ && refill()) continue;
      if (unbuffered_) return next(line);  // found on the first read: std::getline from the start
      // std::getline gives a last line without a newline, but not one cut off by a read error.
      if (begin_ == end_ || in_.bad()) return false;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      begin_ = scan_ = end_;
      break;
    }
  }
  ++number_;
  if (number_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

AtomicOutput::AtomicOutput(std::string path) : path_(std::move(path)) {
  if (path_.empty()) {
    file_ = stdout;
    return;
  }
  // Refused up front: the rename at the end would fail only after all the work.
  std::error_code ec;
  const auto status = fs::status(path_, ec);  // follows symlinks
  if (fs::is_directory(status)) throw Error(path_ + ": cannot write: is a folder");
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    // A device or FIFO (/dev/null, a named pipe) is written in place: renaming
    // a temporary file over it would replace the device itself.
    direct_ = true;
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw Error(path_ + ": cannot write: " + std::strerror(errno));
    return;
  }
  // A symlink stays a symlink: the file it points to is the one replaced.
  target_ = fs::is_symlink(fs::symlink_status(path_, ec)) ? fs::weakly_canonical(path_, ec).string() : path_;
  if (target_.empty()) target_ = path_;
  temp_ = target_ + ".tmp-" + std::to_string(::getpid());
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) throw Error(path_ + ": cannot write: " + std::strerror(errno));
}

AtomicOutput::~AtomicOutput() {
  if (file_ && file_ != stdout) {
    std::fclose(file_);
    if (!committed_ && !direct_) std::remove(temp_.c_str());
  }
}

namespace {
// How much output is written before the kernel is asked to start putting it
// on disk. commit() must fsync the temporary file before renaming it into
// place; left to the end, that waited for all of it (about 0.1 s of a 2 s
// batch of 229 MB). Started as the output grows, the disk works while
// scoring goes on, and the fsync finds little left to wait for.
constexpr std::uint64_t kWritebackBytes = 8u << 20;

// Below this many bytes write(pieces) goes through the stream's buffer (4 KB):
// a --strict batch writes one record at a time, and a writev for each would
// be a system call a record instead of one every few.
constexpr std::size_t kDirectWriteBytes = 16u << 10;

// Writes all of iov[0, count) to fd, going on after a short write or a
// signal; false (errno set) on an error.
bool write_all(int fd, iovec* iov, int count) {
  while (count > 0) {
    const ssize_t n = ::writev(fd, iov, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    // Past the pieces written in full, into the one cut short.
    std::size_t left = static_cast<std::size_t>(n);
    while (count > 0 && left >= iov->iov_len) {
      left -= iov->iov_len;
      ++iov;
      --count;
    }
    if (count > 0) {
      iov->iov_base = static_cast<char*>(iov->iov_base) + left;
      iov->iov_len -= left;
    }
  }
  return true;
}
}  // namespace

void AtomicOutput::fail() {
  failed_ = true;
  error_ = errno ? errno : EIO;
}

void AtomicOutput::write(std::string_view data) {
  if (failed_) return;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) return fail();
  start_writeback(data.size());
}

void AtomicOutput::write(std::span<const std::string_view> pieces) {
  if (failed_) return;
  std::size_t total = 0;
  for (const std::string_view piece : pieces) total += piece.size();
  if (total < kDirectWriteBytes) {
    for (const std::string_view piece : pieces)
      if (std::fwrite(piece.data(), 1, piece.size(), file_) != piece.size()) return fail();
    start_writeback(total);
    return;
  }
  if (std::fflush(file_) != 0) return fail();  // what write() left goes first
  iovec iov[IOV_MAX];
  for (std::size_t next = 0; next < pieces.size();) {
    int count = 0;
    std::size_t bytes = 0;
    for (; next < pieces.size() && count < IOV_MAX; ++next, ++count) {
      // writev only reads from it.
      iov[count] = {const_cast<char*>(pieces[next].data()), pieces[next].size()};
      bytes += pieces[next].size();
    }
    if (!write_all(fileno(file_), iov, count)) return fail();
    start_writeback(bytes);
  }
}

void AtomicOutput::start_writeback(std::size_t bytes) {
#if defined(__linux__)
  if (file_ == stdout || direct_) return;
  pending_ += bytes;
  if (pending_ < kWritebackBytes) return;
  if (std::fflush(file_) != 0) return fail();
  // Only a hint: it starts the writeback and returns; fsync in commit() still
  // waits for every byte and reports any error.
  ::sync_file_range(fileno(file_), static_cast<off64_t>(flushed_), static_cast<off64_t>(pending_),
                    SYNC_FILE_RANGE_WRITE);
  flushed_ += pending_;
  pending_ = 0;
#else
  (void)bytes;
#endif
}

void AtomicOutput::throw_if_failed() const {
  if (!failed_) return;
  const std::string why = std::strerror(error_);
  throw Error(file_ == stdout ? "cannot write output: " + why : path_ + ": cannot write: " + why);
}

void AtomicOutput::commit() {
  if (file_ == stdout) {
    throw_if_failed();
    if (std::fflush(stdout) != 0) throw Error(std::string("cannot write output: ") + std::strerror(errno));
    committed_ = true;
    return;
  }
  // The first failure is the one reported; the temporary file is closed and
  // removed before throwing, so nothing half-written is left behind.
  int why = failed_ ? error_ : 0;
  if (!why && std::fflush(file_) != 0) why = errno;
  if (!why && !direct_ && ::fsync(fileno(file_)) != 0) why = errno;
  if (std::fclose(file_) != 0 && !why) why = errno;
  file_ = nullptr;
  if (why) {
    if (!direct_) std::remove(temp_.c_str());
    throw Error(path_ + ": cannot write: " + std::strerror(why));
  }
  if (direct_) {
    committed_ = true;
    return;
  }
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temp_.c_str());
    throw Error(path_ + ": cannot rename the finished output into place: " + reason);
  }
  committed_ = true;
}

BlockWriter::BlockWriter(AtomicOutput& out, bool background) : out_(out), background_(background) {
  if (background_) thread_ = std::thread([this] { run(); });
}

BlockWriter::~BlockWriter() { finish(); }

void BlockWriter::hand_off() {
  if (block_.empty()) return;
  if (!background_) {
    out_.write(block_);
    block_.clear();
    failed_.store(out_.failed(), std::memory_order_relaxed);
    return;
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
  queue_.push_back(std::move(block_));
  block_ = std::string();
  block_.reserve(kBlockBytes + (kBlockBytes >> 2));  // one allocation a block, no doubling
  changed_.notify_all();
}

void BlockWriter::append(std::span<const std::string_view> pieces) {
  if (background_) {
    for (const std::string_view piece : pieces) append(piece);
    return;
  }
  hand_off();  // what was appended before goes first
  out_.write(pieces);
  failed_.store(out_.failed(), std::memory_order_relaxed);
}

void BlockWriter::run() {
  for (;;) {
    std::string block;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return done_ || !queue_.empty(); });
      if (queue_.empty()) return;  // done_ and nothing left
      block = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();
    }
    out_.write(block);  // after a failure AtomicOutput drops the rest
    if (out_.failed()) failed_.store(true, std::memory_order_relaxed);
  }
}

void BlockWriter::finish() {
  hand_off();
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
  thread_.join();
  background_ = false;  // anything handed off later is written at once
}

}  // namespace thaw::cli
