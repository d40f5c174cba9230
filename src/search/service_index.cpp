#include "search/service_index.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <unordered_map>

#include "core/normalize.hpp"

namespace proven::search {

using domain::Service;

namespace {

struct Entry {
  const Service* service;
  std::string name;  // normalised
  std::string provider;
  std::string overview;
  domain::RegionMask coverage = 0;
  int type = 0;
  int prefecture = -1;
  int registrar = -1;
  std::vector<int> industries;  // distinct ids
  std::string collation_key;    // ICU "ja" sort key of the name
  std::int64_t registered_days = 0;
  std::int64_t expires_days = 0;
};

// Interns strings to dense ids so that facet counting is array indexing.
class Dictionary {
 public:
  int Intern(const std::string& s) {
    auto [it, inserted] = ids_.try_emplace(s, static_cast<int>(values_.size()));
    if (inserted) values_.push_back(s);
    return it->second;
  }
  int Find(const std::string& s) const {
    auto it = ids_.find(s);
    return it == ids_.end() ? -1 : it->second;
  }
  const std::string& Value(int id) const { return values_[static_cast<std::size_t>(id)]; }
  std::size_t size() const { return values_.size(); }

 private:
  std::unordered_map<std::string, int> ids_;
  std::vector<std::string> values_;
};

std::vector<FacetValue> ToFacet(const std::vector<int>& counts, const auto& label_of) {
  std::vector<FacetValue> out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) out.push_back({std::string(label_of(static_cast<int>(i))), counts[i]});
  }
  std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

std::string CollationKey(const icu::Collator* coll, const std::string& s) {
  if (coll == nullptr) return s;
  const auto u = icu::UnicodeString::fromUTF8(s);
  const int32_t n = coll->getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(n), '\0');
  coll->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  if (!key.empty() && key.back() == '\0') key.pop_back();
  return key;
}

}  // namespace

struct Snapshot::Impl {
  std::vector<Service> services;
  std::vector<Entry> entries;
  std::unordered_map<std::int64_t, std::size_t> by_id;
  Dictionary industries;
  Dictionary registrars;
  std::vector<FacetValue> all_industries;
  std::vector<FacetValue> all_registrars;
};

Snapshot::Snapshot(std::vector<Service> services) : impl_(std::make_unique<Impl>()) {
  impl_->services = std::move(services);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> coll(icu::Collator::createInstance(icu::Locale::getJapanese(), status));
  if (U_FAILURE(status)) coll.reset();
  const auto& prefs = domain::Prefectures();
  impl_->entries.reserve(impl_->services.size());
  std::vector<int> industry_totals;
  std::vector<int> registrar_totals;
  for (std::size_t i = 0; i < impl_->services.size(); ++i) {
    const Service& s = impl_->services[i];
    Entry e;
    e.service = &s;
    e.name = NormalizeForSearch(s.name);
    e.provider = NormalizeForSearch(s.provider);
    e.overview = NormalizeForSearch(s.overview);
    for (const auto& r : s.regions) {
      if (auto reg = domain::FindRegion(r)) e.coverage |= reg->mask;
    }
    e.type = static_cast<int>(s.type);
    for (int p = 0; p < domain::kPrefectureCount; ++p) {
      if (prefs[static_cast<std::size_t>(p)].name == s.prefecture) e.prefecture = p;
    }
    e.registrar = impl_->registrars.Intern(s.registrar);
    for (const auto& ind : s.industries) {
      const int id = impl_->industries.Intern(ind);
      if (std::find(e.industries.begin(), e.industries.end(), id) == e.industries.end()) {
        e.industries.push_back(id);
      }
    }
    industry_totals.resize(impl_->industries.size());
    registrar_totals.resize(impl_->registrars.size());
    for (int id : e.industries) ++industry_totals[static_cast<std::size_t>(id)];
    ++registrar_totals[static_cast<std::size_t>(e.registrar)];
    e.collation_key = CollationKey(coll.get(), s.name);
    e.registered_days = s.registered_on.DaysSinceEpoch();
    e.expires_days = s.expires_on.DaysSinceEpoch();
    impl_->by_id.emplace(s.id, i);
    impl_->entries.push_back(std::move(e));
  }
  impl_->all_industries = ToFacet(industry_totals, [&](int id) { return impl_->industries.Value(id); });
  impl_->all_registrars = ToFacet(registrar_totals, [&](int id) { return impl_->registrars.Value(id); });
}

Snapshot::~Snapshot() = default;

std::size_t Snapshot::size() const { return impl_->services.size(); }
const std::vector<FacetValue>& Snapshot::AllIndustries() const { return impl_->all_industries; }
const std::vector<FacetValue>& Snapshot::AllRegistrars() const { return impl_->all_registrars; }

const Service* Snapshot::FindById(std::int64_t id) const {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->services[it->second];
}

SearchResult Snapshot::Search(const ServiceQuery& q, std::shared_ptr<const Snapshot> self) const {
  const auto terms = QueryTerms(q.text);
  const std::int64_t as_of = q.as_of.DaysSinceEpoch();

  // Filter values → ids; a value that no service has matches nothing.
  std::vector<bool> type_ok(domain::kServiceTypes.size(), q.types.empty());
  for (auto t : q.types) type_ok[static_cast<std::size_t>(t)] = true;
  std::vector<bool> pref_ok(domain::kPrefectureCount, q.prefectures.empty());
  for (const auto& p : q.prefectures) {
    if (auto idx = domain::FindPrefecture(p)) pref_ok[static_cast<std::size_t>(*idx)] = true;
  }
  std::vector<bool> registrar_ok(impl_->registrars.size(), q.registrars.empty());
  for (const auto& r : q.registrars) {
    if (int id = impl_->registrars.Find(r); id >= 0) registrar_ok[static_cast<std::size_t>(id)] = true;
  }
  std::vector<bool> industry_wanted(impl_->industries.size(), false);
  for (const auto& v : q.industries) {
    if (int id = impl_->industries.Find(v); id >= 0) industry_wanted[static_cast<std::size_t>(id)] = true;
  }

  std::vector<int> type_counts(domain::kServiceTypes.size(), 0);
  std::vector<int> pref_counts(domain::kPrefectureCount, 0);
  std::vector<int> registrar_counts(impl_->registrars.size(), 0);
  std::vector<int> industry_counts(impl_->industries.size(), 0);

  struct Hit {
    const Entry* entry;
    int tier;
  };
  std::vector<Hit> hits;
  const std::string whole_query = [&] {
    std::string s;
    for (const auto& t : terms) s += t;
    return s;
  }();

  for (const Entry& e : impl_->entries) {
    // Filters every facet count respects: text, validity, region coverage.
    if (q.status == StatusFilter::kValid && !(e.registered_days <= as_of && as_of <= e.expires_days)) continue;
    if (q.status == StatusFilter::kExpired && !(e.expires_days < as_of)) continue;
    if (q.regions != 0 && (e.coverage & q.regions) == 0) continue;
    int tier = 1;
    bool text_ok = true;
    bool all_in_name_or_provider = true;
    for (const auto& t : terms) {
      const bool in_np = TermMatches(e.name, t) || TermMatches(e.provider, t);
      if (!in_np && !TermMatches(e.overview, t)) {
        text_ok = false;
        break;
      }
      all_in_name_or_provider = all_in_name_or_provider && in_np;
    }
    if (!text_ok) continue;
    if (!terms.empty()) {
      std::string compact_name;
      for (char c : e.name) {
        if (c != ' ') compact_name.push_back(c);
      }
      tier = compact_name == whole_query ? 3 : all_in_name_or_provider ? 2 : 1;
    }

    const bool t_ok = type_ok[static_cast<std::size_t>(e.type)];
    const bool p_ok = e.prefecture >= 0 ? pref_ok[static_cast<std::size_t>(e.prefecture)] : q.prefectures.empty();
    const bool r_ok = registrar_ok[static_cast<std::size_t>(e.registrar)];
    bool i_ok = q.industries.empty();
    for (int id : e.industries) i_ok = i_ok || industry_wanted[static_cast<std::size_t>(id)];

    // Disjunctive facets: each facet's counts apply every filter but its own.
    if (p_ok && r_ok && i_ok) ++type_counts[static_cast<std::size_t>(e.type)];
    if (t_ok && r_ok && i_ok && e.prefecture >= 0) ++pref_counts[static_cast<std::size_t>(e.prefecture)];
    if (t_ok && p_ok && i_ok) ++registrar_counts[static_cast<std::size_t>(e.registrar)];
    if (t_ok && p_ok && r_ok) {
      for (int id : e.industries) ++industry_counts[static_cast<std::size_t>(id)];
    }
    if (t_ok && p_ok && r_ok && i_ok) hits.push_back({&e, tier});
  }

  auto by_id = [](const Hit& a, const Hit& b) { return a.entry->service->id < b.entry->service->id; };
  std::function<bool(const Hit&, const Hit&)> less;
  switch (q.sort) {
    case SortKey::kRelevance:
      less = [&](const Hit& a, const Hit& b) {
        if (a.tier != b.tier) return a.tier > b.tier;
        if (a.entry->registered_days != b.entry->registered_days)
          return a.entry->registered_days > b.entry->registered_days;
        return by_id(a, b);
      };
      break;
    case SortKey::kName:
      less = [&](const Hit& a, const Hit& b) {
        if (a.entry->collation_key != b.entry->collation_key)
          return (a.entry->collation_key < b.entry->collation_key) != q.descending;
        return by_id(a, b);
      };
      break;
    case SortKey::kRegisteredOn:
      less = [&](const Hit& a, const Hit& b) {
        if (a.entry->registered_days != b.entry->registered_days)
          return (a.entry->registered_days < b.entry->registered_days) != q.descending;
        return by_id(a, b);
      };
      break;
    case SortKey::kExpiresOn:
      less = [&](const Hit& a, const Hit& b) {
        if (a.entry->expires_days != b.entry->expires_days)
          return (a.entry->expires_days < b.entry->expires_days) != q.descending;
        return by_id(a, b);
      };
      break;
  }

  SearchResult result;
  result.snapshot = std::move(self);
  result.total = hits.size();
  const std::size_t begin = std::min(q.offset, hits.size());
  const std::size_t end = q.limit == 0 ? hits.size() : std::min(hits.size(), begin + q.limit);
  if (end < hits.size()) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(), less);
  } else {
    std::sort(hits.begin(), hits.end(), less);
  }
  for (std::size_t i = begin; i < end; ++i) result.items.push_back(hits[i].entry->service);

  result.facets.type = ToFacet(type_counts, [](int i) {
    return domain::TypeCode(domain::kServiceTypes[static_cast<std::size_t>(i)]);
  });
  result.facets.prefecture = ToFacet(pref_counts, [](int i) {
    return domain::Prefectures()[static_cast<std::size_t>(i)].name;
  });
  result.facets.registrar = ToFacet(registrar_counts, [&](int id) { return impl_->registrars.Value(id); });
  result.facets.industry = ToFacet(industry_counts, [&](int id) { return impl_->industries.Value(id); });
  return result;
}

void ServiceIndex::Replace(std::vector<Service> services) {
  auto next = std::make_shared<const Snapshot>(std::move(services));
  std::lock_guard lock(mu_);
  current_ = std::move(next);
}

std::shared_ptr<const Snapshot> ServiceIndex::Current() const {
  std::lock_guard lock(mu_);
  return current_;
}

SearchResult ServiceIndex::Search(const ServiceQuery& q) const {
  auto snap = Current();
  return snap->Search(q, snap);
}

}  // namespace proven::search
