#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>

#include "core/normalize.hpp"
#include "domain/regions.hpp"
#include "search/index_doc.hpp"

namespace proven::search {

IndexDoc ToIndexDoc(const domain::Service& s) {
  IndexDoc d;
  d.id = s.id;
  d.name = s.name;
  d.provider = s.provider;
  d.overview = s.overview;
  d.type = s.type;
  d.prefecture = domain::FindPrefecture(s.prefecture).value_or(-1);
  d.registrar = s.registrar;
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

void SortFacet(std::vector<FacetValue>& values) {
  std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
}

namespace {

std::string CollationKey(const icu::Collator& coll, const std::string& s) {
  const auto u = icu::UnicodeString::fromUTF8(s);
  const int32_t n = coll.getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(n), '\0');
  coll.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  return key;
}

}  // namespace

std::vector<NormalisedDoc> NormaliseDocs(const std::vector<IndexDoc>& docs) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> coll(icu::Collator::createInstance(icu::Locale::getJapanese(), status));
  std::vector<NormalisedDoc> out;
  out.reserve(docs.size());
  for (const auto& d : docs) {
    NormalisedDoc n{NormalizeForSearch(d.name), NormalizeForSearch(d.provider), NormalizeForSearch(d.overview), {},
                    CollationKey(*coll, d.name)};
    for (char c : n.name) {
      if (c != ' ') n.compact_name.push_back(c);
    }
    out.push_back(std::move(n));
  }
  return out;
}

PreparedQuery::PreparedQuery(const ServiceQuery& query) : q(query), terms(QueryTerms(query.text)) {
  for (const auto& t : terms) whole += t;
  as_of = q.as_of.DaysSinceEpoch();
  for (const auto& p : q.prefectures) {
    if (auto i = domain::FindPrefecture(p)) prefectures.push_back(*i);
  }
}

std::optional<DocVerdict> Evaluate(const PreparedQuery& pq, const IndexDoc& d, std::string_view name,
                                   std::string_view provider, std::string_view overview, std::string_view compact_name) {
  const ServiceQuery& q = pq.q;
  if (!StatusMatches(q.status, d.state, d.registered_days, d.expires_days, pq.as_of)) return {};
  if (q.regions != 0 && (d.coverage & q.regions) == 0) return {};
  if (q.registrar_org_id && d.registrar_org_id != q.registrar_org_id) return {};
  bool all_np = true;
  for (const auto& t : pq.terms) {
    const bool np = TermMatches(name, t) || TermMatches(provider, t);
    if (!np && !TermMatches(overview, t)) return {};
    all_np = all_np && np;
  }
  auto contains = [](const auto& v, const auto& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  DocVerdict v;
  v.tier = pq.terms.empty() ? 1 : compact_name == pq.whole ? 3 : all_np ? 2 : 1;
  v.type_ok = q.types.empty() || contains(q.types, d.type);
  v.pref_ok = q.prefectures.empty() || contains(pq.prefectures, d.prefecture);
  v.registrar_ok = q.registrars.empty() || contains(q.registrars, d.registrar);
  v.industry_ok = q.industries.empty();
  for (const auto& i : d.industries) v.industry_ok = v.industry_ok || contains(q.industries, i);
  return v;
}

std::vector<std::string_view> DistinctIndustries(const IndexDoc& d) {
  std::vector<std::string_view> out;
  for (const auto& i : d.industries) {
    if (std::find(out.begin(), out.end(), i) == out.end()) out.emplace_back(i);
  }
  return out;
}

EngineResult ReferenceSearch(const std::vector<IndexDoc>& docs, const std::vector<NormalisedDoc>& normalised,
                             const ServiceQuery& q) {
  const PreparedQuery pq(q);
  std::map<std::string, int> type_c, pref_c, reg_c, ind_c;
  struct Hit {
    std::size_t i;
    int tier;
  };
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto& d = docs[i];
    const auto& n = normalised[i];
    const auto v = Evaluate(pq, d, n.name, n.provider, n.overview, n.compact_name);
    if (!v) continue;
    if (v->pref_ok && v->registrar_ok && v->industry_ok) ++type_c[std::string(domain::TypeCode(d.type))];
    if (v->type_ok && v->registrar_ok && v->industry_ok && d.prefecture >= 0) {
      ++pref_c[std::string(domain::Prefectures()[static_cast<std::size_t>(d.prefecture)].name)];
    }
    if (v->type_ok && v->pref_ok && v->industry_ok) ++reg_c[d.registrar];
    if (v->type_ok && v->pref_ok && v->registrar_ok) {
      for (auto ind : DistinctIndustries(d)) ++ind_c[std::string(ind)];
    }
    if (v->all()) hits.push_back({i, v->tier});
  }

  auto less = [&](const Hit& a, const Hit& b) {
    const auto& x = docs[a.i];
    const auto& y = docs[b.i];
    switch (q.sort) {
      case SortKey::kRelevance:
        if (a.tier != b.tier) return a.tier > b.tier;
        if (x.registered_days != y.registered_days) return x.registered_days > y.registered_days;
        break;
      case SortKey::kName:
        if (normalised[a.i].collation_key != normalised[b.i].collation_key) {
          return (normalised[a.i].collation_key < normalised[b.i].collation_key) != q.descending;
        }
        break;
      case SortKey::kRegisteredOn:
        if (x.registered_days != y.registered_days) return (x.registered_days < y.registered_days) != q.descending;
        break;
      case SortKey::kExpiresOn:
        if (x.expires_days != y.expires_days) return (x.expires_days < y.expires_days) != q.descending;
        break;
    }
    return x.id < y.id;
  };
  std::sort(hits.begin(), hits.end(), less);

  EngineResult r;
  r.total = hits.size();
  const std::size_t begin = std::min(q.offset, hits.size());
  const std::size_t end = q.limit == 0 ? hits.size() : std::min(hits.size(), begin + q.limit);
  for (std::size_t i = begin; i < end; ++i) r.ids.push_back(docs[hits[i].i].id);
  auto to_facet = [](const std::map<std::string, int>& m) {
    std::vector<FacetValue> v;
    for (const auto& [k, c] : m) v.push_back({k, c});
    SortFacet(v);
    return v;
  };
  r.facets = {to_facet(type_c), to_facet(ind_c), to_facet(pref_c), to_facet(reg_c)};
  return r;
}

}  // namespace proven::search
