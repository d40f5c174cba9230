// The WAF suite's HTTP/1.x parsers (src/waf/http_response.hpp): framing by Content-Length, chunked
// coding and close, interim responses, HEAD, and garbage that must end in an error, never a crash.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "waf/http_response.hpp"

namespace proven::waf {
namespace {

// Feeds `text` in pieces of `step` bytes; returns the parser.
ResponseParser FeedInSteps(const std::string& text, std::size_t step, bool head = false, bool eof = false) {
  ResponseParser p(head, 64);
  std::size_t pos = 0;
  while (pos < text.size() && !p.done() && !p.failed()) {
    const std::size_t used = p.Feed(std::string_view(text).substr(pos, step));
    if (used == 0) break;
    pos += used;
  }
  if (eof) p.FeedEof();
  return p;
}

TEST(WafResponseParser, ContentLengthWholeAndByteByByte) {
  const std::string r = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello";
  for (const std::size_t step : {std::size_t{1}, std::size_t{3}, r.size()}) {
    auto p = FeedInSteps(r, step);
    ASSERT_TRUE(p.done()) << step << ": " << p.error();
    EXPECT_EQ(p.status(), 403);
    EXPECT_EQ(p.reason(), "Forbidden");
    EXPECT_EQ(p.body(), "hello");
    EXPECT_EQ(p.Header("content-type"), "text/html");
    EXPECT_TRUE(p.keep_alive());
    EXPECT_NE(p.head_text().find("Content-Type: text/html"), std::string_view::npos);
  }
}

TEST(WafResponseParser, ExcessBytesAreNotConsumed) {
  ResponseParser p;
  const std::string r = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA";
  EXPECT_EQ(p.Feed(r), r.size() - 5);
  EXPECT_TRUE(p.done());
  EXPECT_EQ(p.body(), "ok");
}

TEST(WafResponseParser, ChunkedWithExtensionsAndTrailers) {
  const std::string r =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
      "5;name=x\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n";
  for (const std::size_t step : {std::size_t{1}, std::size_t{2}, r.size()}) {
    auto p = FeedInSteps(r, step);
    ASSERT_TRUE(p.done()) << step << ": " << p.error();
    EXPECT_EQ(p.body(), "hello, world");
    EXPECT_EQ(p.body_bytes(), 12u);
  }
}

TEST(WafResponseParser, BodyBeyondKeepIsCountedNotKept) {
  const std::string body(1000, 'x');
  auto p = FeedInSteps("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + body, 100);
  ASSERT_TRUE(p.done());
  EXPECT_EQ(p.body().size(), 64u);
  EXPECT_EQ(p.body_bytes(), 1000u);
}

TEST(WafResponseParser, UntilCloseBodyEndsAtEof) {
  auto p = FeedInSteps("HTTP/1.0 200 OK\nServer: x\n\nsome body", 4);
  EXPECT_FALSE(p.done());
  p.FeedEof();
  ASSERT_TRUE(p.done()) << p.error();
  EXPECT_EQ(p.body(), "some body");
  EXPECT_FALSE(p.keep_alive());
}

TEST(WafResponseParser, Http10KeepAliveOnlyWhenAsked) {
  auto a = FeedInSteps("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100);
  EXPECT_TRUE(a.done());
  EXPECT_FALSE(a.keep_alive());
  auto b = FeedInSteps("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 100);
  EXPECT_TRUE(b.keep_alive());
  auto c = FeedInSteps("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100);
  EXPECT_FALSE(c.keep_alive());
}

TEST(WafResponseParser, InterimResponsesAreSkipped) {
  auto p = FeedInSteps("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx", 7);
  ASSERT_TRUE(p.done()) << p.error();
  EXPECT_EQ(p.status(), 404);
  EXPECT_EQ(p.body(), "x");
}

TEST(WafResponseParser, NoBodyForHeadAnd204And304) {
  auto head = FeedInSteps("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", 100, /*head=*/true);
  EXPECT_TRUE(head.done());
  EXPECT_EQ(head.body_bytes(), 0u);
  EXPECT_TRUE(FeedInSteps("HTTP/1.1 204 No Content\r\n\r\n", 100).done());
  EXPECT_TRUE(FeedInSteps("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", 100).done());
}

TEST(WafResponseParser, MalformedInputsFailWithAReason) {
  const std::vector<std::string> bad = {
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 20 OK\r\n\r\n",
      "HTTP/1.1 abc OK\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "SSH-2.0-OpenSSH_9.2\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
      "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\n folded first\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
  };
  for (const auto& b : bad) {
    auto p = FeedInSteps(b, 3);
    EXPECT_TRUE(p.failed()) << b;
    EXPECT_FALSE(p.error().empty()) << b;
  }
}

TEST(WafResponseParser, EofInsideHeadOrLengthBodyIsAnError) {
  auto a = FeedInSteps("HTTP/1.1 200 OK\r\nContent-", 100, false, /*eof=*/true);
  EXPECT_TRUE(a.failed());
  auto b = FeedInSteps("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100, false, true);
  EXPECT_TRUE(b.failed());
  ResponseParser c;
  c.FeedEof();
  EXPECT_TRUE(c.failed());
  EXPECT_EQ(c.bytes_seen(), 0u);
}

TEST(WafResponseParser, OversizedHeadFails) {
  std::string r = "HTTP/1.1 200 OK\r\n";
  while (r.size() < ResponseParser::kMaxHead + 10) r += "X-Filler: " + std::string(100, 'a') + "\r\n";
  auto p = FeedInSteps(r, 4096);
  EXPECT_TRUE(p.failed());
}

// Random bytes and mutated responses: every input ends done, failed or waiting for more, and the
// parser never reads out of bounds (run under ASan in `make asan`).
TEST(WafResponseParser, GarbageNeverCrashes) {
  std::mt19937_64 rng(14);
  const std::string seed =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n4\r\nabcd\r\n0\r\n\r\n";
  for (int round = 0; round < 3000; ++round) {
    std::string s = seed;
    const int mutations = 1 + static_cast<int>(rng() % 8);
    for (int m = 0; m < mutations; ++m) {
      const std::size_t at = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0: if (at < s.size()) s[at] = static_cast<char>(rng()); break;
        case 1: s.insert(at, 1, static_cast<char>(rng())); break;
        default: if (at < s.size()) s.erase(at, 1 + rng() % 4); break;
      }
    }
    if (round % 10 == 0) {
      s.resize(rng() % 200);
      for (auto& c : s) c = static_cast<char>(rng());
    }
    auto p = FeedInSteps(s, 1 + rng() % 17, rng() % 5 == 0, rng() % 2 == 0);
    EXPECT_TRUE(p.done() || p.failed() || !p.head_complete() || p.body_bytes() <= s.size());
    if (p.done()) {
      EXPECT_GE(p.status(), 100);
      EXPECT_LE(p.status(), 999);
    }
  }
}

TEST(WafRequestParser, ReadsHeadAndSkipsBodies) {
  RequestParser p;
  const std::string r = "POST /a?b=c HTTP/1.1\r\nHost: x\r\nX-Proven-Test-Id: 0123456789abcdef\r\nContent-Length: 3\r\n\r\nabcGET";
  EXPECT_EQ(p.Feed(r), r.size() - 3);
  ASSERT_TRUE(p.done()) << p.error();
  EXPECT_EQ(p.method(), "POST");
  EXPECT_EQ(p.target(), "/a?b=c");
  EXPECT_EQ(p.Header("x-proven-test-id"), "0123456789abcdef");
  EXPECT_TRUE(p.keep_alive());
  RequestParser q;
  const std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
  for (const char c : chunked) q.Feed(std::string_view(&c, 1));
  EXPECT_TRUE(q.done()) << q.error();
  RequestParser bad;
  bad.Feed("NOT A REQUEST\r\n\r\n");
  EXPECT_TRUE(bad.failed());
  RequestParser te;
  te.Feed("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
  EXPECT_TRUE(te.failed());
}

}  // namespace
}  // namespace proven::waf
