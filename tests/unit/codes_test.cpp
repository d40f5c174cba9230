// The code tables (domain/codes.hpp, roles, organisation kinds, service types and states) and the
// database's CHECK lists: one list of codes each, the same in C++ and in every migration.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "domain/auth.hpp"
#include "domain/codes.hpp"
#include "domain/devices/project.hpp"
#include "domain/consultations/consultation.hpp"
#include "domain/matching/matching.hpp"
#include "domain/events/event.hpp"
#include "domain/mail.hpp"
#include "domain/programme/programme.hpp"
#include "domain/programme/deployment_case.hpp"
#include "domain/programme/verification.hpp"
#include "domain/service.hpp"
#include "sbom/document.hpp"
#include "store/audit_log.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

// Every enum value once, every code once, and FromCode undoes Code.
template <typename E, std::size_t N>
void ExpectWellFormed(const domain::CodeEntry<E> (&table)[N], std::string_view (*code)(E),
                      std::optional<E> (*from_code)(std::string_view), int enum_count) {
  std::set<std::string_view> codes;
  std::set<int> values;
  for (const auto& e : table) {
    EXPECT_TRUE(codes.insert(e.code).second) << e.code << " twice";
    EXPECT_TRUE(values.insert(static_cast<int>(e.value)).second) << e.code << ": its value twice";
    EXPECT_EQ(code(e.value), e.code);
    EXPECT_EQ(from_code(e.code), e.value);
    EXPECT_FALSE(e.code.empty());
  }
  EXPECT_EQ(static_cast<int>(N), enum_count) << "every enum value has a code";
  EXPECT_FALSE(from_code("no_such_code"));
  EXPECT_FALSE(from_code(""));
}

TEST(CodeTables, EveryValueHasOneCodeAndBack) {
  ExpectWellFormed(domain::kEventKindCodes, domain::EventKindCode, domain::EventKindFromCode,
                   static_cast<int>(domain::EventKind::kProposalApproved) + 1);
  ExpectWellFormed(domain::kProposalStatusCodes, domain::ProposalStatusCode, domain::ProposalStatusFromCode,
                   static_cast<int>(domain::ProposalStatus::kRejected) + 1);
  ExpectWellFormed(domain::kAuditActionCodes, domain::AuditActionCode, domain::AuditActionFromCode,
                   static_cast<int>(domain::AuditAction::kProviderProfileSave) + 1);
  for (const auto& e : domain::kAuditActionCodes) {
    EXPECT_TRUE(std::regex_match(std::string(e.code), std::regex("[a-z][a-z_]*\\.[a-z_]+"))) << e.code;
  }
}

template <typename E, typename Range>
std::vector<std::string> Codes(const Range& values, std::string_view (*code)(E)) {
  std::vector<std::string> out;
  for (auto v : values) out.emplace_back(code(v));
  return out;
}

template <typename E, std::size_t N>
std::vector<std::string> Codes(const domain::CodeEntry<E> (&table)[N]) {
  std::vector<std::string> out;
  for (const auto& e : table) out.emplace_back(e.code);
  return out;
}

// table.column → the codes its CHECK (column IN (...)) must list.
std::map<std::string, std::vector<std::string>> ExpectedCheckLists() {
  const domain::ServiceState states[] = {domain::ServiceState::kActive, domain::ServiceState::kSuspended,
                                         domain::ServiceState::kRevoked};
  // A call's stored states: every state but `closed`, which is an open call past its closes_at.
  std::vector<std::string> stored_call_states;
  for (const auto& e : domain::kCallStateCodes) {
    if (e.value != domain::CallState::kClosed) stored_call_states.emplace_back(e.code);
  }
  // A registration always holds a meeting seat or a place in its queue (`none` is for networking).
  std::vector<std::string> registration_seats;
  for (const auto& e : domain::kSeatCodes) {
    if (e.value != domain::Seat::kNone) registration_seats.emplace_back(e.code);
  }
  return {
      {"services.type", Codes(domain::kServiceTypes, domain::TypeCode)},
      {"services.state", Codes(states, domain::StateCode)},
      {"user_roles.role", Codes(domain::kRoles, domain::RoleCode)},
      {"organisations.kind", Codes(domain::kOrgKinds, domain::OrgKindCode)},
      {"service_events.kind", Codes(domain::kEventKindCodes)},
      {"change_proposals.status", Codes(domain::kProposalStatusCodes)},
      // The verification programme (0006).
      {"fields.status", Codes(domain::kFieldStatusCodes)},
      {"field_events.kind", Codes(domain::kFieldEventKindCodes)},
      {"calls.state", stored_call_states},
      {"call_questions.kind", Codes(domain::kQuestionKindCodes)},
      {"applications.state", Codes(domain::kApplicationStateCodes)},
      {"applications.outcome", Codes(domain::kOutcomeCodes)},
      // Its second half (0007).
      {"verifications.state", Codes(domain::kVerificationStateCodes)},
      {"verification_items.result", Codes(domain::kItemResultCodes)},
      // WAF effectiveness items and their runs (0020, issue 14).
      {"verification_items.kind", Codes(domain::kItemKindCodes)},
      {"waf_runs.state", Codes(domain::kWafRunStateCodes)},
      // Trial-deployment cases (0008).
      {"case_events.kind", Codes(domain::kCaseEventKindCodes)},
      // The mail outbox (0009) and the platform's events (0010).
      {"mail_outbox.state", Codes(domain::kMailStateCodes)},
      {"mail_outbox.lang", {"ja", "en"}},
      {"events.state", Codes(domain::kEventStateCodes)},
      {"event_registrations.seat", registration_seats},
      {"event_registrations.networking", Codes(domain::kSeatCodes)},
      {"event_registrations.lang", {"ja", "en"}},
      // Consultations (0012).
      {"consultations.kind", Codes(domain::kConsultationKindCodes)},
      {"consultations.state", Codes(domain::kConsultationStateCodes)},
      {"consultations.outcome", Codes(domain::kConsultationOutcomeCodes)},
      {"consultation_entries.kind", Codes(domain::kConsultationEntryKindCodes)},
      // Saved needs (0011): the mail's language and the kind of a match.
      {"saved_needs.lang", {"ja", "en"}},
      {"need_matches.kind",
       {std::string(domain::CandidateKindCode(domain::Candidate::Kind::kService)),
        std::string(domain::CandidateKindCode(domain::Candidate::Kind::kProduct))}},
      // SBOMs and known vulnerabilities (0021, issue 15): the statuses are the engine's (sbom/document.hpp).
      {"product_sboms.lang", {"ja", "en"}},
      {"portfolio_products.lang", {"ja", "en"}},
      {"vex_statements.status",
       {std::string(sbom::VexStatusName(sbom::VexStatus::kNotAffected)),
        std::string(sbom::VexStatusName(sbom::VexStatus::kAffected)),
        std::string(sbom::VexStatusName(sbom::VexStatus::kFixed)),
        std::string(sbom::VexStatusName(sbom::VexStatus::kUnderInvestigation))}},
      // High-level device verification (0022, issue 16).
      {"device_projects.status", Codes(domain::devices::kProjectStateCodes)},
      {"device_projects.lang", {"ja", "en"}},
      {"device_test_items.status", Codes(domain::devices::kItemStatusCodes)},
      {"device_documents.kind", Codes(domain::devices::kDocumentKindCodes)},
      {"device_checklist.status", Codes(domain::devices::kChecklistStatusCodes)},
  };
}

// Every migration, in any folder under migrations/ (one per database backend, or none).
std::vector<std::filesystem::path> Migrations() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(testing::SourcePath("migrations"))) {
    if (e.is_regular_file() && e.path().extension() == ".sql") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct CheckList {
  std::string column;  // table.column
  std::vector<std::string> codes;  // sorted
};

// Every CHECK (column IN ('a', 'b', ...)) on kind, status, role, type, state, outcome, result, seat,
// networking or lang, with the table it belongs to: the last CREATE TABLE or ALTER TABLE before it.
std::vector<CheckList> CheckLists(const std::string& sql_text) {
  static const std::regex table_re(R"re((?:CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?|ALTER\s+TABLE)\s+"?(\w+)"?)re",
                                   std::regex::icase);
  static const std::regex check_re(
      R"re(CHECK\s*\(\s*"?(kind|status|role|type|state|outcome|result|seat|networking|lang)"?\s+IN\s*\(([^)]*)\)\s*\))re",
      std::regex::icase);
  static const std::regex code_re(R"('([^']*)')");
  const std::string sql = std::regex_replace(sql_text, std::regex("--[^\n]*"), "");
  std::vector<CheckList> out;
  for (auto m = std::sregex_iterator(sql.begin(), sql.end(), check_re); m != std::sregex_iterator(); ++m) {
    std::string table;
    const std::string before = sql.substr(0, static_cast<std::size_t>(m->position()));
    for (auto t = std::sregex_iterator(before.begin(), before.end(), table_re); t != std::sregex_iterator(); ++t) {
      table = (*t)[1];
    }
    CheckList c{table + "." + (*m)[1].str(), {}};
    const std::string list = (*m)[2];
    for (auto v = std::sregex_iterator(list.begin(), list.end(), code_re); v != std::sregex_iterator(); ++v) {
      c.codes.push_back((*v)[1]);
    }
    std::sort(c.codes.begin(), c.codes.end());
    out.push_back(std::move(c));
  }
  return out;
}

TEST(CodeTables, CheckListsAreReadWithTheirTable) {
  const auto lists = CheckLists(
      "CREATE TABLE IF NOT EXISTS change_proposals (\n  id INTEGER,\n"
      "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', -- first\n 'approved')),\n"
      "  note TEXT CHECK (note <> '')\n);\n"
      "ALTER TABLE services ADD COLUMN state TEXT NOT NULL\n  CHECK (state IN ('active'));\n");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0].column, "change_proposals.status");
  EXPECT_EQ(lists[0].codes, (std::vector<std::string>{"approved", "pending"}));
  EXPECT_EQ(lists[1].column, "services.state");
  EXPECT_EQ(lists[1].codes, (std::vector<std::string>{"active"}));
}

TEST(CodeTables, EveryCheckListInEveryMigrationEqualsItsCodeTable) {
  const auto expected = ExpectedCheckLists();
  std::map<std::string, int> seen;
  const auto files = Migrations();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    for (const auto& list : CheckLists(testing::ReadFile(file))) {
      auto it = expected.find(list.column);
      if (it == expected.end()) {
        ADD_FAILURE() << file << ": CHECK on " << list.column << " has no code table in this test: add its enum "
                      << "and code table in src/domain and map it in ExpectedCheckLists";
        continue;
      }
      std::vector<std::string> want = it->second;
      std::sort(want.begin(), want.end());
      EXPECT_EQ(list.codes, want) << file << ": the CHECK list of " << list.column;
      ++seen[list.column];
    }
  }
  for (const auto& [column, codes] : expected) {
    EXPECT_GE(seen[column], 1) << "no migration checks " << column;
  }
}

// The one audit-entry builder: named parts, the action's code, and nothing the log fills itself.
TEST(AuditRecord, BuildsTheEntryFromNamedParts) {
  const store::AuditEntry renew = store::AuditRecord("user:2 r@x.jp", domain::AuditAction::kServiceRenew)
                                      .On("service", std::int64_t{12})
                                      .Before(R"({"a":1})")
                                      .After(R"({"a":2})");
  EXPECT_EQ(renew.actor, "user:2 r@x.jp");
  EXPECT_EQ(renew.action, "service.renew");
  EXPECT_EQ(renew.entity, "service:12");
  EXPECT_EQ(renew.before, R"({"a":1})");
  EXPECT_EQ(renew.after, R"({"a":2})");
  EXPECT_EQ(renew.seq, 0);
  EXPECT_TRUE(renew.at.empty() && renew.prev_hash.empty() && renew.hash.empty());
  const store::AuditEntry import = store::AuditRecord("cli", domain::AuditAction::kServicesImport).On("registry");
  EXPECT_EQ(import.action, "services.import");
  EXPECT_EQ(import.entity, "registry");
  EXPECT_TRUE(import.before.empty() && import.after.empty());
  const store::AuditEntry upload =
      store::AuditRecord("user:2 r@x.jp", domain::AuditAction::kServicesImport).On("registrar", std::string_view("機構A"));
  EXPECT_EQ(upload.entity, "registrar:機構A");
}

}  // namespace
}  // namespace proven
