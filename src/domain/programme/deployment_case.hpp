#pragma once
// Trial-deployment cases (試行導入・導入実績公表, issue 10): a verified product's deployment at a
// user organisation, published only while both the vendor and the user organisation consent,
// each after answering the programme's checklist (『試行導入・導入実績公表の手引き』: merits and
// drawbacks weighed, what is disclosed, internal approval, stakeholders coordinated). Pure:
// records, codes, the derived state, disclosure and validation.
//
// The rules, in one place:
// - Either party proposes: the vendor for one of its own published products, naming the user
//   organisation (an organisation of kind user_company); the user organisation for any
//   published product. The content (below) is what both sides consent to.
// - The content may change only while the case is not published. A change after a consent
//   clears both consents: the other side must see, and consent to, what will be shown.
// - Each side consents with its own checklist; the case is published exactly while both
//   consents stand with complete checklists. A consent may be given again while published (it
//   replaces that side's answers: what is disclosed can only narrow or return to what the other
//   side allows).
// - Either side may withdraw its consent at any time. Withdrawing from a published case
//   unpublishes it at once and clears the other side's consent too: a republication needs both
//   sides to consent again (re-consent may republish). The history keeps who withdrew and when.
// - What a published case shows is what both allowed (DisclosedBoth): the user organisation's
//   name only when both disclose it, otherwise the anonymised label; industry, company size,
//   figures and the user's quote likewise. The product, period, what was deployed and the
//   results are always shown.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"
#include "domain/matching/matching.hpp"

namespace proven::domain {

// The questions both sides answer before a case is published (the programme's guide: weigh
// merits and drawbacks, agree what is disclosed, obtain internal approval, coordinate with
// stakeholders).
struct CaseChecklist {
  bool merits_and_drawbacks_considered = false;
  bool disclose_company_name = false;  // false: anonymised ("製造業 A社")
  bool disclose_industry = false;
  bool disclose_size = false;
  bool disclose_figures = false;
  bool disclose_quote = false;
  bool internal_approval_obtained = false;
  bool stakeholders_coordinated = false;
  // The checklist is complete when every yes/no question that must be yes is.
  bool Complete() const {
    return merits_and_drawbacks_considered && internal_approval_obtained && stakeholders_coordinated;
  }
  bool operator==(const CaseChecklist&) const = default;
};

// The checklist's questions by their JSON names, in the order the form asks them.
struct ChecklistQuestion {
  std::string_view key;
  bool CaseChecklist::*member;
  bool required;  // must be answered yes before consenting
};
inline constexpr ChecklistQuestion kChecklistQuestions[] = {
    {"merits_and_drawbacks_considered", &CaseChecklist::merits_and_drawbacks_considered, true},
    {"disclose_company_name", &CaseChecklist::disclose_company_name, false},
    {"disclose_industry", &CaseChecklist::disclose_industry, false},
    {"disclose_size", &CaseChecklist::disclose_size, false},
    {"disclose_figures", &CaseChecklist::disclose_figures, false},
    {"disclose_quote", &CaseChecklist::disclose_quote, false},
    {"internal_approval_obtained", &CaseChecklist::internal_approval_obtained, true},
    {"stakeholders_coordinated", &CaseChecklist::stakeholders_coordinated, true},
};

enum class CaseParty { kVendor, kUser };
inline constexpr CodeEntry<CaseParty> kCasePartyCodes[] = {{CaseParty::kVendor, "vendor"}, {CaseParty::kUser, "user"}};

// A case is published exactly while both parties consent with a complete checklist each;
// withdrawing either consent unpublishes it at once.
struct CaseConsent {
  std::optional<CaseChecklist> vendor;  // the vendor's answers, when it consents
  std::optional<CaseChecklist> user;    // the user organisation's
};
bool CasePublished(const CaseConsent& c);
// What a published case may show, given both checklists: a field is disclosed only when both
// agreed to disclose it.
CaseChecklist DisclosedBoth(const CaseChecklist& a, const CaseChecklist& b);

// Where a case stands, derived from its consents and history (never stored).
enum class CaseState {
  kDraft,             // no consent yet
  kAwaitingConsents,  // one side consented; the other has not yet
  kPublished,         // both consent: public
  kWithdrawn,         // it was published; a side withdrew its consent and nobody has consented since
};
inline constexpr CodeEntry<CaseState> kCaseStateCodes[] = {{CaseState::kDraft, "draft"},
                                                           {CaseState::kAwaitingConsents, "awaiting_consents"},
                                                           {CaseState::kPublished, "published"},
                                                           {CaseState::kWithdrawn, "withdrawn"}};

// The user organisation's size: matching's bands (domain/matching/matching.hpp: micro ≤20, small
// 21–100, medium 101–300, large 301+ employees), so that issue 11 compares cases with needs.
// The industries of user organisations: the service list's 「主な顧客対象の分野・業種」 values (the
// same Japanese names services carry in `industries`, so that matching compares them as they
// are), less 全業種, which no single organisation is.
struct Industry {
  std::string_view name_ja;  // stored and sent as this
  std::string_view name_en;
};
inline constexpr Industry kIndustryVocabulary[] = {
    {"製造業", "Manufacturing"},
    {"機械・電機・精密機器", "Machinery, electrical and precision equipment"},
    {"情報通信業", "Information and communications"},
    {"金融・保険業", "Finance and insurance"},
    {"小売・卸売業", "Retail and wholesale"},
    {"医療・福祉", "Healthcare and welfare"},
    {"運輸・物流", "Transport and logistics"},
    {"建設・不動産業", "Construction and real estate"},
    {"電気・ガス・水道", "Electricity, gas and water"},
    {"重要インフラ", "Critical infrastructure"},
    {"官公庁・自治体", "Government and local authorities"},
    {"教育・研究機関", "Education and research"},
    {"サービス業", "Services"},
};
const Industry* FindIndustry(std::string_view name_ja);

// A figure of the results: "運用工数 | 30 | %削減".
struct CaseFigure {
  std::string label;
  std::string value;  // a decimal number as written ("0.962", "30", "-12.5")
  std::string unit;
  bool operator==(const CaseFigure&) const = default;
};

// What both sides consent to: everything a published case may show.
struct CaseContent {
  std::string user_org_name;     // the user organisation's name as it may be shown
  std::string anonymised_label;  // shown instead of the name: "製造業 A社, 従業員 300名"
  std::string industry;          // a kIndustryVocabulary name
  CompanySize company_size = CompanySize::kMedium;
  std::string period;    // "2026年4月〜9月"
  std::string deployed;  // what was deployed, where and how widely
  std::string results;   // the results in words (always shown)
  std::vector<CaseFigure> figures;  // the results in numbers (shown when both disclose figures)
  std::string quote;                // the user's own words (optional)
  bool operator==(const CaseContent&) const = default;
};

// Limits, in characters.
inline constexpr std::size_t kCaseNameChars = 200;
inline constexpr std::size_t kCasePeriodChars = 100;
inline constexpr std::size_t kCaseTextChars = 4000;
inline constexpr std::size_t kCaseQuoteChars = 1000;
inline constexpr std::size_t kCaseFigureLabelChars = 100;
inline constexpr std::size_t kCaseFigureUnitChars = 40;
inline constexpr std::size_t kMaxCaseFigures = 20;

// A proposal or a change; a member left empty stays as it is (a proposal must give every
// required one).
struct CaseInput {
  std::optional<std::string> user_org_name;
  std::optional<std::string> anonymised_label;
  std::optional<std::string> industry;
  std::optional<std::string> company_size;  // a kCompanySizeCodes code
  std::optional<std::string> period;
  std::optional<std::string> deployed;
  std::optional<std::string> results;
  std::optional<std::vector<CaseFigure>> figures;
  std::optional<std::string> quote;
};

// `existing` with `in` applied (a proposal when nullopt), text trimmed; kInvalidArgument with
// every problem, each naming its JSON path ("figures[1].value", "industry"). Required:
// user_org_name, anonymised_label, industry, company_size, period, deployed, results.
Result<CaseContent> ApplyCaseInput(const std::optional<CaseContent>& existing, const CaseInput& in);

struct PartyConsent {
  CaseChecklist checklist;
  std::string at;          // UTC, ISO 8601
  std::int64_t user_id = 0;  // who consented for the side
};

// A trial-deployment case.
struct DeploymentCase {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string product_name;        // the published product's, as it is now
  std::int64_t vendor_org_id = 0;  // the product's vendor
  std::string vendor;              // its name
  std::int64_t user_org_id = 0;    // an organisation of kind user_company
  CaseParty proposed_by = CaseParty::kVendor;
  std::int64_t proposer_id = 0;  // the user who proposed it
  CaseContent content;
  std::optional<PartyConsent> vendor_consent;
  std::optional<PartyConsent> user_consent;
  std::string created_at, updated_at;
  std::string published_at;  // since when it is published ("" while not)
  std::string withdrawn_at;  // the latest withdrawal from publication ("" when none)
  std::optional<CaseParty> withdrawn_by;

  CaseConsent Consent() const;
  CaseState State() const;
  const std::optional<PartyConsent>& ConsentOf(CaseParty p) const { return p == CaseParty::kVendor ? vendor_consent : user_consent; }
  std::optional<PartyConsent>& ConsentOf(CaseParty p) { return p == CaseParty::kVendor ? vendor_consent : user_consent; }
};

// What a published case shows (the public record): only what both sides allowed.
struct DisclosedCase {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string product_name;
  std::string vendor;
  bool named = false;        // `organisation` is the user organisation's name (else the anonymised label)
  std::string organisation;  // the name or the anonymised label
  std::optional<std::string> industry;
  std::optional<CompanySize> company_size;
  std::string period, deployed, results;
  std::optional<std::vector<CaseFigure>> figures;
  std::optional<std::string> quote;
  std::string published_at;
};
// What `c` shows given both checklists (for a published case: its public record; for one not
// yet published: what it would show with these answers).
DisclosedCase Disclose(const DeploymentCase& c, const CaseChecklist& vendor, const CaseChecklist& user);

// The history of a case (case_events.kind).
enum class CaseEventKind {
  kProposed,
  kChanged,        // content changed (detail: which fields; consents reset when any stood)
  kConsented,      // a side consented (detail: its checklist)
  kPublished,      // both consents stand: public from now
  kWithdrawn,      // a side withdrew its consent
  kUnpublished,    // …which took a published case down
};
inline constexpr CodeEntry<CaseEventKind> kCaseEventKindCodes[] = {
    {CaseEventKind::kProposed, "proposed"},   {CaseEventKind::kChanged, "changed"},
    {CaseEventKind::kConsented, "consented"}, {CaseEventKind::kPublished, "published"},
    {CaseEventKind::kWithdrawn, "withdrawn"}, {CaseEventKind::kUnpublished, "unpublished"}};

struct CaseEvent {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string at;
  CaseEventKind kind = CaseEventKind::kProposed;
  std::optional<CaseParty> party;  // the side that acted (none for publication and unpublication)
  std::int64_t user_id = 0;        // who acted (0: the event followed from another)
  std::string detail;              // JSON
};

}  // namespace proven::domain
