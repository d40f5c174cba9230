#include "search/reference.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>

#include "core/normalize.hpp"
#include "search/terms.hpp"

namespace proven::search {

namespace {

std::string CollationKey(const icu::Collator& coll, const std::string& s) {
  const auto u = icu::UnicodeString::fromUTF8(s);
  const int32_t n = coll.getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(n), '\0');
  coll.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  return key;
}

template <class V, class T>
const T* At(const std::vector<V>& v, std::size_t i, const T* fallback) {
  return i < v.size() ? &v[i] : fallback;
}

}  // namespace

std::string CompactTitle(std::string_view normalised_title) {
  std::string out;
  for (char c : normalised_title) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

std::vector<NormalisedDoc> NormaliseDocs(const std::vector<Doc>& docs) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> coll(icu::Collator::createInstance(icu::Locale::getJapanese(), status));
  std::vector<NormalisedDoc> out;
  out.reserve(docs.size());
  for (const auto& d : docs) {
    NormalisedDoc n;
    for (const auto& t : d.text) n.text.push_back(NormalizeForSearch(t));
    const std::string title = d.text.empty() ? std::string() : d.text[0];
    n.compact_title = CompactTitle(n.text.empty() ? std::string_view() : std::string_view(n.text[0]));
    n.collation_key = CollationKey(*coll, title);
    out.push_back(std::move(n));
  }
  return out;
}

PreparedQuery::PreparedQuery(const Schema& s, const Query& query) : schema(s), q(query), terms(QueryTerms(query.text)) {
  for (const auto& t : terms) whole += t;
  if (q.status && *q.status < s.statuses.size()) status = &s.statuses[*q.status];
  for (std::size_t f = 0; f < s.facets.size() && f < q.facets.size(); ++f) {
    if (!q.facets[f].empty()) facets_on |= std::uint32_t{1} << f;
  }
  for (std::size_t f = 0; f < s.facets.size(); ++f) {
    if (s.facets[f].keyword) keyword_facets |= std::uint32_t{1} << f;
  }
}

bool KeywordMatches(const PreparedQuery& pq, const Doc& d) {
  if (pq.whole.empty() || pq.keyword_facets == 0) return false;
  for (std::size_t f = 0; f < d.facets.size(); ++f) {
    if (((pq.keyword_facets >> f) & 1u) == 0) continue;
    for (const auto& v : d.facets[f]) {
      if (v == pq.whole) return true;
    }
  }
  return false;
}

std::optional<DocVerdict> Evaluate(const PreparedQuery& pq, const Doc& d, const std::vector<std::string>& text,
                                   std::string_view compact_title) {
  const Schema& s = pq.schema;
  const Query& q = pq.q;
  const std::int64_t zero = 0;
  if (pq.status != nullptr) {
    const std::int64_t start = s.status_start >= 0 ? *At(d.dates, static_cast<std::size_t>(s.status_start), &zero) : 0;
    const std::int64_t end = s.status_end >= 0 ? *At(d.dates, static_cast<std::size_t>(s.status_end), &zero) : 0;
    if (!StatusMatches(*pq.status, d.state, start, end, q.as_of)) return {};
  }
  for (const auto& range : q.date_ranges) {
    if (range.date < s.dates.size() && !range.Contains(*At(d.dates, range.date, &zero))) return {};
  }
  for (std::size_t m = 0; m < s.masks.size() && m < q.masks.size(); ++m) {
    const std::uint64_t none = 0;
    if (q.masks[m] != 0 && (*At(d.masks, m, &none) & q.masks[m]) == 0) return {};
  }
  for (std::size_t i = 0; i < s.scopes.size() && i < q.scopes.size(); ++i) {
    const std::optional<std::int64_t> none;
    if (q.scopes[i] && *At(d.scopes, i, &none) != q.scopes[i]) return {};
  }
  const bool keyword = KeywordMatches(pq, d);
  bool all_ranked = true;
  for (const auto& t : pq.terms) {
    bool ranked = false, anywhere = false;
    for (std::size_t f = 0; f < s.text.size() && f < text.size() && !ranked; ++f) {
      if (TermMatches(text[f], t)) {
        anywhere = true;
        ranked = s.text[f].ranks;
      }
    }
    if (!anywhere && !keyword) return {};
    all_ranked = all_ranked && ranked;
  }
  DocVerdict v;
  v.all_facets = s.facets.size() >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << s.facets.size()) - 1;
  v.tier = pq.terms.empty() ? 1 : (compact_title == pq.whole || keyword) ? 3 : all_ranked ? 2 : 1;
  for (std::size_t f = 0; f < s.facets.size(); ++f) {
    bool ok = ((pq.facets_on >> f) & 1u) == 0;
    if (!ok && f < d.facets.size()) {
      const auto& want = q.facets[f];
      for (const auto& value : d.facets[f]) {
        if (std::find(want.begin(), want.end(), value) != want.end()) {
          ok = true;
          break;
        }
      }
    }
    if (ok) v.facet_ok |= std::uint32_t{1} << f;
  }
  return v;
}

std::vector<std::string_view> DistinctValues(const Doc& d, std::size_t f) {
  std::vector<std::string_view> out;
  if (f >= d.facets.size()) return out;
  for (const auto& v : d.facets[f]) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.emplace_back(v);
  }
  return out;
}

Result ReferenceSearch(const Schema& schema, const std::vector<Doc>& docs, const std::vector<NormalisedDoc>& normalised,
                       const Query& q) {
  const PreparedQuery pq(schema, q);
  std::vector<std::map<std::string, int>> counts(schema.facets.size());
  struct Hit {
    std::size_t i;
    int tier;
  };
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto v = Evaluate(pq, docs[i], normalised[i].text, normalised[i].compact_title);
    if (!v) continue;
    for (std::size_t f = 0; f < schema.facets.size(); ++f) {
      if (!schema.facets[f].counted || !v->counts_for(f)) continue;
      for (auto value : DistinctValues(docs[i], f)) ++counts[f][std::string(value)];
    }
    if (v->all()) hits.push_back({i, v->tier});
  }

  const SortField& sort = schema.sorts.at(q.sort);
  auto date = [&](std::size_t i, int slot) -> std::int64_t {
    return slot >= 0 && static_cast<std::size_t>(slot) < docs[i].dates.size() ? docs[i].dates[static_cast<std::size_t>(slot)]
                                                                               : 0;
  };
  auto less = [&](const Hit& a, const Hit& b) {
    switch (sort.kind) {
      case SortKind::kRelevance: {
        if (a.tier != b.tier) return a.tier > b.tier;
        const auto x = date(a.i, schema.relevance_date), y = date(b.i, schema.relevance_date);
        if (x != y) return x > y;
        break;
      }
      case SortKind::kTitle: {
        const auto& x = normalised[a.i].collation_key;
        const auto& y = normalised[b.i].collation_key;
        if (x != y) return (x < y) != q.descending;
        break;
      }
      case SortKind::kDate: {
        const auto x = date(a.i, sort.date), y = date(b.i, sort.date);
        if (x != y) return (x < y) != q.descending;
        break;
      }
    }
    return docs[a.i].id < docs[b.i].id;
  };
  std::sort(hits.begin(), hits.end(), less);

  Result r;
  r.total = hits.size();
  const std::size_t begin = std::min(q.offset, hits.size());
  const std::size_t end = q.limit == 0 ? hits.size() : std::min(hits.size(), begin + q.limit);
  for (std::size_t i = begin; i < end; ++i) r.ids.push_back(docs[hits[i].i].id);
  for (const auto& m : counts) {
    std::vector<FacetValue> v;
    for (const auto& [k, c] : m) v.push_back({k, c});
    SortFacet(v);
    r.facets.push_back(std::move(v));
  }
  return r;
}

}  // namespace proven::search
