// Trial-deployment cases over the real binary, from the demo history's published products: a
// vendor proposes for its own product naming its customer, both sides consent (a change in
// between resets the consents), the case is public only as disclosed and only while both
// consent, and a withdrawal takes it down at once — plus the refusals on the way and the pages.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

const std::string kVendor = "apply@airlink-giken.example";  // AirWatch Scope（架空）, product 1 of the demo
const std::string kOtherVendor = "apply@mirai-shield.example";
const std::string kUser = "it@toto-seisakusho.example";
const std::string kColleague = "cio@toto-seisakusho.example";
const std::string kOtherUser = "it@minato-shoten.example";
const std::string kAdmin = "operator@demo.proven.example";
const std::string kReviewer = "sato@demo-univ.example";

class CaseApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "cases.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    tokens_ = testing::AddUsersWithTokens(db, {{kUser, "user", "東都製作所（架空）"},
                                               {kColleague, "user", "東都製作所（架空）"},
                                               {kOtherUser, "user", "みなと商店（架空）"}});
    for (const std::string& demo : {kVendor, kOtherVendor, kAdmin, kReviewer, std::string("apply@softguard-lab.example")}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create");
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    server_ = new testing::ServerProcess(db);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, body.dump(), "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body.dump(), "application/json");
    return c.Get(path.c_str(), h);
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  static std::string Parameter(const httplib::Result& r) {
    if (!r) return "";
    auto j = json::parse(r->body, nullptr, false);
    return j.is_object() && j["error"].contains("parameter") ? j["error"]["parameter"].get<std::string>() : "";
  }
  static json Checklist(bool name) {
    return {{"merits_and_drawbacks_considered", true}, {"disclose_company_name", name}, {"disclose_industry", true},
            {"disclose_size", true},  {"disclose_figures", true}, {"disclose_quote", true},
            {"internal_approval_obtained", true}, {"stakeholders_coordinated", true}};
  }
  static json Proposal() {
    return {{"product_id", 1},
            {"user_contact", kUser},
            {"anonymised_label", "製造業 A社, 従業員 300名"},
            {"industry", "製造業"},
            {"company_size", "medium"},
            {"period", "2026年4月〜9月"},
            {"deployed", "本社と2工場の無線LANに導入"},
            {"results", "不正なアクセスポイントを早期に発見できた。"},
            {"figures", {{{"label", "検知までの時間"}, {"value", "75"}, {"unit", "%短縮"}}}},
            {"quote", "現場の負担なく導入できました。"}};
  }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static testing::ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::TempDir* CaseApi::dir_ = nullptr;
testing::TestDatabase* CaseApi::db_ = nullptr;
testing::ServerProcess* CaseApi::server_ = nullptr;
std::map<std::string, std::string> CaseApi::tokens_;

TEST_F(CaseApi, ProposedConsentedPublishedAsDisclosedAndWithdrawn) {
  // The product comes from the verification API, as published.
  auto product = Ok(Call("", "GET", "/api/v1/products/1"));
  ASSERT_EQ(product["name"], "AirWatch Scope（架空）");
  // The demo history holds two published cases already (AirWatch Scope, anonymised; CloudSentinel).
  const int demo = Ok(Call("", "GET", "/api/v1/cases"))["total"];
  ASSERT_EQ(demo, 2);

  // Refusals before anything is written.
  EXPECT_EQ(Status(Call(kOtherVendor, "POST", "/api/v1/cases", Proposal())), 403) << "another vendor's product";
  EXPECT_EQ(Status(Call(kReviewer, "POST", "/api/v1/cases", Proposal())), 403) << "a role without the action";
  EXPECT_EQ(Status(Call("", "POST", "/api/v1/cases", Proposal())), 403) << "without credentials: the CSRF check first";
  auto bad = Proposal();
  bad["figures"][0]["value"] = "3割";
  auto refused = Call(kVendor, "POST", "/api/v1/cases", bad);
  EXPECT_EQ(Status(refused), 400);
  EXPECT_EQ(Parameter(refused), "figures[0].value");
  bad = Proposal();
  bad["colour"] = "red";
  EXPECT_EQ(Parameter(Call(kVendor, "POST", "/api/v1/cases", bad)), "colour");
  bad = Proposal();
  bad["user_contact"] = kOtherVendor;
  EXPECT_EQ(Parameter(Call(kVendor, "POST", "/api/v1/cases", bad)), "user_contact");
  bad = Proposal();
  bad.erase("industry");
  EXPECT_EQ(Parameter(Call(kVendor, "POST", "/api/v1/cases", bad)), "industry");

  auto created = Call(kVendor, "POST", "/api/v1/cases", Proposal());
  auto c = Ok(created, 201);
  const int id = c["id"];
  const std::string path = fmt::format("/api/v1/cases/{}", id);
  EXPECT_EQ(created->get_header_value("Location"), path);
  EXPECT_EQ(c["state"], "draft");
  EXPECT_EQ(c["side"], "vendor");
  EXPECT_EQ(c["view"], "party");
  EXPECT_EQ(c["user_org_name"], "東都製作所（架空）");
  EXPECT_EQ(c["fields"], json({1, 3}));
  EXPECT_EQ(c["disclosed"], nullptr);
  // A draft is nobody else's business.
  EXPECT_EQ(Status(Call("", "GET", path)), 404);
  EXPECT_EQ(Status(Call(kOtherVendor, "GET", path)), 404);
  EXPECT_EQ(Status(Call(kOtherUser, "GET", path)), 404);
  EXPECT_EQ(Ok(Call(kColleague, "GET", path))["side"], "user");
  EXPECT_EQ(Ok(Call(kAdmin, "GET", path))["side"], nullptr);

  // The vendor consents; an incomplete checklist names each unanswered question.
  auto incomplete = Checklist(true);
  incomplete["internal_approval_obtained"] = false;
  incomplete["stakeholders_coordinated"] = false;
  auto no = Call(kVendor, "PUT", path + "/consent", incomplete);
  EXPECT_EQ(Status(no), 400);
  auto problems = json::parse(no->body)["error"]["problems"];
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0]["parameter"], "internal_approval_obtained");
  EXPECT_EQ(Status(Call(kVendor, "PUT", path + "/consent", {{"disclose_quote", "yes"}})), 400);
  EXPECT_EQ(Ok(Call(kVendor, "PUT", path + "/consent", Checklist(true)))["state"], "awaiting_consents");
  EXPECT_EQ(Status(Call(kOtherUser, "PUT", path + "/consent", Checklist(true))), 404);

  // The user changes the results: both consents are reset, the other side must see it again.
  c = Ok(Call(kUser, "PATCH", path, {{"results", "不正なアクセスポイントを導入初週に3台発見した。"}}));
  EXPECT_EQ(c["state"], "draft");
  EXPECT_EQ(c["consents"]["vendor"], nullptr);
  EXPECT_EQ(c["history"].back()["kind"], "changed");
  EXPECT_EQ(c["history"].back()["detail"]["consents_reset"], true);

  // Both consent; the user keeps its name back.
  Ok(Call(kVendor, "PUT", path + "/consent", Checklist(true)));
  c = Ok(Call(kColleague, "PUT", path + "/consent", Checklist(false)));
  EXPECT_EQ(c["state"], "published");
  EXPECT_FALSE(c["published_at"].is_null());
  EXPECT_EQ(c["disclosed"]["organisation"], "製造業 A社, 従業員 300名");

  auto shown = Ok(Call("", "GET", path));
  EXPECT_EQ(shown["view"], "public");
  EXPECT_EQ(shown["named"], false);
  EXPECT_EQ(shown["organisation"], "製造業 A社, 従業員 300名");
  EXPECT_EQ(shown["industry"], "製造業");
  EXPECT_EQ(shown["figures"][0]["value"], "75");
  EXPECT_EQ(shown["results"], "不正なアクセスポイントを導入初週に3台発見した。");
  EXPECT_EQ(shown.find("user_org_name"), shown.end()) << "the name is not in the public record";
  EXPECT_EQ(shown.find("consents"), shown.end());
  EXPECT_EQ(Ok(Call(kOtherVendor, "GET", path))["view"], "public");

  // The listing and its filters.
  auto list = Ok(Call("", "GET", "/api/v1/cases"));
  ASSERT_EQ(list["total"], demo + 1);
  EXPECT_EQ(list["items"][0]["id"], id) << "newest publication first";
  httplib::Client anonymous(server_->host(), server_->port());
  auto get = [&](const std::string& query) { return anonymous.Get(("/api/v1/cases?" + query).c_str()); };
  // 製造業: this case and the demo's AirWatch Scope case; 金融・保険業: only the demo's CloudSentinel.
  EXPECT_EQ(json::parse(get("industry=%E8%A3%BD%E9%80%A0%E6%A5%AD")->body)["total"], 2);
  auto finance = json::parse(get("industry=%E9%87%91%E8%9E%8D%E3%83%BB%E4%BF%9D%E9%99%BA%E6%A5%AD")->body);
  ASSERT_EQ(finance["total"], 1);
  EXPECT_NE(finance["items"][0]["id"], id);
  EXPECT_EQ(json::parse(get("field=3")->body)["total"], 2) << "AirWatch Scope covers fields 1 and 3";
  EXPECT_EQ(json::parse(get("field=2")->body)["total"], 0);
  auto paged = json::parse(get("product=1&per_page=1")->body);
  EXPECT_EQ(paged["total"], 2);
  EXPECT_EQ(paged["items"].size(), 1u);
  EXPECT_EQ(Parameter(get("industry=%E5%AE%87%E5%AE%99")), "industry");
  EXPECT_EQ(Parameter(get("field=abc")), "field");
  EXPECT_EQ(Parameter(get("per_page=1000")), "per_page");

  // The pages show it, as disclosed, in both languages.
  auto page = anonymous.Get("/cases");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("製造業 A社, 従業員 300名"), std::string::npos);
  EXPECT_EQ(page->body.find("東都製作所"), std::string::npos) << "the names are withheld (this case's and the demo's)";
  auto en = anonymous.Get(fmt::format("/cases/{}?lang=en", id).c_str());
  ASSERT_EQ(en->status, 200);
  EXPECT_NE(en->body.find("Manufacturing"), std::string::npos);
  EXPECT_NE(en->body.find("lang=\"en\""), std::string::npos);

  // Published: no change; the lists by side.
  EXPECT_EQ(Status(Call(kVendor, "PATCH", path, {{"period", "2026年"}})), 409);
  EXPECT_EQ(Ok(Call(kUser, "GET", "/api/v1/me/cases"))["items"].size(), 1u);
  EXPECT_EQ(Ok(Call(kOtherUser, "GET", "/api/v1/me/cases"))["items"].size(), 0u);
  EXPECT_EQ(Ok(Call(kAdmin, "GET", "/api/v1/me/cases"))["items"].size(), 4u) << "the demo's three and this one";
  EXPECT_EQ(Status(Call(kReviewer, "GET", "/api/v1/me/cases")), 403);
  EXPECT_EQ(Status(Call(kAdmin, "POST", path + "/withdraw")), 403) << "the admin is no party";

  // The user withdraws: unpublished at once, and the history says who.
  c = Ok(Call(kUser, "POST", path + "/withdraw"));
  EXPECT_EQ(c["state"], "withdrawn");
  EXPECT_EQ(c["withdrawn_by"], "user");
  EXPECT_EQ(c["consents"]["vendor"], nullptr);
  const auto& history = c["history"];
  EXPECT_EQ(history[history.size() - 2]["kind"], "withdrawn");
  EXPECT_EQ(history[history.size() - 2]["party"], "user");
  EXPECT_EQ(history.back()["kind"], "unpublished");
  EXPECT_EQ(Status(Call("", "GET", path)), 404);
  EXPECT_EQ(Ok(Call("", "GET", "/api/v1/cases"))["total"], demo);
  EXPECT_EQ(anonymous.Get(fmt::format("/cases/{}", id).c_str())->status, 404);
  EXPECT_EQ(Status(Call(kUser, "POST", path + "/withdraw")), 409) << "nothing left to withdraw";

  auto verify = RunProven({"audit", "verify", "--db", db_->spec()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(CaseApi, AUserOrganisationProposesForItselfAndTheVendorSeesItsSide) {
  auto in = Proposal();
  in.erase("user_contact");
  in["product_id"] = 3;  // PatchPilot（架空）, another vendor's
  in["industry"] = "小売・卸売業";
  auto c = Ok(Call(kOtherUser, "POST", "/api/v1/cases", in), 201);
  EXPECT_EQ(c["proposed_by"], "user");
  EXPECT_EQ(c["side"], "user");
  const std::string path = fmt::format("/api/v1/cases/{}", c["id"].get<int>());
  EXPECT_EQ(Ok(Call("apply@softguard-lab.example", "GET", path))["side"], "vendor");
  in["user_contact"] = kUser;
  EXPECT_EQ(Parameter(Call(kOtherUser, "POST", "/api/v1/cases", in)), "user_contact");
  in.erase("user_contact");
  in["product_id"] = 999;
  EXPECT_EQ(Status(Call(kOtherUser, "POST", "/api/v1/cases", in)), 404);
}

TEST_F(CaseApi, TheWorkspacePagesRenderForEachSideAndHideCasesFromOthers) {
  auto in = Proposal();
  in["anonymised_label"] = "製造業 B社";
  auto c = Ok(Call(kVendor, "POST", "/api/v1/cases", in), 201);
  const int id = c["id"];
  auto page = [&](const std::string& who, const std::string& path) { return Call(who, "GET", path); };
  auto list = page(kVendor, "/workspace/cases");
  ASSERT_EQ(Status(list), 200);
  EXPECT_NE(list->body.find(fmt::format("/workspace/cases/{}", id)), std::string::npos);
  EXPECT_NE(list->body.find("data-testid=\"nav-case-workspace\""), std::string::npos) << "the menu offers it";
  auto form = page(kVendor, "/workspace/cases/new");
  ASSERT_EQ(Status(form), 200);
  EXPECT_NE(form->body.find("AirWatch Scope（架空）"), std::string::npos);
  EXPECT_EQ(form->body.find("PatchPilot（架空）"), std::string::npos) << "only the vendor's own products";
  EXPECT_NE(form->body.find("name=\"user_contact\""), std::string::npos);
  auto user_form = page(kUser, "/workspace/cases/new");
  EXPECT_NE(user_form->body.find("PatchPilot（架空）"), std::string::npos) << "a user may propose for any";
  EXPECT_EQ(user_form->body.find("name=\"user_contact\""), std::string::npos);
  auto mine = page(kUser, fmt::format("/workspace/cases/{}", id));
  ASSERT_EQ(Status(mine), 200);
  EXPECT_NE(mine->body.find("data-testid=\"consent-form\""), std::string::npos);
  EXPECT_NE(mine->body.find("data-testid=\"case-form\""), std::string::npos);
  auto admin = page(kAdmin, fmt::format("/workspace/cases/{}", id));
  ASSERT_EQ(Status(admin), 200);
  EXPECT_EQ(admin->body.find("data-testid=\"consent-form\""), std::string::npos) << "the admin only reads";
  EXPECT_EQ(Status(page(kOtherUser, fmt::format("/workspace/cases/{}", id))), 404);
  EXPECT_EQ(Status(page(kReviewer, "/workspace/cases")), 403);
  // No consent yet: nothing to withdraw, and the confirmation page says so.
  EXPECT_EQ(Status(page(kUser, fmt::format("/workspace/cases/{}/withdraw", id))), 409);
  Ok(Call(kUser, "PUT", fmt::format("/api/v1/cases/{}/consent", id), Checklist(true)));
  auto confirm = page(kUser, fmt::format("/workspace/cases/{}/withdraw?lang=en", id));
  ASSERT_EQ(Status(confirm), 200);
  EXPECT_NE(confirm->body.find("consent is removed"), std::string::npos);
}

}  // namespace
}  // namespace proven
