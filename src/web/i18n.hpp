#pragma once
// The UI's two languages: Japanese first, English second. Data stays as registered (Japanese);
// the chrome, type names, regions and prefectures are translated.
#include <initializer_list>
#include <span>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/service.hpp"

namespace proven::web {

enum class Lang { kJa, kEn };

std::string_view LangCode(Lang l);  // "ja" / "en"
// Every message as a mustache object, for templates as {{t.key}}.
const kainjow::mustache::data& Messages(Lang l);
// One message; the key itself when unknown (a test checks every key used exists).
std::string Message(Lang l, std::string_view key);
// The message with each `{name}` replaced by its value (values are not messages: numbers, ids).
std::string Message(Lang l, std::string_view key,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> args);

// The message catalogue (docs/i18n.md): one stable key, its Japanese and its English text, with
// the same named placeholders `{name}` in both. Two tables, one key space: the pages' own texts
// (i18n.cpp, also templates' {{t.key}}) and errors and labels of codes (catalogue.cpp).
struct CatalogueEntry {
  std::string_view key;
  std::string_view ja;
  std::string_view en;
};
std::span<const CatalogueEntry> PageCatalogue();
std::span<const CatalogueEntry> ErrorAndLabelCatalogue();
// The programme's pages keep their texts beside them (web/programme/*_messages.cpp): the
// verified-product catalogue, trial-deployment cases, the verification workspace. Their keys are
// page texts too ({{t.key}}) and share the one key space.
std::span<const CatalogueEntry> ProductMessages();
std::span<const CatalogueEntry> CaseMessages();
std::span<const CatalogueEntry> VerificationPageMessages();
// A WAF run's summary on the verification page (web/programme/verification_waf_messages.cpp).
std::span<const CatalogueEntry> VerificationWafMessages();
// After a meeting: surveys, statistics, the admin's outbox (web/events/survey_messages.cpp).
std::span<const CatalogueEntry> SurveyMessages();
// Their errors, audit labels and mail (dotted keys, not page texts).
std::span<const CatalogueEntry> SurveyLabels();
// Consultations (web/consultations/consultation_messages.cpp).
std::span<const CatalogueEntry> ConsultationMessages();
// The collaboration platform's events (web/events/event_messages.cpp), and their errors and field
// labels (dotted keys).
std::span<const CatalogueEntry> EventMessages();
std::span<const CatalogueEntry> EventLabels();
// Matching and saved needs (web/matching/matching_messages.cpp): page texts, and dotted keys
// (explanations of conditions, mail, errors, audit labels).
std::span<const CatalogueEntry> MatchingMessages();
std::span<const CatalogueEntry> MatchingLabels();
// The transparency log's pages and the record pages' "public log" block (web/log/log_messages.cpp).
std::span<const CatalogueEntry> LogMessages();
// Issue 13's pages: shared public controls, staff (registrar/vendor), admin, the registry's downloads.
std::span<const CatalogueEntry> UiMessages();
std::span<const CatalogueEntry> StaffMessages();
std::span<const CatalogueEntry> AdminMessages();
std::span<const CatalogueEntry> RegistryMessages();
// Registration numbers (web/regno_messages.cpp): the field, its search parameter and errors.
std::span<const CatalogueEntry> RegnoMessages();
// WAF suite runs from the verification page (web/programme/waf_run_messages.cpp): page texts, and
// dotted keys (codes, errors, audit labels).
std::span<const CatalogueEntry> WafRunMessages();
std::span<const CatalogueEntry> WafRunLabels();
// SBOMs and known vulnerabilities (web/sbom/sbom_messages.cpp): page texts, and dotted keys (codes,
// errors, mail, audit labels).
std::span<const CatalogueEntry> SbomMessages();
std::span<const CatalogueEntry> SbomLabels();
// High-level device verification (web/devices/device_messages.cpp): page texts, and dotted keys
// (codes, the report's words, errors, audit labels).
std::span<const CatalogueEntry> DeviceMessages();
std::span<const CatalogueEntry> DeviceLabels();
// Every table whose keys a template reads, and every table of the key space.
std::vector<std::span<const CatalogueEntry>> PageCatalogueParts();
std::vector<std::span<const CatalogueEntry>> CatalogueParts();
bool HasMessage(std::string_view key);
// The message with each `{name}` replaced by its value in one pass (a value is never read again).
std::string Message(Lang l, std::string_view key, const MessageArgs& args);

// What a page shows for an error, in `l`, from the catalogue only: the text of its reason with
// its values, else (no reason, or one the catalogue lacks) the generic text of its code; after
// the label of its field when it names one the catalogue knows. Never the English `message`.
// `scope` picks a page's own field labels first ("field.<scope>.<field>"). An error that stands for
// several problems gives each one's text, one after the other.
std::string ErrorText(Lang l, const Error& e, std::string_view scope = {});
// One line per problem when the error holds several (a form's fields), else the error's text.
std::vector<std::string> ProblemTexts(Lang l, const Error& e, std::string_view scope = {});
// A field's name ("field.<field>"), or "" when the catalogue has none.
std::string FieldLabel(Lang l, std::string_view field, std::string_view scope = {});
// The label of a code in a group ("role", "org_kind", "proposal_status", "audit"), or the code
// itself when the catalogue has none (a test keeps every known code labelled).
std::string CodeLabel(Lang l, std::string_view group, std::string_view code);
std::string RoleLabel(domain::Role r, Lang l);
std::string OrgKindLabel(domain::OrgKind k, Lang l);

// Who did something, as a page shows it: an audit entry's actor "user:<id> <e-mail>" as its e-mail,
// a registration body's name as itself, and the actors that are no person (the public history's
// "operator", the audit log's "cli", "system", "import") by their label "actor.<code>".
std::string ActorText(Lang l, std::string_view actor);
// What an outbox message tells of, from its stored kind ("event.registered", "mail.test"):
// "mail_kind.<kind>" (a leading "mail." dropped); the kind itself when the catalogue has none.
std::string MailKindLabel(Lang l, std::string_view kind);
// A language's name ("ja", "en") in the page's language; the code itself when unknown.
std::string LanguageName(Lang l, std::string_view code);

std::string TypeLabel(domain::ServiceType t, Lang l);
// A canonical region, area or prefecture name in the UI language.
std::string PlaceLabel(std::string_view name, Lang l);

}  // namespace proven::web
