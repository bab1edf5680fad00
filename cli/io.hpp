// File plumbing for the subcommands: expanding input paths, reading lines,
// writing output atomically.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace thaw::cli {

// An input: a file path, or "-" for standard input.
struct Input {
  std::string name;  // as shown in messages and error records
  bool is_stdin = false;
};

// Expands PATHs: "-" is stdin, a folder gives its files with one of
// `extensions` (recursively, sorted; README* files are documentation and
// skipped), a file is taken as it is. No paths means stdin. Throws thaw::Error
// for a path that does not exist or cannot be read.
std::vector<Input> expand_inputs(const std::vector<std::string>& paths,
                                 const std::vector<std::string>& extensions);

// Calls on_line(line, number) for every line of `in`: newline and a CR before
// it removed, a UTF-8 BOM on the first line removed. Stops early if on_line
// returns false.
void for_each_line(std::istream& in, const std::function<bool(std::string&&, std::size_t)>& on_line);

// The lines of `in` as for_each_line gives them (newline and a CR before it
// removed, a UTF-8 BOM on the first line removed), read a block at a time
// and handed out as views into the reader's own buffer: `thaw batch` read
// each line through std::getline into a string and a std::function call, a
// thousand instructions a line before any scoring. A stream without a
// buffer of its own (std::cin, which shares C stdio's) is read by std::getline
// as before, one line at a time, so that a pipe's lines are scored as they
// come. A read error ends the lines as std::getline's does: the line it
// broke off is dropped and in.bad() is set.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}
  // The next line, valid until the next call; false at the end of the input
  // or after a read error.
  bool next(std::string_view& line);
  // The last line's 1-based number.
  std::size_t number() const noexcept { return number_; }

 private:
  // Reads more of the stream after the unread bytes; false at its end or on
  // a read error.
  bool refill();
  // Bytes asked of the stream at a time (fewer when it has fewer at hand).
  static constexpr std::size_t kReadBytes = 64 << 10;

  std::istream& in_;
  std::string buffer_;
  std::size_t begin_ = 0;  // the next line starts here
  std::size_t scan_ = 0;   // no newline in [begin_, scan_)
  std::size_t end_ = 0;    // bytes read into buffer_
  std::size_t number_ = 0;
  bool done_ = false;        // the stream is at its end or failed
  bool unbuffered_ = false;  // read by std::getline into line_
  std::string line_;
};

// Opens an input (stdin or file); throws thaw::Error if it cannot.
std::unique_ptr<std::istream, void (*)(std::istream*)> open_input(const Input& input);

// Output that appears under its final name only when commit() is called:
// written to "NAME.tmp-PID" beside it, then renamed. Without commit() the
// temporary file is removed. With an empty name it writes to stdout.
// The constructor throws thaw::Error if NAME is a folder or its folder cannot
// be written, before any work is done.
class AtomicOutput {
 public:
  explicit AtomicOutput(std::string path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(std::string_view data);
  // Writes `pieces` one after another, as write() would their concatenation.
  // Pieces of more than a few kilobytes in all go to the file without a copy
  // (writev, after what write() left in the stream's buffer): `thaw batch`
  // copied every record into a block first, 229 MB for 200,000 records.
  // Fewer go through the stream's buffer, so one record at a time (--strict)
  // is not a system call each.
  void write(std::span<const std::string_view> pieces);
  // True once a write has failed (a full disk; a closed pipe when SIGPIPE is
  // ignored): later writes are dropped, and callers should stop producing.
  bool failed() const noexcept { return failed_; }
  // Throws thaw::Error naming the output and the reason if a write failed.
  void throw_if_failed() const;
  void commit();  // throws thaw::Error if the data could not be written

 private:
  // Notes a failed write: errno, or EIO if it says nothing.
  void fail();
  // Counts `bytes` written to the file and starts the kernel's writeback of
  // them once there are enough (see write()).
  void start_writeback(std::size_t bytes);
  std::string path_;    // as given, for messages
  std::string target_;  // the file that is replaced: path_, or where a symlink at path_ points
  std::string temp_;
  bool direct_ = false;  // path_ is a device or FIFO (/dev/null, a named pipe): written in place
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  int error_ = 0;  // errno of the first failed write
  bool committed_ = false;
  // Bytes of the temporary file handed to the kernel's writeback so far, and
  // written after them (see write()).
  std::uint64_t flushed_ = 0, pending_ = 0;
};

// Output gathered into blocks (a quarter of a megabyte of records) and written to
// an AtomicOutput either at once or, in the background, by a thread of its
// own: with several scoring threads the kernel's copy of the output (a tenth
// of the work: 227 MB for 200,000 records) then overlaps the scoring of the
// next chunk instead of leaving the other cores idle. Blocks are written in
// the order they are handed off. At most kMaxQueued blocks wait, so memory
// stays flat. Not thread-safe itself: one producer.
class BlockWriter {
 public:
  BlockWriter(AtomicOutput& out, bool background);
  ~BlockWriter();  // finish()
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;

  void append(std::string_view data) {
    block_.append(data);
    if (block_.size() >= kBlockBytes) hand_off();
  }
  // `pieces` one after another, after what was appended before; the views
  // need to live only through the call. Without a background thread they are
  // written at once, not copied into a block (AtomicOutput::write); with one
  // they are appended.
  void append(std::span<const std::string_view> pieces);
  // Writes (or queues) what was appended since the last hand_off().
  void hand_off();
  // True once a write has failed; with a background thread it may turn true
  // a block or two after the failing write.
  bool failed() const noexcept { return failed_.load(std::memory_order_relaxed); }
  // Hands off the last block and waits until every block is written.
  void finish();

 private:
  // Blocks of a quarter of a megabyte: few write calls, little memory in
  // flight, and a block small enough to stay in the core's cache beside the
  // lexicon tables (against a megabyte, the first size: 3% fewer simulated
  // last-level misses, cachegrind on 20,000 bench lines).
  static constexpr std::size_t kBlockBytes = 1u << 18;
  static constexpr std::size_t kMaxQueued = 4;
  void run();

  AtomicOutput& out_;
  std::string block_;
  std::atomic<bool> failed_{false};
  bool background_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace thaw::cli
