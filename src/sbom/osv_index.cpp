// OsvIndex and ComponentIndex (osv.hpp).
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "sbom/osv.hpp"
#include "sbom/osv_match.hpp"

namespace proven::sbom {

using osv_detail::CompiledAffected;
using osv_detail::IndexKey;
using osv_detail::Subject;

// ---- OsvIndex ---------------------------------------------------------------------------------

// Only what matching needs: no summary, details or references (500k records must fit).
struct OsvIndex::Impl {
  struct Entry {
    const std::string* key = nullptr;  // the by_package key this entry is filed under
    CompiledAffected affected;
  };
  struct Record {
    std::string id;
    std::vector<std::string> aliases;
    std::vector<Entry> entries;  // record order
    std::size_t unevaluable = 0;
  };

  // Slots hold records at stable addresses: by_id's keys are views of Record::id.
  std::vector<std::unique_ptr<Record>> slots;
  std::vector<std::uint32_t> free_slots;
  std::unordered_map<std::string_view, std::uint32_t> by_id;
  // One posting per (record, key), however many of the record's entries have that key.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_package;
  std::size_t unevaluable = 0;
  osv_detail::VersionPool pool;

  void Remove(std::string_view id) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) return;
    const std::uint32_t slot = it->second;
    by_id.erase(it);
    Record& r = *slots[slot];
    const std::string* previous = nullptr;
    for (const Entry& e : r.entries) {
      osv_detail::Release(e.affected, pool);
      if (e.key == previous) continue;
      previous = e.key;
      const auto p = by_package.find(*e.key);
      if (p == by_package.end()) continue;
      auto& postings = p->second;
      const auto at = std::find(postings.begin(), postings.end(), slot);
      if (at != postings.end()) {
        *at = postings.back();
        postings.pop_back();
      }
      if (postings.empty()) by_package.erase(p);
    }
    unevaluable -= r.unevaluable;
    slots[slot].reset();
    free_slots.push_back(slot);
  }

  void Put(const OsvRecord& record) {
    Remove(record.id);
    if (!record.withdrawn.empty()) return;
    auto r = std::make_unique<Record>();
    r->id = record.id;
    r->aliases = record.aliases;
    std::uint32_t slot = 0;
    if (free_slots.empty()) {
      slot = static_cast<std::uint32_t>(slots.size());
      slots.emplace_back();
    } else {
      slot = free_slots.back();
      free_slots.pop_back();
    }
    for (std::size_t i = 0; i < record.affected.size(); ++i) {
      auto compiled = osv_detail::Compile(record.affected[i], i, &pool);
      if (!compiled) continue;
      r->unevaluable += compiled->unevaluable_ranges;
      auto [it, inserted] = by_package.try_emplace(IndexKey(record.affected[i].ecosystem, record.affected[i].name));
      const std::string* key = &it->first;
      // The same package in several entries: file the record once under it.
      const bool filed =
          std::any_of(r->entries.begin(), r->entries.end(), [&](const Entry& e) { return e.key == key; });
      if (!filed) it->second.push_back(slot);
      r->entries.push_back(Entry{key, std::move(*compiled)});
    }
    // Entries of one key next to each other, record order kept within a key: Remove visits each
    // key once, Lookup still meets a key's entries in record order.
    std::stable_sort(r->entries.begin(), r->entries.end(),
                     [](const Entry& a, const Entry& b) { return a.key < b.key; });
    r->entries.shrink_to_fit();
    unevaluable += r->unevaluable;
    by_id.emplace(r->id, slot);
    slots[slot] = std::move(r);
  }

  std::vector<Match> Lookup(const OsvPackage& package, Subject& subject) const {
    std::vector<Match> out;
    const auto p = by_package.find(IndexKey(package.ecosystem, package.name));
    if (p == by_package.end()) return out;
    const std::string* key = &p->first;
    for (const std::uint32_t slot : p->second) {
      const Record& r = *slots[slot];
      for (const Entry& e : r.entries) {
        if (e.key != key) continue;
        auto m = osv_detail::MatchAffected(e.affected, subject);
        if (!m) continue;
        m->id = r.id;
        m->aliases = r.aliases;
        out.push_back(std::move(*m));
        break;
      }
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.id < b.id; });
    return out;
  }
};

OsvIndex::OsvIndex() : impl_(std::make_unique<Impl>()) {}
OsvIndex::~OsvIndex() = default;
OsvIndex::OsvIndex(OsvIndex&&) noexcept = default;
OsvIndex& OsvIndex::operator=(OsvIndex&&) noexcept = default;

void OsvIndex::Put(const OsvRecord& record) { impl_->Put(record); }
void OsvIndex::Remove(std::string_view id) { impl_->Remove(id); }
std::size_t OsvIndex::size() const { return impl_->by_id.size(); }
std::size_t OsvIndex::unevaluable_ranges() const { return impl_->unevaluable; }

std::vector<Match> OsvIndex::Lookup(const OsvPackage& package, const Version& version) const {
  Subject subject(version.text(), &version);
  return impl_->Lookup(package, subject);
}

std::vector<Match> OsvIndex::LookupText(const OsvPackage& package, std::string_view version) const {
  Subject subject(version, nullptr);
  return impl_->Lookup(package, subject);
}

// ---- ComponentIndex ---------------------------------------------------------------------------

// Components by package, each a 12-byte reference to its SBOM slot, its place in the SBOM and its
// version text, held once per package. Versions are parsed when an advisory asks, once per
// distinct version: 10k SBOMs × 1k components must fit in memory, and an advisory names few
// packages. Removed SBOMs are dropped lazily (their slot is marked dead) and swept out once they
// are the majority.
struct ComponentIndex::Impl {
  struct Ref {
    std::uint32_t sbom_slot = 0;
    std::uint32_t component = 0;
    std::uint32_t version = 0;  // into Bucket::versions
  };
  struct Bucket {
    std::vector<std::string> versions;   // distinct texts, in arrival order
    std::vector<std::uint32_t> by_text;  // indexes into versions, ordered by text
    std::vector<Ref> refs;
  };
  struct Sbom {
    std::int64_t id = 0;
    bool live = false;
    std::size_t refs = 0;
  };

  std::unordered_map<std::string, Bucket> by_package;
  std::vector<Sbom> sboms;                                  // by slot
  std::unordered_map<std::int64_t, std::uint32_t> slot_of;  // live SBOMs
  std::size_t live_refs = 0;
  std::size_t dead_refs = 0;

  static std::uint32_t VersionOf(Bucket& b, const std::string& text) {
    const auto it = std::lower_bound(b.by_text.begin(), b.by_text.end(), text,
                                     [&](std::uint32_t i, const std::string& t) { return b.versions[i] < t; });
    if (it != b.by_text.end() && b.versions[*it] == text) return *it;
    const auto index = static_cast<std::uint32_t>(b.versions.size());
    b.versions.push_back(text);
    b.by_text.insert(it, index);
    return index;
  }

  void Remove(std::int64_t sbom_id) {
    const auto it = slot_of.find(sbom_id);
    if (it == slot_of.end()) return;
    Sbom& s = sboms[it->second];
    s.live = false;
    live_refs -= s.refs;
    dead_refs += s.refs;
    slot_of.erase(it);
    if (dead_refs >= 4096 && dead_refs > live_refs) Sweep();
  }

  // Drops dead references and the versions only they used, and renumbers the live slots densely.
  void Sweep() {
    std::vector<std::uint32_t> renumber(sboms.size(), 0);
    std::vector<Sbom> kept;
    kept.reserve(slot_of.size());
    for (std::size_t i = 0; i < sboms.size(); ++i) {
      if (!sboms[i].live) continue;
      renumber[i] = static_cast<std::uint32_t>(kept.size());
      kept.push_back(sboms[i]);
    }
    for (auto it = by_package.begin(); it != by_package.end();) {
      Bucket& b = it->second;
      std::erase_if(b.refs, [&](const Ref& r) { return !sboms[r.sbom_slot].live; });
      if (b.refs.empty()) {
        it = by_package.erase(it);
        continue;
      }
      std::vector<std::uint32_t> moved(b.versions.size(), UINT32_MAX);
      for (const Ref& r : b.refs) moved[r.version] = 0;
      std::vector<std::string> versions;
      for (std::size_t v = 0; v < b.versions.size(); ++v) {
        if (moved[v] == UINT32_MAX) continue;
        moved[v] = static_cast<std::uint32_t>(versions.size());
        versions.push_back(std::move(b.versions[v]));
      }
      for (Ref& r : b.refs) {
        r.sbom_slot = renumber[r.sbom_slot];
        r.version = moved[r.version];
      }
      b.versions = std::move(versions);
      b.by_text.resize(b.versions.size());
      std::iota(b.by_text.begin(), b.by_text.end(), std::uint32_t{0});
      std::sort(b.by_text.begin(), b.by_text.end(),
                [&](std::uint32_t x, std::uint32_t y) { return b.versions[x] < b.versions[y]; });
      b.refs.shrink_to_fit();
      ++it;
    }
    sboms = std::move(kept);
    for (std::size_t i = 0; i < sboms.size(); ++i) slot_of[sboms[i].id] = static_cast<std::uint32_t>(i);
    dead_refs = 0;
  }

  void Put(std::int64_t sbom_id, const std::vector<CheckInput>& components) {
    Remove(sbom_id);
    const auto slot = static_cast<std::uint32_t>(sboms.size());
    sboms.push_back(Sbom{sbom_id, true, 0});
    slot_of[sbom_id] = slot;
    std::size_t added = 0;
    for (std::size_t i = 0; i < components.size(); ++i) {
      const CheckInput& c = components[i];
      if (c.purl.empty()) continue;
      auto purl = ParsePurl(c.purl);
      if (!purl) continue;
      auto package = OsvPackageOf(*purl);
      if (!package) continue;
      const std::string& text = purl->version.empty() ? c.version : purl->version;
      if (text.empty()) continue;
      Bucket& b = by_package[IndexKey(package->ecosystem, package->name)];
      b.refs.push_back(Ref{slot, static_cast<std::uint32_t>(i), VersionOf(b, text)});
      ++added;
    }
    sboms[slot].refs = added;
    live_refs += added;
  }

  std::vector<Hit> AffectedBy(const OsvRecord& record) const {
    std::vector<Hit> out;
    if (!record.withdrawn.empty()) return out;
    // One Match per (affected entry, distinct version); the hits refer to it by index until the
    // end, so that sorting moves 16-byte items, not Matches.
    struct Light {
      std::int64_t sbom_id;
      std::uint32_t component;
      std::uint32_t match;  // grows with the affected entry: the lowest is the first entry
    };
    std::vector<Match> matches;
    std::vector<Light> light;
    for (std::size_t i = 0; i < record.affected.size(); ++i) {
      const OsvAffected& a = record.affected[i];
      if (a.ecosystem.empty()) continue;
      const auto p = by_package.find(IndexKey(a.ecosystem, a.name));
      if (p == by_package.end()) continue;
      const auto compiled = osv_detail::Compile(a, i);
      if (!compiled) continue;
      const Bucket& b = p->second;
      constexpr std::uint32_t kNone = UINT32_MAX;
      std::vector<std::uint32_t> match_of(b.versions.size(), kNone);
      for (std::size_t v = 0; v < b.versions.size(); ++v) {
        // As Check: a version the ecosystem's comparator cannot read is not looked up at all.
        std::optional<Version> parsed;
        if (compiled->comparator) {
          auto r = ParseVersion(*compiled->comparator, b.versions[v]);
          if (!r) continue;
          parsed = std::move(*r);
        }
        Subject subject(b.versions[v], parsed ? &*parsed : nullptr);
        auto m = osv_detail::MatchAffected(*compiled, subject);
        if (!m) continue;
        match_of[v] = static_cast<std::uint32_t>(matches.size());
        matches.push_back(std::move(*m));
      }
      for (const Ref& r : b.refs) {
        if (match_of[r.version] == kNone) continue;
        const Sbom& s = sboms[r.sbom_slot];
        if (s.live) light.push_back(Light{s.id, r.component, match_of[r.version]});
      }
    }
    std::sort(light.begin(), light.end(), [](const Light& a, const Light& b) {
      return std::tie(a.sbom_id, a.component, a.match) < std::tie(b.sbom_id, b.component, b.match);
    });
    // One hit per component: the first affected entry that holds it.
    const auto same_component = [](const Light& a, const Light& b) {
      return a.sbom_id == b.sbom_id && a.component == b.component;
    };
    light.erase(std::unique(light.begin(), light.end(), same_component), light.end());
    for (Match& m : matches) {
      m.id = record.id;
      m.aliases = record.aliases;
    }
    out.reserve(light.size());
    for (const Light& l : light) out.push_back(Hit{l.sbom_id, l.component, matches[l.match]});
    return out;
  }
};

ComponentIndex::ComponentIndex() : impl_(std::make_unique<Impl>()) {}
ComponentIndex::~ComponentIndex() = default;
ComponentIndex::ComponentIndex(ComponentIndex&&) noexcept = default;
ComponentIndex& ComponentIndex::operator=(ComponentIndex&&) noexcept = default;

void ComponentIndex::Put(std::int64_t sbom_id, const std::vector<CheckInput>& components) {
  impl_->Put(sbom_id, components);
}
void ComponentIndex::Remove(std::int64_t sbom_id) { impl_->Remove(sbom_id); }
std::size_t ComponentIndex::size() const { return impl_->slot_of.size(); }
std::vector<ComponentIndex::Hit> ComponentIndex::AffectedBy(const OsvRecord& record) const {
  return impl_->AffectedBy(record);
}

}  // namespace proven::sbom
