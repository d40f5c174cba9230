#include "services/matching/matching_service.hpp"

#include <algorithm>
#include <map>
#include <span>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/programme/deployment_case.hpp"

namespace proven::services {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

tl::unexpected<Error> Bad(std::string reason, std::string value, std::string message, std::string field) {
  return Fail(Reason{std::move(reason), {{"value", Ellipsize(value, 60)}}}, ErrorCode::kInvalidArgument,
              std::move(message), {}, std::move(field));
}

tl::unexpected<Error> WrongType(const std::string& field, std::string_view what) {
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: must be {}", field, what), {}, field);
}

Result<std::string> StringAt(const json& v, const std::string& field) {
  if (!v.is_string()) return WrongType(field, "a string");
  return v.get<std::string>();
}

// A list of strings; each checked by `each(value, "key[i]")`.
Status StringList(const json& v, const std::string& key, const std::function<Status(const std::string&, const std::string&)>& each) {
  if (!v.is_array()) return WrongType(key, "a list");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = fmt::format("{}[{}]", key, i);
    auto s = StringAt(v[i], at);
    if (!s) return Fail(s.error());
    if (auto st = each(*s, at); !st) return st;
  }
  return {};
}

template <typename E, std::size_t N>
Result<E> CodeAt(const domain::CodeEntry<E> (&codes)[N], const json& v, const std::string& field, const char* reason) {
  auto s = StringAt(v, field);
  if (!s) return Fail(s.error());
  for (const auto& c : codes) {
    if (c.code == *s) return c.value;
  }
  return Bad(reason, *s, fmt::format("'{}' is not one of the codes", Ellipsize(*s, 60)), field);
}

template <typename E, std::size_t N>
std::string CodeOf(const domain::CodeEntry<E> (&codes)[N], E value) {
  return std::string(domain::CodeIn<E>(codes, value));
}

}  // namespace

Result<domain::Needs> NeedsFromJson(const json& j) {
  if (!j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  domain::Needs n;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = *it;
    if (v.is_null()) continue;
    Status st;
    if (key == "industry") {
      auto s = StringAt(v, key);
      if (!s) return Fail(s.error());
      n.industry = Trim(*s);
      if (!n.industry.empty() && !domain::FindIndustry(n.industry)) {
        return Bad("error.match.industry", n.industry, fmt::format("'{}' is not one of the industries", Ellipsize(n.industry, 60)), key);
      }
    } else if (key == "regions") {
      st = StringList(v, key, [&](const std::string& s, const std::string&) -> Status {
        n.regions.push_back(s);  // CheckNeeds names a bad one
        return {};
      });
    } else if (key == "types") {
      st = StringList(v, key, [&](const std::string& s, const std::string& at) -> Status {
        auto t = domain::TypeFromCode(s);
        if (!t) return Bad("error.match.type", s, fmt::format("'{}' is not a service type", Ellipsize(s, 60)), at);
        if (std::find(n.types.begin(), n.types.end(), *t) == n.types.end()) n.types.push_back(*t);
        return {};
      });
    } else if (key == "fields") {
      if (!v.is_array()) return WrongType(key, "a list of field ids");
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string at = fmt::format("fields[{}]", i);
        if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 1) return WrongType(at, "a field id (a positive integer)");
        const auto id = v[i].get<std::int64_t>();
        if (std::find(n.fields.begin(), n.fields.end(), id) == n.fields.end()) n.fields.push_back(id);
      }
    } else if (key == "problems") {
      st = StringList(v, key, [&](const std::string& s, const std::string&) -> Status {
        if (std::find(n.problems.begin(), n.problems.end(), s) == n.problems.end()) n.problems.push_back(s);
        return {};
      });
    } else if (key == "size") {
      auto c = CodeAt(domain::kCompanySizeCodes, v, key, "error.match.size");
      if (!c) return Fail(c.error());
      n.size = *c;
    } else if (key == "budget") {
      auto c = CodeAt(domain::kBudgetBandCodes, v, key, "error.match.budget");
      if (!c) return Fail(c.error());
      n.budget = *c;
    } else if (key == "urgency") {
      auto c = CodeAt(domain::kUrgencyCodes, v, key, "error.match.urgency");
      if (!c) return Fail(c.error());
      n.urgency = *c;
    } else if (key == "text") {
      auto s = StringAt(v, key);
      if (!s) return Fail(s.error());
      n.text = *s;
    } else {
      return Bad("error.match.unknown_key", key, fmt::format("'{}' is not a field of the needs", Ellipsize(key, 40)),
                 Ellipsize(key, 40));
    }
    if (!st) return Fail(st.error());
  }
  return n;
}

ordered_json NeedsToJson(const domain::Needs& n) {
  ordered_json j = ordered_json::object();
  if (!n.industry.empty()) j["industry"] = n.industry;
  if (!n.regions.empty()) j["regions"] = n.regions;
  if (!n.types.empty()) {
    ordered_json types = ordered_json::array();
    for (auto t : n.types) types.push_back(std::string(domain::TypeCode(t)));
    j["types"] = types;
  }
  if (!n.fields.empty()) j["fields"] = n.fields;
  if (!n.problems.empty()) j["problems"] = n.problems;
  if (n.size) j["size"] = CodeOf(domain::kCompanySizeCodes, *n.size);
  if (n.budget) j["budget"] = CodeOf(domain::kBudgetBandCodes, *n.budget);
  if (n.urgency) j["urgency"] = CodeOf(domain::kUrgencyCodes, *n.urgency);
  if (!n.text.empty()) j["text"] = n.text;
  return j;
}

bool NeedsEmpty(const domain::Needs& n) {
  return n.industry.empty() && n.regions.empty() && n.types.empty() && n.fields.empty() && n.problems.empty() &&
         !n.size && !n.budget && !n.urgency && Trim(n.text).empty();
}

domain::Candidate ServiceCandidate(const domain::Service& s) {
  domain::Candidate c;
  c.kind = domain::Candidate::Kind::kService;
  c.id = s.id;
  c.name = s.name;
  c.organisation = s.provider;
  c.type = s.type;
  c.state = s.state;
  c.registered_on = s.registered_on;
  c.expires_on = s.expires_on;
  for (const auto& r : s.regions) {
    if (auto region = domain::FindRegion(r)) c.coverage |= region->mask;
  }
  c.industries = s.industries;
  c.overview = s.overview;
  domain::PrepareCandidate(c);
  return c;
}

Status MatchingService::Check(const domain::Needs& needs) {
  if (auto st = domain::CheckNeeds(needs); !st) return st;
  if (needs.fields.empty()) return {};
  auto fields = catalogue_.Fields();
  if (!fields) return Fail(fields.error());
  for (std::size_t i = 0; i < needs.fields.size(); ++i) {
    const bool known = std::any_of(fields->begin(), fields->end(), [&](const domain::Field& f) { return f.id == needs.fields[i]; });
    if (!known) {
      return Bad("error.match.field", std::to_string(needs.fields[i]),
                 fmt::format("{} is not a field of the field map", needs.fields[i]), fmt::format("fields[{}]", i));
    }
  }
  return {};
}

Result<std::shared_ptr<const std::vector<domain::Candidate>>> MatchingService::ServiceCandidates(Date today) {
  // The generation is read before the services: a change in between only rebuilds once more.
  const std::uint64_t generation = registry_.generation();
  {
    std::lock_guard lock(mu_);
    if (services_built_ && services_generation_ == generation && services_day_ == today) return services_;
  }
  search::ServiceQuery q;
  q.status = search::StatusFilter::kValid;
  q.as_of = today;
  q.limit = 0;
  auto page = registry_.Search(q);
  if (!page) return Fail(page.error());
  auto built = std::make_shared<std::vector<domain::Candidate>>();
  built->reserve(page->items.size());
  for (const auto& s : page->items) built->push_back(ServiceCandidate(s));
  std::shared_ptr<const std::vector<domain::Candidate>> shared = std::move(built);
  std::lock_guard lock(mu_);
  services_ = shared;
  services_generation_ = generation;
  services_day_ = today;
  services_built_ = true;
  return shared;
}

Result<CandidateSet> MatchingService::Candidates() {
  CandidateSet set;
  set.today = today_();
  auto services = ServiceCandidates(set.today);
  if (!services) return Fail(services.error());
  set.services = *services;

  search::ProductQuery pq;
  pq.limit = 0;
  auto products = catalogue_.Search(pq);
  if (!products) return Fail(products.error());
  PublishedCaseQuery cq;
  cq.per_page = 1'000'000;
  auto cases = cases_.PublishedCases(cq);
  if (!cases) return Fail(cases.error());
  std::map<std::int64_t, std::vector<std::string>> case_industries;
  for (const auto& c : cases->items) {
    if (c.shown.industry) case_industries[c.shown.product_id].push_back(*c.shown.industry);
  }
  for (const auto& p : products->items) {
    domain::Candidate c;
    c.kind = domain::Candidate::Kind::kProduct;
    c.id = p.product.id;
    c.name = p.product.name;
    c.organisation = p.product.vendor;
    c.overview = p.product.overview;
    c.fields = p.product.field_ids;
    c.strong_points = p.report.strong_points;
    if (auto it = case_industries.find(p.product.id); it != case_industries.end()) c.case_industries = it->second;
    domain::PrepareCandidate(c);
    set.products.push_back(std::move(c));
  }
  return set;
}

std::vector<MatchResult> MatchingService::MatchAgainst(const domain::Needs& needs, const CandidateSet& set) const {
  std::vector<std::span<const domain::Candidate>> groups{set.products};
  if (set.services) groups.emplace_back(*set.services);
  auto matches = domain::MatchNeeds(needs, groups, set.today);
  std::vector<MatchResult> out;
  out.reserve(matches.size());
  for (auto& m : matches) {
    std::string organisation = m.organisation;
    out.push_back({std::move(m), std::move(organisation)});
  }
  return out;
}

Result<MatchPage> MatchingService::Match(const domain::Needs& needs, PageParams page) {
  if (auto st = Check(needs); !st) return Fail(st.error());
  auto set = Candidates();
  if (!set) return Fail(set.error());
  auto all = MatchAgainst(needs, *set);
  MatchPage out;
  out.total = all.size();
  out.page = page.page;
  out.per_page = page.per_page;
  const std::size_t from = page.offset();
  for (std::size_t i = from; i < all.size() && i < from + static_cast<std::size_t>(page.per_page); ++i) {
    out.items.push_back(std::move(all[i]));
  }
  return out;
}

}  // namespace proven::services
