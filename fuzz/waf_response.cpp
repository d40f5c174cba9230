// The WAF suite's HTTP/1.x parsers (waf/http_response.hpp): whatever a target sends back is read by
// ResponseParser, whatever the WAF forwards by the oracle backend's RequestParser. The first byte
// picks the piece size and HEAD; the rest is fed in pieces and, separately, in one go. Invariants:
// both ways end in the same state with the same status, headers and body; Feed never claims more
// bytes than it was given; a finished response has a 3-digit status, keeps at most the body_keep
// bytes and counts at least as many as it keeps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "waf/http_response.hpp"

using proven::waf::RequestParser;
using proven::waf::ResponseParser;

namespace {

template <class P>
void FeedAll(P& p, std::string_view text, std::size_t step) {
  std::size_t pos = 0;
  while (pos < text.size() && !p.done() && !p.failed()) {
    const std::string_view piece = text.substr(pos, step);
    const std::size_t used = p.Feed(piece);
    FUZZ_CHECK(used <= piece.size());
    if (used == 0) break;
    pos += used;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + (data[0] & 0x3f);
  const bool head = (data[0] & 0x40) != 0;
  const bool eof = (data[0] & 0x80) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  ResponseParser a(head, 256), b(head, 256);
  FeedAll(a, text, step);
  FeedAll(b, text, text.size() + 1);
  if (eof) {
    a.FeedEof();
    b.FeedEof();
  }
  FUZZ_CHECK(a.done() == b.done());
  FUZZ_CHECK(a.failed() == b.failed());
  FUZZ_CHECK(!(a.done() && a.failed()));
  if (a.failed()) FUZZ_CHECK(!a.error().empty());
  if (a.done()) {
    FUZZ_CHECK(a.status() >= 100 && a.status() <= 999);
    FUZZ_CHECK(a.status() == b.status());
    FUZZ_CHECK(a.headers() == b.headers());
    FUZZ_CHECK(a.body() == b.body());
    FUZZ_CHECK(a.body().size() <= 256);
    FUZZ_CHECK(a.body_bytes() >= a.body().size());
    FUZZ_CHECK(a.body_bytes() <= text.size());
    FUZZ_CHECK(a.head_text().size() <= ResponseParser::kMaxHead);
  }

  RequestParser r, s;
  FeedAll(r, text, step);
  FeedAll(s, text, text.size() + 1);
  FUZZ_CHECK(r.done() == s.done());
  FUZZ_CHECK(r.failed() == s.failed());
  if (r.done()) {
    FUZZ_CHECK(r.method() == s.method());
    FUZZ_CHECK(r.target() == s.target());
    FUZZ_CHECK(r.headers() == s.headers());
    FUZZ_CHECK(!r.method().empty());
  }
  return 0;
}
