#include "search/service_engine.hpp"

#include <utility>

#include "domain/regions.hpp"
#include "domain/service.hpp"
#include "domain/service_fields.hpp"

namespace proven::search {

namespace slots = service_slots;

IndexDoc ToIndexDoc(const domain::Service& s) {
  IndexDoc d;
  d.id = s.id;
  d.name = s.name;
  d.provider = s.provider;
  d.overview = s.overview;
  d.type = s.type;
  d.prefecture = domain::FindPrefecture(s.prefecture).value_or(-1);
  d.registrar = s.registrar;
  d.registration_number = domain::RegistrationNumberKey(s.registration_number);
  d.registrar_org_id = s.registrar_org_id;
  d.industries = s.industries;
  for (const auto& r : s.regions) {
    if (auto reg = domain::FindRegion(r)) d.coverage |= reg->mask;
  }
  d.registered_days = s.registered_on.DaysSinceEpoch();
  d.expires_days = s.expires_on.DaysSinceEpoch();
  d.state = s.state;
  return d;
}

namespace {

std::uint32_t StateBit(domain::ServiceState s) { return std::uint32_t{1} << static_cast<unsigned>(s); }

std::shared_ptr<const Schema> MakeServiceSchema() {
  using domain::ServiceState;
  auto s = std::make_shared<Schema>();
  s->text = {{"name", true}, {"provider", true}, {"overview", false}};
  s->facets = {{"type"}, {"industry"}, {"prefecture"}, {"registrar"}, {"provider", false},
               {"registration_number", false, true}};
  s->dates = {{"registered_on"}, {"expires_on"}};
  s->masks = {{"regions"}};
  s->scopes = {{"registrar_org_id"}};
  // In StatusFilter order, without kAll (no status rule).
  s->statuses = {{"valid", StateBit(ServiceState::kActive), DateWindow::kCurrent, 0},
                 {"expired", StateBit(ServiceState::kActive), DateWindow::kEnded, 0},
                 {"suspended", StateBit(ServiceState::kSuspended), DateWindow::kAny, 0},
                 {"revoked", StateBit(ServiceState::kRevoked), DateWindow::kAny, 0}};
  s->status_start = slots::kRegisteredOn;
  s->status_end = slots::kExpiresOn;
  s->relevance_date = slots::kRegisteredOn;
  // In SortKey order.
  s->sorts = {{"relevance", SortKind::kRelevance, -1},
              {"name", SortKind::kTitle, -1},
              {"registered_on", SortKind::kDate, slots::kRegisteredOn},
              {"expires_on", SortKind::kDate, slots::kExpiresOn}};
  s->Validate();
  return s;
}

std::optional<std::size_t> StatusRuleOf(StatusFilter f) {
  switch (f) {
    case StatusFilter::kValid: return 0;
    case StatusFilter::kExpired: return 1;
    case StatusFilter::kSuspended: return 2;
    case StatusFilter::kRevoked: return 3;
    case StatusFilter::kAll: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

const std::shared_ptr<const Schema>& ServiceSchema() {
  static const std::shared_ptr<const Schema> schema = MakeServiceSchema();
  return schema;
}

Doc ToDoc(IndexDoc d) {
  Doc out;
  out.id = d.id;
  out.facets.resize(slots::kFacetCount);
  out.facets[slots::kProviderFacet].push_back(d.provider);
  out.text = {std::move(d.name), std::move(d.provider), std::move(d.overview)};
  out.facets[slots::kType].emplace_back(domain::TypeCode(d.type));
  out.facets[slots::kIndustry] = std::move(d.industries);
  if (d.prefecture >= 0 && d.prefecture < domain::kPrefectureCount) {
    out.facets[slots::kPrefecture].emplace_back(domain::Prefectures()[static_cast<std::size_t>(d.prefecture)].name);
  }
  out.facets[slots::kRegistrar].push_back(std::move(d.registrar));
  if (!d.registration_number.empty()) out.facets[slots::kRegistrationNumber].push_back(std::move(d.registration_number));
  out.dates = {d.registered_days, d.expires_days};
  out.masks = {d.coverage};
  out.scopes = {d.registrar_org_id};
  out.state = static_cast<std::uint32_t>(d.state);
  return out;
}

Query ToQuery(const ServiceQuery& q) {
  Query out;
  out.text = q.text;
  out.facets.resize(slots::kFacetCount);
  out.facets[slots::kProviderFacet] = q.providers;
  for (auto t : q.types) out.facets[slots::kType].emplace_back(domain::TypeCode(t));
  out.facets[slots::kIndustry] = q.industries;
  // Prefectures are matched by their canonical name; a name no prefecture answers to is kept
  // as it is, so that the selection stays on and matches nothing.
  for (const auto& p : q.prefectures) {
    const auto i = domain::FindPrefecture(p);
    out.facets[slots::kPrefecture].emplace_back(i ? std::string(domain::Prefectures()[static_cast<std::size_t>(*i)].name)
                                                  : p);
  }
  out.facets[slots::kRegistrar] = q.registrars;
  // A number that normalises to nothing (only spaces) is no filter; the caller drops such a value.
  if (auto key = domain::RegistrationNumberKey(q.registration_number); !key.empty()) {
    out.facets[slots::kRegistrationNumber].push_back(std::move(key));
  }
  if (q.expires_from || q.expires_to) {
    DateRange range;
    range.date = slots::kExpiresOn;
    if (q.expires_from) range.from = q.expires_from->DaysSinceEpoch();
    if (q.expires_to) range.to = q.expires_to->DaysSinceEpoch();
    out.date_ranges.push_back(range);
  }
  out.masks = {q.regions};
  out.scopes = {q.registrar_org_id};
  out.status = StatusRuleOf(q.status);
  out.as_of = q.as_of.DaysSinceEpoch();
  out.sort = static_cast<std::size_t>(q.sort);
  out.descending = q.descending;
  out.offset = q.offset;
  out.limit = q.limit;
  return out;
}

EngineResult ToEngineResult(Result r) {
  EngineResult out;
  out.total = r.total;
  out.ids = std::move(r.ids);
  r.facets.resize(slots::kFacetCount);
  out.facets.type = std::move(r.facets[slots::kType]);
  out.facets.industry = std::move(r.facets[slots::kIndustry]);
  out.facets.prefecture = std::move(r.facets[slots::kPrefecture]);
  out.facets.registrar = std::move(r.facets[slots::kRegistrar]);
  return out;
}

IndexBuilder::IndexBuilder(EngineOptions options) : builder_(ServiceSchema(), options) {}

SearchEngine::SearchEngine(EngineOptions options) : engine_(ServiceSchema(), options) {}

std::vector<Doc> SearchEngine::ToDocs(std::vector<IndexDoc> docs) {
  std::vector<Doc> out;
  out.reserve(docs.size());
  for (auto& d : docs) out.push_back(ToDoc(std::move(d)));
  return out;
}

ServiceReference::ServiceReference(const std::vector<IndexDoc>& docs) {
  docs_.reserve(docs.size());
  for (const auto& d : docs) docs_.push_back(ToDoc(d));
  normalised_ = NormaliseDocs(docs_);
}

EngineResult ServiceReference::Search(const ServiceQuery& q) const {
  return ToEngineResult(ReferenceSearch(*ServiceSchema(), docs_, normalised_, ToQuery(q)));
}

}  // namespace proven::search
