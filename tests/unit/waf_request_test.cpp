// Exact request bytes (issue 14, ADR 0017 "Corpus and plan"): one golden request per placement,
// the imported raw requests, ids, the seeded send order and Materialise's markers and test-id header.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "waf/corpus.hpp"
#include "waf/placements.hpp"
#include "waf/plan.hpp"

namespace proven::waf {
namespace {

const std::string kValue = "a b'<\"&;\xc3\xa9";  // a b'<"&;é

PlacementInput Input(Placement p, Encoder e = Encoder::kPlain, std::string value = kValue) {
  PlacementInput in;
  in.placement = p;
  in.encoder = e;
  in.value = std::move(value);
  in.name = p == Placement::kHeaderCustom ? "1a2b3c4d" : "k1a2b";
  in.boundary_token = "0123456789abcdef";
  in.named_header = "Accept-Language";
  return in;
}

std::string Get(const std::string& target, const std::string& extra = "", bool ua = true) {
  return "GET {{proven:base}}/" + target + " HTTP/1.1\r\nHost: {{proven:host}}\r\n" +
         (ua ? "User-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\n" : "") + "Accept: */*\r\n" + extra + "\r\n";
}

std::string Post(const std::string& type, const std::string& body) {
  return "POST {{proven:base}}/ HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\n"
         "Accept: */*\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(WafRequest, GoldenBytesPerPlacement) {
  EXPECT_EQ(BuildRequest(Input(Placement::kQuery)), Get("?k1a2b=a%20b'%3C%22%26%3B%C3%A9"));
  EXPECT_EQ(BuildRequest(Input(Placement::kQuery, Encoder::kUrl, "%27%20x")), Get("?k1a2b=%27%20x"));
  EXPECT_EQ(BuildRequest(Input(Placement::kPath)), Get("a%20b'%3C%22&;%C3%A9"));
  EXPECT_EQ(BuildRequest(Input(Placement::kPath, Encoder::kPlain, "x/../y")), Get("x%2F..%2Fy"));
  auto verbatim = Input(Placement::kPath, Encoder::kPlain, "%0d%0aSet-Cookie:crlf=injection");
  verbatim.verbatim = true;
  EXPECT_EQ(BuildRequest(verbatim), Get("%0d%0aSet-Cookie:crlf=injection"));
  EXPECT_EQ(BuildRequest(Input(Placement::kHeaderCustom)), Get("", "X-1a2b3c4d: " + kValue + "\r\n"));
  EXPECT_EQ(BuildRequest(Input(Placement::kHeaderNamed)), Get("", "Accept-Language: " + kValue + "\r\n"));
  EXPECT_EQ(BuildRequest(Input(Placement::kCookie)), Get("", "Cookie: k1a2b=a%20b'<%22&%3B\xc3\xa9\r\n"));
  EXPECT_EQ(BuildRequest(Input(Placement::kUserAgent)), Get("", "User-Agent: " + kValue + "\r\n", false));
  EXPECT_EQ(BuildRequest(Input(Placement::kReferer)), Get("", "Referer: " + kValue + "\r\n"));
  EXPECT_EQ(BuildRequest(Input(Placement::kForm)), Post("application/x-www-form-urlencoded", "k1a2b=a+b%27%3C%22%26%3B%C3%A9"));
  EXPECT_EQ(BuildRequest(Input(Placement::kMultipartField)),
            Post("multipart/form-data; boundary=----proven0123456789abcdef",
                 "------proven0123456789abcdef\r\nContent-Disposition: form-data; name=\"k1a2b\"\r\n\r\n" + kValue +
                     "\r\n------proven0123456789abcdef--\r\n"));
  EXPECT_EQ(BuildRequest(Input(Placement::kMultipartFilename, Encoder::kPlain, "a\"b\r\n.php")),
            Post("multipart/form-data; boundary=----proven0123456789abcdef",
                 "------proven0123456789abcdef\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b%0D%0A.php\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\nPROV\r\n------proven0123456789abcdef--\r\n"));
  EXPECT_EQ(BuildRequest(Input(Placement::kJsonValue)), Post("application/json", "{\"k1a2b\":\"a b'<\\\"&;\xc3\xa9\"}"));
  EXPECT_EQ(BuildRequest(Input(Placement::kJsonKey, Encoder::kPlain, "a\\\n")), Post("application/json", "{\"a\\\\\\n\":\"x\"}"));
  EXPECT_EQ(BuildRequest(Input(Placement::kXmlText)),
            Post("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root><v>a b'&lt;\"&amp;;\xc3\xa9</v></root>"));
  EXPECT_EQ(BuildRequest(Input(Placement::kXmlAttr)),
            Post("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root><v a=\"a b'&lt;&quot;&amp;;\xc3\xa9\"/></root>"));
  auto raw_body = Input(Placement::kRawBody);
  EXPECT_EQ(BuildRequest(raw_body), Post("text/plain", kValue));
  raw_body.content_type = "text/xml";
  EXPECT_EQ(BuildRequest(raw_body), Post("text/xml", kValue));
}

TEST(WafRequest, ValuesAPlacementCannotCarryAreExcludedWithAReason) {
  EXPECT_FALSE(Unrepresentable(Input(Placement::kQuery)));
  EXPECT_EQ(Unrepresentable(Input(Placement::kHeaderCustom, Encoder::kPlain, "a\r\nX-Evil: 1")), "CR, LF or NUL in a header placement");
  EXPECT_EQ(Unrepresentable(Input(Placement::kUserAgent, Encoder::kPlain, std::string("a\0b", 3))), "CR, LF or NUL in a header placement");
  EXPECT_FALSE(Unrepresentable(Input(Placement::kForm, Encoder::kPlain, "a\r\nb")));
  EXPECT_EQ(Unrepresentable(Input(Placement::kQuery, Encoder::kPlain, std::string(8000, 'A'))),
            "too long for a request-line or header placement (nginx's 8 KiB buffers)");
  EXPECT_FALSE(Unrepresentable(Input(Placement::kForm, Encoder::kPlain, std::string(131072, 'A'))));
  EXPECT_EQ(Unrepresentable(Input(Placement::kJsonValue, Encoder::kPlain, "\xff")), "invalid UTF-8 in a JSON or XML placement");
  EXPECT_EQ(Unrepresentable(Input(Placement::kXmlText, Encoder::kPlain, "a\x01")), "a control character XML cannot carry");
  EXPECT_EQ(Unrepresentable(Input(Placement::kMultipartField, Encoder::kPlain, "x------proven0123456789abcdef")),
            "the value contains the multipart boundary");
}

TEST(WafRequest, MaterialiseReplacesMarkersAndInsertsTheTestIdAfterTheRequestLine) {
  CompiledRequest r;
  r.id = "9f2c4e1ab07d3356";
  r.tmpl = Get("?k=v") ;
  Target t;
  t.base_path = "/app";
  t.authority = "127.0.0.1:8080";
  EXPECT_EQ(Materialise(r, t),
            "GET /app/?k=v HTTP/1.1\r\nX-Proven-Test-Id: 9f2c4e1ab07d3356\r\nHost: 127.0.0.1:8080\r\n"
            "User-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\nAccept: */*\r\n\r\n");
  t.base_path = "";
  r.tmpl = "POST {{proven:base}}/x HTTP/1.1\nHost: {{proven:host}}\nX-Id: {{proven:id}}\n\n{{proven:base}}";
  EXPECT_EQ(Materialise(r, t),
            "POST /x HTTP/1.1\nX-Proven-Test-Id: 9f2c4e1ab07d3356\nHost: 127.0.0.1:8080\nX-Id: 9f2c4e1ab07d3356\n\n{{proven:base}}");
  r.tmpl = "GARBAGE";
  EXPECT_EQ(Materialise(r, t), "GARBAGE");
}

TEST(WafRequest, PreviewIsShortValidUtf8) {
  EXPECT_EQ(Preview("abc"), "abc");
  EXPECT_EQ(Preview("a\nb"), "a\xe2\x90\x8a" "b");
  EXPECT_EQ(Preview("\xff"), "\xef\xbf\xbd");
  const std::string kana(130 * 3, 'x');
  std::string jp;
  for (int i = 0; i < 130; ++i) jp += "日";
  const std::string p = Preview(jp);
  EXPECT_EQ(p.size(), 120u * 3u + 3u);
  EXPECT_TRUE(p.ends_with("…"));
  EXPECT_TRUE(ValidUtf8(p));
}

std::map<std::string, std::string> RawFiles() {
  return {
      {"sources/gotestwaf/testcases/community/community-rce-rawrequests.yml",
       "payload:\n  - \"cmd=cat /etc/passwd\"\nencoder:\n  - Plain\nplaceholder:\n  - RawRequest:\n      method: \"POST\"\n"
       "      path: \"/clam.php\"\n      headers:\n        User-Agent: \"Mozilla/5.0\"\n"
       "        Content-Type: \"application/x-www-form-urlencoded\"\n      body: \"{{payload}}\"\ntype: \"RawRequest test\"\n"},
      {"sources/crs-regression/tests/REQUEST-932-APPLICATION-ATTACK-RCE/932100.yaml",
       "rule_id: 932100\ntests:\n  - test_id: 1\n    desc: \"rce\"\n    stages:\n      - input:\n          headers:\n"
       "            Host: localhost\n            User-Agent: \"OWASP CRS test agent\"\n          method: POST\n          uri: \"/post\"\n"
       "          data: \"var=1234 OR 1=1\"\n        output:\n          log:\n            expect_ids: [932100]\n"
       "  - test_id: 2\n    desc: \"false positive: prose\"\n    stages:\n      - input:\n          headers:\n            Host: localhost\n"
       "          uri: \"/get?q=cat%20food\"\n        output:\n          log:\n            no_expect_ids: [932100]\n"
       "  - test_id: 3\n    stages:\n      - input:\n          encoded_request: \"R0VUIC8gSFRUUC8xLjANCkhvc3Q6DQoN\\nCg==\"\n"
       "        output:\n          log:\n            expect_ids: [920290]\n"
       "  - test_id: 4\n    desc: \"another rule's attack\"\n    stages:\n      - input:\n          uri: \"/\"\n"
       "        output:\n          log:\n            no_expect_ids: [932100]\n"},
      {"corpus/benign.yaml",
       "schema: proven.waf.corpus/1\nsource: proven\nlicence: CC0-1.0\nprovenance: test\ncases:\n  - id: prose\n    category: rce\n"
       "    expect: allow\n    payloads: [\"cat food\", \"a\", \"b\", \"c\", \"d\"]\n    placements: [query, form]\n"},
  };
}

TEST(WafRequest, ImportedRawRequestsKeepTheirBytes) {
  auto corpus = LoadCorpusFiles(RawFiles());
  ASSERT_TRUE(corpus) << corpus.error().message;
  auto plan = Compile(*corpus, 3);
  ASSERT_TRUE(plan) << plan.error().message;
  std::map<std::string, const CompiledRequest*> by_case;
  for (const auto& r : plan->requests) by_case[r.case_id] = &r;
  ASSERT_TRUE(by_case.count("gotestwaf/community/community-rce-rawrequests/p1-raw"));
  const auto& gtw = *by_case["gotestwaf/community/community-rce-rawrequests/p1-raw"];
  EXPECT_EQ(gtw.placement, Placement::kRawRequest);
  EXPECT_EQ(gtw.category, "rce");
  EXPECT_TRUE(gtw.headline);
  EXPECT_EQ(gtw.tmpl,
            "POST {{proven:base}}/clam.php HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: Mozilla/5.0\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 19\r\n\r\ncmd=cat /etc/passwd");
  const auto& crs = *by_case["crs-regression/932100/1"];
  EXPECT_EQ(crs.tmpl,
            "POST {{proven:base}}/post HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: OWASP CRS test agent\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 15\r\n\r\nvar=1234 OR 1=1");
  EXPECT_EQ(crs.expect, Expect::kBlock);
  EXPECT_FALSE(crs.dedicated_connection);
  EXPECT_EQ(crs.preview, "var=1234 OR 1=1");
  EXPECT_EQ(crs.tags, (std::vector<std::string>{"crs_rule:932100", "inferred:form"}));
  const auto& fp = *by_case["crs-regression/932100/2"];
  EXPECT_EQ(fp.expect, Expect::kAllow);
  EXPECT_EQ(fp.tmpl, "GET {{proven:base}}/get?q=cat%20food HTTP/1.1\r\nHost: {{proven:host}}\r\n\r\n");
  EXPECT_EQ(fp.tags.back(), "inferred:query");
  const auto& exact = *by_case["crs-regression/932100/3"];
  EXPECT_EQ(exact.tmpl, "GET / HTTP/1.0\r\nHost:\r\n\r\n");
  EXPECT_TRUE(exact.dedicated_connection);
  EXPECT_FALSE(by_case.count("crs-regression/932100/4"));
  ASSERT_EQ(plan->excluded.size(), 1u);
  EXPECT_EQ(plan->excluded[0].reason, "negative test, not known benign (no_expect_ids without a false-positive description)");
  Target t;
  t.authority = "waf.test";
  EXPECT_EQ(Materialise(exact, t), "GET / HTTP/1.0\r\nX-Proven-Test-Id: " + exact.id + "\r\nHost:\r\n\r\n");
}

TEST(WafRequest, IdsAreSeedIndependentAndTheSendOrderIsASeededPermutation) {
  const std::string id = RequestId("proven/benign/prose", 0, Encoder::kPlain, Placement::kQuery);
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, RequestId("proven/benign/prose", 1, Encoder::kPlain, Placement::kQuery));
  EXPECT_NE(id, RequestId("proven/benign/prose", 0, Encoder::kUrl, Placement::kQuery));
  EXPECT_NE(id, RequestId("proven/benign/prose", 0, Encoder::kPlain, Placement::kForm));

  auto corpus = LoadCorpusFiles(RawFiles());
  ASSERT_TRUE(corpus);
  auto a = Compile(*corpus, 11);
  auto b = Compile(*corpus, 12);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->plan_fingerprint, b->plan_fingerprint);
  EXPECT_TRUE(a->plan_fingerprint.starts_with("sha256:"));
  bool names_differ = false;
  for (std::size_t i = 0; i < a->requests.size(); ++i) {
    EXPECT_EQ(a->requests[i].id, b->requests[i].id);
    if (a->requests[i].placement == Placement::kQuery && a->requests[i].tmpl != b->requests[i].tmpl) names_differ = true;
  }
  EXPECT_TRUE(names_differ);  // parameter names come from the seed
  auto again = Compile(*corpus, 11);
  ASSERT_TRUE(again);
  for (std::size_t i = 0; i < a->requests.size(); ++i) EXPECT_EQ(again->requests[i].tmpl, a->requests[i].tmpl);

  const auto order = SendOrder(*a);
  ASSERT_EQ(order.size(), a->requests.size());
  std::set<std::uint32_t> seen(order.begin(), order.end());
  EXPECT_EQ(seen.size(), order.size());
  EXPECT_EQ(*seen.rbegin(), order.size() - 1);
  EXPECT_EQ(SendOrder(*again), order);
  Plan big;
  big.requests.resize(100);
  big.seed = 1;
  const auto o1 = SendOrder(big);
  big.seed = 2;
  EXPECT_NE(SendOrder(big), o1);
  std::vector<std::uint32_t> identity(100);
  for (std::uint32_t i = 0; i < 100; ++i) identity[i] = i;
  EXPECT_NE(o1, identity);
}

TEST(WafRequest, ABodyShorterThanItsContentLengthIsTaggedAndSentFirst) {
  auto files = RawFiles();
  files["sources/crs-regression/tests/REQUEST-920-PROTOCOL-ENFORCEMENT/920400.yaml"] =
      "rule_id: 920400\ntests:\n  - test_id: 1\n    desc: \"size\"\n    stages:\n      - input:\n          headers:\n"
      "            Host: localhost\n            Content-Length: 64200\n            Content-Type: multipart/form-data; boundary=x\n"
      "          method: POST\n          uri: \"/\"\n          data: \"--x--\"\n        output:\n          log:\n"
      "            expect_ids: [920400]\n"
      "  - test_id: 2\n    desc: \"shorter\"\n    stages:\n      - input:\n          headers:\n            Host: localhost\n"
      "            Content-Length: 2\n          method: POST\n          uri: \"/\"\n          data: \"a=b\"\n        output:\n"
      "          log:\n            expect_ids: [920400]\n";
  files["corpus/benign-protocol.yaml"] =
      "schema: proven.waf.corpus/1\nsource: proven\nlicence: CC0-1.0\nprovenance: test\ncases:\n  - id: protocol\n"
      "    category: protocol\n    expect: allow\n    payloads: [\"a\", \"b\", \"c\", \"d\", \"e\"]\n    placements: [query, form]\n";
  auto corpus = LoadCorpusFiles(files);
  ASSERT_TRUE(corpus) << corpus.error().message;
  auto plan = Compile(*corpus, 5);
  ASSERT_TRUE(plan) << plan.error().message;
  std::uint32_t short_index = 0;
  int tagged = 0;
  for (std::uint32_t i = 0; i < plan->requests.size(); ++i) {
    const auto& r = plan->requests[i];
    const bool is_short = std::find(r.tags.begin(), r.tags.end(), kShortBodyTag) != r.tags.end();
    tagged += is_short;
    if (r.case_id == "crs-regression/920400/1") {
      EXPECT_TRUE(is_short);
      EXPECT_TRUE(r.dedicated_connection);
      short_index = i;
    }
    if (r.case_id == "crs-regression/920400/2") {
      EXPECT_FALSE(is_short);  // longer than declared: dedicated, but it does not wait
      EXPECT_TRUE(r.dedicated_connection);
    }
  }
  EXPECT_EQ(tagged, 1);
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    plan->seed = seed;
    EXPECT_EQ(SendOrder(*plan).front(), short_index) << seed;
  }
}

}  // namespace
}  // namespace proven::waf
