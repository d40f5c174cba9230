#include "services/query_params.hpp"

#include <charconv>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/limits.hpp"
#include "domain/regions.hpp"

namespace proven::services {

std::vector<std::string> Values(const QueryParams& params, const std::string& key) {
  std::vector<std::string> out;
  auto [b, e] = params.equal_range(key);
  for (auto it = b; it != e; ++it) {
    auto v = Trim(it->second);
    if (!v.empty()) out.emplace_back(v);
  }
  return out;
}

namespace {

Result<int> ParseInt(const std::string& name, const std::string& v, int min, int max) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < min || out > max) {
    const bool open_ended = max == std::numeric_limits<int>::max();
    MessageArgs args{{"min", std::to_string(min)}};
    if (!open_ended) args.emplace_back("max", std::to_string(max));
    return Fail(Reason{open_ended ? "error.param.number_at_least" : "error.param.number_range", std::move(args)},
                ErrorCode::kInvalidArgument,
                open_ended
                    ? fmt::format("{} must be a whole number of at least {}", name, min)
                    : fmt::format("{} must be a whole number from {} to {}", name, min, max),
                {}, name);
  }
  return out;
}

Result<std::string> Single(const QueryParams& params, const std::string& key) {
  auto v = Values(params, key);
  if (v.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument,
                fmt::format("{} may be given only once", key), {}, key);
  }
  return v.empty() ? std::string() : v.front();
}

}  // namespace

Result<PageParams> ParsePageParams(const QueryParams& params) {
  PageParams out;
  auto page = Single(params, "page");
  if (!page) return Fail(page.error());
  if (!page->empty()) {
    auto p = ParseInt("page", *page, 1, 1000000);
    if (!p) return Fail(p.error());
    out.page = *p;
  }
  auto per_page = Single(params, "per_page");
  if (!per_page) return Fail(per_page.error());
  if (!per_page->empty()) {
    auto p = ParseInt("per_page", *per_page, 1, kMaxPerPage);
    if (!p) return Fail(p.error());
    out.per_page = *p;
  }
  return out;
}

Result<SearchParams> ParseSearchParams(const QueryParams& params, Date today) {
  SearchParams out;
  auto& q = out.query;
  q.as_of = today;
  q.text = Join(Values(params, "q"), " ");

  for (const auto& v : Values(params, "type")) {
    auto t = domain::TypeFromCode(v);
    if (!t) {
      return Fail(Reason{"error.param.unknown_value", {{"value", v}}}, ErrorCode::kInvalidArgument,
                  fmt::format("type '{}' is not one of audit, vulnerability_assessment, "
                              "penetration_test, forensics, monitoring, device_verification", v),
                  {}, "type");
    }
    q.types.push_back(*t);
  }
  q.industries = Values(params, "industry");
  q.registrars = Values(params, "registrar");
  q.providers = Values(params, "provider");
  // An exact registration number (NFKC, case-insensitive); one at most.
  auto number = Single(params, "registration_number");
  if (!number) return Fail(number.error());
  if (auto st = domain::CheckText(domain::kRegistrationNumberLimit, *number); !st) return Fail(st.error());
  q.registration_number = domain::NormalizeRegistrationNumber(*number);
  for (const auto& v : Values(params, "prefecture")) {
    auto p = domain::FindPrefecture(v);
    if (!p) {
      return Fail(Reason{"error.param.unknown_prefecture", {{"value", v}}}, ErrorCode::kInvalidArgument,
                  fmt::format("prefecture '{}' is not one of the 47 prefectures", v), {}, "prefecture");
    }
    q.prefectures.emplace_back(domain::Prefectures()[static_cast<std::size_t>(*p)].name);
  }
  for (const auto& v : Values(params, "region")) {
    auto r = domain::FindRegion(v);
    if (!r) {
      return Fail(Reason{"error.region.unknown", {{"value", v}}}, ErrorCode::kInvalidArgument,
                  fmt::format("region '{}' is not 日本全国, an area or a prefecture", v), {}, "region");
    }
    q.regions |= r->mask;
  }

  auto status = Single(params, "status");
  if (!status) return Fail(status.error());
  if (status->empty() || *status == "valid") {
    q.status = search::StatusFilter::kValid;
  } else if (*status == "expired") {
    q.status = search::StatusFilter::kExpired;
  } else if (*status == "suspended") {
    q.status = search::StatusFilter::kSuspended;
  } else if (*status == "revoked") {
    q.status = search::StatusFilter::kRevoked;
  } else if (*status == "all") {
    q.status = search::StatusFilter::kAll;
  } else {
    return Fail(Reason{"error.param.unknown_value", {{"value", *status}}}, ErrorCode::kInvalidArgument,
                "status must be valid, expired, suspended, revoked or all", {}, "status");
  }

  auto as_of = Single(params, "as_of");
  if (!as_of) return Fail(as_of.error());
  if (!as_of->empty()) {
    auto d = ParseIsoDate(*as_of);
    if (!d) return Fail(d.error().reason, ErrorCode::kInvalidArgument, "as_of: " + d.error().message, {}, "as_of");
    q.as_of = *d;
  }

  // The expiry date within [expires_from, expires_to] (inclusive; either may be left out).
  for (auto [name, target] : {std::pair{"expires_from", &q.expires_from}, std::pair{"expires_to", &q.expires_to}}) {
    auto v = Single(params, name);
    if (!v) return Fail(v.error());
    if (v->empty()) continue;
    auto d = ParseIsoDate(*v);
    if (!d) return Fail(d.error().reason, ErrorCode::kInvalidArgument, std::string(name) + ": " + d.error().message, {}, name);
    *target = *d;
  }

  auto sort = Single(params, "sort");
  if (!sort) return Fail(sort.error());
  const bool has_terms = !search::QueryTerms(q.text).empty();
  out.sort_given = !sort->empty();
  if (sort->empty()) {
    q.sort = has_terms ? search::SortKey::kRelevance : search::SortKey::kName;
  } else if (*sort == "relevance") {
    q.sort = search::SortKey::kRelevance;
  } else if (*sort == "name") {
    q.sort = search::SortKey::kName;
  } else if (*sort == "registered_on") {
    q.sort = search::SortKey::kRegisteredOn;
  } else if (*sort == "expires_on") {
    q.sort = search::SortKey::kExpiresOn;
  } else {
    return Fail(Reason{"error.param.unknown_value", {{"value", *sort}}}, ErrorCode::kInvalidArgument,
                "sort must be relevance, name, registered_on or expires_on", {}, "sort");
  }
  // Newest registrations first; soonest expiry first; names A→Z.
  q.descending = q.sort == search::SortKey::kRegisteredOn;
  auto order = Single(params, "order");
  if (!order) return Fail(order.error());
  if (*order == "asc") {
    q.descending = false;
  } else if (*order == "desc") {
    q.descending = true;
  } else if (!order->empty()) {
    return Fail(Reason{"error.param.unknown_value", {{"value", *order}}}, ErrorCode::kInvalidArgument,
                "order must be asc or desc", {}, "order");
  }

  auto paging = ParsePageParams(params);
  if (!paging) return Fail(paging.error());
  out.page = paging->page;
  out.per_page = paging->per_page;
  q.offset = static_cast<std::size_t>(out.page - 1) * static_cast<std::size_t>(out.per_page);
  q.limit = static_cast<std::size_t>(out.per_page);
  return out;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncode(k);
    out.push_back('=');
    out += PercentEncode(v);
  }
  return out;
}

}  // namespace proven::services
