#include "fts5_baseline.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/core.h>

#include "domain/regions.hpp"
#include "store/sqlite_db.hpp"

namespace proven::bench {

using search::EngineResult;
using search::FacetValue;
using search::ServiceQuery;
using search::SortKey;
using search::StatusFilter;
using store::Connection;

namespace {

// word_match(text, term): the engine's TermMatches (substring + ASCII word-start rule).
void WordMatch(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto* term = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  if (!t || !term) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  sqlite3_result_int(ctx, search::TermMatches(t, term) ? 1 : 0);
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out.push_back(c);
  }
  return out + "'";
}

std::string FtsPhrase(const std::string& term) {
  std::string out = "\"";
  for (char c : term) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

struct Fts5Baseline::Impl {
  std::unique_ptr<store::SqliteConnection> conn;
};

Fts5Baseline::Fts5Baseline() : impl_(std::make_unique<Impl>()) {}
Fts5Baseline::~Fts5Baseline() = default;

Result<std::unique_ptr<Fts5Baseline>> Fts5Baseline::Build(const std::string& path,
                                                          const std::vector<search::IndexDoc>& docs,
                                                          const std::vector<search::NormalisedDoc>& normalised) {
  std::filesystem::remove(path);
  auto conn = store::SqliteConnection::OpenFile(path, true, store::kBusyTimeoutMs);
  if (!conn) return Fail(conn.error());
  auto& c = **conn;
  for (const char* sql : {
           "PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF",
           "CREATE TABLE docs (id INTEGER PRIMARY KEY, name_n TEXT, provider_n TEXT, overview_n TEXT, "
           "compact_n TEXT, type INTEGER, pref INTEGER, registrar TEXT, reg INTEGER, exp INTEGER, "
           "coverage INTEGER, name_key BLOB)",
           "CREATE TABLE doc_industries (doc INTEGER, industry TEXT)",
           "CREATE VIRTUAL TABLE fts USING fts5(name_n, provider_n, overview_n, content='docs', "
           "content_rowid='id', tokenize='trigram')",
       }) {
    if (auto st = c.Exec(sql); !st) return Fail(st.error());
  }
  if (auto st = c.Exec("BEGIN"); !st) return Fail(st.error());
  auto ins = c.Prepare("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  auto ind = c.Prepare("INSERT INTO doc_industries VALUES (?,?)");
  if (!ins || !ind) return Fail(ins ? ind.error() : ins.error());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto& d = docs[i];
    const auto& n = normalised[i];
    ins->Reset();
    ins->Bind(1, d.id).Bind(2, n.text[0]).Bind(3, n.text[1]).Bind(4, n.text[2]).Bind(5, n.compact_title)
        .Bind(6, static_cast<std::int64_t>(d.type)).Bind(7, static_cast<std::int64_t>(d.prefecture))
        .Bind(8, d.registrar).Bind(9, d.registered_days).Bind(10, d.expires_days)
        .Bind(11, static_cast<std::int64_t>(d.coverage));
    if (auto st = ins->Run(); !st) return Fail(st.error());
    std::vector<std::string> seen;
    for (const auto& x : d.industries) {
      if (std::find(seen.begin(), seen.end(), x) != seen.end()) continue;
      seen.push_back(x);
      ind->Reset();
      ind->Bind(1, d.id).Bind(2, x);
      if (auto st = ind->Run(); !st) return Fail(st.error());
    }
  }
  // Collation keys as BLOBs so that ORDER BY compares bytes.
  {
    auto up = c.Prepare("UPDATE docs SET name_key = ? WHERE id = ?");
    if (!up) return Fail(up.error());
    for (std::size_t i = 0; i < docs.size(); ++i) {
      up->Reset();
      const auto& key = normalised[i].collation_key;
      up->Bind(2, docs[i].id);
      // Bind(1) as text would stop at NUL bytes in comparisons; store the key hex-encoded instead,
      // which keeps byte order.
      std::string hex;
      static constexpr char kHex[] = "0123456789abcdef";
      for (unsigned char ch : key) {
        hex.push_back(kHex[ch >> 4]);
        hex.push_back(kHex[ch & 15]);
      }
      up->Bind(1, hex);
      if (auto st = up->Run(); !st) return Fail(st.error());
    }
  }
  for (const char* sql : {"CREATE INDEX doc_industries_i ON doc_industries (industry, doc)",
                          "CREATE INDEX doc_industries_d ON doc_industries (doc)",
                          "INSERT INTO fts(fts) VALUES ('rebuild')", "COMMIT", "ANALYZE"}) {
    if (auto st = c.Exec(sql); !st) return Fail(st.error());
  }
  sqlite3_create_function((*conn)->raw(), "word_match", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, WordMatch,
                          nullptr, nullptr);
  auto out = std::unique_ptr<Fts5Baseline>(new Fts5Baseline());
  out->impl_->conn = std::move(*conn);
  return out;
}

Result<EngineResult> Fts5Baseline::Search(const ServiceQuery& q) {
  Connection& c = *impl_->conn;
  const auto terms = search::QueryTerms(q.text);
  const std::int64_t as_of = q.as_of.DaysSinceEpoch();

  // Conditions every facet count respects.
  std::vector<std::string> base;
  if (q.status == StatusFilter::kValid) base.push_back(fmt::format("reg <= {0} AND {0} <= exp", as_of));
  if (q.status == StatusFilter::kExpired) base.push_back(fmt::format("exp < {}", as_of));
  if (q.regions) base.push_back(fmt::format("(coverage & {}) != 0", static_cast<std::int64_t>(q.regions)));
  for (const auto& t : terms) {
    // Trigrams narrow terms of three or more characters; shorter ones scan.
    if (CodePoints(t) >= 3) base.push_back(fmt::format("id IN (SELECT rowid FROM fts WHERE fts MATCH {})", Quote(FtsPhrase(t))));
    base.push_back(fmt::format(
        "word_match(name_n || char(31) || provider_n || char(30) || overview_n, {})", Quote(t)));
  }
  auto in_list = [](const std::string& col, const std::vector<std::string>& values) {
    std::string s = col + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + values[i];
    return s + ")";
  };
  std::vector<std::string> types, prefs, regs, inds;
  for (auto t : q.types) types.push_back(std::to_string(static_cast<int>(t)));
  for (const auto& p : q.prefectures) {
    if (auto i = domain::FindPrefecture(p)) prefs.push_back(std::to_string(*i));
  }
  for (const auto& r : q.registrars) regs.push_back(Quote(r));
  for (const auto& i : q.industries) inds.push_back(Quote(i));
  const std::string f_type = q.types.empty() ? "" : in_list("type", types);
  const std::string f_pref = q.prefectures.empty() ? "" : (prefs.empty() ? "0" : in_list("pref", prefs));
  const std::string f_reg = q.registrars.empty() ? "" : in_list("registrar", regs);
  const std::string f_ind =
      q.industries.empty() ? "" : "id IN (SELECT doc FROM doc_industries WHERE " + in_list("industry", inds) + ")";
  auto where = [&](std::initializer_list<std::string> extra) {
    std::vector<std::string> all = base;
    for (const auto& e : extra) {
      if (!e.empty()) all.push_back(e);
    }
    if (all.empty()) return std::string();
    std::string s = " WHERE ";
    for (std::size_t i = 0; i < all.size(); ++i) s += (i ? " AND " : "") + all[i];
    return s;
  };

  auto group = [&](const std::string& sql, auto label_of) -> Result<std::vector<FacetValue>> {
    auto st = c.Prepare(sql);
    if (!st) return Fail(st.error());
    std::vector<FacetValue> out;
    for (;;) {
      auto row = st->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      out.push_back({label_of(*st), static_cast<int>(st->Int(1))});
    }
    search::SortFacet(out);
    return out;
  };
  EngineResult r;
  auto type_f = group("SELECT type, COUNT(*) FROM docs" + where({f_pref, f_reg, f_ind}) + " GROUP BY type",
                      [](const store::Statement& s) { return std::string(domain::TypeCode(domain::kServiceTypes[static_cast<std::size_t>(s.Int(0))])); });
  auto pref_f = group("SELECT pref, COUNT(*) FROM docs" + where({f_type, f_reg, f_ind, "pref >= 0"}) + " GROUP BY pref",
                      [](const store::Statement& s) { return std::string(domain::Prefectures()[static_cast<std::size_t>(s.Int(0))].name); });
  auto reg_f = group("SELECT registrar, COUNT(*) FROM docs" + where({f_type, f_pref, f_ind}) + " GROUP BY registrar",
                     [](const store::Statement& s) { return s.Text(0); });
  auto ind_f = group("SELECT di.industry, COUNT(*) FROM docs JOIN doc_industries di ON di.doc = docs.id" +
                         where({f_type, f_pref, f_reg}) + " GROUP BY di.industry",
                     [](const store::Statement& s) { return s.Text(0); });
  if (!type_f || !pref_f || !reg_f || !ind_f) return Fail(ErrorCode::kInternal, "facet query failed");
  r.facets = {*type_f, *ind_f, *pref_f, *reg_f};

  const std::string all_where = where({f_type, f_pref, f_reg, f_ind});
  auto count = c.Prepare("SELECT COUNT(*) FROM docs" + all_where);
  if (!count) return Fail(count.error());
  if (auto row = count->Step(); !row) return Fail(row.error());
  r.total = static_cast<std::size_t>(count->Int(0));

  std::string order;
  switch (q.sort) {
    case SortKey::kRelevance: {
      std::string whole;
      for (const auto& t : terms) whole += t;
      std::string np = "1";
      for (const auto& t : terms) np += " AND word_match(name_n || char(31) || provider_n, " + Quote(t) + ")";
      order = terms.empty() ? "reg DESC, id"
                            : fmt::format("CASE WHEN compact_n = {} THEN 3 WHEN {} THEN 2 ELSE 1 END DESC, reg DESC, id",
                                          Quote(whole), np);
      break;
    }
    case SortKey::kName: order = std::string("name_key ") + (q.descending ? "DESC" : "ASC") + ", id"; break;
    case SortKey::kRegisteredOn: order = std::string("reg ") + (q.descending ? "DESC" : "ASC") + ", id"; break;
    case SortKey::kExpiresOn: order = std::string("exp ") + (q.descending ? "DESC" : "ASC") + ", id"; break;
  }
  auto page = c.Prepare(fmt::format("SELECT id FROM docs{} ORDER BY {} LIMIT {} OFFSET {}", all_where, order,
                                    q.limit == 0 ? -1 : static_cast<long long>(q.limit), q.offset));
  if (!page) return Fail(page.error());
  for (;;) {
    auto row = page->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    r.ids.push_back(page->Int(0));
  }
  return r;
}

}  // namespace proven::bench
