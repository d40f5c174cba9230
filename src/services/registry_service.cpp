#include "services/registry_service.hpp"

#include <algorithm>

#include "domain/service_fields.hpp"

namespace proven::services {

using domain::Service;
using domain::ServiceField;

Status RegistryService::Reload() {
  search::IndexBuilder builder(engine_.options());
  auto seq = store_.ForEach([&](Service&& s) { builder.Add(search::ToIndexDoc(s)); });
  if (!seq) return Fail(seq.error());
  std::lock_guard lock(sync_mu_);
  engine_.ReplaceBase(builder.Finish());
  applied_seq_ = *seq;
  {
    std::lock_guard items(item_mu_);
    items_.clear();
    item_order_.clear();
  }
  return {};
}

Result<RegistryService::Changes> RegistryService::ChangesAfter(std::int64_t seq) const {
  Changes out;
  out.last_seq = seq;
  std::vector<std::int64_t> ids;
  for (;;) {
    auto batch = store_.ChangesSince(out.last_seq, 10000);
    if (!batch) return Fail(batch.error());
    if (batch->empty()) break;
    for (const auto& c : *batch) ids.push_back(c.service_id);
    out.last_seq = batch->back().seq;
  }
  if (ids.empty()) return out;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // The store's current row is the truth for every id mentioned; an id without a row was deleted.
  auto rows = store_.FindByIds(ids);
  if (!rows) return Fail(rows.error());
  std::size_t r = 0;
  for (auto id : ids) {
    if (r < rows->size() && (*rows)[r].id == id) {
      out.upserts.push_back(search::ToIndexDoc((*rows)[r++]));
    } else {
      out.removals.push_back(id);
    }
  }
  out.count = ids.size();
  return out;
}

Result<std::size_t> RegistryService::Sync() {
  std::lock_guard lock(sync_mu_);
  auto changes = ChangesAfter(applied_seq_);
  if (!changes) return Fail(changes.error());
  std::vector<std::int64_t> changed = changes->removals;
  for (const auto& d : changes->upserts) changed.push_back(d.id);
  Forget(changed);
  engine_.Apply(std::move(changes->upserts), changes->removals);
  applied_seq_ = changes->last_seq;
  return changes->count;
}

Result<bool> RegistryService::CompactIfNeeded() {
  std::unique_lock compact(compact_mu_, std::try_to_lock);
  if (!compact.owns_lock()) return false;
  const auto st = engine_.Stats();
  if (st.overlay_docs + st.hidden_base_docs < std::max<std::size_t>(1024, st.base_docs / 32)) return false;
  // Build the new base without holding the sync lock, then swap it in together with everything
  // that changed after the state it was built from.
  search::IndexBuilder builder(engine_.options());
  auto seq = store_.ForEach([&](Service&& s) { builder.Add(search::ToIndexDoc(s)); });
  if (!seq) return Fail(seq.error());
  auto base = builder.Finish();
  std::lock_guard lock(sync_mu_);
  auto changes = ChangesAfter(*seq);
  if (!changes) return Fail(changes.error());
  std::vector<std::int64_t> changed = changes->removals;
  for (const auto& d : changes->upserts) changed.push_back(d.id);
  Forget(changed);
  engine_.ReplaceBase(std::move(base), std::move(changes->upserts), changes->removals);
  applied_seq_ = changes->last_seq;
  return true;
}

bool CsvCellNeedsNeutralising(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': case '\'':
      return true;
    default:
      return false;
  }
}

std::string NeutraliseCsvCell(std::string_view cell) {
  if (!CsvCellNeedsNeutralising(cell)) return std::string(cell);
  std::string out = "'";
  out += cell;
  return out;
}

std::string_view RestoreCsvCell(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && CsvCellNeedsNeutralising(cell.substr(1))) cell.remove_prefix(1);
  return cell;
}

Result<std::vector<Service>> RegistryService::Fetch(const std::vector<std::int64_t>& ids) const {
  std::vector<Service> out;
  out.reserve(ids.size());
  std::vector<std::int64_t> missing;
  {
    std::lock_guard lock(item_mu_);
    for (auto id : ids) {
      if (auto it = items_.find(id); it != items_.end()) {
        out.push_back(*it->second);
      } else {
        missing.push_back(id);
      }
    }
  }
  if (missing.empty()) return out;
  auto rows = store_.FindByIds(missing);
  if (!rows) return Fail(rows.error());
  {
    std::lock_guard lock(item_mu_);
    for (const auto& s : *rows) {
      while (items_.size() >= kItemCacheEntries && !item_order_.empty()) {
        items_.erase(item_order_.front());
        item_order_.pop_front();
      }
      if (items_.emplace(s.id, std::make_shared<const Service>(s)).second) item_order_.push_back(s.id);
    }
  }
  // Back into the order asked for.
  out.insert(out.end(), rows->begin(), rows->end());
  std::unordered_map<std::int64_t, std::size_t> pos;
  for (std::size_t i = 0; i < ids.size(); ++i) pos.emplace(ids[i], i);
  std::sort(out.begin(), out.end(), [&](const Service& a, const Service& b) { return pos[a.id] < pos[b.id]; });
  return out;
}

void RegistryService::Forget(const std::vector<std::int64_t>& ids) {
  std::lock_guard lock(item_mu_);
  for (auto id : ids) items_.erase(id);
  // item_order_ may still name forgotten ids; erasing them later is harmless.
}

Result<SearchPage> RegistryService::Search(const search::ServiceQuery& q) const {
  auto r = engine_.Search(q);
  if (q.limit == 0) {  // exports: every match, straight from the store
    auto all = store_.FindByIds(r.ids);
    if (!all) return Fail(all.error());
    return SearchPage{r.total, std::move(*all), std::move(r.facets)};
  }
  auto items = Fetch(r.ids);
  if (!items) return Fail(items.error());
  return SearchPage{r.total, std::move(*items), std::move(r.facets)};
}

search::EngineResult RegistryService::Count(const search::ServiceQuery& q) const {
  search::ServiceQuery counted = q;
  counted.limit = 1;
  counted.offset = 0;
  return engine_.Search(counted);
}

Result<std::optional<Service>> RegistryService::GetService(std::int64_t id) const { return store_.FindById(id); }

RegistryStats RegistryService::Stats(Date as_of) const {
  RegistryStats stats;
  stats.as_of = as_of;
  search::ServiceQuery q;
  q.as_of = as_of;
  q.status = search::StatusFilter::kValid;
  q.limit = 1;
  const auto overall = engine_.Search(q);
  stats.total = overall.total;
  stats.overall = overall.facets;
  for (auto t : domain::kServiceTypes) {
    search::ServiceQuery tq = q;
    tq.types = {t};
    const auto r = engine_.Search(tq);
    stats.per_type.push_back({t, static_cast<int>(r.total), r.facets.prefecture});
  }
  return stats;
}

}  // namespace proven::services
