// Reading CycloneDX VEX and OpenVEX (document.hpp).
#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/text.hpp"
#include "sbom/document.hpp"
#include "sbom/schema.hpp"

namespace proven::sbom {
namespace {

using nlohmann::json;
using internal::PointerAppend;
using internal::Violation;

constexpr std::string_view kWhatProvenReads =
    "Proven reads VEX as CycloneDX JSON 1.4, 1.5 and 1.6 (vulnerabilities with an analysis) or OpenVEX";
constexpr std::string_view kOpenVexContext = "https://openvex.dev/ns";

constexpr std::array<std::pair<VexStatus, std::string_view>, 4> kStatusNames{{
    {VexStatus::kNotAffected, "not_affected"},
    {VexStatus::kAffected, "affected"},
    {VexStatus::kFixed, "fixed"},
    {VexStatus::kUnderInvestigation, "under_investigation"},
}};

// The VEX status justifications (CISA, June 2022) as OpenVEX spells them.
constexpr std::array<std::string_view, 5> kOpenVexJustifications{
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::string_view TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "number";
  }
}

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

// ---- CycloneDX ----------------------------------------------------------------------------------

// The CycloneDX analysis states (impactAnalysisState) as VEX statuses.
std::optional<VexStatus> StatusOfState(std::string_view state) {
  if (state == "not_affected" || state == "false_positive") return VexStatus::kNotAffected;
  if (state == "exploitable") return VexStatus::kAffected;
  if (state == "resolved" || state == "resolved_with_pedigree") return VexStatus::kFixed;
  if (state == "in_triage") return VexStatus::kUnderInvestigation;
  return std::nullopt;
}

// The most specific time the document gives for the analysis.
std::string CycloneDxTimestamp(const json& document, const json& vulnerability, const json& analysis) {
  for (const auto& [object, key] : {std::pair<const json*, const char*>{&analysis, "lastUpdated"},
                                    {&analysis, "firstIssued"},
                                    {&vulnerability, "updated"},
                                    {&vulnerability, "published"},
                                    {&vulnerability, "created"}}) {
    if (auto t = StringAt(*object, key); !t.empty()) return t;
  }
  if (auto metadata = document.find("metadata"); metadata != document.end()) return StringAt(*metadata, "timestamp");
  return "";
}

Result<VexDocument> ReadCycloneDxVex(const json& document, internal::SchemaId schema, std::string_view source) {
  auto violations = internal::Validate(schema, document);
  if (!violations) return Fail(violations.error());
  if (!violations->empty()) {
    return Fail(internal::ViolationsError(
        source, fmt::format("not a valid {} document", internal::SchemaTitle(schema)), *violations));
  }
  auto vulnerabilities = document.find("vulnerabilities");
  if (vulnerabilities == document.end()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: a CycloneDX document without vulnerabilities is not VEX: {}", source,
                            kWhatProvenReads),
                {}, "/vulnerabilities");
  }

  VexDocument vex;
  vex.format = "cyclonedx";
  vex.id = StringAt(document, "serialNumber");
  std::vector<Violation> problems;
  for (std::size_t i = 0; i < vulnerabilities->size(); ++i) {
    const json& v = (*vulnerabilities)[i];
    const std::string at = PointerAppend("/vulnerabilities", i);
    VexStatement statement;
    statement.vulnerability = StringAt(v, "id");
    if (statement.vulnerability.empty()) {
      problems.push_back({at, "the required property 'id' is missing (a VEX statement names its vulnerability)"});
    }
    if (auto references = v.find("references"); references != v.end()) {
      for (const json& r : *references) {
        if (auto id = StringAt(r, "id"); id != statement.vulnerability) AddUnique(statement.aliases, std::move(id));
      }
    }
    if (auto affects = v.find("affects"); affects != v.end()) {
      for (const json& a : *affects) AddUnique(statement.products, StringAt(a, "ref"));
    }
    if (statement.products.empty()) {
      problems.push_back({at, "the required property 'affects' is missing (a VEX statement names its products)"});
    }
    auto analysis = v.find("analysis");
    if (analysis == v.end()) {
      problems.push_back({at, "the required property 'analysis' is missing (a VEX statement has a state)"});
      continue;
    }
    const std::string state = StringAt(*analysis, "state");
    const auto status = StatusOfState(state);
    if (!status) {
      problems.push_back({PointerAppend(at, "analysis"), "the required property 'state' is missing"});
      continue;
    }
    statement.status = *status;
    statement.justification = StringAt(*analysis, "justification");
    statement.detail = StringAt(*analysis, "detail");
    // A false_positive says why on its own; not_affected must say why (VEX minimum requirements).
    if (state == "not_affected" && statement.justification.empty() && statement.detail.empty()) {
      problems.push_back({PointerAppend(at, "analysis"), "a not_affected state needs a justification or a detail"});
    }
    statement.timestamp = CycloneDxTimestamp(document, v, *analysis);
    vex.statements.push_back(std::move(statement));
  }
  if (!problems.empty()) return Fail(internal::ViolationsError(source, "not a usable VEX document", problems));
  return vex;
}

// ---- OpenVEX ------------------------------------------------------------------------------------

// Field-by-field checks (OpenVEX publishes a 2020-12 schema, which valijson does not read); each
// records a problem and says whether the value can be used.
class OpenVexChecker {
 public:
  std::vector<Violation>& problems() { return problems_; }

  void Add(std::string pointer, std::string message) { problems_.push_back({std::move(pointer), std::move(message)}); }

  // A string member; "" and a problem when it is required and missing, or not a string.
  std::string String(const json& object, const char* key, const std::string& at, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) Add(at, fmt::format("the required property '{}' is missing", key));
      return "";
    }
    if (!it->is_string()) {
      Add(PointerAppend(at, key), fmt::format("a {} is not allowed here (a string is)", TypeName(*it)));
      return "";
    }
    std::string value = it->get<std::string>();
    if (required && value.empty()) Add(PointerAppend(at, key), "must not be empty");
    return value;
  }

  std::string Timestamp(const json& object, const char* key, const std::string& at, bool required) {
    std::string value = String(object, key, at, required);
    if (!value.empty() && !ParseIsoInstant(value)) {
      Add(PointerAppend(at, key),
          fmt::format("'{}' is not a date and time such as 2024-05-01T10:00:00Z (RFC 3339)", Ellipsize(value, 60)));
      return "";
    }
    return value;
  }

 private:
  std::vector<Violation> problems_;
};

void ReadVulnerability(const json& statement, const std::string& at, OpenVexChecker& check, VexStatement& out) {
  auto it = statement.find("vulnerability");
  if (it == statement.end()) {
    check.Add(at, "the required property 'vulnerability' is missing");
    return;
  }
  const std::string vat = PointerAppend(at, "vulnerability");
  if (it->is_string()) {
    out.vulnerability = it->get<std::string>();
    if (out.vulnerability.empty()) check.Add(vat, "must not be empty");
    return;
  }
  if (!it->is_object()) {
    check.Add(vat, fmt::format("a {} is not allowed here (an object with a name is)", TypeName(*it)));
    return;
  }
  out.vulnerability = check.String(*it, "name", vat, false);
  const std::string id = check.String(*it, "@id", vat, false);
  if (out.vulnerability.empty()) out.vulnerability = id;
  if (out.vulnerability.empty()) check.Add(vat, "the required property 'name' is missing");
  if (auto aliases = it->find("aliases"); aliases != it->end()) {
    const std::string aat = PointerAppend(vat, "aliases");
    if (!aliases->is_array()) {
      check.Add(aat, fmt::format("a {} is not allowed here (an array of strings is)", TypeName(*aliases)));
      return;
    }
    for (std::size_t k = 0; k < aliases->size(); ++k) {
      const json& alias = (*aliases)[k];
      if (!alias.is_string()) {
        check.Add(PointerAppend(aat, k), fmt::format("a {} is not allowed here (a string is)", TypeName(alias)));
      } else if (alias.get_ref<const std::string&>() != out.vulnerability) {
        AddUnique(out.aliases, alias.get<std::string>());
      }
    }
  }
}

void ReadProducts(const json& statement, const std::string& at, OpenVexChecker& check, VexStatement& out) {
  auto it = statement.find("products");
  if (it == statement.end()) {
    check.Add(at, "the required property 'products' is missing (a statement names its products)");
    return;
  }
  const std::string pat = PointerAppend(at, "products");
  if (!it->is_array()) {
    check.Add(pat, fmt::format("a {} is not allowed here (an array is)", TypeName(*it)));
    return;
  }
  if (it->empty()) check.Add(pat, "a statement needs at least one product");
  for (std::size_t k = 0; k < it->size(); ++k) {
    const json& product = (*it)[k];
    const std::string at_product = PointerAppend(pat, k);
    if (product.is_string()) {
      if (product.get_ref<const std::string&>().empty()) check.Add(at_product, "must not be empty");
      AddUnique(out.products, product.get<std::string>());
      continue;
    }
    if (!product.is_object()) {
      check.Add(at_product, fmt::format("a {} is not allowed here (a product object is)", TypeName(product)));
      continue;
    }
    std::string id = check.String(product, "@id", at_product, false);
    std::string purl;
    if (auto identifiers = product.find("identifiers"); identifiers != product.end()) {
      if (identifiers->is_object()) {
        purl = check.String(*identifiers, "purl", PointerAppend(at_product, "identifiers"), false);
      } else {
        check.Add(PointerAppend(at_product, "identifiers"),
                  fmt::format("a {} is not allowed here (an object is)", TypeName(*identifiers)));
      }
    }
    if (id.empty() && purl.empty()) {
      check.Add(at_product, "a product needs an @id or identifiers.purl (Proven does not match CPEs or hashes)");
    }
    AddUnique(out.products, std::move(id));
    AddUnique(out.products, std::move(purl));
  }
}

Result<VexDocument> ReadOpenVex(const json& document, std::string_view source) {
  OpenVexChecker check;
  VexDocument vex;
  vex.format = "openvex";
  vex.id = check.String(document, "@id", "", true);
  check.String(document, "author", "", true);
  const std::string document_time = check.Timestamp(document, "timestamp", "", true);
  if (auto version = document.find("version"); version == document.end()) {
    check.Add("", "the required property 'version' is missing");
  } else if (!version->is_number_integer() || version->get<std::int64_t>() < 1) {
    check.Add("/version", fmt::format("{} is not a version (an integer from 1)", Ellipsize(version->dump(), 30)));
  }

  auto statements = document.find("statements");
  if (statements == document.end()) {
    check.Add("", "the required property 'statements' is missing");
  } else if (!statements->is_array()) {
    check.Add("/statements", fmt::format("a {} is not allowed here (an array is)", TypeName(*statements)));
  } else {
    // An empty list is accepted (the 0.2.0 schema asks for one statement; vexctl and Trivy accept
    // none, and a document that says nothing changes nothing).
    for (std::size_t i = 0; i < statements->size(); ++i) {
      const json& s = (*statements)[i];
      const std::string at = PointerAppend("/statements", i);
      if (!s.is_object()) {
        check.Add(at, fmt::format("a {} is not allowed here (a statement object is)", TypeName(s)));
        continue;
      }
      VexStatement statement;
      ReadVulnerability(s, at, check, statement);
      ReadProducts(s, at, check, statement);
      const std::string status = check.String(s, "status", at, true);
      if (auto parsed = VexStatusFromName(status)) {
        statement.status = *parsed;
      } else if (!status.empty()) {
        check.Add(PointerAppend(at, "status"),
                  fmt::format("'{}' is not one of not_affected, affected, fixed, under_investigation",
                              Ellipsize(status, 40)));
      }
      statement.justification = check.String(s, "justification", at, false);
      if (!statement.justification.empty() &&
          std::find(kOpenVexJustifications.begin(), kOpenVexJustifications.end(), statement.justification) ==
              kOpenVexJustifications.end()) {
        check.Add(PointerAppend(at, "justification"),
                  fmt::format("'{}' is not one of the VEX justifications ({})", Ellipsize(statement.justification, 40),
                              fmt::join(kOpenVexJustifications, ", ")));
      }
      const std::string impact = check.String(s, "impact_statement", at, false);
      const std::string action = check.String(s, "action_statement", at, false);
      const std::string notes = check.String(s, "status_notes", at, false);
      if (status == "not_affected" && statement.justification.empty() && impact.empty()) {
        check.Add(at, "a not_affected statement needs a justification or an impact_statement");
      }
      if (status == "affected" && action.empty()) {
        check.Add(at, "an affected statement needs an action_statement");
      }
      statement.detail = !impact.empty() ? impact : !action.empty() ? action : notes;
      // A statement without its own timestamp has the document's (OpenVEX "Inheritance Flow").
      statement.timestamp = check.Timestamp(s, "timestamp", at, false);
      if (statement.timestamp.empty()) statement.timestamp = document_time;
      vex.statements.push_back(std::move(statement));
    }
  }
  if (!check.problems().empty()) {
    return Fail(internal::ViolationsError(source, "not a valid OpenVEX document", check.problems()));
  }
  return vex;
}

}  // namespace

std::string_view VexStatusName(VexStatus s) {
  for (const auto& [status, name] : kStatusNames) {
    if (status == s) return name;
  }
  return "";
}

std::optional<VexStatus> VexStatusFromName(std::string_view name) {
  for (const auto& [status, n] : kStatusNames) {
    if (n == name) return status;
  }
  return std::nullopt;
}

Result<VexDocument> ReadVex(std::string_view text, std::string_view source) {
  auto parsed = internal::ParseJson(text, source);
  if (!parsed) return Fail(std::move(parsed.error()));
  const json& document = *parsed;
  if (!document.is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: the document is a JSON {}, not an object: {}", source, document.type_name(),
                            kWhatProvenReads));
  }
  auto cyclonedx = internal::CycloneDxSchemaOf(document, source);
  if (!cyclonedx) return Fail(std::move(cyclonedx.error()));
  if (*cyclonedx) return ReadCycloneDxVex(document, **cyclonedx, source);

  if (StringAt(document, "@context").rfind(kOpenVexContext, 0) == 0) return ReadOpenVex(document, source);
  if (document.contains("spdxVersion")) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: an SPDX document, not VEX: {}", source, kWhatProvenReads));
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("{}: neither CycloneDX (no bomFormat) nor OpenVEX (no @context {}): {}", source,
                          kOpenVexContext, kWhatProvenReads));
}

}  // namespace proven::sbom
