// High-level device verification over the real binary (issue 16): `proven import devices` builds
// the demo's projects through the workspace's rules; a maker requests a verification from a
// 機器検証 provider, the provider accepts, models threats (STRIDE per element, risk matrix), adds
// test items from the catalogue with threat coverage, records findings with CVSS scores; the maker
// answers; both agree a disclosure date; the checklist and the report; Threat Dragon export and
// import round trip; roles, sides, states and CSRF on the way.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/cookies.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::CookieFrom;
using testing::RunProven;

const std::string kMaker = "maker@keytech-demo.example";     // joins the demo maker's organisation
const std::string kProvider = "lab2@mihon-tech.example";      // 株式会社見本テック: 組込み機器セキュリティ診断
const std::string kOtherVendor = "sales@other-vendor.example";
const std::string kAdmin = "admin@operator.example";
const std::string kUser = "it@user-company.example";

class DeviceApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "devices.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto services = RunProven({"import", "services", testing::SourcePath("data/demo/services.csv"), "--db", db});
    if (services.exit_code != 0) throw std::runtime_error("import services: " + services.err);
    tokens_ = testing::AddUsersWithTokens(db, {{kMaker, "vendor", "株式会社キーテック（架空）"},
                                               {kProvider, "vendor", "株式会社見本テック"},
                                               {kOtherVendor, "vendor", "他社ベンダー（架空）"},
                                               {kAdmin, "admin", "検証基盤運営事務局（テスト）"},
                                               {kUser, "user", "利用企業（架空）"}});
    demo_ = RunProven({"import", "devices", testing::SourcePath("data/demo/devices.json"), "--db", db});
    server_ = new testing::ServerProcess(db);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static httplib::Client Client() {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(60, 0);
    return c;
  }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const std::string& body = "{}") {
    auto c = Client();
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    if (method == "POST") return c.Post(path.c_str(), h, body, "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body, "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, body, "application/json");
    if (method == "DELETE") return c.Delete(path.c_str(), h);
    return c.Get(path.c_str(), h);
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body.substr(0, 2000);
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  static std::int64_t ServiceOf(const std::string& provider) {
    auto list = Ok(Call("", "GET", "/api/v1/device-services"));
    for (const auto& s : list["services"]) {
      if (s["provider"] == provider) return s["id"].get<std::int64_t>();
    }
    return 0;
  }
  static json Request() {
    return {{"service_id", ServiceOf("株式会社見本テック")},
            {"title", "ロボット掃除機 RV-9 の検証"},
            {"device_kind", "robot_vacuum"},
            {"model", "RV-9"},
            {"firmware_version", "3.1.0"},
            {"interfaces", {"wifi", "cloud_api", "companion_app"}},
            {"intended_use", "家庭の床掃除。カメラで障害物を避ける。"},
            {"scope", "本体とクラウド API"},
            {"depth", "standard"}};
  }
  static std::string Edit(const std::string& path, const json& edit) {
    auto m = Ok(Call(kProvider, "POST", path + "/threat-model/edits", edit.dump()));
    return m.dump();
  }
  // The id of the element or threat with this name/title in a Threat Dragon document.
  static std::string IdIn(const json& td, const std::string& name, bool threat) {
    for (const auto& d : td["detail"]["diagrams"]) {
      for (const auto& cell : d["cells"]) {
        if (!threat && cell["data"].value("name", "") == name) return cell["id"];
        if (!threat || !cell["data"].contains("threats")) continue;
        for (const auto& t : cell["data"]["threats"]) {
          if (t.value("title", "") == name) return t["id"];
        }
      }
    }
    return "";
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline testing::TestDatabase* db_ = nullptr;
  static inline testing::ServerProcess* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
  static inline testing::CommandResult demo_;
};

TEST_F(DeviceApi, TheDemoImportBuildsAReportedPublishedProjectThroughTheRules) {
  ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  EXPECT_NE(demo_.out.find("2 device verification projects"), std::string::npos) << demo_.out;
  auto list = Ok(Call(kMaker, "GET", "/api/v1/device-projects"));
  ASSERT_GE(list["projects"].size(), 2u);
  const json* lock = nullptr;
  for (const auto& p : list["projects"]) {
    if (p["model"] == "KT-Lock 3") lock = &p;
  }
  ASSERT_NE(lock, nullptr);
  EXPECT_EQ((*lock)["status"], "reported");
  EXPECT_EQ((*lock)["side"], "maker");
  EXPECT_EQ((*lock)["publish"]["maker"], true);
  const auto id = (*lock)["id"].get<std::int64_t>();
  auto findings = Ok(Call(kMaker, "GET", fmt::format("/api/v1/device-projects/{}/findings", id)));
  ASSERT_EQ(findings["findings"].size(), 2u);
  // CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N is 6.5 MEDIUM by the specification's equations.
  EXPECT_EQ(findings["findings"][0]["cvss31"]["base_score"], 6.5);
  EXPECT_EQ(findings["findings"][0]["cvss31"]["severity"], "MEDIUM");
  EXPECT_EQ(findings["findings"][0]["retest"], "fixed");
  EXPECT_EQ(findings["findings"][0]["disclose_agreed"], true);
  EXPECT_EQ(findings["findings"][1]["maker_risk"], "medium");
  auto checklist = Ok(Call(kMaker, "GET", fmt::format("/api/v1/device-projects/{}/checklists/jc-star-1", id)));
  EXPECT_EQ(checklist["met"], 3);
  EXPECT_EQ(checklist["not_met"], 1);
  EXPECT_EQ(checklist["requirements"].size(), 16u);
  // The other vendor and a user company see nothing of it; the admin reads it.
  EXPECT_EQ(Status(Call(kOtherVendor, "GET", fmt::format("/api/v1/device-projects/{}", id))), 404);
  EXPECT_EQ(Status(Call(kUser, "GET", fmt::format("/api/v1/device-projects/{}", id))), 403);
  EXPECT_EQ(Status(Call("", "GET", fmt::format("/api/v1/device-projects/{}", id))), 401);
  EXPECT_EQ(Ok(Call(kAdmin, "GET", fmt::format("/api/v1/device-projects/{}", id)))["side"], "admin");
  // A second import into the same database is refused as a whole with the path of the problem.
  auto again = RunProven({"import", "devices", testing::SourcePath("data/demo/devices.json"), "--db", db_->spec()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("accounts[0]"), std::string::npos) << again.err;
}

TEST_F(DeviceApi, AWholeProjectFromRequestToReport) {
  // The request: codes are checked, naming the field.
  json bad = Request();
  bad["device_kind"] = "toaster";
  bad["interfaces"] = {"wifi", "telepathy"};
  auto refused = Call(kMaker, "POST", "/api/v1/device-projects", bad.dump());
  EXPECT_EQ(Status(refused), 400);
  EXPECT_NE(refused->body.find("device_kind"), std::string::npos) << refused->body;
  EXPECT_NE(refused->body.find("interfaces.1"), std::string::npos) << refused->body;
  EXPECT_EQ(Status(Call(kUser, "POST", "/api/v1/device-projects", Request().dump())), 403);
  auto p = Ok(Call(kMaker, "POST", "/api/v1/device-projects", Request().dump()), 201);
  ASSERT_EQ(p["status"], "requested");
  const std::string path = fmt::format("/api/v1/device-projects/{}", p["id"].get<std::int64_t>());
  EXPECT_EQ(Ok(Call(kProvider, "GET", path))["side"], "provider");
  EXPECT_EQ(Status(Call(kOtherVendor, "GET", path)), 404);

  // Only the provider accepts; work waits for the acceptance.
  EXPECT_EQ(Status(Call(kMaker, "POST", path + "/accept")), 403);
  EXPECT_EQ(Status(Call(kProvider, "POST", path + "/threat-model/edits",
                        json{{"op", "add_element"}, {"kind", "process"}, {"name", "x"}}.dump())),
            409);
  Ok(Call(kProvider, "POST", path + "/accept"));

  // The threat model: elements, a flow, STRIDE per element, the risk matrix.
  Edit(path, {{"op", "add_element"}, {"kind", "actor"}, {"name", "利用者アプリ"}, {"entry_point", true}});
  Edit(path, {{"op", "add_element"}, {"kind", "process"}, {"name", "本体ファームウェア"}, {"asset", true}});
  auto td = json::parse(Edit(path, {{"op", "add_element"}, {"kind", "store"}, {"name", "地図データ"}, {"asset", true}}));
  const std::string app = IdIn(td, "利用者アプリ", false), fw = IdIn(td, "本体ファームウェア", false),
                    store = IdIn(td, "地図データ", false);
  ASSERT_FALSE(fw.empty());
  Edit(path, {{"op", "add_element"}, {"kind", "flow"}, {"name", "操作コマンド"}, {"source", app}, {"target", fw}});
  auto spoof_store = Call(kProvider, "POST", path + "/threat-model/edits",
                          json{{"op", "add_threat"}, {"id", store}, {"category", "spoofing"}, {"title", "x"}}.dump());
  EXPECT_EQ(Status(spoof_store), 400) << "STRIDE-per-element: a data store has no spoofing";
  EXPECT_NE(spoof_store->body.find("category"), std::string::npos);
  td = json::parse(Edit(path, {{"op", "add_threat"}, {"id", fw}, {"category", "tampering"},
                               {"title", "署名のないファームウェアの書き込み"}, {"likelihood", 3}, {"impact", 3}}));
  td = json::parse(Edit(path, {{"op", "add_threat"}, {"id", store}, {"category", "information_disclosure"},
                               {"title", "地図データの読み出し"}, {"likelihood", 1}, {"impact", 2}}));
  const std::string tamper = IdIn(td, "署名のないファームウェアの書き込み", true);
  ASSERT_FALSE(tamper.empty());
  auto coverage = Ok(Call(kProvider, "GET", path + "/coverage"));
  EXPECT_EQ(coverage["threats"], 2);
  EXPECT_EQ(coverage["untested_high"], 1) << "3 × 3 is critical and nothing tests it yet";
  EXPECT_EQ(coverage["rows"][0]["risk"], "critical");
  EXPECT_EQ(coverage["rows"][1]["risk"], "low");

  // A catalogue item linked by its STRIDE categories; once it has a result, the threat is tested.
  auto item = Ok(Call(kProvider, "POST", path + "/items", json{{"catalogue_code", "TI-UPD-01"}}.dump()), 201);
  EXPECT_EQ(item["threats"], json::array({tamper}));
  const auto item_id = item["id"].get<std::int64_t>();
  item["status"] = "failed";
  item["result"] = "署名を確認せずに書き込めた";
  Ok(Call(kProvider, "PATCH", fmt::format("{}/items/{}", path, item_id),
          json{{"title", item["title"]}, {"threats", item["threats"]}, {"status", "failed"}, {"result", "署名を確認せずに書き込めた"}}.dump()));
  coverage = Ok(Call(kProvider, "GET", path + "/coverage"));
  EXPECT_EQ(coverage["untested_high"], 0);
  EXPECT_EQ(coverage["tested"], 1);

  // Findings: a bad vector names the field and the metric; a good one is scored.
  auto bad_vector = Call(kProvider, "POST", path + "/findings",
                         json{{"title", "t"}, {"description", "d"}, {"cvss31", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}.dump());
  EXPECT_EQ(Status(bad_vector), 400);
  EXPECT_NE(bad_vector->body.find("cvss31"), std::string::npos) << bad_vector->body;
  EXPECT_NE(bad_vector->body.find("AV"), std::string::npos) << bad_vector->body;
  auto f = Ok(Call(kProvider, "POST", path + "/findings",
                   json{{"title", "署名検証のないアップデート"},
                        {"description", "改変したファームウェアを書き込める。"},
                        {"threat_id", tamper},
                        {"test_item_id", item_id},
                        {"cvss31", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}
                       .dump()),
              201);
  EXPECT_EQ(f["cvss31"]["base_score"], 9.8);
  EXPECT_EQ(f["severity"], "CRITICAL");
  EXPECT_EQ(f["withheld"], true);
  const std::string fpath = fmt::format("{}/findings/{}", path, f["id"].get<std::int64_t>());
  // The maker answers; the provider cannot answer for it.
  EXPECT_EQ(Status(Call(kProvider, "POST", fpath + "/response", json{{"maker_risk", "high"}}.dump())), 403);
  auto answered = Ok(Call(kMaker, "POST", fpath + "/response",
                          json{{"maker_risk", "high"}, {"response", "fix"}, {"response_note", "次版で修正"}}.dump()));
  EXPECT_EQ(answered["response"], "fix");
  // A disclosure date: proposed by one side, agreed by the other only.
  Ok(Call(kProvider, "POST", fpath + "/disclosure", json{{"op", "propose"}, {"date", "2099-01-31"}}.dump()));
  EXPECT_EQ(Status(Call(kProvider, "POST", fpath + "/disclosure", json{{"op", "agree"}}.dump())), 409);
  auto agreed = Ok(Call(kMaker, "POST", fpath + "/disclosure", json{{"op", "agree"}}.dump()));
  EXPECT_EQ(agreed["disclose_agreed"], true);
  EXPECT_EQ(agreed["disclosed"], false) << "withheld until 2099-01-31";
  EXPECT_EQ(Status(Call(kMaker, "POST", fpath + "/disclosure", json{{"op", "propose"}, {"date", "2001-01-01"}}.dump())), 400);

  // The checklist: an assessment of an unknown requirement names the code.
  EXPECT_EQ(Status(Call(kProvider, "PUT", path + "/checklists/jc-star-1/S9.9-99", json{{"status", "met"}}.dump())), 400);
  auto list = Ok(Call(kProvider, "PUT", path + "/checklists/jc-star-1/S1.1-08",
                      json{{"status", "not_met"}, {"note", "署名検証なし"}}.dump()));
  EXPECT_EQ(list["not_met"], 1);
  EXPECT_EQ(list["mandatory_open"], 16);

  // Threat Dragon: the export imports again and exports the same.
  auto exported = Call(kMaker, "GET", path + "/threat-model");
  ASSERT_EQ(Status(exported), 200);
  const json first = json::parse(exported->body);
  EXPECT_EQ(first["version"].get<std::string>().substr(0, 2), "2.");
  Ok(Call(kProvider, "PUT", path + "/threat-model", exported->body));
  EXPECT_EQ(json::parse(Call(kMaker, "GET", path + "/threat-model")->body), first);
  auto not_td = Call(kProvider, "PUT", path + "/threat-model", R"({"summary": {"title": "v1"}, "detail": {"diagrams": [{"diagramJson": {}}]}})");
  EXPECT_EQ(Status(not_td), 400);

  // The report, then both sides' consent publishes it.
  Ok(Call(kProvider, "POST", path + "/report", json{{"note", "アップデートの署名検証がない。"}}.dump()));
  auto pdf = Call(kMaker, "GET", fmt::format("/devices/{}/report.pdf", p["id"].get<std::int64_t>()));
  ASSERT_EQ(Status(pdf), 200);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  EXPECT_EQ(Ok(Call(kMaker, "PUT", path + "/consent", json{{"consent", true}}.dump()))["publish"]["maker"], true);
  auto both = Ok(Call(kProvider, "PUT", path + "/consent", json{{"consent", true}}.dump()));
  EXPECT_EQ(both["publish"]["provider"], true);
  // A reported project no longer takes the maker's edits to the request.
  EXPECT_EQ(Status(Call(kMaker, "PATCH", path, Request().dump())), 409);
}

TEST_F(DeviceApi, PagesRenderInBothLanguagesAndFormsNeedTheCsrfToken) {
  // A project of this test's own (each test runs in its own server), accepted by the provider.
  auto created = Ok(Call(kMaker, "POST", "/api/v1/device-projects", Request().dump()), 201);
  const auto id = created["id"].get<std::int64_t>();
  Ok(Call(kProvider, "POST", fmt::format("/api/v1/device-projects/{}/accept", id)));
  auto c = Client();
  const std::string pre = CookieFrom(c.Get("/login"), "proven_csrf");
  auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                  httplib::Params{{"email", kProvider}, {"password", testing::kTestPassword}, {"csrf", pre}});
  ASSERT_EQ(Status(r), 303);
  const std::string sid = CookieFrom(r, "proven_session");
  const httplib::Headers cookie{{"Cookie", "proven_session=" + sid}};
  for (const std::string lang : {"ja", "en"}) {
    const std::vector<std::string> pages{"/devices",
                                         fmt::format("/devices/{}", id),
                                         fmt::format("/devices/{}/threats", id),
                                         fmt::format("/devices/{}/items", id),
                                         fmt::format("/devices/{}/findings", id),
                                         fmt::format("/devices/{}/checklists/jc-star-1", id)};
    for (const std::string& page : pages) {
      auto got = c.Get((page + "?lang=" + lang).c_str(), cookie);
      ASSERT_TRUE(got) << page;
      EXPECT_EQ(got->status, 200) << page << " " << got->body.substr(0, 800);
      EXPECT_EQ(got->body.find("{{"), std::string::npos) << page;
      EXPECT_EQ(got->body.find("device_"), std::string::npos) << page << " " << lang << ": a message key shown";
    }
  }
  auto svg = c.Get(fmt::format("/devices/{}/threat-model.svg", id).c_str(), cookie);
  ASSERT_EQ(Status(svg), 200);
  EXPECT_NE(svg->body.find("<svg"), std::string::npos);
  // A form without the session's CSRF token changes nothing.
  auto forged = c.Post(fmt::format("/devices/{}/threats", id).c_str(), cookie,
                       httplib::Params{{"op", "add_element"}, {"kind", "process"}, {"name", "forged"}, {"csrf", "forged"}});
  EXPECT_EQ(Status(forged), 403);
  EXPECT_EQ(Call(kProvider, "GET", fmt::format("/api/v1/device-projects/{}/threat-model", id))->body.find("forged"),
            std::string::npos);
}

}  // namespace
}  // namespace proven
