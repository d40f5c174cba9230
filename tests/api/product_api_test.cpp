// The verified-product catalogue on the real binary (issue 10): the demo history's published
// products and one more published here through the verification API (demo application 1), then the search API
// (keyword, facets, paging, the service search's errors), the pages, compare, the coverage matrix
// and its CSV, and the badge (valid SVG, nothing from the query in it, absolute links from the
// configured public URL). A second server on the same database sees a product published through
// the first at its next search.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

constexpr const char* kAdmin = "operator@demo.proven.example";
constexpr const char* kVerifier = "k@lab.example";
constexpr const char* kPublicUrl = "https://proven.example.jp";

class ProductApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "products.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    tokens_ = testing::AddUsersWithTokens(db, {{kVerifier, "verifier", "検証ラボ"}});
    for (const char* demo : {kAdmin, "apply@mirai-shield.example", "apply@airlink-giken.example"}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create");
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    server_ = new testing::ServerProcess(db, {"--public-url", kPublicUrl});
    // A second instance on the same database, started before anything is published here.
    other_ = new testing::ServerProcess(db);
    baseline_ = Get(*other_, "/api/v1/products")["total"].get<int>();
    // Demo application 1 (ShieldGate WAF) is selected and not yet verified: published here. The
    // demo history publishes AirWatch Scope (application 2) and the FY2024 call's products itself.
    shieldgate_ = Publish(1, "apply@mirai-shield.example");
    const auto air = Get(*server_, "/api/v1/products?q=AirWatch");
    if (air["total"] != 1) throw std::runtime_error("the demo's AirWatch Scope is not published: " + air.dump());
    airwatch_ = air["items"][0]["id"].get<int>();
  }
  static void TearDownTestSuite() {
    delete other_;
    delete server_;
    delete db_;
    delete dir_;
  }

  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h{{"Authorization", "Bearer " + tokens_[who]}};
    if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, body.dump(), "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body.dump(), "application/json");
    return c.Get(path.c_str(), h);
  }
  static json Ok(httplib::Result r, int status = 200) {
    if (!r || r->status != status) {
      throw std::runtime_error(fmt::format("expected {}, got {}: {}", status, r ? r->status : -1, r ? r->body : ""));
    }
    return json::parse(r->body);
  }
  static json Get(const testing::ServerProcess& s, const std::string& path) {
    httplib::Client c(s.host(), s.port());
    auto r = c.Get(path.c_str());
    if (!r) throw std::runtime_error("no answer for " + path);
    return json::parse(r->body, nullptr, false);
  }
  static httplib::Result Anonymous(const std::string& path, const httplib::Headers& h = {}) {
    httplib::Client c(server_->host(), server_->port());
    return c.Get(path.c_str(), h);
  }

  // Verification of a selected demo application through to its publication; the product's id.
  static int Publish(int application, const std::string& vendor) {
    auto v = Ok(Call(kAdmin, "POST", "/api/v1/verifications", {{"application_id", application}}), 201);
    const std::string path = fmt::format("/api/v1/verifications/{}", v["id"].get<int>());
    Ok(Call(kAdmin, "POST", path + "/verifiers", {{"email", kVerifier}}), 201);
    v = Ok(Call(kVerifier, "PUT", path + "/plan",
                {{"items",
                  {{{"title", "検知率"}, {"environment", "検証用ネットワーク"}, {"method", "攻撃816件"}, {"expected", "95%以上"}},
                   {{"title", "誤検知の少なさ"}, {"method", "通常の通信1000件"}}}}}));
    const int item1 = v["items"][0]["id"], item2 = v["items"][1]["id"];
    Ok(Call(vendor, "POST", path + "/agree-plan"));
    const std::string point = "国内の攻撃傾向に合わせた高い検知率";
    Ok(Call(kVerifier, "PATCH", path,
            {{"summary", "試験環境で検証した。"},
             {"results",
              {{{"item_id", item1}, {"result", "pass"}, {"metric", {{"value", "0.962"}, {"unit", "rate"}, {"sample_size", 816}}}},
               {{"item_id", item2}, {"result", "partial"}, {"notes", "誤検知 0.4%"}}}},
             {"strong_points", {{{"text", point}, {"items", {item1}}}}}}));
    Ok(Call(kVerifier, "POST", path + "/submit"));
    Ok(Call(vendor, "POST", path + "/approve"));
    return Ok(Call(kAdmin, "POST", path + "/publish"), 201)["product_id"].get<int>();
  }

  static std::vector<int> Ids(const json& page) {
    std::vector<int> out;
    for (const auto& i : page["items"]) out.push_back(i["id"].get<int>());
    return out;
  }
  static bool Has(const std::vector<int>& ids, int id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static testing::ServerProcess* server_;
  static testing::ServerProcess* other_;
  static std::map<std::string, std::string> tokens_;
  static int baseline_, shieldgate_, airwatch_;
};
testing::TempDir* ProductApi::dir_ = nullptr;
testing::TestDatabase* ProductApi::db_ = nullptr;
testing::ServerProcess* ProductApi::server_ = nullptr;
testing::ServerProcess* ProductApi::other_ = nullptr;
std::map<std::string, std::string> ProductApi::tokens_;
int ProductApi::baseline_ = 0;
int ProductApi::shieldgate_ = 0;
int ProductApi::airwatch_ = 0;

TEST_F(ProductApi, AProductPublishedThroughOneInstanceIsInTheOthersNextSearch) {
  const auto all = Get(*other_, "/api/v1/products?per_page=100");
  EXPECT_EQ(all["total"].get<int>(), baseline_ + 1);
  EXPECT_GE(baseline_, 1) << "the demo's published products were there before";
  EXPECT_TRUE(Has(Ids(all), shieldgate_));
  EXPECT_TRUE(Has(Ids(all), airwatch_));
  EXPECT_EQ(Get(*other_, "/api/v1/products?q=ShieldGate")["total"], 1);
}

TEST_F(ProductApi, SearchesByKeywordAndFacetsWithDisjunctiveCounts) {
  auto page = Get(*server_, "/api/v1/products?q=shieldgate");
  ASSERT_EQ(page["total"], 1);
  const auto& item = page["items"][0];
  EXPECT_EQ(item["id"], shieldgate_);
  EXPECT_EQ(item["name"], "ShieldGate WAF（架空）");
  EXPECT_EQ(item["fields"], json::array({1}));
  EXPECT_EQ(item["deployment"], json::array({"saas"}));
  EXPECT_EQ(item["strong_points"], json::array({"国内の攻撃傾向に合わせた高い検知率"}));
  EXPECT_EQ(item["url"], fmt::format("/products/{}", shieldgate_));
  // Keyword over the strong points, full-width and hiragana folded.
  EXPECT_TRUE(Has(Ids(Get(*server_, "/api/v1/products?q=%E9%AB%98%E3%81%84%E6%A4%9C%E7%9F%A5%E7%8E%87")), shieldgate_));  // 高い検知率 (a strong point only)
  EXPECT_TRUE(Has(Ids(Get(*server_, "/api/v1/products?q=airwatch")), airwatch_));
  EXPECT_EQ(Get(*server_, "/api/v1/products?q=%EF%BC%B3%EF%BD%88%EF%BD%89%EF%BD%85%EF%BD%8C%EF%BD%84")["total"], 1);  // Ｓｈｉｅｌｄ

  // Field 3: AirWatch only; the field facet still counts field 1 (its own selection left out).
  page = Get(*server_, "/api/v1/products?field=3&per_page=100");
  EXPECT_TRUE(Has(Ids(page), airwatch_));
  EXPECT_FALSE(Has(Ids(page), shieldgate_));
  EXPECT_GE(page["facets"]["field"]["1"].get<int>(), 2);
  EXPECT_GE(page["facets"]["deployment"]["appliance"].get<int>(), 1);
  // OR within a facet, AND across facets.
  page = Get(*server_, "/api/v1/products?deployment=saas&deployment=appliance&per_page=100");
  EXPECT_TRUE(Has(Ids(page), airwatch_));
  EXPECT_TRUE(Has(Ids(page), shieldgate_));
  page = Get(*server_, "/api/v1/products?deployment=saas&field=3&per_page=100");
  EXPECT_FALSE(Has(Ids(page), airwatch_));
  EXPECT_FALSE(Has(Ids(page), shieldgate_));
  // Vendor and the fiscal year (published today: this fiscal year).
  const auto product = Get(*server_, fmt::format("/api/v1/products/{}", shieldgate_));
  const int fy = product["fiscal_year_verified"];
  page = Get(*server_, fmt::format("/api/v1/products?year={}&vendor={}&per_page=100", fy,
                                   "%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE"));  // a vendor name that is no vendor's
  EXPECT_EQ(page["total"], 0);
  page = Get(*server_, fmt::format("/api/v1/products?year={}&per_page=100", fy));
  EXPECT_TRUE(Has(Ids(page), shieldgate_));
  EXPECT_EQ(page["facets"]["year"][std::to_string(fy)].get<int>(), page["total"].get<int>());
  const std::string vendor = product["vendor"];
  EXPECT_GE(page["facets"]["vendor"][vendor].get<int>(), 1);
  EXPECT_FALSE(Has(Ids(Get(*server_, fmt::format("/api/v1/products?year={}", fy - 1))), shieldgate_));
}

TEST_F(ProductApi, PagesAndSortsLikeTheServiceSearch) {
  const auto all = Get(*server_, "/api/v1/products?sort=name&per_page=100");
  const int total = all["total"];
  ASSERT_GE(total, 2);
  auto second = Get(*server_, "/api/v1/products?sort=name&per_page=1&page=2");
  EXPECT_EQ(second["page"], 2);
  EXPECT_EQ(second["per_page"], 1);
  EXPECT_EQ(second["total"], total);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["id"], all["items"][1]["id"]);
  EXPECT_EQ(Get(*server_, "/api/v1/products?page=1000")["items"].size(), 0u) << "past the end: empty, not an error";
  auto newest = Get(*server_, "/api/v1/products?sort=newest&per_page=100");
  ASSERT_EQ(newest["items"].size(), static_cast<std::size_t>(total));
  for (std::size_t i = 1; i < newest["items"].size(); ++i) {
    EXPECT_GE(newest["items"][i - 1]["first_published_at"].get<std::string>().substr(0, 10),
              newest["items"][i]["first_published_at"].get<std::string>().substr(0, 10));
  }
}

TEST_F(ProductApi, BadParametersAre400NamingTheParameter) {
  for (auto [query, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"per_page=0", "per_page"}, {"per_page=101", "per_page"}, {"page=0", "page"}, {"page=x", "page"},
           {"sort=price", "sort"}, {"sort=name&sort=newest", "sort"}, {"order=up", "order"},
           {"deployment=cloud", "deployment"}, {"year=1999", "year"}, {"year=2026x", "year"}, {"field=abc", "field"},
           {"field=-1", "field"}}) {
    auto r = Anonymous("/api/v1/products?" + query);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << query;
    EXPECT_EQ(json::parse(r->body)["error"]["parameter"], parameter) << query << ": " << r->body;
  }
  // The page answers 400 too, naming the parameter, with the form still there.
  auto page = Anonymous("/products?per_page=0");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->body.find("per_page"), std::string::npos);
}

TEST_F(ProductApi, TheProductPageShowsTheReportAndItsVersions) {
  auto r = Anonymous(fmt::format("/products/{}", shieldgate_));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  for (const char* want : {"ShieldGate WAF（架空）", "国内の攻撃傾向に合わせた高い検知率", "0.962 rate", "n = 816",
                           "reports/1.pdf", "data-testid=\"latest\"", "badge.svg"}) {
    EXPECT_NE(r->body.find(want), std::string::npos) << want;
  }
  const auto product = Get(*server_, fmt::format("/api/v1/products/{}", shieldgate_));
  EXPECT_NE(r->body.find(fmt::format("href=\"/calls/{}\"", product["call_id"].get<int>())), std::string::npos);
  // The embed snippet links to the configured public URL.
  EXPECT_NE(r->body.find(fmt::format("{}/products/{}", kPublicUrl, shieldgate_)), std::string::npos);
  auto en = Anonymous(fmt::format("/products/{}?lang=en", shieldgate_));
  EXPECT_NE(en->body.find("Strong points"), std::string::npos);
  EXPECT_EQ(Anonymous("/products/999999")->status, 404);
  EXPECT_EQ(Anonymous("/products")->status, 200);
  auto searched = Anonymous("/products?q=ShieldGate&lang=en");
  EXPECT_NE(searched->body.find("Verified-product catalogue"), std::string::npos);
  EXPECT_NE(searched->body.find(fmt::format("/products/{}\"", shieldgate_)), std::string::npos);
}

TEST_F(ProductApi, ComparesTwoToFourProducts) {
  auto r = Anonymous(fmt::format("/products/compare?ids={},{}", shieldgate_, airwatch_));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("ShieldGate WAF（架空）"), std::string::npos);
  EXPECT_NE(r->body.find("AirWatch Scope（架空）"), std::string::npos);
  const auto air = Get(*server_, fmt::format("/api/v1/products/{}", airwatch_));
  ASSERT_FALSE(air["report"]["strong_points"].empty());
  EXPECT_NE(r->body.find(air["report"]["strong_points"][0]["text"].get<std::string>()), std::string::npos);
  // The search page's checkboxes send ids=…&ids=….
  EXPECT_EQ(Anonymous(fmt::format("/products/compare?ids={}&ids={}", shieldgate_, airwatch_))->status, 200);
  EXPECT_EQ(Anonymous(fmt::format("/products/compare?ids={}", shieldgate_))->status, 400);
  EXPECT_EQ(Anonymous("/products/compare")->status, 400);
  EXPECT_EQ(Anonymous(fmt::format("/products/compare?ids={0},{0}", shieldgate_))->status, 400);
  EXPECT_EQ(Anonymous("/products/compare?ids=1,2,3,4,5")->status, 400);
  EXPECT_EQ(Anonymous(fmt::format("/products/compare?ids={},abc", shieldgate_))->status, 400);
  EXPECT_EQ(Anonymous(fmt::format("/products/compare?ids={},999999", shieldgate_))->status, 404);
}

TEST_F(ProductApi, TheCoverageMatrixAndItsCsv) {
  auto r = Anonymous("/fields/matrix.csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  ASSERT_TRUE(r->body.starts_with("\xEF\xBB\xBF"));
  auto rows = ParseCsv(std::string_view(r->body).substr(3));
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_GE(rows->size(), 3u);
  const auto& header = (*rows)[0].fields;
  ASSERT_GE(header.size(), 3u);
  EXPECT_EQ(header[0], "製品");
  EXPECT_EQ(header[1], "事業者");
  // Columns in field-map order; field 1 is the first column.
  auto row_of = [&](const std::string& name) -> const std::vector<std::string>* {
    for (const auto& row : *rows) {
      if (!row.fields.empty() && row.fields[0] == name) return &row.fields;
    }
    return nullptr;
  };
  const auto* shield = row_of("ShieldGate WAF（架空）");
  const auto* air = row_of("AirWatch Scope（架空）");
  ASSERT_TRUE(shield && air);
  EXPECT_EQ((*shield)[2], "●");
  EXPECT_EQ((*air)[2], "●");
  EXPECT_EQ(std::count(shield->begin(), shield->end(), "●"), 1);
  EXPECT_EQ(std::count(air->begin(), air->end(), "●"), 2);

  // Filtered to field 3: one column, only the products covering it.
  auto only = ParseCsv(std::string_view(Anonymous("/fields/matrix.csv?field=3&lang=en")->body).substr(3)).value();
  ASSERT_GE(only.size(), 2u);
  EXPECT_EQ(only[0].fields.size(), 3u);
  EXPECT_EQ(only[0].fields[0], "Product");
  for (std::size_t i = 1; i < only.size(); ++i) {
    EXPECT_NE(only[i].fields[0], "ShieldGate WAF（架空）");
    EXPECT_EQ(only[i].fields[2], "●");
  }
  EXPECT_EQ(Anonymous("/fields/matrix.csv?field=abc")->status, 400);
  EXPECT_EQ(Anonymous("/fields/matrix.csv?field=99999")->status, 400);
  auto html = Anonymous("/fields/matrix?field=3");
  EXPECT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("AirWatch Scope（架空）"), std::string::npos);
  EXPECT_EQ(html->body.find("ShieldGate WAF（架空）"), std::string::npos);
  EXPECT_EQ(Anonymous("/fields/matrix?field=99999")->status, 400);
}

TEST_F(ProductApi, TheBadgeIsValidSvgDrawnFromTheRecordOnly) {
  const std::string path = fmt::format("/products/{}/badge.svg", shieldgate_);
  // Query text and a forged Host never reach the image.
  auto r = Anonymous(path + "?q=%3Cscript%3EFORGED&field=FORGED&year=1999&text=FORGED",
                     {{"Host", "evil.example"}, {"Accept-Language", "en"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "image/svg+xml; charset=utf-8");
  EXPECT_NE(r->get_header_value("Cache-Control").find("max-age="), std::string::npos);
  EXPECT_EQ(r->body.find("FORGED"), std::string::npos);
  EXPECT_EQ(r->body.find("<script"), std::string::npos);
  EXPECT_EQ(r->body.find("evil.example"), std::string::npos);
  EXPECT_NE(r->body.find(fmt::format("{}/products/{}", kPublicUrl, shieldgate_)), std::string::npos);
  EXPECT_NE(r->body.find("検証済み"), std::string::npos) << "Japanese unless ?lang=en";
  const auto product = Get(*server_, fmt::format("/api/v1/products/{}", shieldgate_));
  EXPECT_NE(r->body.find(fmt::format("{}年度", product["fiscal_year_verified"].get<int>())), std::string::npos);
  auto en = Anonymous(path + "?lang=en");
  EXPECT_NE(en->body.find("Verified by the programme"), std::string::npos);
  EXPECT_NE(en->body.find(fmt::format("FY{}", product["fiscal_year_verified"].get<int>())), std::string::npos);
  // Well-formed XML.
  for (const auto& body : {r->body, en->body}) {
    const std::string file = (*dir_ / "badge.svg").string();
    std::ofstream(file, std::ios::binary) << body;
    EXPECT_EQ(std::system(("xmllint --noout '" + file + "'").c_str()), 0) << body;
  }
  EXPECT_EQ(Anonymous("/products/999999/badge.svg")->status, 404);
  EXPECT_EQ(Anonymous(path + "?lang=fr")->status, 400);
}

TEST_F(ProductApi, TheCatalogueIsPublicAndLinkedFromTheMenu) {
  auto home = Anonymous("/");
  ASSERT_TRUE(home);
  EXPECT_NE(home->body.find("href=\"/products\""), std::string::npos);
  EXPECT_NE(home->body.find("href=\"/fields/matrix\""), std::string::npos);
}

}  // namespace
}  // namespace proven
