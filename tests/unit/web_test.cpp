// Query parameters, templates, messages and charts.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "core/embedded.hpp"
#include "domain/auth.hpp"
#include "services/query_params.hpp"
#include "web/charts.hpp"
#include "web/http_errors.hpp"
#include "web/i18n.hpp"
#include "web/server.hpp"
#include "web/templates.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using services::ParseSearchParams;
using services::QueryParams;

constexpr Date kToday{2026, 11, 28};

Error ParamError(QueryParams p) {
  auto r = ParseSearchParams(p, kToday);
  EXPECT_FALSE(r);
  return r ? Error{} : r.error();
}

TEST(SearchParams, DefaultsAndValues) {
  auto r = ParseSearchParams({}, kToday);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->page, 1);
  EXPECT_EQ(r->per_page, 20);
  EXPECT_EQ(r->query.status, search::StatusFilter::kValid);
  EXPECT_EQ(r->query.as_of, kToday);
  EXPECT_EQ(r->query.sort, search::SortKey::kName);

  auto q = ParseSearchParams({{"q", "監査"}, {"type", "audit"}, {"type", ""}, {"region", "関東"},
                              {"page", "3"}, {"per_page", "100"}},
                             kToday);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->query.sort, search::SortKey::kRelevance) << "relevance is the default with a keyword";
  EXPECT_EQ(q->query.types.size(), 1u) << "empty values from unselected controls are ignored";
  EXPECT_NE(q->query.regions, 0u);
  EXPECT_EQ(q->query.offset, 200u);
  EXPECT_EQ(q->query.limit, 100u);
}

TEST(SearchParams, InvalidParametersAreNamed) {
  EXPECT_EQ(ParamError({{"per_page", "0"}}).field, "per_page");
  EXPECT_EQ(ParamError({{"per_page", "101"}}).field, "per_page");
  EXPECT_EQ(ParamError({{"per_page", "ten"}}).field, "per_page");
  EXPECT_EQ(ParamError({{"page", "0"}}).field, "page");
  EXPECT_EQ(ParamError({{"page", "-1"}}).field, "page");
  EXPECT_EQ(ParamError({{"type", "hacking"}}).field, "type");
  EXPECT_EQ(ParamError({{"as_of", "2026/11/28"}}).field, "as_of");
  EXPECT_EQ(ParamError({{"as_of", "2026-02-30"}}).field, "as_of");
  EXPECT_EQ(ParamError({{"status", "current"}}).field, "status");
  EXPECT_EQ(ParamError({{"sort", "price"}}).field, "sort");
  EXPECT_EQ(ParamError({{"order", "up"}}).field, "order");
  EXPECT_EQ(ParamError({{"prefecture", "関東"}}).field, "prefecture");
  EXPECT_EQ(ParamError({{"region", "関西"}}).field, "region");
  EXPECT_EQ(ParamError({{"page", "1"}, {"page", "2"}}).field, "page");
  EXPECT_EQ(ParamError({{"per_page", "0"}}).code, ErrorCode::kInvalidArgument);
}

TEST(HttpErrors, OneMappingAndNoInternalsLeak) {
  EXPECT_EQ(web::HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(web::HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(web::HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(web::RetryAfterSecondsFor(ErrorCode::kUnavailable), web::kUnavailableRetryAfterSeconds);
  EXPECT_EQ(web::RetryAfterSecondsFor(ErrorCode::kInvalidArgument), 0);
  EXPECT_EQ(web::RetryAfterSecondsFor(ErrorCode::kResourceExhausted), 0) << "sign-in sets its own";
  EXPECT_EQ(web::ErrorJson(MakeError(ErrorCode::kInvalidArgument, "page must be…", "", "page")),
            R"({"error":{"code":"invalid_argument","message":"page must be…","parameter":"page"}})");
  EXPECT_EQ(web::ErrorJson(MakeError(ErrorCode::kInternal, "SELECT * FROM secret failed", "detail")),
            R"({"error":{"code":"internal","message":"internal error"}})");
}

TEST(Templates, AllParse) {
  auto t = web::Templates::Load();
  ASSERT_TRUE(t) << t.error().detail;
  EXPECT_GE((*t)->size(), 6u);
}

TEST(Templates, EveryMessageKeyUsedExistsInBothLanguages) {
  const std::regex key(R"(\{\{t\.([a-z_]+)\}\})");
  std::set<std::string> used;
  for (const auto& f : templates_files()) {
    const std::string text(f.data);
    for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) used.insert((*it)[1]);
  }
  ASSERT_FALSE(used.empty());
  for (const auto& k : used) {
    for (auto lang : {web::Lang::kJa, web::Lang::kEn}) {
      EXPECT_NE(web::Message(lang, k), k) << "missing message " << k;
    }
  }
}

TEST(Templates, TextIsEscaped) {
  auto t = web::Templates::Load();
  ASSERT_TRUE(t);
  kainjow::mustache::data page;
  page.set("heading", "<script>alert(1)</script>");
  page.set("message", "\"quoted\" & 'single'");
  page.set("t", web::Messages(web::Lang::kJa));
  kainjow::mustache::data layout;
  layout.set("t", web::Messages(web::Lang::kJa));
  layout.set("title", "</title><script>");
  auto html = (*t)->RenderPage("error", page, layout);
  ASSERT_TRUE(html);
  EXPECT_EQ(html->find("<script>"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html->find("&quot;quoted&quot; &amp; &apos;single&apos;"), std::string::npos);
}

TEST(Charts, BarsScaleAndLabelsAreEscaped) {
  const auto svg = web::HorizontalBarChart({{"東京都", 100}, {"<b>x</b>", 50}, {"zero", 0}}, "title & more");
  EXPECT_TRUE(svg.starts_with("<svg"));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title>title &amp; more</title>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(svg.find("width=\"380\""), std::string::npos) << "the largest bar fills the area";
  EXPECT_NE(svg.find("width=\"190\""), std::string::npos) << "half the value, half the bar";
  EXPECT_NE(svg.find("width=\"0\""), std::string::npos);
}

// Every route is public or names the action its actor's role must allow, so a new route without
// an action cannot land; and docs/api.md documents each route with that action.
TEST(Routes, EveryRouteIsPublicOrNamesItsActionAndIsDocumented) {
  const std::string doc = testing::ReadFile(testing::SourcePath("docs/api.md"));
  int guarded = 0;
  for (const auto& r : web::RouteTable()) {
    const std::string route = r.method + " " + r.pattern;
    EXPECT_NE(r.is_public, r.action.has_value()) << route << ": public, or an action, exactly one";
    const std::string access = r.action ? std::string(domain::ActionCode(*r.action)) : "public";
    std::string cell;  // a `|` inside a Markdown table cell is written `\|`
    for (char ch : route) cell += ch == '|' ? std::string("\\|") : std::string(1, ch);
    EXPECT_NE(doc.find(fmt::format("| `{}` | `{}` |", cell, access)), std::string::npos)
        << route << " is not in docs/api.md's route table with `" << access << "`";
    if (r.action) ++guarded;
    // What only some accounts may see is never public.
    for (const char* prefix : {"/admin", "/registrar", "/vendor", "/account", "/api/v1/me", "/api/v1/proposals"}) {
      if (r.pattern.starts_with(prefix)) {
        EXPECT_FALSE(r.is_public) << route;
      }
    }
    // The CSRF-free public POSTs are few and named here: matching changes nothing, and the mail's
    // one-click unsubscribe carries its own secret (RFC 8058 posts without cookies).
    if (r.csrf_exempt) {
      EXPECT_TRUE(route == "POST /api/v1/match" || route == "POST /needs/unsubscribe") << route;
      EXPECT_TRUE(r.is_public) << route;
      continue;
    }
    if (r.method != "GET" && !r.pattern.starts_with("/login") && !r.pattern.starts_with("/logout")) {
      EXPECT_FALSE(r.is_public) << route << ": a public route that changes state";
    }
  }
  EXPECT_GE(guarded, 30);
}

TEST(Routes, TableListsEveryPublicUrl) {
  std::set<std::string> patterns;
  for (const auto& r : web::RouteTable()) patterns.insert(r.method + " " + r.pattern);
  for (const char* p : {"GET /healthz", "GET /api/v1/services", "GET /api/v1/services/export", "GET /",
                        "GET /services", "GET /stats"}) {
    EXPECT_TRUE(patterns.contains(p)) << p;
  }
}

}  // namespace
}  // namespace proven

#include "web/response_cache.hpp"

namespace proven {
namespace {

TEST(ResponseCache, ServesOnlyTheSameGenerationAndStaysWithinItsCap) {
  web::ResponseCache cache(10000);
  cache.Put("a", 1, std::make_shared<const std::string>("body-a"));
  ASSERT_NE(cache.Get("a", 1), nullptr);
  EXPECT_EQ(*cache.Get("a", 1), "body-a");
  EXPECT_EQ(cache.Get("a", 2), nullptr) << "a write since the entry was made invalidates it";
  EXPECT_EQ(cache.Get("a", 1), nullptr) << "and the stale entry is gone";
  for (int i = 0; i < 100; ++i) cache.Put("k" + std::to_string(i), 1, std::make_shared<const std::string>(std::string(1000, 'x')));
  int kept = 0;
  for (int i = 0; i < 100; ++i) kept += cache.Get("k" + std::to_string(i), 1) != nullptr;
  EXPECT_LE(kept, 10) << "about cap / entry size entries survive";
  EXPECT_NE(cache.Get("k99", 1), nullptr) << "the most recent one among them";
  web::ResponseCache off(0);
  off.Put("a", 1, std::make_shared<const std::string>("x"));
  EXPECT_EQ(off.Get("a", 1), nullptr);
}

}  // namespace
}  // namespace proven

#include "web/http.hpp"

namespace proven {
namespace {

// Every cookie is set by one function, with the same attributes; reading goes through one too.
TEST(Cookies, SetAndReadInOnePlace) {
  web::Response res;
  web::SetCookie(res, "proven_session", "abc", {.secure = true});
  web::SetCookie(res, "proven_csrf", "", {.secure = false, .max_age = 0});
  std::vector<std::string> lines;
  for (auto [b, e] = res.headers.equal_range("Set-Cookie"); b != e; ++b) lines.push_back(b->second);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "proven_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(lines[1], "proven_csrf=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  web::Request req;
  req.headers.emplace("Cookie", "proven_lang=en; proven_session=xyz");
  EXPECT_EQ(web::CookieValue(req, "proven_session"), "xyz");
  EXPECT_EQ(web::CookieValue(req, "proven_lang"), "en");
  EXPECT_EQ(web::CookieValue(req, "missing"), "");
}

TEST(PathParams, IdsAndChoices) {
  web::Request req;
  req.matches = {"/api/v1/proposals/42/approve", "42", "approve"};
  EXPECT_EQ(web::PathId(req), 42);
  EXPECT_EQ(web::PathParam(req, 2), "approve");
  EXPECT_EQ(web::PathParam(req, 3), "");
  EXPECT_EQ(web::PathId(req, 2), -1) << "not digits";
  EXPECT_EQ(web::PathId(req, 3), -1) << "absent";
}

}  // namespace
}  // namespace proven

#include <filesystem>

namespace proven {
namespace {

// Handlers stay small (parse, call the service, map the result; the pieces are helpers), so the
// next workflows copy small ones: no `void Handle…(` in src/web is longer than 60 lines.
TEST(Handlers, NoneIsLongerThanSixtyLines) {
  int handlers = 0;
  for (const auto& e : std::filesystem::directory_iterator(testing::SourcePath("src/web"))) {
    if (e.path().extension() != ".cpp") continue;
    std::istringstream in(testing::ReadFile(e.path()));
    std::string line, name;
    int start = 0;
    for (int n = 1; std::getline(in, line); ++n) {
      if (name.empty() && line.starts_with("void Handle") && !line.ends_with(";")) {
        name = line.substr(5, line.find('(') - 5);
        start = n;
      } else if (!name.empty() && line == "}") {
        EXPECT_LE(n - start + 1, 60) << e.path().filename() << ": " << name << " is " << n - start + 1 << " lines";
        ++handlers;
        name.clear();
      }
    }
  }
  EXPECT_GE(handlers, 40);
}

}  // namespace
}  // namespace proven
