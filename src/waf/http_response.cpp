#include "waf/http_response.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace proven::waf {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool IsTokenChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c)) != 0) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The end of the head in `buf` (index just past the empty line), searching from `from`; npos if none.
std::size_t HeadEnd(const std::string& buf, std::size_t from) {
  for (std::size_t i = from; i < buf.size(); ++i) {
    if (buf[i] != '\n') continue;
    if (i + 1 < buf.size() && buf[i + 1] == '\n') return i + 2;
    if (i + 2 < buf.size() && buf[i + 1] == '\r' && buf[i + 2] == '\n') return i + 3;
  }
  return std::string::npos;
}

// Splits a head into lines (CRLF or LF), dropping the final empty line.
std::vector<std::string_view> Lines(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const auto nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    head.remove_prefix(nl + 1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// Header lines into `out`; an error text or "".
std::string ParseHeaderLines(const std::vector<std::string_view>& lines, std::size_t first, HeaderList& out) {
  for (std::size_t i = first; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {  // obsolete line folding: continues the previous value
      if (out.empty()) return "a header block starts with a folded line";
      out.back().second += ' ';
      out.back().second += Trim(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return "a header line without a name and ':'";
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), IsTokenChar)) return "a header name with an invalid character";
    out.emplace_back(std::string(name), std::string(Trim(line.substr(colon + 1))));
  }
  return {};
}

std::string_view Find(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (HeaderNameEquals(n, name)) return v;
  }
  return {};
}

bool HasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = Trim(list.substr(0, comma));
    if (HeaderNameEquals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// The framing of a message from its headers: kNone/kLength/kChunked, or kUntilClose for a response
// without either. An error text when Content-Length is invalid or contradicts itself.
std::string Framing(const HeaderList& headers, bool is_request, BodyDecoder::Mode& mode, std::uint64_t& length) {
  bool have_te = false;
  bool chunked_last = false;
  std::optional<std::uint64_t> cl;
  for (const auto& [n, v] : headers) {
    if (HeaderNameEquals(n, "transfer-encoding")) {
      have_te = true;
      std::string_view list = v;
      std::string_view last;
      while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view item = Trim(list.substr(0, comma));
        if (!item.empty()) last = item;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
      chunked_last = HeaderNameEquals(last.substr(0, last.find(';')), "chunked");
    } else if (HeaderNameEquals(n, "content-length")) {
      std::string_view list = v;
      while (true) {
        const auto comma = list.find(',');
        const std::string_view item = Trim(list.substr(0, comma));
        if (item.empty() || item.size() > 15 ||
            !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          return "an invalid Content-Length";
        }
        std::uint64_t n64 = 0;
        for (const char c : item) n64 = n64 * 10 + static_cast<std::uint64_t>(c - '0');
        if (cl && *cl != n64) return "differing Content-Length values";
        cl = n64;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
    }
  }
  if (have_te) {
    if (chunked_last) {
      mode = BodyDecoder::Mode::kChunked;
    } else if (is_request) {
      return "a request Transfer-Encoding that does not end in chunked";
    } else {
      mode = BodyDecoder::Mode::kUntilClose;
    }
    return {};
  }
  if (cl) {
    mode = *cl == 0 ? BodyDecoder::Mode::kNone : BodyDecoder::Mode::kLength;
    length = *cl;
    return {};
  }
  mode = is_request ? BodyDecoder::Mode::kNone : BodyDecoder::Mode::kUntilClose;
  return {};
}

// How a message's head is read by FeedMessage.
struct HeadRules {
  std::size_t max_head;
  bool skip_empty_lines;  // requests: empty lines before the request line are skipped
  const char* too_long;   // the error when the head is longer than max_head
};

// The feed loop of both parsers: bytes go into `head` until it ends in an empty line (at most
// max_head bytes), then `parse_head` reads it and sets the state (kBody, kDone, kError or, after an
// interim response, kHead again); then the body goes through `body` until it is done or fails.
// `State` is the parser's own enum with kHead, kBody, kDone and kError. Returns the bytes used.
template <class State, class ParseHead, class FailWith>
std::size_t FeedMessage(std::string_view data, const HeadRules& rules, State& state, std::string& head, BodyDecoder& body,
                        ParseHead parse_head, FailWith fail) {
  std::size_t used = 0;
  while (used < data.size() && (state == State::kHead || state == State::kBody)) {
    if (state == State::kHead) {
      if (rules.skip_empty_lines && head.empty() && (data[used] == '\r' || data[used] == '\n')) {
        ++used;
        continue;
      }
      const std::size_t before = head.size();
      const std::string_view part = data.substr(used, rules.max_head - before);
      head.append(part);
      const auto end = HeadEnd(head, before >= 2 ? before - 2 : 0);
      if (end == std::string::npos) {
        used += part.size();
        if (head.size() >= rules.max_head) fail(rules.too_long);
        continue;
      }
      head.resize(end);
      used += end - before;
      parse_head();
    } else {
      const std::size_t n = body.Feed(data.substr(used));
      used += n;
      if (body.failed()) fail(body.error());
      else if (body.done()) state = State::kDone;
      else if (n == 0) break;
    }
  }
  return used;
}

}  // namespace

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// ---- BodyDecoder ----

void BodyDecoder::Reset(Mode mode, std::uint64_t length, std::size_t keep) {
  mode_ = mode;
  remaining_ = length;
  keep_ = keep;
  kept_.clear();
  total_ = 0;
  error_.clear();
  chunk_ = Chunk::kSize;
  size_digits_ = 0;
  trailer_line_ = 0;
  done_ = mode == Mode::kNone || (mode == Mode::kLength && length == 0);
}

void BodyDecoder::Keep(std::string_view bytes) {
  total_ += bytes.size();
  if (kept_.size() < keep_) kept_.append(bytes.substr(0, keep_ - kept_.size()));
}

void BodyDecoder::FeedEof() {
  if (done_ || failed()) return;
  if (mode_ == Mode::kUntilClose) {
    done_ = true;
  } else {
    error_ = "the connection closed inside the body";
  }
}

std::size_t BodyDecoder::Feed(std::string_view data) {
  if (done_ || failed()) return 0;
  switch (mode_) {
    case Mode::kNone:
      done_ = true;
      return 0;
    case Mode::kUntilClose:
      Keep(data);
      return data.size();
    case Mode::kLength: {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size()));
      Keep(data.substr(0, n));
      remaining_ -= n;
      if (remaining_ == 0) done_ = true;
      return n;
    }
    case Mode::kChunked:
      break;
  }
  std::size_t i = 0;
  while (i < data.size() && !done_ && !failed()) {
    const char c = data[i];
    switch (chunk_) {
      case Chunk::kSize: {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (hex) {
          if (++size_digits_ > 15) {
            error_ = "a chunk size too large";
            break;
          }
          const int d = c <= '9' ? c - '0' : (Lower(c) - 'a' + 10);
          remaining_ = remaining_ * 16 + static_cast<std::uint64_t>(d);
          ++i;
        } else if (size_digits_ == 0) {
          error_ = "a chunk without a size";
        } else if (c == ';' || c == ' ' || c == '\t') {
          chunk_ = Chunk::kExt;
          ++i;
        } else if (c == '\r') {
          chunk_ = Chunk::kSizeLf;
          ++i;
        } else if (c == '\n') {
          chunk_ = remaining_ == 0 ? Chunk::kTrailer : Chunk::kData;
          ++i;
        } else {
          error_ = "an invalid character in a chunk size";
        }
        break;
      }
      case Chunk::kExt:
        if (c == '\n') chunk_ = remaining_ == 0 ? Chunk::kTrailer : Chunk::kData;
        if (++trailer_line_ > 4096) error_ = "a chunk extension too long";
        ++i;
        if (chunk_ != Chunk::kExt) trailer_line_ = 0;
        break;
      case Chunk::kSizeLf:
        if (c != '\n') {
          error_ = "a chunk size line not ended by LF";
          break;
        }
        chunk_ = remaining_ == 0 ? Chunk::kTrailer : Chunk::kData;
        ++i;
        break;
      case Chunk::kData: {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size() - i));
        Keep(data.substr(i, n));
        remaining_ -= n;
        i += n;
        if (remaining_ == 0) chunk_ = Chunk::kDataCr;
        break;
      }
      case Chunk::kDataCr:
        if (c == '\r') {
          chunk_ = Chunk::kDataLf;
        } else if (c == '\n') {
          chunk_ = Chunk::kSize;
          size_digits_ = 0;
        } else {
          error_ = "chunk data not followed by CRLF";
          break;
        }
        ++i;
        break;
      case Chunk::kDataLf:
        if (c != '\n') {
          error_ = "chunk data not followed by CRLF";
          break;
        }
        chunk_ = Chunk::kSize;
        size_digits_ = 0;
        ++i;
        break;
      case Chunk::kTrailer:
        ++i;
        if (c == '\r') break;
        if (c == '\n') {
          if (trailer_line_ == 0) {
            done_ = true;
          } else {
            trailer_line_ = 0;
          }
        } else if (++trailer_line_ > 64 * 1024) {
          error_ = "a trailer line too long";
        }
        break;
      case Chunk::kTrailerLf:
        ++i;
        break;
    }
  }
  return i;
}

// ---- ResponseParser ----

ResponseParser::ResponseParser(bool head_request, std::size_t body_keep) : keep_(body_keep) { Reset(head_request); }

void ResponseParser::Reset(bool head_request) {
  state_ = State::kHead;
  head_request_ = head_request;
  head_.clear();
  head_text_.clear();
  seen_ = 0;
  status_ = 0;
  minor_ = 1;
  reason_.clear();
  headers_.clear();
  error_.clear();
  body_.Reset(BodyDecoder::Mode::kNone, 0, keep_);
}

void ResponseParser::Fail(std::string message) {
  state_ = State::kError;
  error_ = std::move(message);
}

std::string_view ResponseParser::Header(std::string_view name) const { return Find(headers_, name); }

bool ResponseParser::keep_alive() const {
  if (state_ != State::kDone || status_ == 101) return false;
  if (body_.mode() == BodyDecoder::Mode::kUntilClose) return false;
  const std::string_view conn = Header("connection");
  if (HasToken(conn, "close")) return false;
  if (minor_ == 0) return HasToken(conn, "keep-alive");
  return true;
}

void ResponseParser::ParseHead() {
  const auto lines = Lines(head_);
  if (lines.empty()) return Fail("an empty response head");
  const std::string_view sl = lines[0];
  // HTTP/1.<d> SP 3DIGIT [SP reason]
  if (sl.size() < 12 || sl.substr(0, 7) != "HTTP/1." || !std::isdigit(static_cast<unsigned char>(sl[7])) || sl[8] != ' ') {
    return Fail("not an HTTP/1.x status line");
  }
  const std::string_view code = sl.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) || code[0] == '0') {
    return Fail("an invalid status code");
  }
  if (sl.size() > 12 && sl[12] != ' ') return Fail("an invalid status code");
  const int status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  HeaderList headers;
  if (auto err = ParseHeaderLines(lines, 1, headers); !err.empty()) return Fail(err);
  if (status >= 100 && status < 200 && status != 101) {  // interim: wait for the final response
    head_.clear();
    return;
  }
  status_ = status;
  minor_ = sl[7] - '0';
  reason_ = std::string(sl.size() > 13 ? sl.substr(13) : std::string_view{});
  headers_ = std::move(headers);
  head_text_ = head_;
  BodyDecoder::Mode mode = BodyDecoder::Mode::kNone;
  std::uint64_t length = 0;
  if (head_request_ || status_ == 101 || status_ == 204 || status_ == 304) {
    mode = BodyDecoder::Mode::kNone;
  } else if (auto err = Framing(headers_, false, mode, length); !err.empty()) {
    return Fail(err);
  }
  body_.Reset(mode, length, keep_);
  state_ = body_.done() ? State::kDone : State::kBody;
}

std::size_t ResponseParser::Feed(std::string_view data) {
  const std::size_t used = FeedMessage(
      data, {kMaxHead, false, "a response head over 64 KiB"}, state_, head_, body_, [this] { ParseHead(); },
      [this](std::string message) { Fail(std::move(message)); });
  seen_ += used;
  return used;
}

void ResponseParser::FeedEof() {
  if (state_ == State::kHead) {
    return Fail(seen_ == 0 ? "the connection closed before a response" : "the connection closed inside the response head");
  }
  if (state_ == State::kBody) {
    body_.FeedEof();
    if (body_.failed()) Fail(body_.error());
    else state_ = State::kDone;
  }
}

// ---- RequestParser ----

void RequestParser::Reset() {
  state_ = State::kHead;
  head_.clear();
  method_.clear();
  target_.clear();
  minor_ = 1;
  headers_.clear();
  error_.clear();
  body_.Reset(BodyDecoder::Mode::kNone, 0, 0);
}

void RequestParser::Fail(std::string message) {
  state_ = State::kError;
  error_ = std::move(message);
}

std::string_view RequestParser::Header(std::string_view name) const { return Find(headers_, name); }

bool RequestParser::keep_alive() const {
  const std::string_view conn = Header("connection");
  if (HasToken(conn, "close")) return false;
  if (minor_ == 0) return HasToken(conn, "keep-alive");
  return true;
}

void RequestParser::ParseHead() {
  auto lines = Lines(head_);
  // RFC 9112 §2.2: ignore at least one empty line before the request line.
  if (lines.empty()) return Fail("an empty request head");
  const std::string_view rl = lines[0];
  const auto sp1 = rl.find(' ');
  const auto sp2 = rl.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return Fail("not a request line");
  const std::string_view version = rl.substr(sp2 + 1);
  if (version.size() != 8 || version.substr(0, 7) != "HTTP/1." || !std::isdigit(static_cast<unsigned char>(version[7]))) {
    return Fail("not an HTTP/1.x request");
  }
  method_ = std::string(rl.substr(0, sp1));
  if (method_.empty() || !std::all_of(method_.begin(), method_.end(), IsTokenChar)) return Fail("an invalid request method");
  target_ = std::string(rl.substr(sp1 + 1, sp2 - sp1 - 1));
  minor_ = version[7] - '0';
  if (auto err = ParseHeaderLines(lines, 1, headers_); !err.empty()) return Fail(err);
  BodyDecoder::Mode mode = BodyDecoder::Mode::kNone;
  std::uint64_t length = 0;
  if (auto err = Framing(headers_, true, mode, length); !err.empty()) return Fail(err);
  body_.Reset(mode, length, 0);
  state_ = body_.done() ? State::kDone : State::kBody;
}

std::size_t RequestParser::Feed(std::string_view data) {
  // Empty lines before a request line are skipped (a client's stray CRLF after a body).
  return FeedMessage(
      data, {kMaxHead, true, "a request head over 64 KiB"}, state_, head_, body_, [this] { ParseHead(); },
      [this](std::string message) { Fail(std::move(message)); });
}

}  // namespace proven::waf
