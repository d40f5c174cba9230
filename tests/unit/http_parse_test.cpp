// The request parsers of the HTTP layer (web/http_parse.hpp): pure functions, so every case is
// a table row.
#include <gtest/gtest.h>

#include "web/http.hpp"
#include "web/http_parse.hpp"

namespace proven::web {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusOnlyWhereAsked) {
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(PercentDecode("%E6%9D%B1%E4%BA%AC", true), "東京");
  EXPECT_EQ(PercentDecode("100%", true), "100%") << "a lone % stays";
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
  EXPECT_EQ(PercentDecode("%00", true), std::string(1, '\0')) << "decoded as is: validation refuses NUL later";
}

TEST(ParseQueryString, KeepsRepeatedKeysInOrderAndSkipsEmptyKeys) {
  const Params p = ParseQueryString("type=audit&region=%E9%96%A2%E6%9D%B1&type=forensics&&=x&flag&q=a+b");
  ASSERT_EQ(p.count("type"), 2u);
  auto [b, e] = p.equal_range("type");
  EXPECT_EQ(b->second, "audit");
  EXPECT_EQ(std::next(b)->second, "forensics");
  EXPECT_EQ(p.find("region")->second, "関東");
  EXPECT_EQ(p.find("flag")->second, "");
  EXPECT_EQ(p.find("q")->second, "a b");
  EXPECT_EQ(p.count(""), 0u);
  EXPECT_TRUE(ParseQueryString("").empty());
}

TEST(SplitTarget, DecodesThePathButNotTheQuery) {
  const Target t = SplitTarget("/services/%E6%9D%B1?q=%E6%9D%B1&x=1");
  EXPECT_EQ(t.path, "/services/東");
  EXPECT_EQ(t.query, "q=%E6%9D%B1&x=1");
  EXPECT_EQ(SplitTarget("/healthz").query, "");
}

TEST(Multipart, ReadsFieldsAndFiles) {
  const auto boundary = MultipartBoundary("multipart/form-data; boundary=----abc123");
  ASSERT_TRUE(boundary);
  EXPECT_EQ(*boundary, "----abc123");
  EXPECT_EQ(*MultipartBoundary(R"(Multipart/Form-Data; charset=utf-8; boundary="q b")"), "q b");
  EXPECT_FALSE(MultipartBoundary("application/json"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')));

  const std::string body =
      "preamble\r\n"
      "------abc123\r\n"
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
      "tok\r\n"
      "------abc123\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"一覧.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "a,b\r\n1,2\r\n"
      "------abc123--\r\n";
  auto parts = ParseMultipart(body, "----abc123");
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].content, "tok");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "一覧.csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].content, "a,b\r\n1,2") << "CRLFs inside a part are kept";
}

TEST(Multipart, RefusesMalformedBodiesWithAReason) {
  const std::string head = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
  for (const std::string& bad : {std::string(), std::string("no boundary here"), head,  // no closing boundary
                                std::string("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"),  // no name
                                std::string("--b\r\nX: y\r\n\r\nx\r\n--b--"),                           // no disposition
                                std::string("--b\r\nContent-Disposition: form-data; name=\"a\""),        // headers never end
                                std::string("--bXX\r\n")}) {
    auto r = ParseMultipart(bad, "b");
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_NE(r.error().message.find("malformed"), std::string::npos);
    }
  }
  std::string many;
  for (int i = 0; i < 5; ++i) many += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  many += "--b--";
  EXPECT_TRUE(ParseMultipart(many, "b", 5));
  EXPECT_FALSE(ParseMultipart(many, "b", 4)) << "more parts than allowed";
}

TEST(CookieValue, FindsOneCookieAmongMany) {
  EXPECT_EQ(CookieValue("a=1; proven_session=abc; b=2", "proven_session"), "abc");
  EXPECT_EQ(CookieValue("xproven_session=no; proven_session=yes", "proven_session"), "yes");
  EXPECT_EQ(CookieValue("proven_session=\"q\"", "proven_session"), "q");
  EXPECT_EQ(CookieValue("a=1", "proven_session"), "");
  EXPECT_EQ(CookieValue("", "proven_session"), "");
}

// Each of these is read by a browser as another site (WHATWG URL parsing): never a redirect.
TEST(SafeLocalPath, RefusesWhatABrowserReadsAsAnotherSite) {
  for (const std::string& bad : std::vector<std::string>{"//evil.example", "/\t/evil.example", "/\\evil.example", "\\\\evil.example",
                                "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "\t//evil.example",
                                "https://evil.example", "javascript:alert(1)", "evil.example", "", "/\x01/x",
                                std::string("/\0/evil", 7), "\\/evil.example", "/\x7f"}) {
    EXPECT_FALSE(SafeLocalPath(bad)) << bad;
  }
  EXPECT_EQ(SafeLocalPath("/registrar?x=1"), "/registrar?x=1");
  EXPECT_EQ(SafeLocalPath("/"), "/");
  EXPECT_EQ(SafeLocalPath("/a\\b"), "/a/b") << "what the browser will request";
  EXPECT_EQ(SafeLocalPath("/a\tb"), "/ab");
  EXPECT_EQ(SafeLocalPath("/%09/evil.example"), "/%09/evil.example") << "an escaped tab is part of the path";
}

TEST(MatchRoute, MatchesSegmentsIdsAndChoices) {
  std::vector<std::string> p;
  EXPECT_TRUE(MatchRoute("/healthz", "/healthz", p));
  EXPECT_TRUE(p.empty());
  EXPECT_TRUE(MatchRoute("/", "/", p));
  EXPECT_FALSE(MatchRoute("/", "/x", p));
  EXPECT_TRUE(MatchRoute("/api/v1/services/{id}", "/api/v1/services/42", p));
  EXPECT_EQ(p, std::vector<std::string>{"42"});
  EXPECT_TRUE(MatchRoute("/r/{id}/{a:renew|suspend}", "/r/7/suspend", p));
  EXPECT_EQ(p, (std::vector<std::string>{"7", "suspend"}));
  EXPECT_FALSE(MatchRoute("/r/{id}/{a:renew|suspend}", "/r/7/revoke", p));
  EXPECT_TRUE(p.empty()) << "no partial parameters on a miss";
  EXPECT_FALSE(MatchRoute("/api/v1/services/{id}", "/api/v1/services/abc", p));
  EXPECT_FALSE(MatchRoute("/api/v1/services/{id}", "/api/v1/services/", p));
  EXPECT_FALSE(MatchRoute("/api/v1/services/{id}", "/api/v1/services/1/", p));
  EXPECT_FALSE(MatchRoute("/api/v1/services/{id}", "/api/v1/services/1234567890123456789", p)) << "19 digits";
  EXPECT_TRUE(MatchRoute("/api/v1/services/{id}", "/api/v1/services/123456789012345678", p));
  EXPECT_FALSE(MatchRoute("/api/v1/services", "/api/v1/services/export", p));
  EXPECT_FALSE(MatchRoute("/services", "/Services", p));
  const std::string long_path = "/" + std::string(100000, 'a');
  EXPECT_FALSE(MatchRoute("/services/{id}", long_path, p));
}

TEST(MatchRoute, ATokenIsAUrlSafeSecretOfBoundedLength) {
  std::vector<std::string> p;
  const std::string token = "AbC-_09xyzAbC-_09xyzAbC-_09xyzAbC-_09xyz123";
  EXPECT_TRUE(MatchRoute("/login/reset/{token}", "/login/reset/" + token, p));
  EXPECT_EQ(p, std::vector<std::string>{token});
  EXPECT_FALSE(MatchRoute("/login/reset/{token}", "/login/reset/short", p)) << "under 16 characters";
  EXPECT_FALSE(MatchRoute("/login/reset/{token}", "/login/reset/" + std::string(129, 'a'), p));
  EXPECT_FALSE(MatchRoute("/login/reset/{token}", "/login/reset/" + token + "%2F", p));
  EXPECT_FALSE(MatchRoute("/login/reset/{token}", "/login/reset/" + token + ".x", p));
}

TEST(MatchRoute, ADateIsTheShapeYyyyMmDd) {
  std::vector<std::string> p;
  EXPECT_TRUE(MatchRoute("/downloads/editions/{date}.csv", "/downloads/editions/2026-04-01.csv", p));
  EXPECT_EQ(p, std::vector<std::string>{"2026-04-01"});
  EXPECT_TRUE(MatchRoute("/downloads/editions/{date}/changes", "/downloads/editions/2026-13-40/changes", p))
      << "the shape only: the handler says that the date does not exist";
  EXPECT_FALSE(MatchRoute("/downloads/editions/{date}.csv", "/downloads/editions/2026-4-1.csv", p));
  EXPECT_FALSE(MatchRoute("/downloads/editions/{date}.csv", "/downloads/editions/2026/04/01.csv", p));
  EXPECT_FALSE(MatchRoute("/downloads/editions/{date}.csv", "/downloads/editions/20260401xx.csv", p));
  EXPECT_FALSE(MatchRoute("/downloads/editions/{date}/changes", "/downloads/editions/2026-04-011/changes", p));
  EXPECT_EQ(ExamplePath("/downloads/editions/{date}.csv"), "/downloads/editions/2026-04-01.csv");
}

TEST(MatchRoute, AVulnerabilityIdIsLettersDigitsAndPunctuationOfIds) {
  std::vector<std::string> p;
  EXPECT_TRUE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/GHSA-9v2f-6vcg-3hgv", p));
  EXPECT_EQ(p, std::vector<std::string>{"GHSA-9v2f-6vcg-3hgv"});
  EXPECT_TRUE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/RUSTSEC-2018-0003", p));
  EXPECT_TRUE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/DEBIAN-CVE-2024-1.2:3_x", p));
  EXPECT_FALSE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/ab", p)) << "too short";
  EXPECT_FALSE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/" + std::string(65, 'A'), p));
  EXPECT_FALSE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/CVE 2021", p));
  EXPECT_FALSE(MatchRoute("/api/v1/advisories/{vuln}", "/api/v1/advisories/%3Cx%3E", p));
  EXPECT_EQ(ExamplePath("/api/v1/advisories/{vuln}"), "/api/v1/advisories/GHSA-xxxx-xxxx-xxxx");
}

TEST(MatchRoute, APlaceholderMayCarryALiteralSuffix) {
  std::vector<std::string> p;
  EXPECT_TRUE(MatchRoute("/products/{id}/reports/{version}.pdf", "/products/3/reports/2.pdf", p));
  EXPECT_EQ(p, (std::vector<std::string>{"3", "2"}));
  EXPECT_FALSE(MatchRoute("/products/{id}/reports/{version}.pdf", "/products/3/reports/2", p));
  EXPECT_FALSE(MatchRoute("/products/{id}/reports/{version}.pdf", "/products/3/reports/.pdf", p));
  EXPECT_FALSE(MatchRoute("/products/{id}/reports/{version}.pdf", "/products/3/reports/x.pdf", p));
  EXPECT_FALSE(MatchRoute("/products/{id}/reports/{version}.pdf", "/products/3/reports/2.pdfx", p));
  EXPECT_EQ(ExamplePath("/products/{id}/reports/{version}.pdf"), "/products/1/reports/1.pdf");
}

TEST(ExamplePath, FillsPlaceholders) {
  EXPECT_EQ(ExamplePath("/api/v1/proposals/{id}/{decision:approve|reject}"), "/api/v1/proposals/1/approve");
  std::vector<std::string> p;
  EXPECT_TRUE(MatchRoute("/login/reset/{token}", ExamplePath("/login/reset/{token}"), p)) << "a token the route takes";
  EXPECT_EQ(ExamplePath("/healthz"), "/healthz");
}

TEST(PathId, ReadsDigitsOnly) {
  Request req;
  req.matches = {"/x/12", "12"};
  EXPECT_EQ(PathId(req), 12);
  EXPECT_EQ(PathId(req, 2), -1);
  req.matches = {"/x/a", "a"};
  EXPECT_EQ(PathId(req), -1);
}

TEST(Response, DropsHeaderValuesThatCouldSplitTheResponse) {
  Response res;
  res.set_header("Location", "/ok");
  res.set_header("Location", "/x\r\nSet-Cookie: a=b");
  res.set_header("X", std::string("a\0b", 3));
  EXPECT_EQ(res.headers.count("Location"), 1u);
  EXPECT_EQ(res.headers.count("X"), 0u);
  EXPECT_TRUE(res.has_header("location")) << "names are case-insensitive";
  Request req;
  req.headers.emplace("Content-Type", "text/csv");
  EXPECT_EQ(req.get_header_value("content-type"), "text/csv");
}

}  // namespace
}  // namespace proven::web
