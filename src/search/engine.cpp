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
#include "search/doc_set.hpp"
#include "search/reference.hpp"
#include "search/text_index.hpp"

namespace proven::search {

namespace {

constexpr std::int64_t kNoScope = INT64_MIN;  // a document without a scope id

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
  Doc doc;
  std::vector<std::string> text;  // normalised, per text field
  std::string compact_title;
  std::string collation_key;
};

void Prepare(Prepared& p, const icu::Collator* coll) {
  p.text.clear();
  for (const auto& t : p.doc.text) p.text.push_back(NormalizeForSearch(t));
  p.compact_title = Compact(p.text.empty() ? std::string_view() : std::string_view(p.text[0]));
  p.collation_key = CollationKey(coll, p.doc.text.empty() ? std::string() : p.doc.text[0]);
}

// Pads a document to the schema's slot counts, so that the rest of the engine can index freely.
void Conform(const Schema& s, Doc& d) {
  d.text.resize(s.text.size());
  d.facets.resize(s.facets.size());
  d.dates.resize(s.dates.size(), 0);
  d.masks.resize(s.masks.size(), 0);
  d.scopes.resize(s.scopes.size());
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
  BaseIndex(std::shared_ptr<const Schema> s, std::size_t term_cache_bytes)
      : schema(std::move(s)), term_cache(term_cache_bytes) {
    facets.resize(schema->facets.size());
    dates.resize(schema->dates.size());
    masks.resize(schema->masks.size());
    scopes.resize(schema->scopes.size());
    by_date_asc.resize(schema->dates.size());
    by_date_desc.resize(schema->dates.size());
    for (std::size_t f = 0; f < schema->text.size(); ++f) (schema->text[f].ranks ? ranked : rest).push_back(f);
  }
  std::shared_ptr<const Schema> schema;
  std::vector<std::size_t> ranked, rest;  // text fields that rank (the title first) and the others
  std::uint32_t n = 0;
  std::vector<std::int64_t> ids;  // ascending
  TextIndex text;
  struct Facet {
    Dictionary dict;
    std::vector<DocSet> sets;  // per value id
  };
  std::vector<Facet> facets;
  // The facet values of a document in one row, so that counting over a result list touches
  // one place per document: for each facet, the number of values, then their ids.
  std::vector<std::uint32_t> row_begin{0};
  std::vector<std::uint32_t> rows;
  std::vector<std::vector<std::int32_t>> dates;   // [date field][doc], days
  std::vector<std::vector<std::uint64_t>> masks;  // [mask field][doc]
  std::vector<std::vector<std::int64_t>> scopes;  // [scope field][doc], kNoScope when none
  std::vector<std::uint8_t> state;
  std::string keys;  // collation keys of the titles, concatenated
  std::vector<std::uint32_t> key_begin{0};
  std::vector<std::pair<std::uint64_t, std::uint32_t>> exact_titles;  // (hash of compact title, doc), sorted
  // Permutations of all docs for each ordering (ties by id ascending); by date only for the
  // dates a sort or the relevance order uses.
  std::vector<std::uint32_t> by_id, by_title_asc, by_title_desc;
  std::vector<std::vector<std::uint32_t>> by_date_asc, by_date_desc;

  mutable LruCache<TermMatch> term_cache;
  mutable LruCache<Bits> filter_cache{64u << 20};  // status-as-of, mask and scope bitmaps

  std::string_view Key(std::uint32_t d) const {
    return std::string_view(keys).substr(key_begin[d], key_begin[d + 1] - key_begin[d]);
  }
  std::int64_t Date(int slot, std::uint32_t d) const {
    return slot >= 0 ? dates[static_cast<std::size_t>(slot)][d] : 0;
  }
  int DocOf(std::int64_t id) const {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    return it != ids.end() && *it == id ? static_cast<int>(it - ids.begin()) : -1;
  }
  const std::vector<std::uint32_t>& RelevanceOrder() const {
    return schema->relevance_date >= 0 ? by_date_desc[static_cast<std::size_t>(schema->relevance_date)] : by_id;
  }
  std::size_t Bytes() const {
    std::size_t b = text.bytes() + ids.capacity() * 8 + row_begin.capacity() * 4 + rows.capacity() * 4 +
                    state.capacity() + keys.capacity() + key_begin.capacity() * 4 + exact_titles.capacity() * 16 +
                    (by_id.capacity() + by_title_asc.capacity() + by_title_desc.capacity()) * 4;
    for (const auto& v : dates) b += v.capacity() * 4;
    for (const auto& v : masks) b += v.capacity() * 8;
    for (const auto& v : scopes) b += v.capacity() * 8;
    for (const auto& v : by_date_asc) b += v.capacity() * 4;
    for (const auto& v : by_date_desc) b += v.capacity() * 4;
    for (const auto& f : facets) {
      for (const auto& s : f.sets) b += s.bytes();
    }
    return b;
  }

  std::shared_ptr<const TermMatch> Term(const std::string& term) const {
    if (auto hit = term_cache.Get(term)) return hit;
    auto computed = std::make_shared<const TermMatch>(text.Match(term));
    term_cache.Put(term, computed, computed->bytes() + term.size() + 64);
    return computed;
  }

  // Documents passing a status rule as of a day. Rules that ignore dates leave the day out of
  // their key.
  std::shared_ptr<const Bits> StatusBits(std::size_t rule_index, std::int64_t as_of) const {
    const StatusRule& rule = schema->statuses[rule_index];
    const bool dated = rule.window != DateWindow::kAny;
    const std::string key = "s" + std::to_string(rule_index) + (dated ? ":" + std::to_string(as_of) : std::string());
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    for (std::uint32_t d = 0; d < n; ++d) {
      if (StatusMatches(rule, state[d], Date(schema->status_start, d), Date(schema->status_end, d), as_of)) bits->Set(d);
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }

  // Documents of one scope id (e.g. a registrar's own lists).
  std::shared_ptr<const Bits> ScopeBits(std::size_t slot, std::int64_t id) const {
    const std::string key = "o" + std::to_string(slot) + ":" + std::to_string(id);
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    const auto& v = scopes[slot];
    for (std::uint32_t d = 0; d < n; ++d) {
      if (v[d] == id) bits->Set(d);
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }

  // Documents whose date field lies in a range (inclusive; open bounds).
  std::shared_ptr<const Bits> RangeBits(const DateRange& range) const {
    const std::string key = "r" + std::to_string(range.date) + ":" + (range.from ? std::to_string(*range.from) : "") +
                            ":" + (range.to ? std::to_string(*range.to) : "");
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    const auto& v = dates[range.date];
    for (std::uint32_t d = 0; d < n; ++d) {
      if (range.Contains(v[d])) bits->Set(d);
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }

  std::shared_ptr<const Bits> MaskBits(std::size_t slot, std::uint64_t mask) const {
    const std::string key = "m" + std::to_string(slot) + ":" + std::to_string(mask);
    if (auto hit = filter_cache.Get(key)) return hit;
    auto bits = std::make_shared<Bits>(n);
    const auto& v = masks[slot];
    for (std::uint32_t d = 0; d < n; ++d) {
      if (v[d] & mask) bits->Set(d);
    }
    filter_cache.Put(key, bits, bits->bytes());
    return bits;
  }
};

struct EngineBuilder::Impl {
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
    std::vector<std::string_view> ranked, rest;
    std::vector<std::uint32_t> values;
    for (auto& p : batch) {
      const auto d = x.n++;
      const Doc& doc = p.doc;
      x.ids.push_back(doc.id);
      ranked.clear();
      rest.clear();
      for (auto f : x.ranked) ranked.emplace_back(p.text[f]);
      for (auto f : x.rest) rest.emplace_back(p.text[f]);
      x.text.Add(ranked, rest);
      for (std::size_t f = 0; f < x.facets.size(); ++f) {
        values.clear();
        for (const auto& v : doc.facets[f]) {
          const auto id = x.facets[f].dict.Intern(v);
          if (std::find(values.begin(), values.end(), id) == values.end()) values.push_back(id);
        }
        x.rows.push_back(static_cast<std::uint32_t>(values.size()));
        x.rows.insert(x.rows.end(), values.begin(), values.end());
      }
      x.row_begin.push_back(static_cast<std::uint32_t>(x.rows.size()));
      for (std::size_t i = 0; i < x.dates.size(); ++i) x.dates[i].push_back(static_cast<std::int32_t>(doc.dates[i]));
      for (std::size_t i = 0; i < x.masks.size(); ++i) x.masks[i].push_back(doc.masks[i]);
      for (std::size_t i = 0; i < x.scopes.size(); ++i) x.scopes[i].push_back(doc.scopes[i].value_or(kNoScope));
      x.state.push_back(static_cast<std::uint8_t>(doc.state));
      x.keys += p.collation_key;
      x.key_begin.push_back(static_cast<std::uint32_t>(x.keys.size()));
      x.exact_titles.emplace_back(Hash(p.compact_title), d);
    }
    batch.clear();
  }
};

EngineBuilder::EngineBuilder(std::shared_ptr<const Schema> schema, EngineOptions options)
    : impl_(std::make_unique<Impl>()) {
  schema->Validate();
  impl_->options = options;
  impl_->base = std::make_unique<BaseIndex>(std::move(schema), options.term_cache_bytes);
}

EngineBuilder::~EngineBuilder() = default;

void EngineBuilder::Add(Doc doc) {
  // Ids must ascend: the base finds documents by binary search and breaks ties by position.
  if (impl_->any && doc.id <= impl_->last_id) {
    throw std::invalid_argument("EngineBuilder: documents must be added in ascending id order");
  }
  if (doc.state >= Schema::kMaxStates) throw std::invalid_argument("EngineBuilder: state out of range");
  impl_->any = true;
  impl_->last_id = doc.id;
  Conform(*impl_->base->schema, doc);
  impl_->batch.push_back(Prepared{std::move(doc), {}, {}, {}});
  if (impl_->batch.size() >= 4096) impl_->Flush();
}

std::shared_ptr<const BaseIndex> EngineBuilder::Finish() {
  impl_->Flush();
  BaseIndex& x = *impl_->base;
  const Schema& s = *x.schema;
  x.text.Finish();
  std::sort(x.exact_titles.begin(), x.exact_titles.end());
  x.exact_titles.shrink_to_fit();

  // Facet value sets.
  for (std::size_t f = 0; f < x.facets.size(); ++f) {
    std::vector<std::vector<std::uint32_t>> lists(x.facets[f].dict.values.size());
    for (std::uint32_t d = 0; d < x.n; ++d) {
      const std::uint32_t* p = x.rows.data() + x.row_begin[d];
      for (std::size_t g = 0; g < f; ++g) p += 1 + *p;
      for (std::uint32_t i = 0; i < *p; ++i) lists[p[1 + i]].push_back(d);
    }
    for (auto& l : lists) x.facets[f].sets.push_back(DocSet::FromSorted(std::move(l), x.n));
  }

  // Sort permutations; ties by id ascending (= doc index ascending).
  std::vector<std::uint32_t> all(x.n);
  std::iota(all.begin(), all.end(), 0u);
  auto perm = [&](auto less) {
    auto p = all;
    std::stable_sort(p.begin(), p.end(), less);
    return p;
  };
  std::vector<bool> date_used(s.dates.size(), false);
  bool title_used = false;
  for (const auto& sort : s.sorts) {
    if (sort.kind == SortKind::kDate) date_used[static_cast<std::size_t>(sort.date)] = true;
    if (sort.kind == SortKind::kTitle) title_used = true;
  }
  if (s.relevance_date >= 0) date_used[static_cast<std::size_t>(s.relevance_date)] = true;
  if (title_used) {
    x.by_title_asc = perm([&](std::uint32_t a, std::uint32_t b) { return x.Key(a) < x.Key(b); });
    x.by_title_desc = perm([&](std::uint32_t a, std::uint32_t b) { return x.Key(a) > x.Key(b); });
  }
  for (std::size_t i = 0; i < s.dates.size(); ++i) {
    if (!date_used[i]) continue;
    const auto& v = x.dates[i];
    x.by_date_asc[i] = perm([&](std::uint32_t a, std::uint32_t b) { return v[a] < v[b]; });
    x.by_date_desc[i] = perm([&](std::uint32_t a, std::uint32_t b) { return v[a] > v[b]; });
  }
  if (s.relevance_date < 0) x.by_id = std::move(all);
  x.ids.shrink_to_fit();
  x.keys.shrink_to_fit();
  x.rows.shrink_to_fit();
  return std::shared_ptr<const BaseIndex>(std::move(impl_->base));
}

// ---------------------------------------------------------------------------------------------
// The overlay: documents changed since the base was built.

struct Engine::Overlay {
  Bits hidden;  // base documents replaced or removed
  std::size_t hidden_count = 0;
  std::vector<std::shared_ptr<const Prepared>> docs;  // ascending id
};

Engine::Engine(std::shared_ptr<const Schema> schema, EngineOptions options)
    : schema_(std::move(schema)), options_(options) {
  EngineBuilder b(schema_, options_);
  state_ = {b.Finish(), std::make_shared<Overlay>()};
}

Engine::~Engine() = default;

Engine::State Engine::Current() const {
  std::lock_guard lock(mu_);
  return state_;
}

void Engine::Build(std::vector<Doc> docs) {
  std::sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.id < b.id; });
  EngineBuilder b(schema_, options_);
  for (auto& d : docs) b.Add(std::move(d));
  ReplaceBase(b.Finish());
}

void Engine::ApplyChanges(const BaseIndex& base, Overlay& overlay, std::vector<Doc> upserts,
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
    if (doc.state >= Schema::kMaxStates) throw std::invalid_argument("Engine: state out of range");
    Conform(*base.schema, doc);
    auto p = std::make_shared<Prepared>(Prepared{std::move(doc), {}, {}, {}});
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

void Engine::ReplaceBase(std::shared_ptr<const BaseIndex> base, std::vector<Doc> upserts,
                         const std::vector<std::int64_t>& removals) {
  if (base->schema != schema_) throw std::invalid_argument("Engine::ReplaceBase: a base of another schema");
  auto o = std::make_shared<Overlay>();
  o->hidden = Bits(base->n);
  ApplyChanges(*base, *o, std::move(upserts), removals);
  std::lock_guard write(write_mu_);
  std::lock_guard lock(mu_);
  state_ = {std::move(base), std::move(o)};
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void Engine::Apply(std::vector<Doc> upserts, const std::vector<std::int64_t>& removals) {
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

EngineStats Engine::Stats() const {
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
  std::int64_t days = 0;  // the sort's date (or the relevance date)
  std::string_view key;   // collation key (title sort)
  std::int64_t id = 0;
};

// Orders candidates as the query's sort asks (a plain struct: std::function would cost an
// indirect call per comparison inside the sorts).
struct CandLess {
  SortKind kind;
  bool desc;
  CandLess(SortKind k, bool d) : kind(k), desc(d) {}
  bool operator()(const Cand& a, const Cand& b) const {
    switch (kind) {
      case SortKind::kRelevance:
        if (a.tier != b.tier) return a.tier > b.tier;
        if (a.days != b.days) return a.days > b.days;
        break;
      case SortKind::kTitle:
        if (a.key != b.key) return (a.key < b.key) != desc;
        break;
      case SortKind::kDate:
        if (a.days != b.days) return (a.days < b.days) != desc;
        break;
    }
    return a.id < b.id;
  }
};

}  // namespace

Result Engine::Search(const Query& q) const {
  const State st = Current();
  const BaseIndex& b = *st.base;
  const Overlay& ov = *st.overlay;
  const Schema& s = *b.schema;
  const PreparedQuery pq(s, q);
  const auto& terms = pq.terms;
  const std::size_t nf = s.facets.size();
  const SortField& sort = s.sorts.at(q.sort);
  const int sort_date = sort.kind == SortKind::kDate ? sort.date
                        : sort.kind == SortKind::kRelevance ? s.relevance_date
                                                            : -1;

  // ---- selections, by base dictionary ids
  std::vector<std::vector<std::uint8_t>> sel(nf);
  for (std::size_t f = 0; f < nf; ++f) {
    if (((pq.facets_on >> f) & 1u) == 0) continue;
    sel[f].assign(b.facets[f].dict.values.size(), 0);
    for (const auto& v : q.facets[f]) {
      if (int id = b.facets[f].dict.Find(v); id >= 0) sel[f][static_cast<std::size_t>(id)] = 1;
    }
  }
  auto on = [&](std::size_t f) { return ((pq.facets_on >> f) & 1u) != 0; };
  std::vector<std::vector<int>> counts(nf);
  for (std::size_t f = 0; f < nf; ++f) counts[f].assign(b.facets[f].dict.values.size(), 0);
  std::vector<std::map<std::string, int>> extra(nf);  // overlay values the base has never seen

  // ---- base: documents passing text, status, masks and scopes
  Bits base_bits = pq.status == nullptr ? Bits(b.n, true) : *b.StatusBits(*q.status, q.as_of);
  if (ov.hidden_count) base_bits.AndNot(ov.hidden);
  for (const auto& range : q.date_ranges) {
    if (range.date < s.dates.size() && (range.from || range.to)) base_bits.And(*b.RangeBits(range));
  }
  for (std::size_t m = 0; m < s.masks.size() && m < q.masks.size(); ++m) {
    if (q.masks[m]) base_bits.And(*b.MaskBits(m, q.masks[m]));
  }
  for (std::size_t i = 0; i < s.scopes.size() && i < q.scopes.size(); ++i) {
    if (q.scopes[i]) base_bits.And(*b.ScopeBits(i, *q.scopes[i]));
  }
  // Keyword facets: documents whose value is the whole query pass the text condition too.
  Bits keyword_bits;
  bool any_keyword = false;
  if (!terms.empty() && pq.keyword_facets != 0 && !pq.whole.empty()) {
    for (std::size_t f = 0; f < nf; ++f) {
      if (((pq.keyword_facets >> f) & 1u) == 0) continue;
      if (const int id = b.facets[f].dict.Find(pq.whole); id >= 0) {
        if (!any_keyword) keyword_bits = Bits(b.n);
        any_keyword = true;
        b.facets[f].sets[static_cast<std::size_t>(id)].OrInto(keyword_bits);
      }
    }
    if (any_keyword) keyword_bits.And(base_bits);
  }
  std::vector<std::shared_ptr<const TermMatch>> term_matches;
  for (const auto& t : terms) {
    term_matches.push_back(b.Term(t));
    term_matches.back()->anywhere.AndInto(base_bits);
  }
  if (any_keyword) base_bits.Or(keyword_bits);
  const std::uint32_t base_count = base_bits.Count();
  const bool dense = base_count > b.n / 64;

  // Result docs of the base: as bits (dense) or a list (sparse).
  Bits result_bits;
  std::vector<std::uint32_t> result_list;
  std::uint32_t result_count = 0;

  if (dense) {
    std::vector<Bits> filter(nf);
    for (std::size_t f = 0; f < nf; ++f) {
      if (!on(f)) continue;
      filter[f] = Bits(b.n);
      for (std::size_t v = 0; v < sel[f].size(); ++v) {
        if (sel[f][v]) b.facets[f].sets[v].OrInto(filter[f]);
      }
    }
    // The base restricted by every facet selection except `skip`'s.
    auto restricted = [&](std::size_t skip) {
      Bits x = base_bits;
      for (std::size_t f = 0; f < nf; ++f) {
        if (f != skip && on(f)) x.And(filter[f]);
      }
      return x;
    };
    auto count_values = [&](const Bits& x, std::size_t f) {
      const auto& sets = b.facets[f].sets;
      for (std::size_t v = 0; v < sets.size(); ++v) {
        if (sets[v].count()) counts[f][v] = static_cast<int>(sets[v].CountAnd(x));
      }
    };
    result_bits = pq.facets_on == 0 ? std::move(base_bits) : restricted(nf);
    for (std::size_t f = 0; f < nf; ++f) {
      if (s.facets[f].counted) count_values(on(f) ? restricted(f) : result_bits, f);
    }
    result_count = result_bits.Count();
  } else {
    // One pass over the result's rows: a document counts for a facet when it passes every other
    // facet's selection, so only documents failing at most one selection count at all.
    result_list.reserve(base_count);
    const std::uint32_t* const rows = b.rows.data();
    base_bits.ForEach([&](std::uint32_t d) {
      const std::uint32_t* p = rows + b.row_begin[d];
      const std::uint32_t* begin[Schema::kMaxFacets];
      unsigned fails = 0;
      std::size_t failing = 0;
      for (std::size_t f = 0; f < nf; ++f) {
        begin[f] = p;
        const std::uint32_t len = *p++;
        if (on(f)) {
          bool ok = false;
          const auto& t = sel[f];
          for (std::uint32_t i = 0; i < len && !ok; ++i) ok = t[p[i]] != 0;
          if (!ok) {
            ++fails;
            failing = f;
          }
        }
        p += len;
      }
      if (fails == 0) {
        for (std::size_t f = 0; f < nf; ++f) {
          if (!s.facets[f].counted) continue;
          const std::uint32_t* v = begin[f];
          auto& c = counts[f];
          for (std::uint32_t i = 1; i <= *v; ++i) ++c[v[i]];
        }
        result_list.push_back(d);
      } else if (fails == 1 && s.facets[failing].counted) {
        const std::uint32_t* v = begin[failing];
        auto& c = counts[failing];
        for (std::uint32_t i = 1; i <= *v; ++i) ++c[v[i]];
      }
    });
    result_count = static_cast<std::uint32_t>(result_list.size());
  }

  // ---- overlay documents: evaluated one by one, exactly like the reference
  std::vector<Cand> overlay_hits;
  for (const auto& pp : ov.docs) {
    const Prepared& p = *pp;
    const Doc& d = p.doc;
    const auto v = Evaluate(pq, d, p.text, p.compact_title);
    if (!v) continue;
    for (std::size_t f = 0; f < nf; ++f) {
      if (!s.facets[f].counted || !v->counts_for(f)) continue;
      for (auto value : DistinctValues(d, f)) {
        const std::string key(value);
        if (int id = b.facets[f].dict.Find(key); id >= 0) {
          ++counts[f][static_cast<std::size_t>(id)];
        } else {
          ++extra[f][key];
        }
      }
    }
    if (v->all()) {
      Cand c;
      c.tier = v->tier;
      c.days = sort_date >= 0 ? d.dates[static_cast<std::size_t>(sort_date)] : 0;
      c.key = p.collation_key;
      c.id = d.id;
      overlay_hits.push_back(c);
    }
  }

  Result r;
  r.total = result_count + overlay_hits.size();

  // ---- the page: the first `need` base candidates in order, merged with the overlay's
  const std::size_t need = q.limit == 0 ? r.total : std::min<std::size_t>(r.total, q.offset + q.limit);
  const std::size_t base_need = std::min<std::size_t>(need, result_count);
  auto cand_of = [&](std::uint32_t d, int tier) {
    Cand c;
    c.tier = tier;
    c.days = b.Date(sort_date, d);
    c.key = b.Key(d);
    c.id = b.ids[d];
    return c;
  };
  const CandLess less(sort.kind, q.descending);
  std::vector<Cand> base_cands;
  if (base_need > 0) {
    if (!dense) {
      result_bits = Bits(b.n);
      for (auto d : result_list) result_bits.Set(d);
    }
    const bool tiered = sort.kind == SortKind::kRelevance && !terms.empty();
    // Tiers (relevance): 3 = exact title (the hash proposes, the compact title decides),
    // 2 = every term in a ranking field, 1 = the rest.
    std::vector<std::uint32_t> tier3;
    Bits np;
    std::uint32_t np_count = 0;
    if (tiered) {
      const std::uint64_t h = Hash(pq.whole);
      for (auto it = std::lower_bound(b.exact_titles.begin(), b.exact_titles.end(), std::make_pair(h, std::uint32_t{0}));
           it != b.exact_titles.end() && it->first == h; ++it) {
        if (result_bits.Test(it->second) && Compact(b.text.Name(it->second)) == pq.whole) tier3.push_back(it->second);
      }
      if (any_keyword) {
        keyword_bits.And(result_bits);
        keyword_bits.ForEach([&](std::uint32_t d) {
          if (std::find(tier3.begin(), tier3.end(), d) == tier3.end()) tier3.push_back(d);
        });
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
      switch (sort.kind) {
        case SortKind::kTitle:
          walk_take(q.descending ? b.by_title_desc : b.by_title_asc, result_bits, result_count, 1);
          break;
        case SortKind::kDate: {
          const auto slot = static_cast<std::size_t>(sort.date);
          walk_take(q.descending ? b.by_date_desc[slot] : b.by_date_asc[slot], result_bits, result_count, 1);
          break;
        }
        case SortKind::kRelevance:
          if (!tiered) {
            walk_take(b.RelevanceOrder(), result_bits, result_count, 1);
            break;
          }
          std::sort(tier3.begin(), tier3.end(),
                    [&](std::uint32_t x, std::uint32_t y) { return less(cand_of(x, 3), cand_of(y, 3)); });
          for (auto d : tier3) {
            if (base_cands.size() < base_need) base_cands.push_back(cand_of(d, 3));
          }
          walk_take(b.RelevanceOrder(), np, np_count, 2);
          if (base_cands.size() < base_need) {
            Bits rest = result_bits;
            rest.AndNot(np);
            for (auto d : tier3) rest.Clear(d);
            walk_take(b.RelevanceOrder(), rest, result_count - np_count - static_cast<std::uint32_t>(tier3.size()), 1);
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
  r.facets.resize(nf);
  for (std::size_t f = 0; f < nf; ++f) {
    auto& out = r.facets[f];
    const auto& c = counts[f];
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (c[i] > 0) out.push_back({b.facets[f].dict.values[i], c[i]});
    }
    for (const auto& [k, n] : extra[f]) out.push_back({k, n});
    SortFacet(out);
  }
  return r;
}

}  // namespace proven::search
