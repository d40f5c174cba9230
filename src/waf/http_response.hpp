#pragma once
// Incremental HTTP/1.x message parsing for the WAF suite (pure, no I/O): the responses the sender
// reads from a target (status, headers, a body framed by Content-Length, chunked coding or the
// connection's close, RFC 9112 §6.3) and the requests the oracle backend reads from the WAF. Robust
// to garbage: any input ends in kDone or kError, never more than `max_head` bytes of head, and only
// the first `body_keep` bytes of a body are kept (the rest are counted).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proven::waf {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Decodes a body by its framing; shared by responses and requests.
class BodyDecoder {
 public:
  enum class Mode { kNone, kLength, kChunked, kUntilClose };
  void Reset(Mode mode, std::uint64_t length, std::size_t keep);
  // Consumes from `data`; returns how many bytes belonged to the body. done() or failed() after.
  std::size_t Feed(std::string_view data);
  bool done() const { return done_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  void FeedEof();  // the connection closed: completes an until-close body, fails any other unfinished one
  const std::string& kept() const { return kept_; }
  std::uint64_t total() const { return total_; }
  Mode mode() const { return mode_; }

 private:
  enum class Chunk { kSize, kExt, kSizeLf, kData, kDataCr, kDataLf, kTrailer, kTrailerLf };
  void Keep(std::string_view bytes);
  Mode mode_ = Mode::kNone;
  std::uint64_t remaining_ = 0;
  std::size_t keep_ = 0;
  std::string kept_;
  std::uint64_t total_ = 0;
  bool done_ = false;
  std::string error_;
  Chunk chunk_ = Chunk::kSize;
  int size_digits_ = 0;
  std::size_t trailer_line_ = 0;
};

// One HTTP/1.x response.
class ResponseParser {
 public:
  static constexpr std::size_t kMaxHead = 64 * 1024;
  static constexpr std::size_t kDefaultKeep = 64 * 1024;
  explicit ResponseParser(bool head_request = false, std::size_t body_keep = kDefaultKeep);
  void Reset(bool head_request);

  // Feeds received bytes; returns how many were used (the rest, after done(), is excess the
  // sender treats as a protocol error since it never pipelines).
  std::size_t Feed(std::string_view data);
  // The peer closed the connection.
  void FeedEof();

  bool done() const { return state_ == State::kDone; }
  bool failed() const { return state_ == State::kError; }
  bool head_complete() const { return state_ == State::kBody || state_ == State::kDone; }
  const std::string& error() const { return error_; }
  std::size_t bytes_seen() const { return seen_; }

  int status() const { return status_; }  // 0 until a final response head was read (kept after a later error)
  int minor_version() const { return minor_; }
  const std::string& reason() const { return reason_; }
  const HeaderList& headers() const { return headers_; }
  std::string_view Header(std::string_view name) const;  // first value, case-insensitive name; "" if absent
  std::string_view head_text() const { return head_text_; }  // the raw header block of the final response
  const std::string& body() const { return body_.kept(); }
  std::uint64_t body_bytes() const { return body_.total(); }
  // The connection may carry another request after this response.
  bool keep_alive() const;

 private:
  enum class State { kHead, kBody, kDone, kError };
  void Fail(std::string message);
  void ParseHead();  // head_ holds a complete head (ending in an empty line)
  State state_ = State::kHead;
  bool head_request_ = false;
  std::size_t keep_ = kDefaultKeep;
  std::string head_;  // bytes of the head so far
  std::string head_text_;
  std::size_t seen_ = 0;
  int status_ = 0;
  int minor_ = 1;
  std::string reason_;
  HeaderList headers_;
  std::string error_;
  BodyDecoder body_;
};

// The head of one HTTP/1.x request (for the oracle backend).
class RequestParser {
 public:
  static constexpr std::size_t kMaxHead = 64 * 1024;
  RequestParser() { Reset(); }
  void Reset();
  std::size_t Feed(std::string_view data);
  bool done() const { return state_ == State::kDone; }
  bool failed() const { return state_ == State::kError; }
  const std::string& error() const { return error_; }
  const std::string& method() const { return method_; }
  const std::string& target() const { return target_; }
  int minor_version() const { return minor_; }
  const HeaderList& headers() const { return headers_; }
  std::string_view Header(std::string_view name) const;
  bool keep_alive() const;

 private:
  enum class State { kHead, kBody, kDone, kError };
  void Fail(std::string message);
  void ParseHead();
  State state_ = State::kHead;
  std::string head_;
  std::string method_, target_;
  int minor_ = 1;
  HeaderList headers_;
  std::string error_;
  BodyDecoder body_;
};

// Case-insensitive ASCII equality of header names.
bool HeaderNameEquals(std::string_view a, std::string_view b);

}  // namespace proven::waf
