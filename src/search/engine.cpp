#include "search/engine.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <list>
#include <map>
#include <numeric>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/normalize.hpp"
#include "domain/regions.hpp"
#include "search/doc_set.hpp"
#include "search/text_index.hpp"

namespace proven::search {

namespace {

constexpr std::size_t kTypeCount = domain::kServiceTypes.size();

std::unique_ptr<icu::Collator> JapaneseCollator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> coll(icu::Collator::createInstance(icu::Locale::getJapanese(), status));
  if (U_FAILURE(status)) coll.reset();
  return coll;
}

std::string CollationKey(const icu::Collator* coll, const std::string& s) {
  if (coll == nullptr) return s;
  const auto u = icu::UnicodeString::fromUTF8(s);
  const int32_t n = coll->getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(n), '\0');
  coll->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  return key;
}

std::string Compact(std::string_view normalised_name) {
  std::string out;
  for (char c : normalised_name) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

std::uint64_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

// Interns strings to dense ids.
struct Dictionary {
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<std::string> values;
  std::uint32_t Intern(const std::string& s) {
    auto [it, inserted] = ids.try_emplace(s, static_cast<std::uint32_t>(values.size()));
    if (inserted) values.push_back(s);
    return it->second;
  }
  int Find(const std::string& s) const {
    auto it = ids.find(s);
    return it == ids.end() ? -1 : static_cast<int>(it->second);
  }
};

// Everything the engine derives from one document's text, computed off the critical path.
struct Prepared {
  IndexDoc doc;
  std::string name, provider, overview;  // normalised
  std::string collation_key;
};

void Prepare(Prepared& p, const icu::Collator* coll) {
  p.name = NormalizeForSearch(p.doc.name);
  p.provider = NormalizeForSearch(p.doc.provider);
  p.overview = NormalizeForSearch(p.doc.overview);
  p.collation_key = CollationKey(coll, p.doc.name);
}

// A small LRU cache with a byte cap, safe for concurrent use.
template <class V>
class LruCache {
 public:
  explicit LruCache(std::size_t cap_bytes) : cap_(cap_bytes) {}
  std::shared_ptr<const V> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.pos);
    return it->second.value;
  }
  void Put(const std::string& key, std::shared_ptr<const V> value, std::size_t bytes) {
    std::lock_guard lock(mu_);
    if (bytes > cap_) return;
    if (map_.contains(key)) return;
    order_.push_front(key);
    map_.emplace(key, Entry{std::move(value), bytes, order_.begin()});
    used_ += bytes;
    while (used_ > cap_ && !order_.empty()) {
      auto victim = map_.find(order_.back());
      used_ -= victim->second.bytes;
      map_.erase(victim);
      order_.pop_back();
    }
  }
  std::pair<std::size_t, std::size_t> Usage() const {
    std::lock_guard lock(mu_);
    return {used_, map_.size()};
  }

 private:
  struct Entry {
    std::shared_ptr<const V> value;
    std::size_t bytes;
    std::list<std::string>::iterator pos;
  };
  std::size_t cap_;
  mutable std::mutex mu_;
  std::list<std::string> order_;
  std::unordered_map<std::string, Entry> map_;
  std::size_t used_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The immutable base.

class BaseIndex {
 public:
  explicit BaseIndex(std::size_t term_cache_bytes) : term_cache(term_cache_bytes) {}
  std::uint32_t n = 0;
  std::vector<std::int64_t> ids;  // ascending
  TextIndex text;
  std::vector<std::uint8_t> type;
  std::vector<std::int8_t> pref;
  std::vector<std::uint32_t> registrar;
  std::vector<std::int64_t> registrar_org;  // 0: none (ids start at 1)
  std::vector<std::uint32_t> ind_begin{0};  // CSR: industries of doc d are ind[ind_begin[d]..ind_begin[d+1])
  std::vector<std::uint32_t> ind;
  std::vector<domain::RegionMask> coverage;
  // The facet attributes of a document packed into 8 bytes, so that counting over a result
  // list touches one cache line per document. Industries 0..30 are bits; bit 31 says the
  // document also has industries beyond those (then the CSR arrays tell).
  struct Attr {
    std::uint8_t type;
    std::int8_t pref;
    std::uint16_t registrar;  // kBigRegistrar: see registrar[]
    std::uint32_t industries;
  };
  static constexpr std::uint16_t kBigRegistrar = 0xFFFF;
  static constexpr std::uint32_t kMoreIndustries = 0x80000000u;
  std::vector<Attr> attr;
  std::vector<std::int32_t> reg_days, exp_days;
  std::vector<std::uint8_t> state;  // domain::ServiceState
  std::string keys;  // collation keys, concatenated
  std::vector<std::uint32_t> key_begin{0};
  std::vector<std::pair<std::uint64_t, std::uint32_t>> exact_names;  // (hash of compact name, doc), sorted
  Dictionary registrars, industries;
  std::vector<DocSet> type_sets, pref_sets, registrar_sets, industry_sets;
  // Permutations of all docs for each ordering (ties by id ascending).
  std::vector<std::uint32_t> by_name_asc, by_name_desc, by_reg_asc, by_reg_desc, by_exp_asc, by_exp_desc;

  mutable LruCache<TermMatch> term_cache;
  mutable LruCache<Bits> filter_cache{64u << 20};  // status-as-of and region bitmaps

  std::string_view Key(std::uint32_t d) const {
    return std::string_view(keys).substr(key_begin[d], key_begin[d + 1] - key_begin[d]);
  }
  int DocOf(std::int64_t id) const {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    return it != ids.end() && *it == id ? static_cast<int>(it - ids.begin()) : -1;
  }
  std::size_t Bytes() const {
    std::size_t b = text.bytes() + attr.capacity() * 8 + ids.capacity() * 8 + type.capacity() + pref.capacity() +
                    registrar.capacity() * 4 + registrar_org.capacity() * 8 + ind_begin.capacity() * 4 + ind.capacity() * 4 +
                    coverage.capacity() * 8 + reg_days.capacity() * 4 + exp_days.capacity() * 4 + state.capacity() +
                    keys.capacity() + key_begin.capacity() * 4 + exact_names.capacity() * 16 + 6 * std::size_t{n} * 4;
    for (const auto* sets : {&type_sets, &pref_sets, &registrar_sets, &industry_sets}) {
      for (const auto& s : *sets) b += s.bytes();
    }
    return b;
  }

  std::shared_ptr<const TermMatch> Term(const std::string& term) const {
    if (auto hit = term_cache.Get(term)) return hit;
    auto computed = std::make_shared<const TermMatch>(text.Match(term));
    term_cache.Put(term, computed, computed->bytes() + term.size() + 64);
    return computed;
  }

  // Documents passing a status filter other than kAll. The state filters do not depend on the
  // date, so their key leaves it out.
  std::shared_ptr<const Bits> StatusBits(StatusFilter status, std::int64_t as_of) const {
    std::string key;
    switch (status) {
      case StatusFilter::kValid: key = "v" + std::to_string(as_of); break;
      case StatusFilter::kExpired: key = "e" + std::to_string(as_of); break;
      case StatusFilter::kSuspended: key = "s"; break;
      case StatusFilter::kRevoked: key = "x"; break;
      case StatusFilter::kAll: key = "a"; break;
    }
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    for (std::uint32_t d = 0; d < n; ++d) {
      if (StatusMatches(status, static_cast<domain::ServiceState>(state[d]), reg_days[d], exp_days[d], as_of)) {
        bits->Set(d);
      }
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }

  // Documents of one registration body, by organisation id (a registrar's own lists).
  std::shared_ptr<const Bits> RegistrarOrgBits(std::int64_t org_id) const {
    const std::string key = "o" + std::to_string(org_id);
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    for (std::uint32_t d = 0; d < n; ++d) {
      if (registrar_org[d] == org_id) bits->Set(d);
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }

  std::shared_ptr<const Bits> RegionBits(domain::RegionMask mask) const {
    const std::string key = "r" + std::to_string(mask);
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    for (std::uint32_t d = 0; d < n; ++d) {
      if (coverage[d] & mask) bits->Set(d);
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }
};

struct IndexBuilder::Impl {
  EngineOptions options;
  std::vector<Prepared> batch;
  std::unique_ptr<BaseIndex> base;
  std::vector<std::unique_ptr<icu::Collator>> collators;
  std::int64_t last_id = 0;
  bool any = false;

  void Flush() {
    if (batch.empty()) return;
    const unsigned threads = std::max(1u, std::min<unsigned>(options.build_threads, 8));
    while (collators.size() < threads) collators.push_back(JapaneseCollator());
    if (threads == 1 || batch.size() < 64) {
      for (auto& p : batch) Prepare(p, collators[0].get());
    } else {
      std::vector<std::thread> workers;
      const std::size_t per = (batch.size() + threads - 1) / threads;
      for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
          const std::size_t b = t * per;
          const std::size_t e = std::min(batch.size(), b + per);
          for (std::size_t i = b; i < e; ++i) Prepare(batch[i], collators[t].get());
        });
      }
      for (auto& w : workers) w.join();
    }
    BaseIndex& x = *base;
    for (auto& p : batch) {
      const auto d = x.n++;
      x.ids.push_back(p.doc.id);
      x.text.Add(p.name, p.provider, p.overview);
      x.type.push_back(static_cast<std::uint8_t>(p.doc.type));
      x.pref.push_back(static_cast<std::int8_t>(p.doc.prefecture));
      x.registrar.push_back(x.registrars.Intern(p.doc.registrar));
      x.registrar_org.push_back(p.doc.registrar_org_id.value_or(0));
      std::vector<std::uint32_t> inds;
      for (const auto& i : p.doc.industries) {
        const auto id = x.industries.Intern(i);
        if (std::find(inds.begin(), inds.end(), id) == inds.end()) inds.push_back(id);
      }
      x.ind.insert(x.ind.end(), inds.begin(), inds.end());
      x.ind_begin.push_back(static_cast<std::uint32_t>(x.ind.size()));
      x.coverage.push_back(p.doc.coverage);
      x.reg_days.push_back(static_cast<std::int32_t>(p.doc.registered_days));
      x.exp_days.push_back(static_cast<std::int32_t>(p.doc.expires_days));
      x.state.push_back(static_cast<std::uint8_t>(p.doc.state));
      x.keys += p.collation_key;
      x.key_begin.push_back(static_cast<std::uint32_t>(x.keys.size()));
      x.exact_names.emplace_back(Hash(Compact(p.name)), d);
    }
    batch.clear();
  }
};

IndexBuilder::IndexBuilder(EngineOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->base = std::make_unique<BaseIndex>(options.term_cache_bytes);
}

IndexBuilder::~IndexBuilder() = default;

void IndexBuilder::Add(IndexDoc doc) {
  // Ids must ascend: the base finds documents by binary search and breaks ties by position.
  if (impl_->any && doc.id <= impl_->last_id) {
    throw std::invalid_argument("IndexBuilder: documents must be added in ascending id order");
  }
  impl_->any = true;
  impl_->last_id = doc.id;
  impl_->batch.push_back(Prepared{std::move(doc), {}, {}, {}, {}});
  if (impl_->batch.size() >= 4096) impl_->Flush();
}

std::shared_ptr<const BaseIndex> IndexBuilder::Finish() {
  impl_->Flush();
  BaseIndex& x = *impl_->base;
  x.text.Finish();
  std::sort(x.exact_names.begin(), x.exact_names.end());
  x.exact_names.shrink_to_fit();

  // Facet value sets.
  auto sets_from = [&](std::size_t values, auto value_of) {
    std::vector<std::vector<std::uint32_t>> lists(values);
    for (std::uint32_t d = 0; d < x.n; ++d) value_of(d, lists);
    std::vector<DocSet> out;
    for (auto& l : lists) out.push_back(DocSet::FromSorted(std::move(l), x.n));
    return out;
  };
  x.type_sets = sets_from(kTypeCount, [&](std::uint32_t d, auto& lists) { lists[x.type[d]].push_back(d); });
  x.pref_sets = sets_from(domain::kPrefectureCount, [&](std::uint32_t d, auto& lists) {
    if (x.pref[d] >= 0) lists[static_cast<std::size_t>(x.pref[d])].push_back(d);
  });
  x.registrar_sets = sets_from(x.registrars.values.size(),
                               [&](std::uint32_t d, auto& lists) { lists[x.registrar[d]].push_back(d); });
  x.industry_sets = sets_from(x.industries.values.size(), [&](std::uint32_t d, auto& lists) {
    for (auto i = x.ind_begin[d]; i < x.ind_begin[d + 1]; ++i) lists[x.ind[i]].push_back(d);
  });

  // Sort permutations; ties by id ascending (= doc index ascending).
  std::vector<std::uint32_t> all(x.n);
  std::iota(all.begin(), all.end(), 0u);
  auto perm = [&](auto less) {
    auto p = all;
    std::stable_sort(p.begin(), p.end(), less);
    return p;
  };
  x.by_name_asc = perm([&](std::uint32_t a, std::uint32_t b) { return x.Key(a) < x.Key(b); });
  x.by_name_desc = perm([&](std::uint32_t a, std::uint32_t b) { return x.Key(a) > x.Key(b); });
  x.by_reg_asc = perm([&](std::uint32_t a, std::uint32_t b) { return x.reg_days[a] < x.reg_days[b]; });
  x.by_reg_desc = perm([&](std::uint32_t a, std::uint32_t b) { return x.reg_days[a] > x.reg_days[b]; });
  x.by_exp_asc = perm([&](std::uint32_t a, std::uint32_t b) { return x.exp_days[a] < x.exp_days[b]; });
  x.by_exp_desc = perm([&](std::uint32_t a, std::uint32_t b) { return x.exp_days[a] > x.exp_days[b]; });
  x.attr.resize(x.n);
  for (std::uint32_t d = 0; d < x.n; ++d) {
    std::uint32_t mask = 0;
    for (auto i = x.ind_begin[d]; i < x.ind_begin[d + 1]; ++i) {
      mask |= x.ind[i] < 31 ? (1u << x.ind[i]) : BaseIndex::kMoreIndustries;
    }
    const auto reg = x.registrar[d] < BaseIndex::kBigRegistrar ? static_cast<std::uint16_t>(x.registrar[d])
                                                               : BaseIndex::kBigRegistrar;
    x.attr[d] = {x.type[d], x.pref[d], reg, mask};
  }
  x.ids.shrink_to_fit();
  x.keys.shrink_to_fit();
  return std::shared_ptr<const BaseIndex>(std::move(impl_->base));
}

// ---------------------------------------------------------------------------------------------
// The overlay: documents changed since the base was built.

struct SearchEngine::Overlay {
  Bits hidden;  // base documents replaced or removed
  std::size_t hidden_count = 0;
  std::vector<std::shared_ptr<const Prepared>> docs;  // ascending id
};

SearchEngine::SearchEngine(EngineOptions options) : options_(options) {
  IndexBuilder b(options_);
  state_ = {b.Finish(), std::make_shared<Overlay>()};
}

SearchEngine::~SearchEngine() = default;

SearchEngine::State SearchEngine::Current() const {
  std::lock_guard lock(mu_);
  return state_;
}

void SearchEngine::Build(std::vector<IndexDoc> docs) {
  std::sort(docs.begin(), docs.end(), [](const IndexDoc& a, const IndexDoc& b) { return a.id < b.id; });
  IndexBuilder b(options_);
  for (auto& d : docs) b.Add(std::move(d));
  ReplaceBase(b.Finish());
}

void SearchEngine::ApplyChanges(const BaseIndex& base, Overlay& overlay, std::vector<IndexDoc> upserts,
                                const std::vector<std::int64_t>& removals) {
  auto hide = [&](std::int64_t id) {
    if (const int d = base.DocOf(id); d >= 0 && !overlay.hidden.Test(static_cast<std::uint32_t>(d))) {
      overlay.hidden.Set(static_cast<std::uint32_t>(d));
      ++overlay.hidden_count;
    }
  };
  auto find = [&](std::int64_t id) {
    return std::lower_bound(overlay.docs.begin(), overlay.docs.end(), id,
                            [](const auto& a, std::int64_t x) { return a->doc.id < x; });
  };
  for (auto id : removals) {
    hide(id);
    if (auto it = find(id); it != overlay.docs.end() && (*it)->doc.id == id) overlay.docs.erase(it);
  }
  auto coll = JapaneseCollator();
  for (auto& doc : upserts) {
    auto p = std::make_shared<Prepared>(Prepared{std::move(doc), {}, {}, {}, {}});
    Prepare(*p, coll.get());
    hide(p->doc.id);
    auto it = find(p->doc.id);
    if (it != overlay.docs.end() && (*it)->doc.id == p->doc.id) {
      *it = std::move(p);
    } else {
      overlay.docs.insert(it, std::move(p));
    }
  }
}

void SearchEngine::ReplaceBase(std::shared_ptr<const BaseIndex> base, std::vector<IndexDoc> upserts,
                               const std::vector<std::int64_t>& removals) {
  auto o = std::make_shared<Overlay>();
  o->hidden = Bits(base->n);
  ApplyChanges(*base, *o, std::move(upserts), removals);
  std::lock_guard write(write_mu_);
  std::lock_guard lock(mu_);
  state_ = {std::move(base), std::move(o)};
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void SearchEngine::Apply(std::vector<IndexDoc> upserts, const std::vector<std::int64_t>& removals) {
  if (upserts.empty() && removals.empty()) return;
  // Normalising happens under the writer lock: writes are rare next to searches, and this keeps
  // the overlay a function of the write order.
  std::lock_guard write(write_mu_);
  const State cur = Current();
  auto next = std::make_shared<Overlay>(*cur.overlay);
  ApplyChanges(*cur.base, *next, std::move(upserts), removals);
  std::lock_guard lock(mu_);
  state_.overlay = std::move(next);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

EngineStats SearchEngine::Stats() const {
  const State s = Current();
  EngineStats st;
  st.base_docs = s.base->n;
  st.overlay_docs = s.overlay->docs.size();
  st.hidden_base_docs = s.overlay->hidden_count;
  st.index_bytes = s.base->Bytes();
  auto [bytes, entries] = s.base->term_cache.Usage();
  st.cache_bytes = bytes;
  st.cached_terms = entries;
  return st;
}

// ---------------------------------------------------------------------------------------------
// Search.

namespace {

// A candidate for the page: enough to order base and overlay documents together.
struct Cand {
  int tier = 1;
  std::int64_t days = 0;  // registered or expiry days, by sort key
  std::string_view key;   // collation key (name sort)
  std::int64_t id = 0;
};

// Orders candidates as the query's sort asks (a plain struct: std::function would cost an
// indirect call per comparison inside the sorts).
struct CandLess {
  SortKey sort;
  bool desc;
  explicit CandLess(const ServiceQuery& q) : sort(q.sort), desc(q.descending) {}
  bool operator()(const Cand& a, const Cand& b) const {
    switch (sort) {
      case SortKey::kRelevance:
        if (a.tier != b.tier) return a.tier > b.tier;
        if (a.days != b.days) return a.days > b.days;
        break;
      case SortKey::kName:
        if (a.key != b.key) return (a.key < b.key) != desc;
        break;
      case SortKey::kRegisteredOn:
      case SortKey::kExpiresOn:
        if (a.days != b.days) return (a.days < b.days) != desc;
        break;
    }
    return a.id < b.id;
  }
};

// Per-query filter tables: value id → selected.
struct FilterTables {
  bool types_on = false, prefs_on = false, regs_on = false, inds_on = false;
  std::vector<bool> type_ok, pref_ok, reg_ok, ind_ok;
};

}  // namespace

EngineResult SearchEngine::Search(const ServiceQuery& q) const {
  const State st = Current();
  const BaseIndex& b = *st.base;
  const Overlay& ov = *st.overlay;
  const PreparedQuery pq(q);
  const auto& terms = pq.terms;
  const std::string& whole_query = pq.whole;
  const std::int64_t as_of = q.as_of.DaysSinceEpoch();

  // ---- filter tables (by base dictionary ids)
  FilterTables ft;
  ft.types_on = !q.types.empty();
  ft.type_ok.assign(kTypeCount, false);
  for (auto t : q.types) ft.type_ok[static_cast<std::size_t>(t)] = true;
  ft.prefs_on = !q.prefectures.empty();
  ft.pref_ok.assign(domain::kPrefectureCount, false);
  for (const auto& p : q.prefectures) {
    if (auto i = domain::FindPrefecture(p)) ft.pref_ok[static_cast<std::size_t>(*i)] = true;
  }
  ft.regs_on = !q.registrars.empty();
  ft.reg_ok.assign(b.registrars.values.size(), false);
  for (const auto& r : q.registrars) {
    if (int id = b.registrars.Find(r); id >= 0) ft.reg_ok[static_cast<std::size_t>(id)] = true;
  }
  ft.inds_on = !q.industries.empty();
  ft.ind_ok.assign(b.industries.values.size(), false);
  for (const auto& i : q.industries) {
    if (int id = b.industries.Find(i); id >= 0) ft.ind_ok[static_cast<std::size_t>(id)] = true;
  }

  std::vector<int> type_c(kTypeCount, 0), pref_c(domain::kPrefectureCount, 0),
      reg_c(b.registrars.values.size(), 0), ind_c(b.industries.values.size(), 0);
  std::map<std::string, int> extra_reg_c, extra_ind_c;  // overlay values the base has never seen

  // ---- base: documents passing text, validity, region and scope
  Bits base_bits = q.status == StatusFilter::kAll
                       ? Bits(b.n, true)
                       : *b.StatusBits(q.status, as_of);
  if (ov.hidden_count) base_bits.AndNot(ov.hidden);
  if (q.regions) base_bits.And(*b.RegionBits(q.regions));
  if (q.registrar_org_id) base_bits.And(*b.RegistrarOrgBits(*q.registrar_org_id));
  std::vector<std::shared_ptr<const TermMatch>> term_matches;
  for (const auto& t : terms) {
    term_matches.push_back(b.Term(t));
    term_matches.back()->anywhere.AndInto(base_bits);
  }
  const std::uint32_t base_count = base_bits.Count();
  const bool dense = base_count > b.n / 64;

  // Result docs of the base: as bits (dense) or a list (sparse).
  Bits result_bits;
  std::vector<std::uint32_t> result_list;
  std::uint32_t result_count = 0;

  if (dense) {
    auto or_of = [&](const std::vector<DocSet>& sets, const std::vector<bool>& ok) {
      Bits f(b.n);
      for (std::size_t v = 0; v < sets.size(); ++v) {
        if (ok[v]) sets[v].OrInto(f);
      }
      return f;
    };
    Bits f_type, f_pref, f_reg, f_ind;
    if (ft.types_on) f_type = or_of(b.type_sets, ft.type_ok);
    if (ft.prefs_on) f_pref = or_of(b.pref_sets, ft.pref_ok);
    if (ft.regs_on) f_reg = or_of(b.registrar_sets, ft.reg_ok);
    if (ft.inds_on) f_ind = or_of(b.industry_sets, ft.ind_ok);
    // The base restricted by every facet filter except `skip` (0..3 = type, pref, reg, ind).
    auto restricted = [&](int skip) {
      Bits x = base_bits;
      if (skip != 0 && ft.types_on) x.And(f_type);
      if (skip != 1 && ft.prefs_on) x.And(f_pref);
      if (skip != 2 && ft.regs_on) x.And(f_reg);
      if (skip != 3 && ft.inds_on) x.And(f_ind);
      return x;
    };
    auto count_values = [&](const Bits& x, const std::vector<DocSet>& sets, std::vector<int>& counts) {
      for (std::size_t v = 0; v < sets.size(); ++v) {
        if (sets[v].count()) counts[v] = static_cast<int>(sets[v].CountAnd(x));
      }
    };
    const bool any_filter = ft.types_on || ft.prefs_on || ft.regs_on || ft.inds_on;
    if (!any_filter) {
      count_values(base_bits, b.type_sets, type_c);
      count_values(base_bits, b.pref_sets, pref_c);
      count_values(base_bits, b.registrar_sets, reg_c);
      count_values(base_bits, b.industry_sets, ind_c);
      result_bits = std::move(base_bits);
    } else {
      count_values(ft.types_on ? restricted(0) : restricted(-1), b.type_sets, type_c);
      count_values(ft.prefs_on ? restricted(1) : restricted(-1), b.pref_sets, pref_c);
      count_values(ft.regs_on ? restricted(2) : restricted(-1), b.registrar_sets, reg_c);
      count_values(ft.inds_on ? restricted(3) : restricted(-1), b.industry_sets, ind_c);
      result_bits = restricted(-1);
    }
    result_count = result_bits.Count();
  } else {
    // Byte tables (vector<bool> is slow to index) and the wanted industries as a mask.
    std::vector<std::uint8_t> type_ok(ft.type_ok.begin(), ft.type_ok.end());
    std::vector<std::uint8_t> pref_ok(ft.pref_ok.begin(), ft.pref_ok.end());
    std::vector<std::uint8_t> reg_ok(ft.reg_ok.begin(), ft.reg_ok.end());
    std::uint32_t ind_want = 0;
    bool ind_want_more = false;
    for (std::size_t i = 0; i < ft.ind_ok.size(); ++i) {
      if (!ft.ind_ok[i]) continue;
      if (i < 31) {
        ind_want |= 1u << i;
      } else {
        ind_want_more = true;
      }
    }
    result_list.reserve(base_count);
    base_bits.ForEach([&](std::uint32_t d) {
      const BaseIndex::Attr a = b.attr[d];
      const std::uint32_t reg = a.registrar != BaseIndex::kBigRegistrar ? a.registrar : b.registrar[d];
      const bool t_ok = !ft.types_on || type_ok[a.type];
      const bool p_ok = !ft.prefs_on || (a.pref >= 0 && pref_ok[static_cast<std::size_t>(a.pref)]);
      const bool r_ok = !ft.regs_on || reg_ok[reg];
      bool i_ok = !ft.inds_on || (a.industries & ind_want) != 0;
      if (!i_ok && ind_want_more && (a.industries & BaseIndex::kMoreIndustries)) {
        for (auto i = b.ind_begin[d]; i < b.ind_begin[d + 1] && !i_ok; ++i) i_ok = ft.ind_ok[b.ind[i]];
      }
      if (p_ok && r_ok && i_ok) ++type_c[a.type];
      if (t_ok && r_ok && i_ok && a.pref >= 0) ++pref_c[static_cast<std::size_t>(a.pref)];
      if (t_ok && p_ok && i_ok) ++reg_c[reg];
      if (t_ok && p_ok && r_ok) {
        for (std::uint32_t m = a.industries & ~BaseIndex::kMoreIndustries; m; m &= m - 1) {
          ++ind_c[static_cast<std::size_t>(std::countr_zero(m))];
        }
        if (a.industries & BaseIndex::kMoreIndustries) {
          for (auto i = b.ind_begin[d]; i < b.ind_begin[d + 1]; ++i) {
            if (b.ind[i] >= 31) ++ind_c[b.ind[i]];
          }
        }
      }
      if (t_ok && p_ok && r_ok && i_ok) result_list.push_back(d);
    });
    result_count = static_cast<std::uint32_t>(result_list.size());
  }

  // ---- overlay documents: evaluated one by one, exactly like the reference
  std::vector<Cand> overlay_hits;
  for (const auto& pp : ov.docs) {
    const Prepared& p = *pp;
    const IndexDoc& d = p.doc;
    const auto v = Evaluate(pq, d, p.name, p.provider, p.overview, Compact(p.name));
    if (!v) continue;
    if (v->pref_ok && v->registrar_ok && v->industry_ok) ++type_c[static_cast<std::size_t>(d.type)];
    if (v->type_ok && v->registrar_ok && v->industry_ok && d.prefecture >= 0) {
      ++pref_c[static_cast<std::size_t>(d.prefecture)];
    }
    if (v->type_ok && v->pref_ok && v->industry_ok) {
      if (int id = b.registrars.Find(d.registrar); id >= 0) {
        ++reg_c[static_cast<std::size_t>(id)];
      } else {
        ++extra_reg_c[d.registrar];
      }
    }
    if (v->type_ok && v->pref_ok && v->registrar_ok) {
      for (auto i : DistinctIndustries(d)) {
        if (int id = b.industries.Find(std::string(i)); id >= 0) {
          ++ind_c[static_cast<std::size_t>(id)];
        } else {
          ++extra_ind_c[std::string(i)];
        }
      }
    }
    if (v->all()) {
      Cand c;
      c.tier = v->tier;
      c.days = q.sort == SortKey::kExpiresOn ? d.expires_days : d.registered_days;
      c.key = p.collation_key;
      c.id = d.id;
      overlay_hits.push_back(c);
    }
  }

  EngineResult r;
  r.total = result_count + overlay_hits.size();

  // ---- the page: the first `need` base candidates in order, merged with the overlay's
  const std::size_t need = q.limit == 0 ? r.total : std::min<std::size_t>(r.total, q.offset + q.limit);
  const std::size_t base_need = std::min<std::size_t>(need, result_count);
  auto cand_of = [&](std::uint32_t d, int tier) {
    Cand c;
    c.tier = tier;
    c.days = q.sort == SortKey::kExpiresOn ? b.exp_days[d] : b.reg_days[d];
    c.key = b.Key(d);
    c.id = b.ids[d];
    return c;
  };
  const auto less = CandLess(q);
  std::vector<Cand> base_cands;
  if (base_need > 0) {
    if (!dense) {
      result_bits = Bits(b.n);
      for (auto d : result_list) result_bits.Set(d);
    }
    const bool tiered = q.sort == SortKey::kRelevance && !terms.empty();
    // Tiers (relevance): 3 = exact name (the hash proposes, the compact name decides),
    // 2 = every term in name or provider, 1 = the rest.
    std::vector<std::uint32_t> tier3;
    Bits np;
    std::uint32_t np_count = 0;
    if (tiered) {
      const std::uint64_t h = Hash(whole_query);
      for (auto it = std::lower_bound(b.exact_names.begin(), b.exact_names.end(), std::make_pair(h, std::uint32_t{0}));
           it != b.exact_names.end() && it->first == h; ++it) {
        if (result_bits.Test(it->second) && Compact(b.text.Name(it->second)) == whole_query) tier3.push_back(it->second);
      }
      np = result_bits;
      for (const auto& tm : term_matches) tm->name_or_provider.AndInto(np);
      for (auto d : tier3) np.Clear(d);
      np_count = np.Count();
    }
    auto tier_of = [&](std::uint32_t d) {
      if (!tiered) return 1;
      if (np.Test(d)) return 2;
      return std::find(tier3.begin(), tier3.end(), d) != tier3.end() ? 3 : 1;
    };
    // Walking a precomputed order visits about n/count documents per hit; gathering every hit
    // and sorting costs about count. Walk when that is cheaper.
    const double count = static_cast<double>(result_count);
    const bool walk = 8.0 * count * count > static_cast<double>(b.n) * static_cast<double>(base_need);
    if (!walk) {
      std::vector<std::uint32_t> docs;
      if (dense) {
        docs.reserve(result_count);
        result_bits.ForEach([&](std::uint32_t d) { docs.push_back(d); });
      } else {
        docs = std::move(result_list);
      }
      base_cands.reserve(docs.size());
      for (auto d : docs) base_cands.push_back(cand_of(d, tier_of(d)));
      if (base_need < base_cands.size()) {
        std::partial_sort(base_cands.begin(), base_cands.begin() + static_cast<std::ptrdiff_t>(base_need),
                          base_cands.end(), less);
        base_cands.resize(base_need);
      } else {
        std::sort(base_cands.begin(), base_cands.end(), less);
      }
    } else {
      // Append, in the order of `perm`, the first members of `set` (which has `members` members)
      // until base_need candidates are there: by walking the order when the set is dense enough,
      // else by gathering and sorting the set.
      auto walk_take = [&](const std::vector<std::uint32_t>& perm, const Bits& set, std::uint32_t members, int tier) {
        const std::size_t want = base_need - std::min(base_need, base_cands.size());
        if (want == 0 || members == 0) return;
        const double m = static_cast<double>(members);
        if (8.0 * m * m > static_cast<double>(b.n) * static_cast<double>(want)) {
          const std::size_t stop = base_cands.size() + std::min<std::size_t>(want, members);
          for (auto d : perm) {
            if (base_cands.size() >= stop) return;
            if (set.Test(d)) base_cands.push_back(cand_of(d, tier));
          }
          return;
        }
        std::vector<Cand> gathered;
        gathered.reserve(members);
        set.ForEach([&](std::uint32_t d) { gathered.push_back(cand_of(d, tier)); });
        const std::size_t k = std::min(want, gathered.size());
        std::partial_sort(gathered.begin(), gathered.begin() + static_cast<std::ptrdiff_t>(k), gathered.end(), less);
        base_cands.insert(base_cands.end(), gathered.begin(), gathered.begin() + static_cast<std::ptrdiff_t>(k));
      };
      switch (q.sort) {
        case SortKey::kName:
          walk_take(q.descending ? b.by_name_desc : b.by_name_asc, result_bits, result_count, 1);
          break;
        case SortKey::kRegisteredOn:
          walk_take(q.descending ? b.by_reg_desc : b.by_reg_asc, result_bits, result_count, 1);
          break;
        case SortKey::kExpiresOn:
          walk_take(q.descending ? b.by_exp_desc : b.by_exp_asc, result_bits, result_count, 1);
          break;
        case SortKey::kRelevance:
          if (!tiered) {
            walk_take(b.by_reg_desc, result_bits, result_count, 1);
            break;
          }
          std::sort(tier3.begin(), tier3.end(),
                    [&](std::uint32_t x, std::uint32_t y) { return less(cand_of(x, 3), cand_of(y, 3)); });
          for (auto d : tier3) {
            if (base_cands.size() < base_need) base_cands.push_back(cand_of(d, 3));
          }
          walk_take(b.by_reg_desc, np, np_count, 2);
          if (base_cands.size() < base_need) {
            Bits rest = result_bits;
            rest.AndNot(np);
            for (auto d : tier3) rest.Clear(d);
            walk_take(b.by_reg_desc, rest, result_count - np_count - static_cast<std::uint32_t>(tier3.size()), 1);
          }
          break;
      }
    }
  }

  // Merge base candidates with overlay hits.
  std::vector<Cand> all = std::move(base_cands);
  all.insert(all.end(), overlay_hits.begin(), overlay_hits.end());
  if (!overlay_hits.empty()) {
    const std::size_t k = std::min(need, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(), less);
    all.resize(k);
  }
  for (std::size_t i = std::min(q.offset, all.size()); i < std::min(need, all.size()); ++i) r.ids.push_back(all[i].id);

  // ---- facets
  auto to_facet = [](const std::vector<int>& counts, auto label_of) {
    std::vector<FacetValue> out;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] > 0) out.push_back({std::string(label_of(i)), counts[i]});
    }
    return out;
  };
  r.facets.type = to_facet(type_c, [](std::size_t i) { return domain::TypeCode(domain::kServiceTypes[i]); });
  r.facets.prefecture = to_facet(pref_c, [](std::size_t i) { return domain::Prefectures()[i].name; });
  r.facets.registrar = to_facet(reg_c, [&](std::size_t i) -> const std::string& { return b.registrars.values[i]; });
  r.facets.industry = to_facet(ind_c, [&](std::size_t i) -> const std::string& { return b.industries.values[i]; });
  for (const auto& [k, c] : extra_reg_c) r.facets.registrar.push_back({k, c});
  for (const auto& [k, c] : extra_ind_c) r.facets.industry.push_back({k, c});
  SortFacet(r.facets.type);
  SortFacet(r.facets.prefecture);
  SortFacet(r.facets.registrar);
  SortFacet(r.facets.industry);
  return r;
}

}  // namespace proven::search
