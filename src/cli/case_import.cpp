#include "cli/case_import.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/date.hpp"
#include "web/programme/case_api.hpp"

namespace proven::cli {
namespace {

using nlohmann::json;
constexpr std::int64_t kDay = 86400;

tl::unexpected<Error> At(const std::string& path, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, message), {}, path);
}

// An error of a parser run on a part of the file, re-addressed to its place in the file.
tl::unexpected<Error> Within(const std::string& path, Error e) {
  if (!e.problems.empty()) {
    e.field = e.problems.front().field;
    e.message = e.problems.front().message;
  }
  e.message = fmt::format("{}.{}: {}", path, e.field, e.message);
  e.field = e.field.empty() ? path : path + "." + e.field;
  e.problems.clear();
  return Fail(std::move(e));
}

Result<std::string> Str(const json& j, const std::string& key, const std::string& path, bool required = true) {
  if (!j.contains(key)) {
    if (required) return At(path + "." + key, "is required");
    return std::string();
  }
  if (!j[key].is_string()) return At(path + "." + key, "must be a string");
  return j[key].get<std::string>();
}

}  // namespace

Result<std::vector<CaseSpec>> ParseCases(const json& file, const AccountCheck& has_account,
                                         const std::vector<std::string>& products, std::int64_t now) {
  std::vector<CaseSpec> out;
  if (!file.contains("cases")) return out;
  if (!file["cases"].is_array()) return At("cases", "must be a list");
  for (std::size_t i = 0; i < file["cases"].size(); ++i) {
    const std::string path = fmt::format("cases[{}]", i);
    const json& j = file["cases"][i];
    if (!j.is_object()) return At(path, "must be an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
      static constexpr std::string_view kKeys[] = {"proposer", "product", "user_contact", "proposed_in_days", "content",
                                                   "consents"};
      if (std::find(std::begin(kKeys), std::end(kKeys), it.key()) == std::end(kKeys)) {
        return At(path + "." + it.key(), "is not a key of a case");
      }
    }
    CaseSpec spec;
    auto proposer = Str(j, "proposer", path);
    if (!proposer) return Fail(proposer.error());
    spec.proposer = *proposer;
    const bool by_vendor = has_account(spec.proposer, domain::Role::kVendor);
    if (!by_vendor && !has_account(spec.proposer, domain::Role::kUser)) {
      return At(path + ".proposer", fmt::format("'{}' is not an account of the file with the role vendor or user",
                                                spec.proposer));
    }
    auto product = Str(j, "product", path);
    if (!product) return Fail(product.error());
    if (std::find(products.begin(), products.end(), *product) == products.end()) {
      return At(path + ".product", fmt::format("'{}' is not a product the file's verifications publish", *product));
    }
    spec.product = *product;
    auto contact = Str(j, "user_contact", path, false);
    if (!contact) return Fail(contact.error());
    spec.user_contact = *contact;
    if (by_vendor && !has_account(spec.user_contact, domain::Role::kUser)) {
      return At(path + ".user_contact", "a vendor's proposal names an account of the file with the role user");
    }
    if (!by_vendor && !spec.user_contact.empty()) {
      return At(path + ".user_contact", "only a vendor's proposal names the user organisation");
    }
    if (!j.contains("proposed_in_days") || !j["proposed_in_days"].is_number_integer() ||
        j["proposed_in_days"].get<std::int64_t>() > 0 || j["proposed_in_days"].get<std::int64_t>() < -3650) {
      return At(path + ".proposed_in_days", "must be a whole number of days from -3650 to 0");
    }
    const Date day = TokyoDateOf(now).AddDays(j["proposed_in_days"].get<std::int64_t>());
    spec.proposed_at = day.DaysSinceEpoch() * kDay + 3600;  // 10:00 in Tokyo
    if (!j.contains("content") || !j["content"].is_object()) return At(path + ".content", "must be an object");
    auto content = web::CaseInputFromJson(j["content"].dump());
    if (!content) return Within(path + ".content", content.error());
    // Checked as the proposal will be (the organisation's name stands in when none is given).
    domain::CaseInput checked = *content;
    if (!checked.user_org_name) checked.user_org_name = "(the organisation's name)";
    if (auto applied = domain::ApplyCaseInput(std::nullopt, checked); !applied) {
      return Within(path + ".content", applied.error());
    }
    spec.content = std::move(*content);
    if (j.contains("consents") && !j["consents"].is_array()) return At(path + ".consents", "must be a list");
    for (std::size_t k = 0; j.contains("consents") && k < j["consents"].size(); ++k) {
      const std::string at = fmt::format("{}.consents[{}]", path, k);
      const json& c = j["consents"][k];
      if (!c.is_object()) return At(at, "must be an object");
      auto by = Str(c, "by", at);
      if (!by) return Fail(by.error());
      if (!has_account(*by, domain::Role::kVendor) && !has_account(*by, domain::Role::kUser)) {
        return At(at + ".by", fmt::format("'{}' is not an account of the file with the role vendor or user", *by));
      }
      if (!c.contains("checklist") || !c["checklist"].is_object()) return At(at + ".checklist", "must be an object");
      auto checklist = web::ChecklistFromJson(c["checklist"].dump());
      if (!checklist) return Within(at + ".checklist", checklist.error());
      if (!checklist->Complete()) {
        return At(at + ".checklist", "must answer merits_and_drawbacks_considered, internal_approval_obtained and "
                                     "stakeholders_coordinated with true");
      }
      spec.consents.push_back({*by, *checklist});
    }
    out.push_back(std::move(spec));
  }
  return out;
}

Status ReplayCases(services::CaseService& cases, ManualClock& clock, const std::map<std::string, domain::Actor>& actors,
                   const std::map<std::string, std::int64_t>& product_ids, const std::vector<CaseSpec>& specs,
                   CaseImportCounts& counts) {
  auto step = [](const std::string& what, const Error& e) {
    Error out = e;
    out.message = fmt::format("{}: {}", what, e.message);
    return Fail(std::move(out));
  };
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& spec = specs[i];
    const std::string path = fmt::format("cases[{}]", i);
    clock.Set(spec.proposed_at);
    services::ProposeInput in;
    in.product_id = product_ids.at(spec.product);
    in.user_contact = spec.user_contact;
    in.content = spec.content;
    auto proposed = cases.Propose(actors.at(spec.proposer), in);
    if (!proposed) return step(path, proposed.error());
    ++counts.cases;
    for (std::size_t k = 0; k < spec.consents.size(); ++k) {
      clock.Set(spec.proposed_at + static_cast<std::int64_t>(k + 1) * kDay);
      auto consented = cases.Consent(actors.at(spec.consents[k].by), proposed->record.id, spec.consents[k].checklist);
      if (!consented) return step(fmt::format("{}.consents[{}]", path, k), consented.error());
      if (k + 1 == spec.consents.size() && consented->state == domain::CaseState::kPublished) ++counts.published;
    }
  }
  return {};
}

}  // namespace proven::cli
