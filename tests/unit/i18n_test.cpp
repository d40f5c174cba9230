// The message catalogue: every key the code names exists in both languages with the same
// placeholders, every code shown as a label has one, and pages never show an error's English
// message (web/i18n.hpp, docs/i18n.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/date.hpp"
#include "domain/auth.hpp"
#include "domain/codes.hpp"
#include "domain/consultations/consultation.hpp"
#include "domain/events/event.hpp"
#include "domain/events/survey.hpp"
#include "domain/mail.hpp"
#include "domain/matching/matching.hpp"
#include "domain/programme/deployment_case.hpp"
#include "domain/lifecycle.hpp"
#include "domain/limits.hpp"
#include "domain/programme/programme.hpp"
#include "domain/programme/verification.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"
#include "services/query_params.hpp"
#include "web/i18n.hpp"

namespace proven {
namespace {

using web::Lang;

std::set<std::string> Placeholders(std::string_view text) {
  static const std::regex kSlot(R"(\{([a-z_]+)\})");
  std::set<std::string> names;
  const std::string s(text);
  for (std::sregex_iterator it(s.begin(), s.end(), kSlot), end; it != end; ++it) names.insert((*it)[1]);
  return names;
}

std::vector<web::CatalogueEntry> AllEntries() {
  std::vector<web::CatalogueEntry> all;
  for (const auto part : web::CatalogueParts()) {
    for (const auto& e : part) all.push_back(e);
  }
  return all;
}

// Every string literal in the sources (src/) that matches `pattern` (its first group).
std::set<std::string> LiteralsInSources(const std::regex& pattern) {
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(PROVEN_SOURCE_DIR) + "/src")) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), pattern), end; it != end; ++it) found.insert((*it)[1]);
  }
  return found;
}

TEST(Catalogue, EveryEntryHasBothLanguagesWithTheSamePlaceholdersAndKeysAreUnique) {
  std::set<std::string_view> keys;
  for (const auto& e : AllEntries()) {
    EXPECT_TRUE(keys.insert(e.key).second) << "key twice: " << e.key;
    EXPECT_FALSE(e.ja.empty() && !e.en.empty() && !e.key.ends_with("_suffix") && !e.key.ends_with("_prefix"))
        << "no Japanese text: " << e.key;
    if ((e.key.starts_with("error.") || e.key.starts_with("field.")) && e.key != "error.with_field") {
      EXPECT_FALSE(e.ja.empty()) << e.key;
      EXPECT_FALSE(e.en.empty()) << e.key;
      EXPECT_NE(e.ja, e.en) << "not translated: " << e.key;
    }
    EXPECT_EQ(Placeholders(e.ja), Placeholders(e.en)) << "placeholders differ: " << e.key;
  }
  EXPECT_GT(keys.size(), 250u);
}

TEST(Catalogue, EveryKeyTheCodeNamesExists) {
  // Literal keys: "error.…", "import.…", "field.…" anywhere in src/.
  const auto used = LiteralsInSources(std::regex(R"re("((?:error|import|field|audit_chain)\.[a-z_]+(?:\.[a-z_]+)*)")re"));
  ASSERT_GT(used.size(), 60u) << "the scan finds the keys";
  for (const auto& key : used) {
    if (key == "error.code" || key == "error.with_field") continue;  // a prefix and a format built on
    EXPECT_TRUE(web::HasMessage(key)) << "missing in the catalogue: " << key;
  }
  EXPECT_TRUE(web::HasMessage("error.with_field"));
  // Every literal key given to Message(lang, "key"…) in src/, page texts included.
  const auto messages = LiteralsInSources(std::regex(R"re(Message\([A-Za-z:]+, "([a-z_.]+)"[,)])re"));
  ASSERT_GT(messages.size(), 30u) << "the scan finds the Message calls";
  for (const auto& key : messages) EXPECT_TRUE(web::HasMessage(key)) << "missing in the catalogue: " << key;
  // Keys built from codes.
  for (auto code : {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kAlreadyExists,
                    ErrorCode::kPermissionDenied, ErrorCode::kUnauthenticated, ErrorCode::kFailedPrecondition,
                    ErrorCode::kResourceExhausted, ErrorCode::kUnavailable, ErrorCode::kInternal}) {
    EXPECT_TRUE(web::HasMessage("error.code." + std::string(ErrorCodeName(code)))) << ErrorCodeName(code);
  }
  for (const auto& info : domain::ServiceFields()) {
    EXPECT_TRUE(web::HasMessage("field." + std::string(info.key))) << info.key;
  }
  // Keys built from a prefix and a code: "badge_" + status, "event_" + kind.
  for (auto st : {domain::ServiceStatus::kValid, domain::ServiceStatus::kExpiringSoon, domain::ServiceStatus::kExpired,
                  domain::ServiceStatus::kNotYetValid, domain::ServiceStatus::kSuspended,
                  domain::ServiceStatus::kRevoked}) {
    EXPECT_TRUE(web::HasMessage("badge_" + std::string(domain::StatusCode(st)))) << domain::StatusCode(st);
  }
  // Every event kind (domain/codes.hpp).
  for (const auto& k : domain::kEventKindCodes) {
    EXPECT_TRUE(web::HasMessage("event_" + std::string(k.code))) << k.code;
  }
}

// The programme's reasons built from codes: every refused call transition, every "not found".
TEST(Catalogue, EveryRefusedCallTransitionAndMissingRecordHasAText) {
  for (const auto& state : domain::kCallStateCodes) {
    for (auto action : domain::kCallActions) {
      auto st = domain::MayDoToCall(1, state.value, action);
      if (st) continue;
      EXPECT_TRUE(web::HasMessage(st.error().reason.key)) << st.error().reason.key;
    }
  }
  for (const char* what : {"call", "application", "field", "attachment"}) {
    EXPECT_TRUE(web::HasMessage(std::string("error.") + what + ".not_found")) << what;
  }
}

// Every refused step of a verification names its reason "error.verification.<state>.<action>";
// each has a text in both languages, and the states and item results have labels.
TEST(Catalogue, EveryRefusedVerificationStepAndVerificationLabelHasAText) {
  int refused = 0;
  for (const auto& state : domain::kVerificationStateCodes) {
    EXPECT_TRUE(web::HasMessage("verification_state." + std::string(state.code))) << state.code;
    EXPECT_NE(web::CodeLabel(Lang::kJa, "verification_state", state.code),
              web::CodeLabel(Lang::kEn, "verification_state", state.code));
    for (auto action : domain::kVerificationActions) {
      auto next = domain::NextVerificationState(7, state.value, action);
      if (next) continue;
      ++refused;
      const auto& key = next.error().reason.key;
      EXPECT_TRUE(web::HasMessage(key)) << key;
      const std::string ja = web::Message(Lang::kJa, key, next.error().reason.args);
      EXPECT_NE(ja.find("有効性検証 7 "), std::string::npos) << key << ": " << ja;
      EXPECT_NE(web::Message(Lang::kEn, key, next.error().reason.args).find("Verification 7 "), std::string::npos) << key;
    }
  }
  EXPECT_EQ(refused, 44);
  for (const auto& r : domain::kItemResultCodes) {
    EXPECT_TRUE(web::HasMessage("item_result." + std::string(r.code))) << r.code;
  }
  for (const char* what : {"verification", "evidence", "product"}) {
    EXPECT_TRUE(web::HasMessage(std::string("error.") + what + ".not_found")) << what;
  }
}

TEST(Catalogue, EveryCodeShownAsALabelHasOne) {
  for (auto r : domain::kRoles) {
    EXPECT_TRUE(web::HasMessage("role." + std::string(domain::RoleCode(r)))) << domain::RoleCode(r);
    EXPECT_NE(web::RoleLabel(r, Lang::kJa), web::RoleLabel(r, Lang::kEn));
  }
  for (auto k : {domain::OrgKind::kRegistrationBody, domain::OrgKind::kVendor, domain::OrgKind::kUserCompany,
                 domain::OrgKind::kOperator}) {
    EXPECT_TRUE(web::HasMessage("org_kind." + std::string(domain::OrgKindCode(k)))) << domain::OrgKindCode(k);
  }
  for (const auto& st : domain::kProposalStatusCodes) {
    EXPECT_TRUE(web::HasMessage("proposal_status." + std::string(st.code))) << st.code;
  }
  // The catalogue's type names are the list's own (the import reads the Japanese ones).
  for (auto t : domain::kServiceTypes) {
    EXPECT_EQ(web::TypeLabel(t, Lang::kJa), domain::TypeLabelJa(t));
    EXPECT_EQ(web::TypeLabel(t, Lang::kEn), domain::TypeLabelEn(t));
  }
  // Every audit action (domain/codes.hpp).
  for (const auto& a : domain::kAuditActionCodes) {
    EXPECT_TRUE(web::HasMessage("audit." + std::string(a.code))) << "no label for audit action " << a.code;
  }
  // Every place a page names (domain/regions.hpp): Japanese as the list's own data, English from
  // the catalogue alone.
  std::vector<std::string_view> places{domain::kNationwide};
  for (const auto& a : domain::Areas()) places.push_back(a.name);
  for (const auto& p : domain::Prefectures()) places.push_back(p.name);
  ASSERT_EQ(places.size(), 56u);
  std::set<std::string_view> distinct(places.begin(), places.end());  // 北海道 is an area and a prefecture
  std::set<std::string> english;
  for (auto place : distinct) {
    const auto key = domain::PlaceKey(place);
    ASSERT_TRUE(key) << place;
    EXPECT_TRUE(web::HasMessage(*key)) << "no English name for " << place;
    EXPECT_EQ(web::Message(Lang::kJa, *key), place) << "the catalogue's Japanese is the list's own";
    EXPECT_EQ(web::PlaceLabel(place, Lang::kJa), place);
    const std::string en = web::PlaceLabel(place, Lang::kEn);
    EXPECT_EQ(en, web::Message(Lang::kEn, *key));
    EXPECT_TRUE(english.insert(en).second) << "two places called " << en;
    EXPECT_TRUE(std::all_of(en.begin(), en.end(), [](unsigned char c) { return c < 0x80; })) << en;
  }
  EXPECT_EQ(web::PlaceLabel("東京都", Lang::kEn), "Tokyo");
  EXPECT_EQ(domain::PlaceKey("東京都"), "place.prefecture.tokyo");
  EXPECT_EQ(web::PlaceLabel("関東", Lang::kEn), "Kanto");
  EXPECT_EQ(web::PlaceLabel("九州・沖縄", Lang::kEn), "Kyushu-Okinawa");
  EXPECT_EQ(web::PlaceLabel("日本全国", Lang::kEn), "All of Japan");
  EXPECT_EQ(web::PlaceLabel("どこか", Lang::kEn), "どこか") << "an unknown place shows as itself";
  EXPECT_FALSE(domain::PlaceKey("どこか"));

  EXPECT_EQ(web::CodeLabel(Lang::kJa, "audit", "service.suspend"), "登録の一時停止");
  EXPECT_EQ(web::CodeLabel(Lang::kJa, "audit", "no.such"), "no.such") << "an unknown code shows as itself";
}

// The audit chain's problems, as the admin page shows them: a reason from the catalogue with its
// entry numbers, in either language; the English message stays for the CLI.
TEST(Catalogue, AuditChainProblemsRenderInBothLanguages) {
  testing::TempDir dir;
  store::ConnectionPool pool(dir.path().string() + "/audit.db", true);
  auto conn = pool.Acquire();
  ASSERT_TRUE(conn);
  ASSERT_TRUE(store::ApplyMigrations(**conn));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store::AppendAudit(**conn, store::AuditRecord("cli", domain::AuditAction::kUserCreate).On("user", i)));
  }
  ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_no_update"));
  ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_no_delete"));
  ASSERT_TRUE((*conn)->Exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1"));
  ASSERT_TRUE((*conn)->Exec("DELETE FROM audit_log WHERE seq = 2"));
  const auto v = store::VerifyAudit(**conn).value();
  std::set<std::string> keys;
  for (const auto& p : v.problems) {
    keys.insert(p.reason.key);
    const std::string ja = web::Message(Lang::kJa, p.reason.key, p.reason.args);
    const std::string en = web::Message(Lang::kEn, p.reason.key, p.reason.args);
    EXPECT_TRUE(web::HasMessage(p.reason.key)) << p.reason.key;
    EXPECT_EQ(ja.find('{'), std::string::npos) << ja;
    EXPECT_EQ(en.find('{'), std::string::npos) << en;
    EXPECT_NE(ja, p.message) << "a Japanese page never shows the English message";
    EXPECT_NE(ja.find("記録"), std::string::npos) << ja;
  }
  EXPECT_EQ(keys, (std::set<std::string>{"audit_chain.changed", "audit_chain.missing", "audit_chain.unlinked"}));
  EXPECT_EQ(web::Message(Lang::kEn, "audit_chain.missing", {{"seq", "3"}, {"expected", "2"}}),
            "Entry 3: entry 2 was expected here; entries are missing.");
}

TEST(Catalogue, MessagesFillPlaceholdersOnceAndLeaveOthers) {
  EXPECT_EQ(web::Message(Lang::kJa, "error.text.too_long", MessageArgs{{"chars", "{max}"}, {"max", "10"}}),
            "{max} 文字あります。10 文字以内にしてください。")
      << "a value is never read again";
  EXPECT_EQ(web::Message(Lang::kEn, "error.service.not_found", MessageArgs{{"id", "7"}}), "There is no service 7.");
  EXPECT_EQ(web::Message(Lang::kJa, "error.upload.failed", {{"count", "3"}}), "3 件の問題があるため、何も取り込んでいません。");
}

// Errors the domain produces, each rendered in both languages: a known reason, every placeholder
// filled, and never the English message on a Japanese page.
std::vector<Error> ProducedErrors() {
  std::vector<Error> out;
  auto add = [&](const Status& st) {
    if (!st) out.push_back(st.error());
  };
  add(domain::CheckText(domain::kUrlLimit, std::string(3000, 'a')));
  add(domain::CheckText(domain::kUrlLimit, "http://a\nb"));
  add(domain::CheckText(domain::kUrlLimit, "http://a\x01"));
  add(domain::CheckText(domain::kUrlLimit, "http://\xff"));
  add(domain::CheckReason(std::string(2001, 'r')));
  for (const char* date : {"2026-02-30", "231", "2026/1/1"}) {
    if (auto d = ParseIsoDate(date); !d) out.push_back(d.error());
  }
  for (const char* date : {"令和0年1月1日", "平成32年1月1日", "令和1年4月1日", "2026年2月30日", "someday"}) {
    if (auto d = ParseListDate(date); !d) out.push_back(d.error());
  }
  for (auto [state, action] : {std::pair{domain::ServiceState::kRevoked, domain::LifecycleAction::kRenew},
                               std::pair{domain::ServiceState::kSuspended, domain::LifecycleAction::kSuspend},
                               std::pair{domain::ServiceState::kActive, domain::LifecycleAction::kResume}}) {
    if (auto next = domain::NextState(231, state, action); !next) out.push_back(next.error());
  }
  domain::Actor vendor;
  vendor.roles = {domain::Role::kVendor};
  vendor.organisation = "株式会社ベンダー";
  vendor.organisation_id = 3;
  add(domain::Authorize(vendor, domain::Action::kRenewService, domain::ServiceOwner{1, 2}));
  domain::Actor registrar;
  registrar.roles = {domain::Role::kRegistrar};
  registrar.organisation = "審査機構B";
  registrar.organisation_id = 4;
  add(domain::Authorize(registrar, domain::Action::kRenewService, domain::ServiceOwner{1, 2}));
  for (const char* password : {"short", "password1234", "aaaaaaaaaaaaaaaa", "taro.yamada-2026!"}) {
    if (auto p = domain::CheckPassword(password, "taro.yamada@x.jp")) {
      out.push_back(MakeError(p->reason, ErrorCode::kInvalidArgument, p->message, {}, "password"));
    }
  }
  domain::ServiceCells cells;
  cells[static_cast<std::size_t>(domain::ServiceField::kName)] = "";
  cells[static_cast<std::size_t>(domain::ServiceField::kAddress)] = "どこか1-2-3";
  cells[static_cast<std::size_t>(domain::ServiceField::kType)] = "unknown";
  cells[static_cast<std::size_t>(domain::ServiceField::kRegions)] = "月面、" + std::string(101, 'x');
  cells[static_cast<std::size_t>(domain::ServiceField::kRegisteredOn)] = "2026-01-10";
  cells[static_cast<std::size_t>(domain::ServiceField::kExpiresOn)] = "2026-01-01";
  cells[static_cast<std::size_t>(domain::ServiceField::kUrl)] = "ftp://x";
  auto parsed = domain::ServiceFromCells(cells);
  const auto* problems = std::get_if<std::vector<domain::FieldProblem>>(&parsed);
  EXPECT_TRUE(problems);
  if (problems) {
    for (const auto& p : *problems) {
      out.push_back(MakeError(p.reason, ErrorCode::kInvalidArgument, p.message, {},
                              std::string(domain::FieldInfo(p.field).key)));
    }
  }
  return out;
}

TEST(Catalogue, ErrorsTheDomainProducesHaveAReasonAndRenderInBothLanguages) {
  const auto errors = ProducedErrors();
  ASSERT_GE(errors.size(), 30u);
  std::set<std::string> reasons;
  for (const auto& e : errors) {
    EXPECT_TRUE(web::HasMessage(e.reason.key)) << "no catalogue reason for: " << e.message;
    reasons.insert(e.reason.key);
    for (auto lang : {Lang::kJa, Lang::kEn}) {
      const std::string text = web::ErrorText(lang, e);
      EXPECT_TRUE(Placeholders(text).empty()) << "a placeholder left in: " << text;
      if (lang == Lang::kJa) {
        EXPECT_EQ(text.find(e.message), std::string::npos) << "the English message on a Japanese page: " << text;
      }
    }
  }
  EXPECT_GE(reasons.size(), 25u) << "distinct reasons";
}

TEST(Catalogue, TheIssuesExamplesRenderInJapanese) {
  // "type: type: unknown service type …": the field once, by its label, and the text in Japanese.
  const Error type = MakeError(Reason{"error.type.unknown", {{"value", "クラウド"}}}, ErrorCode::kInvalidArgument,
                               "type: unknown service type 'クラウド'", {}, "type");
  EXPECT_EQ(web::ErrorText(Lang::kJa, type).rfind("サービス種別: 「クラウド」というサービス種別はありません。", 0), 0u)
      << web::ErrorText(Lang::kJa, type);
  EXPECT_EQ(web::ErrorText(Lang::kEn, type).rfind("Service type: unknown service type 'クラウド'", 0), 0u);
  // A renew with the bad date "231".
  auto date = ParseIsoDate("231");
  ASSERT_FALSE(date);
  date.error().field = "expires_on";
  EXPECT_EQ(web::ErrorText(Lang::kJa, date.error()), "有効期限: 「231」は YYYY-MM-DD 形式の日付ではありません。");
  // A failed sign-in.
  const Error sign_in = MakeError(Reason{"error.sign_in.bad_credentials", {}}, ErrorCode::kUnauthenticated,
                                  "the e-mail address or the password is not correct");
  EXPECT_EQ(web::ErrorText(Lang::kJa, sign_in), "メールアドレスまたはパスワードが正しくありません。");
  EXPECT_EQ(web::ErrorText(Lang::kEn, sign_in), "The e-mail address or the password is not correct.");
}

TEST(Catalogue, AnUnknownOrMissingReasonFallsBackToTheCodesGenericText) {
  const Error unknown = MakeError(Reason{"error.no.such.key", {}}, ErrorCode::kFailedPrecondition,
                                  "an english sentence from inside");
  EXPECT_EQ(web::ErrorText(Lang::kJa, unknown), "現在の状態ではこの操作はできません。");
  const Error none = MakeError(ErrorCode::kInternal, "sqlite says no", "disk I/O error", "name");
  EXPECT_EQ(web::ErrorText(Lang::kJa, none), "サービス名: 申し訳ありません。処理中にエラーが発生しました。");
  EXPECT_EQ(web::ErrorText(Lang::kEn, none), "Service name: Sorry, something went wrong on our side.");
  // A field the catalogue does not name is left out rather than shown as a code.
  const Error odd = MakeError(ErrorCode::kInvalidArgument, "x", {}, "no_such_field");
  EXPECT_EQ(web::ErrorText(Lang::kJa, odd), "入力内容に誤りがあります。");
  // A page's own field label comes first.
  const Error org = MakeError(ErrorCode::kInvalidArgument, "x", {}, "name");
  EXPECT_EQ(web::ErrorText(Lang::kJa, org, "account"), "組織の名称: 入力内容に誤りがあります。");
}

TEST(Catalogue, SeveralProblemsRenderOneLineEach) {
  Error e = MakeError(ErrorCode::kInvalidArgument, "type: …; url: …", {}, "type");
  e.problems.push_back({"type", "unknown service type 'x'", {"error.type.unknown", {{"value", "x"}}}});
  e.problems.push_back({"url", "'ftp://x' is not an http:// or https:// address", {"error.url.not_http", {{"value", "ftp://x"}}}});
  const auto lines = web::ProblemTexts(Lang::kJa, e);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("サービス種別: 「x」", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1], "ホームページ: 「ftp://x」は http:// または https:// で始まるアドレスではありません。");
  // As one text (a page with room for one line): every problem, not the first field's generic text.
  EXPECT_EQ(web::ErrorText(Lang::kJa, e), lines[0] + " " + lines[1]);
}

// Issue 13: keys built at run time from a code ("survey_mail_state_" + code …) exist for every code
// of their table, so that no page can show the key itself (Message returns the key when unknown).
TEST(Catalogue, EveryKeyBuiltFromACodeExists) {
  auto expect_all = [](std::string_view prefix, const auto& codes, std::string_view suffix = "") {
    for (const auto& c : codes) {
      const std::string key = std::string(prefix) + std::string(c.code) + std::string(suffix);
      EXPECT_TRUE(web::HasMessage(key)) << "missing in the catalogue: " << key;
    }
  };
  expect_all("survey_mail_state_", domain::kMailStateCodes);
  expect_all("survey_kind_", domain::kSurveyQuestionKindCodes);
  expect_all("event_state_", domain::kEventStateCodes);
  expect_all("consultation_entry.", domain::kConsultationEntryKindCodes);
  expect_all("needs_size_", domain::kCompanySizeCodes);
  expect_all("needs_budget_", domain::kBudgetBandCodes);
  expect_all("needs_urgency_", domain::kUrgencyCodes);
  expect_all("report.result_", domain::kItemResultCodes);
  expect_all("event_", domain::kEventKindCodes);
  for (const auto& q : domain::kChecklistQuestions) {
    EXPECT_TRUE(web::HasMessage("case_q_" + std::string(q.key))) << q.key;
    EXPECT_TRUE(web::HasMessage("case_q_" + std::string(q.key) + "_help")) << q.key;
  }
  for (const auto& p : domain::ProblemStatements()) {
    EXPECT_TRUE(web::HasMessage("problem." + std::string(p.code))) << p.code;
  }
  for (int v = 1; v <= 5; ++v) EXPECT_TRUE(web::HasMessage("survey_scale_" + std::to_string(v))) << v;
  // The search page's own lists (web/pages.cpp StatusOptions, SortOptions).
  for (const char* v : {"valid", "expired", "suspended", "revoked", "all"}) {
    EXPECT_TRUE(web::HasMessage(std::string("status_") + v)) << v;
  }
  for (const char* v : {"relevance", "name", "registered_on", "expires_on"}) {
    EXPECT_TRUE(web::HasMessage(std::string("sort_") + v)) << v;
  }
  // Every service field, in the proposal's and the provenance's lists (FieldLabel, no raw key).
  for (const auto& info : domain::ServiceFields()) {
    for (Lang l : {Lang::kJa, Lang::kEn}) {
      const std::string label = web::FieldLabel(l, info.key);
      EXPECT_FALSE(label.empty()) << info.key;
      EXPECT_NE(label, info.key);
    }
  }
}

// Who did something: a person by their e-mail, a body by its name, the rest by a label.
TEST(Catalogue, ActorsShowAsAPersonAReadsThem) {
  EXPECT_EQ(web::ActorText(Lang::kJa, "operator"), "運営者");
  EXPECT_EQ(web::ActorText(Lang::kEn, "operator"), "Operator");
  EXPECT_EQ(web::ActorText(Lang::kJa, "user:3 alice@example.jp"), "alice@example.jp");
  EXPECT_EQ(web::ActorText(Lang::kEn, "cli"), "Command line (operator)");
  EXPECT_EQ(web::ActorText(Lang::kJa, "import"), "一括取り込み");
  EXPECT_EQ(web::ActorText(Lang::kEn, "system"), "System");
  EXPECT_EQ(web::ActorText(Lang::kJa, "審査機構A"), "審査機構A") << "a body's name is data";
}

// The outbox names what a message tells of, for every kind a mail text exists for.
TEST(Catalogue, EveryMailKindAndLanguageHasALabel) {
  int kinds = 0;
  for (const auto& e : AllEntries()) {
    const std::string key(e.key);
    if (!key.starts_with("mail.") || !key.ends_with(".subject")) continue;
    const std::string kind = key.substr(5, key.size() - 5 - 8);  // as stored: "event.registered"
    ++kinds;
    for (Lang l : {Lang::kJa, Lang::kEn}) {
      EXPECT_NE(web::MailKindLabel(l, kind), kind) << "no label for mail kind " << kind;
    }
    EXPECT_NE(web::MailKindLabel(Lang::kJa, kind), web::MailKindLabel(Lang::kEn, kind)) << kind;
  }
  EXPECT_GE(kinds, 17);
  EXPECT_EQ(web::MailKindLabel(Lang::kJa, "mail.test"), "テストメール") << "the CLI's test message's kind";
  EXPECT_EQ(web::LanguageName(Lang::kJa, "en"), "英語");
  EXPECT_EQ(web::LanguageName(Lang::kEn, "ja"), "Japanese");
}

// The search page names a bad URL parameter by its label, in the page's language, for every
// parameter whose value can be wrong.
TEST(Catalogue, EverySearchParameterThatCanBeWrongHasALabel) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"type", "x"},       {"prefecture", "x"}, {"region", "x"}, {"status", "x"}, {"as_of", "x"},
      {"sort", "x"},       {"order", "x"},      {"page", "0"},   {"per_page", "1000"},
      {"registration_number", std::string(65, 'A')}};
  for (const auto& [name, value] : bad) {
    auto parsed = services::ParseSearchParams({{name, value}}, *Date::FromYmd(2026, 11, 28));
    ASSERT_FALSE(parsed) << name;
    EXPECT_EQ(parsed.error().field, name);
    for (Lang l : {Lang::kJa, Lang::kEn}) {
      const std::string label = web::FieldLabel(l, name, "param");
      EXPECT_FALSE(label.empty()) << name;
      EXPECT_EQ(web::ErrorText(l, parsed.error(), "param").rfind(label + ": ", 0), 0u) << name;
    }
  }
  auto twice = services::ParseSearchParams({{"as_of", "2026-01-01"}, {"as_of", "2026-01-02"}}, *Date::FromYmd(2026, 11, 28));
  ASSERT_FALSE(twice);
  EXPECT_EQ(web::ErrorText(Lang::kJa, twice.error(), "param"), "有効日: 1 回だけ指定してください。");
}

}  // namespace
}  // namespace proven
