// The programme's pages over HTTP on the real binary: a whole call (draft → open → applications
// → close → declarations → scores → ranking) made through the API, then every page of the
// admin, the reviewer, the vendor and the public rendered in both languages with nothing left of
// the templates; and the call editor showing the service's 409 for frozen criteria.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;

class ProgrammePages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"admin@example.jp", "admin", ""},
                                      {"v@example.jp", "vendor", "テスト丙株式会社"},
                                      {"r1@example.jp", "reviewer", "審査機構A"},
                                      {"r2@example.jp", "reviewer", "審査機構B"}});
    tokens_ = env_->tokens;
    MakeCalls();
  }
  static void TearDownTestSuite() { delete env_; }

  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    httplib::Client c(env_->server->host(), env_->server->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h{{"Authorization", "Bearer " + tokens_[who]}};
    if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, body.dump(), "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body.dump(), "application/json");
    return c.Get(path.c_str(), h);
  }
  static json Ok(httplib::Result r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  // A page as `who` ("" = anonymous) in `lang`.
  static httplib::Result Page(const std::string& who, const std::string& path, const std::string& lang) {
    httplib::Client c(env_->server->host(), env_->server->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    return c.Get((path + sep + "lang=" + lang).c_str(), h);
  }

  static void MakeCalls() {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    field_ = Ok(Call("admin@example.jp", "POST", "/api/v1/fields",
                     {{"name_ja", "脅威の可視化"}, {"name_en", "Threat visibility"}, {"rationale", "市場が大きい"}}),
                201)["id"].get<std::int64_t>();
    const json criteria = json::array({{{"name", "独自性"}, {"description", "他にない強み"}, {"weight", 3}},
                                       {{"name", "市場性"}, {"description", "売れるか"}, {"weight", 1}}});
    const json call = {{"title", "令和8年度 検証製品公募"}, {"description", "公募要領"}, {"eligibility", "国内企業"},
                       {"fields", {field_}}, {"opens_at", FormatTokyoIso(now - 3600)},
                       {"closes_at", FormatTokyoIso(now + 5)}, {"quorum", 2},
                       {"questions", json::array({{{"kind", "text"}, {"prompt", "導入実績"}, {"required", false}}})},
                       {"criteria", criteria}};
    closing_ = Ok(Call("admin@example.jp", "POST", "/api/v1/calls", call), 201)["id"].get<std::int64_t>();
    Ok(Call("admin@example.jp", "POST", "/api/v1/calls/" + std::to_string(closing_) + "/open"));
    json open_call = call;
    open_call["title"] = "受付中の公募";
    open_call["closes_at"] = FormatTokyoIso(now + 86400 * 30);
    open_ = Ok(Call("admin@example.jp", "POST", "/api/v1/calls", open_call), 201)["id"].get<std::int64_t>();
    Ok(Call("admin@example.jp", "POST", "/api/v1/calls/" + std::to_string(open_) + "/open"));
    for (const char* r : {"r1@example.jp", "r2@example.jp"}) {
      Ok(Call("admin@example.jp", "POST", "/api/v1/calls/" + std::to_string(closing_) + "/reviewers", {{"email", r}}),
         201);
    }
    application_ = Ok(Call("v@example.jp", "POST", "/api/v1/calls/" + std::to_string(closing_) + "/applications",
                           {{"name", "可視化くん"}}),
                      201)["id"].get<std::int64_t>();
    const std::string a = "/api/v1/applications/" + std::to_string(application_);
    Ok(Call("v@example.jp", "PATCH", a,
            {{"version", "2.1"}, {"overview", "脅威を見える化します"}, {"fields", {field_}}, {"deployment", {"saas"}}}));
    Ok(Call("v@example.jp", "POST", a + "/submit"));
    // The deadline passes (closes_at was five seconds ahead).
    while (std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() <=
           now + 6) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    const json full = Ok(Call("admin@example.jp", "GET", "/api/v1/calls/" + std::to_string(closing_)));
    for (const char* r : {"r1@example.jp", "r2@example.jp"}) {
      Ok(Call(r, "POST", a + "/conflict", {{"conflict", false}}));
      json scores = json::object();
      int s = std::string(r) == "r1@example.jp" ? 5 : 2;
      for (const auto& c : full["criteria"]) scores[std::to_string(c["id"].get<std::int64_t>())] = s;
      Ok(Call(r, "PUT", a + "/scores", {{"scores", scores}, {"comment", "よい"}}));
    }
  }

  static void ExpectRendered(const std::string& who, const std::string& path, const std::string& must_contain_ja,
                             const std::string& must_contain_en) {
    for (const std::string lang : {"ja", "en"}) {
      auto r = Page(who, path, lang);
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 200) << path << " " << lang << "\n" << r->body.substr(0, 1500);
      EXPECT_EQ(r->body.find("{{"), std::string::npos) << path << " " << lang << ": a template tag left";
      EXPECT_EQ(r->body.find("prog_"), std::string::npos) << path << " " << lang << ": a message key shown";
      const std::string& want = lang == "ja" ? must_contain_ja : must_contain_en;
      EXPECT_NE(r->body.find(want), std::string::npos) << path << " " << lang << " lacks " << want;
    }
  }

  static testing::SeededServer* env_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t field_, closing_, open_, application_;
};
testing::SeededServer* ProgrammePages::env_ = nullptr;
std::map<std::string, std::string> ProgrammePages::tokens_;
std::int64_t ProgrammePages::field_ = 0;
std::int64_t ProgrammePages::closing_ = 0;
std::int64_t ProgrammePages::open_ = 0;
std::int64_t ProgrammePages::application_ = 0;

TEST_F(ProgrammePages, PublicPagesRenderInBothLanguages) {
  const std::string c = std::to_string(closing_);
  ExpectRendered("", "/fields", "重要分野マップ", "Field map");
  ExpectRendered("", "/calls", "受付中の公募", "Open calls");
  ExpectRendered("", "/calls/" + c, "審査基準と配点", "Review criteria and weights");
  auto call = Page("", "/calls/" + c, "ja");
  EXPECT_NE(call->body.find("独自性"), std::string::npos);
  EXPECT_NE(call->body.find(" JST"), std::string::npos) << "dates are shown in Asia/Tokyo";
  auto feed = Page("", "/feeds/calls.atom", "ja");
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->status, 200);
  EXPECT_NE(feed->body.find("/calls/" + c + "\"/>"), std::string::npos) << feed->body;
  EXPECT_NE(feed->body.find("<link href=\"http"), std::string::npos) << "absolute links";
}

TEST_F(ProgrammePages, AdminPagesRenderInBothLanguages) {
  const std::string c = std::to_string(closing_);
  ExpectRendered("admin@example.jp", "/admin/calls", "公募の管理", "Manage calls");
  ExpectRendered("admin@example.jp", "/admin/calls/new", "新しい公募", "New call");
  ExpectRendered("admin@example.jp", "/admin/calls/" + std::to_string(open_) + "/edit", "公募開始後は",
                 "Once the call is open");
  ExpectRendered("admin@example.jp", "/admin/calls/" + c + "/committee", "r2@example.jp", "r2@example.jp");
  ExpectRendered("admin@example.jp", "/admin/calls/" + c + "/ranking", "加重点", "Weighted score");
  auto ranking = Page("admin@example.jp", "/admin/calls/" + c + "/ranking", "en");
  EXPECT_NE(ranking->body.find("<svg"), std::string::npos) << "the chart of weighted scores";
  EXPECT_NE(ranking->body.find("3.500"), std::string::npos) << "(5 + 2) / 2 on every criterion";
  EXPECT_NE(ranking->body.find("Disagreement on"), std::string::npos) << "5 and 2 differ by 3";
  // The admin sees the field map's forms.
  auto fields = Page("admin@example.jp", "/fields", "ja");
  EXPECT_NE(fields->body.find("action=\"/admin/fields/" + std::to_string(field_) + "\""), std::string::npos);
}

TEST_F(ProgrammePages, ReviewerAndVendorPagesRenderInBothLanguages) {
  const std::string a = std::to_string(application_);
  ExpectRendered("r1@example.jp", "/reviewer", "可視化くん", "可視化くん");
  ExpectRendered("r1@example.jp", "/reviewer/applications/" + a, "配点（重み）", "Weight");
  auto review = Page("r1@example.jp", "/reviewer/applications/" + a, "ja");
  EXPECT_NE(review->body.find("他にない強み"), std::string::npos) << "the criterion's description beside the form";
  EXPECT_NE(review->body.find("name=\"score_"), std::string::npos);
  ExpectRendered("v@example.jp", "/vendor/applications", "可視化くん", "可視化くん");
  ExpectRendered("v@example.jp", "/vendor/applications/" + a, "提出済み", "Submitted");
  ExpectRendered("v@example.jp", "/calls/" + std::to_string(open_) + "/apply", "下書きを作成", "Create a draft");
}

TEST_F(ProgrammePages, TheEditorShowsTheServicesMessageForFrozenCriteria) {
  httplib::Client c(env_->server->host(), env_->server->port());
  httplib::Headers h{{"Authorization", "Bearer " + tokens_["admin@example.jp"]}};
  auto r = c.Post(("/admin/calls/" + std::to_string(open_)).c_str(), h,
                  httplib::Params{{"title", "受付中の公募"}, {"c_name_0", "別の基準"}, {"c_weight_0", "5"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body.substr(0, 2000);
  EXPECT_NE(r->body.find("公募開始後は審査基準と配点を変更できません"), std::string::npos) << r->body.substr(0, 3000);
  EXPECT_EQ(r->body.find("frozen once"), std::string::npos) << "never the API's English message";
}

TEST_F(ProgrammePages, OtherRolesAreRefused) {
  EXPECT_EQ(Page("v@example.jp", "/admin/calls", "ja")->status, 403);
  EXPECT_EQ(Page("r1@example.jp", "/vendor/applications", "ja")->status, 403);
  EXPECT_EQ(Page("admin@example.jp", "/reviewer", "ja")->status, 403);
}

}  // namespace
}  // namespace proven
