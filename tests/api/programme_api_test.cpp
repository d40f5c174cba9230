// The verification programme over the API, on the real binary: a whole call from draft to
// decision (draft → open → applications → close → declarations → scores → ranking → decisions),
// with frozen criteria, deadlines, conflicts of interest, blind scoring, attachments, and the
// ranking arithmetic checked against values worked out by hand.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;

// A 1×1 PNG.
const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33) +
                         std::string("\0\0\0\rIDATx\x9c" "c\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xae" "B`\x82", 34);

std::string UtcIn(int seconds) {
  const auto t = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(t)));
}

class Programme : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"admin@example.jp", "admin", ""},
                                      {"alpha@example.jp", "vendor", "株式会社アルファ"},
                                      {"beta@example.jp", "vendor", "株式会社ベータ"},
                                      {"gamma@example.jp", "vendor", "株式会社ガンマ"},
                                      {"r1@example.jp", "reviewer", "国立大学X"},
                                      {"r2@example.jp", "reviewer", "株式会社アルファ"},
                                      {"r3@example.jp", "reviewer", "研究所Y"},
                                      {"reg@example.jp", "registrar", "審査機構A"}},
                                     {});
  }
  static void TearDownTestSuite() { delete env_; }

  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = nullptr) {
    httplib::Client c(env_->server->host(), env_->server->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + env_->tokens[who]);
    const std::string b = body.is_null() ? "{}" : body.dump();
    if (method == "POST") return c.Post(path.c_str(), h, b, "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, b, "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, b, "application/json");
    return c.Get(path.c_str(), h);
  }
  static json Ok(httplib::Result r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static json Err(httplib::Result r, int status) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false)["error"];
  }
  static httplib::Result Upload(const std::string& who, std::int64_t app, const std::string& filename,
                                const std::string& content) {
    httplib::Client c(env_->server->host(), env_->server->port());
    httplib::MultipartFormDataItems items = {{"file", content, filename, "application/octet-stream"}};
    return c.Post(fmt::format("/api/v1/applications/{}/attachments", app).c_str(),
                  httplib::Headers{{"Authorization", "Bearer " + env_->tokens[who]}}, items);
  }

  static testing::SeededServer* env_;
};
testing::SeededServer* Programme::env_ = nullptr;

TEST_F(Programme, FieldMapIsSeededAndTheAdminEditsItWithAHistory) {
  auto fields = Ok(Call("", "GET", "/api/v1/fields"));
  ASSERT_GE(fields["items"].size(), 7u);
  std::vector<std::string> names;
  for (const auto& f : fields["items"]) names.push_back(f["name_ja"]);
  for (const char* want : {"脅威の可視化", "脆弱性の可視化", "IT資産管理", "脅威インテリジェンスの整理・管理",
                           "マルウェア感染/被害の重篤度判定", "教育・トレーニング", "ハイレベルセキュリティ検証"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
  auto created = Ok(Call("admin@example.jp", "POST", "/api/v1/fields",
                         {{"name_ja", "OTセキュリティ"}, {"name_en", "OT security"}, {"rationale", "製造業の需要"},
                          {"reviewed_fy", 2026}}),
                    201);
  const auto id = created["id"].get<std::int64_t>();
  auto changed = Ok(Call("admin@example.jp", "PATCH", fmt::format("/api/v1/fields/{}", id), {{"status", "retired"}}));
  EXPECT_EQ(changed["status"], "retired");
  auto history = Ok(Call("", "GET", "/api/v1/fields"))["history"];
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[0]["field_id"], id);
  EXPECT_EQ(history[0]["kind"], "retired");
  EXPECT_EQ(history[1]["kind"], "created");

  EXPECT_EQ(Err(Call("alpha@example.jp", "POST", "/api/v1/fields", {{"name_ja", "x"}, {"name_en", "x"}}), 403)["code"],
            "permission_denied");
  EXPECT_EQ(Err(Call("admin@example.jp", "POST", "/api/v1/fields", {{"name_ja", ""}, {"name_en", "x"}}), 400)["parameter"],
            "name_ja");
  EXPECT_EQ(Err(Call("admin@example.jp", "PATCH", fmt::format("/api/v1/fields/{}", id), {{"colour", "red"}}), 400)["parameter"],
            "colour");
}

TEST_F(Programme, AWholeCallFromDraftToDecision) {
  const std::string admin = "admin@example.jp";
  // ---- Draft ----
  const json draft = {
      {"title", "令和8年度 検証製品公募"},
      {"description", "重要分野の製品を公募します。"},
      {"eligibility", "日本国内に拠点を持つ事業者"},
      {"fields", {1, 2}},
      {"opens_at", UtcIn(-3600)},
      {"closes_at", UtcIn(10)},
      {"questions",
       {{{"kind", "text"}, {"prompt", "製品の独自性"}, {"required", true}},
        {{"kind", "single_choice"}, {"prompt", "導入実績"}, {"options", {"なし", "10社未満", "10社以上"}}},
        {{"kind", "file"}, {"prompt", "製品資料"}}}},
      {"criteria",
       {{{"name", "独自性"}, {"weight", 3}},
        {{"name", "重要分野への該当度合"}, {"weight", 1}},
        {{"name", "市場性"}, {"weight", 1}}}}};
  auto call = Ok(Call(admin, "POST", "/api/v1/calls", draft), 201);
  const auto call_id = call["id"].get<std::int64_t>();
  const std::string call_path = fmt::format("/api/v1/calls/{}", call_id);
  EXPECT_EQ(call["state"], "draft");
  EXPECT_EQ(call["criteria"].size(), 3u);
  // Drafts exist for the admin alone.
  EXPECT_EQ(Err(Call("", "GET", call_path), 404)["code"], "not_found");
  EXPECT_EQ(Err(Call("alpha@example.jp", "POST", call_path + "/applications", {{"name", "x"}}), 404)["code"], "not_found");
  for (const auto& c : Ok(Call("", "GET", "/api/v1/calls"))["items"]) EXPECT_NE(c["id"], call_id);
  // While a draft, anything may change: 該当度合 becomes weight 2.
  call = Ok(Call(admin, "PATCH", call_path,
                 {{"criteria",
                   {{{"name", "独自性"}, {"weight", 3}},
                    {{"name", "重要分野への該当度合"}, {"weight", 2}},
                    {{"name", "市場性"}, {"weight", 1}}}}}));
  const auto c1 = call["criteria"][0]["id"].get<std::int64_t>();
  const auto c2 = call["criteria"][1]["id"].get<std::int64_t>();
  const auto c3 = call["criteria"][2]["id"].get<std::int64_t>();
  const auto q_text = call["questions"][0]["id"].get<std::int64_t>();
  const auto q_choice = call["questions"][1]["id"].get<std::int64_t>();
  const auto q_file = call["questions"][2]["id"].get<std::int64_t>();
  EXPECT_EQ(Err(Call(admin, "PATCH", call_path, {{"criteria", {{{"name", "x"}, {"weight", 0}}}}}), 400)["parameter"],
            "criteria[0].weight");

  // ---- Open: criteria and weights frozen ----
  call = Ok(Call(admin, "POST", call_path + "/open"));
  EXPECT_EQ(call["state"], "open");
  EXPECT_EQ(Err(Call(admin, "POST", call_path + "/open"), 409)["code"], "failed_precondition");
  auto frozen = Err(Call(admin, "PATCH", call_path,
                         {{"criteria", {{{"name", "独自性"}, {"weight", 5}}, {{"name", "市場性"}, {"weight", 1}}}}}),
                    409);
  EXPECT_EQ(frozen["parameter"], "criteria");
  EXPECT_NE(frozen["message"].get<std::string>().find("frozen"), std::string::npos);
  EXPECT_EQ(Ok(Call(admin, "PATCH", call_path, {{"title", "令和8年度 検証製品公募（第1回）"}}))["title"],
            "令和8年度 検証製品公募（第1回）");
  auto pub = Ok(Call("", "GET", call_path));
  EXPECT_EQ(pub["criteria"][1]["weight"], 2) << "criteria and weights are public once open";

  // ---- Applications ----
  const json product_a = {{"name", "ThreatLens"},
                          {"version", "3.2"},
                          {"overview", "ネットワークの脅威を可視化する。"},
                          {"fields", {1}},
                          {"deployment", {"saas", "on_premises"}},
                          {"homepage", "https://alpha.example/"},
                          {"answers", {{std::to_string(q_text), "国産の検知エンジン"}, {std::to_string(q_choice), "10社以上"}}}};
  auto a = Ok(Call("alpha@example.jp", "POST", call_path + "/applications", product_a), 201);
  const auto app_a = a["id"].get<std::int64_t>();
  EXPECT_EQ(a["state"], "draft");
  EXPECT_EQ(a["vendor"], "株式会社アルファ");
  // Attachments: a PNG by content; HTML named .png refused.
  auto up = Upload("alpha@example.jp", app_a, "製品資料.png", kPng);
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  const auto att = json::parse(up->body)["id"].get<std::int64_t>();
  EXPECT_EQ(json::parse(up->body)["content_type"], "image/png");
  auto fake = Upload("alpha@example.jp", app_a, "evil.png", "<html><script>alert(1)</script>");
  EXPECT_EQ(fake->status, 400);
  EXPECT_EQ(json::parse(fake->body)["error"]["parameter"], "file");
  a = Ok(Call("alpha@example.jp", "PATCH", fmt::format("/api/v1/applications/{}", app_a),
              {{"answers", {{std::to_string(q_file), att}}}}));
  EXPECT_EQ(a["answers"][std::to_string(q_file)], att);
  EXPECT_EQ(Err(Call("alpha@example.jp", "PATCH", fmt::format("/api/v1/applications/{}", app_a),
                     {{"answers", {{std::to_string(q_choice), "100社"}}}}),
                400)["parameter"],
            "answers." + std::to_string(q_choice));
  Ok(Call("alpha@example.jp", "POST", fmt::format("/api/v1/applications/{}/submit", app_a)));
  EXPECT_EQ(Err(Call("alpha@example.jp", "PATCH", fmt::format("/api/v1/applications/{}", app_a), {{"name", "x"}}), 409)["code"],
            "failed_precondition");

  json product_b = product_a;
  product_b["name"] = "VulnScope";
  product_b["fields"] = {2};
  auto b = Ok(Call("beta@example.jp", "POST", call_path + "/applications", product_b), 201);
  const auto app_b = b["id"].get<std::int64_t>();
  // Incomplete: a required answer missing → 400 naming it.
  json incomplete = {{"name", "Half"}, {"overview", "途中"}, {"fields", {1}}, {"deployment", "saas"}};
  auto half = Ok(Call("beta@example.jp", "POST", call_path + "/applications", incomplete), 201);
  EXPECT_EQ(Err(Call("beta@example.jp", "POST", fmt::format("/api/v1/applications/{}/submit", half["id"].get<int>())), 400)["parameter"],
            "answers." + std::to_string(q_text));
  Ok(Call("beta@example.jp", "POST", fmt::format("/api/v1/applications/{}/submit", app_b)));
  json product_c = product_a;
  product_c["name"] = "AssetMap";
  auto c = Ok(Call("gamma@example.jp", "POST", call_path + "/applications", product_c), 201);
  const auto app_c = c["id"].get<std::int64_t>();
  Ok(Call("gamma@example.jp", "POST", fmt::format("/api/v1/applications/{}/submit", app_c)));
  auto withdrawn = Ok(Call("gamma@example.jp", "POST", call_path + "/applications", product_c), 201);
  EXPECT_EQ(Ok(Call("gamma@example.jp", "POST", fmt::format("/api/v1/applications/{}/withdraw", withdrawn["id"].get<int>())))["state"],
            "withdrawn");

  // One vendor never sees another's application or its files.
  EXPECT_EQ(Err(Call("beta@example.jp", "GET", fmt::format("/api/v1/applications/{}", app_a)), 404)["code"], "not_found");
  EXPECT_EQ(Err(Call("beta@example.jp", "GET", fmt::format("/api/v1/attachments/{}", att)), 404)["code"], "not_found");
  auto mine = Ok(Call("alpha@example.jp", "GET", "/api/v1/applications"))["items"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["id"], app_a);
  auto file = Call("alpha@example.jp", "GET", fmt::format("/api/v1/attachments/{}", att));
  ASSERT_EQ(file->status, 200);
  EXPECT_EQ(file->body, kPng);
  EXPECT_EQ(file->get_header_value("Content-Type"), "image/png");
  EXPECT_TRUE(file->get_header_value("Content-Disposition").starts_with("attachment;"));

  // ---- Committee ----
  for (const char* r : {"r1@example.jp", "r2@example.jp", "r3@example.jp"}) {
    Ok(Call(admin, "POST", call_path + "/reviewers", {{"email", r}}), 201);
  }
  EXPECT_EQ(Err(Call(admin, "POST", call_path + "/reviewers", {{"email", "r1@example.jp"}}), 409)["parameter"], "email");
  EXPECT_EQ(Err(Call(admin, "POST", call_path + "/reviewers", {{"email", "beta@example.jp"}}), 409)["parameter"], "email");
  EXPECT_EQ(Err(Call(admin, "POST", call_path + "/reviewers", {{"email", "nobody@example.jp"}}), 404)["parameter"], "email");
  // Before the close, nothing to review: the application is not shown, declaring is refused.
  EXPECT_EQ(Err(Call("r1@example.jp", "GET", fmt::format("/api/v1/applications/{}", app_a)), 404)["code"], "not_found");
  EXPECT_EQ(Err(Call("r1@example.jp", "POST", fmt::format("/api/v1/applications/{}/conflict", app_a),
                     {{"conflict", false}}),
                409)["code"],
            "failed_precondition");
  EXPECT_EQ(Err(Call("gamma@example.jp", "POST", fmt::format("/api/v1/applications/{}/conflict", app_a),
                     {{"conflict", false}}),
                403)["code"],
            "permission_denied");
  Ok(Call("r3@example.jp", "POST", "/api/v1/me/relationships", {{"organisation", "株式会社ベータ"}, {"note", "技術顧問"}}), 201);
  EXPECT_EQ(Err(Call("r3@example.jp", "POST", "/api/v1/me/relationships", {{"organisation", "存在しない会社"}}), 404)["parameter"],
            "organisation");

  // ---- The deadline passes: the call closes by itself ----
  const auto closes = std::chrono::system_clock::now() + std::chrono::seconds(2);
  while (Ok(Call("", "GET", call_path))["state"] == "open") {
    ASSERT_LT(std::chrono::system_clock::now(), closes + std::chrono::seconds(15)) << "the call never closed";
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(Ok(Call("", "GET", call_path))["state"], "closed");
  EXPECT_EQ(Err(Call("beta@example.jp", "POST", fmt::format("/api/v1/applications/{}/submit", half["id"].get<int>())), 409)["code"],
            "failed_precondition");
  EXPECT_EQ(Err(Call("beta@example.jp", "POST", call_path + "/applications", product_b), 409)["code"], "failed_precondition");
  EXPECT_EQ(Err(Call(admin, "PATCH", call_path, {{"closes_at", UtcIn(3600)}}), 409)["parameter"], "closes_at");

  // ---- Declarations: automatic conflicts say why ----
  auto scores = [&](int a1, int a2, int a3) {
    return json{{"scores", {{std::to_string(c1), a1}, {std::to_string(c2), a2}, {std::to_string(c3), a3}}},
                {"comment", "所見"}};
  };
  const auto app_path = [](std::int64_t id) { return fmt::format("/api/v1/applications/{}", id); };
  EXPECT_EQ(Err(Call("r1@example.jp", "PUT", app_path(app_a) + "/scores", scores(5, 4, 3)), 409)["code"],
            "failed_precondition")
      << "declare first";
  auto before = Ok(Call("r1@example.jp", "GET", app_path(app_a)));
  EXPECT_EQ(before["details_visible"], false);
  EXPECT_EQ(before["product"]["name"], "ThreatLens");
  EXPECT_FALSE(before["product"].contains("overview"));
  for (auto id : {app_a, app_b, app_c}) {
    EXPECT_EQ(Ok(Call("r1@example.jp", "POST", app_path(id) + "/conflict", {{"conflict", false}}))["status"], "clear");
  }
  auto same_org = Ok(Call("r2@example.jp", "POST", app_path(app_a) + "/conflict", {{"conflict", false}}));
  EXPECT_EQ(same_org["status"], "conflicted");
  EXPECT_EQ(same_org["automatic"], "same_organisation");
  Ok(Call("r2@example.jp", "POST", app_path(app_b) + "/conflict", {{"conflict", false}}));
  Ok(Call("r2@example.jp", "POST", app_path(app_c) + "/conflict", {{"conflict", false}}));
  auto related = Ok(Call("r3@example.jp", "GET", app_path(app_b)));
  EXPECT_EQ(related["details_visible"], false);
  EXPECT_EQ(related["conflict"]["automatic"], "declared_relationship");
  EXPECT_EQ(Ok(Call("r3@example.jp", "POST", app_path(app_c) + "/conflict", {{"conflict", true}, {"reason", "共同研究中"}}))["status"],
            "conflicted");
  Ok(Call("r3@example.jp", "POST", app_path(app_a) + "/conflict", {{"conflict", false}}));
  // A conflicted reviewer sees no details, no files, and may not score.
  EXPECT_EQ(Ok(Call("r2@example.jp", "GET", app_path(app_a)))["details_visible"], false);
  EXPECT_EQ(Err(Call("r2@example.jp", "GET", fmt::format("/api/v1/attachments/{}", att)), 404)["code"], "not_found");
  EXPECT_EQ(Err(Call("r2@example.jp", "PUT", app_path(app_a) + "/scores", scores(1, 1, 1)), 403)["code"],
            "permission_denied");
  EXPECT_EQ(Call("r1@example.jp", "GET", fmt::format("/api/v1/attachments/{}", att))->status, 200);

  // ---- Scores: every criterion, integers 1..5 ----
  auto missing = Err(Call("r1@example.jp", "PUT", app_path(app_a) + "/scores",
                          {{"scores", {{std::to_string(c1), 5}, {std::to_string(c2), 4}}}}),
                     400);
  EXPECT_EQ(missing["parameter"], "scores." + std::to_string(c3));
  EXPECT_EQ(Err(Call("r1@example.jp", "PUT", app_path(app_a) + "/scores", scores(6, 4, 3)), 400)["parameter"],
            "scores." + std::to_string(c1));
  auto fractional = scores(5, 4, 3);
  fractional["scores"][std::to_string(c2)] = 2.5;
  EXPECT_EQ(Err(Call("r1@example.jp", "PUT", app_path(app_a) + "/scores", fractional), 400)["parameter"],
            "scores." + std::to_string(c2));

  // Blind: r3 sees no one's scores until it has scored; then r1's.
  Ok(Call("r1@example.jp", "PUT", app_path(app_a) + "/scores", scores(5, 4, 3)));
  auto blind = Ok(Call("r3@example.jp", "GET", app_path(app_a)));
  EXPECT_EQ(blind["details_visible"], true);
  EXPECT_FALSE(blind.contains("other_reviews"));
  auto after = Ok(Call("r3@example.jp", "PUT", app_path(app_a) + "/scores", scores(4, 4, 2)));
  ASSERT_EQ(after["other_reviews"].size(), 1u);
  EXPECT_EQ(after["other_reviews"][0]["scores"][std::to_string(c1)], 5);
  // Declarations are final once scored.
  EXPECT_EQ(Err(Call("r3@example.jp", "POST", app_path(app_a) + "/conflict", {{"conflict", true}}), 409)["code"],
            "failed_precondition");
  Ok(Call("r1@example.jp", "PUT", app_path(app_b) + "/scores", scores(5, 4, 1)));
  Ok(Call("r2@example.jp", "PUT", app_path(app_b) + "/scores", scores(2, 4, 4)));
  Ok(Call("r1@example.jp", "PUT", app_path(app_c) + "/scores", scores(3, 3, 3)));

  auto queue = Ok(Call("r2@example.jp", "GET", "/api/v1/reviewer/queue"))["items"];
  EXPECT_EQ(queue.size(), 3u);

  // ---- Ranking, worked by hand (weights 3, 2, 1; Σ = 6) ----
  //  A: r1 (5,4,3), r3 (4,4,2) [r2 conflicted]: means 4.5, 4, 2.5; (3·9 + 2·8 + 5)/12 = 48/12 = 4.000
  //  B: r1 (5,4,1), r2 (2,4,4) [r3 conflicted]: means 3.5, 4, 2.5; (3·7 + 2·8 + 5)/12 = 3.500;
  //     独自性 5 vs 2 and 市場性 1 vs 4 differ by 3: disagreement
  //  C: r1 (3,3,3) only [r3 conflicted, r2 did not score]: below the quorum of 2, not ranked
  EXPECT_EQ(Err(Call("alpha@example.jp", "GET", call_path + "/ranking"), 403)["code"], "permission_denied");
  auto ranking = Ok(Call(admin, "GET", call_path + "/ranking"));
  auto rows = ranking["applications"];
  ASSERT_EQ(rows.size(), 3u) << ranking.dump();
  EXPECT_EQ(rows[0]["application_id"], app_a);
  EXPECT_EQ(rows[0]["rank"], 1);
  EXPECT_EQ(rows[0]["reviews"], 2);
  EXPECT_DOUBLE_EQ(rows[0]["weighted_score"].get<double>(), 4.0);
  EXPECT_DOUBLE_EQ(rows[0]["criterion_means"][std::to_string(c1)].get<double>(), 4.5);
  EXPECT_EQ(rows[0]["disagreement"], false);
  EXPECT_EQ(rows[1]["application_id"], app_b);
  EXPECT_EQ(rows[1]["rank"], 2);
  EXPECT_DOUBLE_EQ(rows[1]["weighted_score"].get<double>(), 3.5);
  EXPECT_EQ(rows[1]["disagreement"], true);
  EXPECT_EQ(rows[1]["disagreement_criteria"], (json{c1, c3}));
  EXPECT_EQ(rows[2]["application_id"], app_c);
  EXPECT_EQ(rows[2]["ranked"], false);
  EXPECT_EQ(rows[2]["rank"], nullptr);
  EXPECT_EQ(rows[2]["reviews"], 1);

  auto committee = Ok(Call(admin, "GET", call_path + "/committee"));
  EXPECT_EQ(committee["reviewers"].size(), 3u);
  EXPECT_EQ(committee["progress"].size(), 9u);

  // ---- Decisions ----
  EXPECT_EQ(Err(Call(admin, "POST", app_path(app_a) + "/decision", {{"outcome", "maybe"}}), 400)["parameter"], "outcome");
  EXPECT_EQ(Err(Call("r1@example.jp", "POST", app_path(app_a) + "/decision", {{"outcome", "selected"}, {"rationale", "x"}}), 403)["code"],
            "permission_denied");
  Ok(Call(admin, "POST", app_path(app_a) + "/decision", {{"outcome", "selected"}, {"rationale", "独自性が高い"}}));
  auto seen = Ok(Call("alpha@example.jp", "GET", app_path(app_a)));
  EXPECT_EQ(seen["outcome"], "selected");
  EXPECT_EQ(seen["rationale"], "独自性が高い");
  EXPECT_EQ(Ok(Call("beta@example.jp", "GET", app_path(app_b)))["outcome"], nullptr);
  EXPECT_EQ(Ok(Call("", "GET", call_path))["state"], "closed");
  Ok(Call(admin, "POST", app_path(app_b) + "/decision", {{"outcome", "not_selected"}, {"rationale", "市場性"}}));
  Ok(Call(admin, "POST", app_path(app_c) + "/decision", {{"outcome", "not_selected"}, {"rationale", "審査数不足"}}));
  auto decided = Ok(Call("", "GET", call_path));
  EXPECT_EQ(decided["state"], "decided");
  ASSERT_EQ(decided["selected"].size(), 1u);
  EXPECT_EQ(decided["selected"][0]["product"], "ThreatLens");
  EXPECT_EQ(Err(Call(admin, "POST", app_path(app_b) + "/decision", {{"outcome", "selected"}, {"rationale", "x"}}), 409)["code"],
            "failed_precondition");
  EXPECT_EQ(Err(Call("r2@example.jp", "PUT", app_path(app_c) + "/scores", scores(3, 3, 3)), 409)["code"],
            "failed_precondition");

  // Every step is in the audit log, and the chain holds.
  auto verify = testing::RunProven({"audit", "verify", "--db", env_->db});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace proven
