#include "store/sbom/sbom_store.hpp"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "store/mail_outbox.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

using nlohmann::json;

std::string JsonList(const std::vector<std::string>& items) { return json(items).dump(-1, ' ', false, json::error_handler_t::replace); }

std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

constexpr std::string_view kImportColumns =
    "id, source, started_at, finished_at, incremental, read_count, added, updated, unchanged, withdrawn, skipped, alerts";
constexpr std::string_view kRecordColumns = "id, modified, published, summary, aliases, content, import_id";
constexpr std::string_view kSbomColumns =
    "id, product_id, release_name, format, spec_version, name, components, sha256, uploaded_by, uploaded_at, lang";
constexpr std::string_view kComponentColumns = "sbom_id, position, ref, name, version, purl, ecosystem, package";
constexpr std::string_view kAlertColumns =
    "a.id, a.org_id, a.audience, a.product_id, ap.product_name, a.sbom_id, s.release_name, a.record_id, a.summary, "
    "a.components, a.import_id, a.created_at";

class SqlSbomWriter final : public SbomWriter {
 public:
  SqlSbomWriter(Connection& c, const Clock& clock) : c_(c), clock_(clock), statements_(c), now_(clock.NowIso()) {}

  const std::string& Now() const override { return now_; }

  // ---- Reads ----------------------------------------------------------------------------------

  Result<std::optional<OsvImportRow>> LatestImport() override {
    auto st = Cached(fmt::format("SELECT {} FROM osv_imports WHERE finished_at <> '' ORDER BY id DESC LIMIT 1",
                                 kImportColumns));
    if (!st) return Fail(st.error());
    return One<OsvImportRow>(**st, [](const Statement& s) -> Result<OsvImportRow> {
      OsvImportRow r;
      r.id = s.Int(0);
      r.source = s.Text(1);
      r.started_at = s.Text(2);
      r.finished_at = s.Text(3);
      r.incremental = s.Int(4) != 0;
      r.read_count = s.Int(5);
      r.added = s.Int(6);
      r.updated = s.Int(7);
      r.unchanged = s.Int(8);
      r.withdrawn = s.Int(9);
      r.skipped = s.Int(10);
      r.alerts = s.Int(11);
      return r;
    });
  }

  Result<std::int64_t> OsvRecordCount() override {
    auto st = Cached("SELECT COUNT(*) FROM osv_records");
    if (!st) return Fail(st.error());
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    return (*st)->Int(0);
  }

  Result<std::unordered_map<std::string, std::string>> OsvModifiedAll() override {
    std::unordered_map<std::string, std::string> out;
    for (const char* sql : {"SELECT id, modified FROM osv_records", "SELECT id, modified FROM osv_withdrawn"}) {
      auto st = Cached(sql);
      if (!st) return Fail(st.error());
      if (auto done = Rows(**st, [&](const Statement& s) -> Status {
            out[s.Text(0)] = s.Text(1);
            return {};
          });
          !done) {
        return Fail(done.error());
      }
    }
    return out;
  }

  Result<std::vector<std::string>> OsvRecordIdsOf(const std::vector<PackageKey>& packages) override {
    std::set<std::string> ids;
    auto st = Cached("SELECT record_id FROM osv_packages WHERE ecosystem = ? AND name = ?");
    if (!st) return Fail(st.error());
    for (const auto& [ecosystem, name] : packages) {
      (*st)->Reset();
      (*st)->Bind(1, ecosystem).Bind(2, name);
      if (auto done = Rows(**st, [&](const Statement& s) -> Status {
            ids.insert(s.Text(0));
            return {};
          });
          !done) {
        return Fail(done.error());
      }
    }
    return std::vector<std::string>(ids.begin(), ids.end());
  }

  Result<std::vector<OsvRecordRow>> OsvRecords(const std::vector<std::string>& ids) override {
    std::vector<OsvRecordRow> out;
    auto st = Cached(fmt::format("SELECT {} FROM osv_records WHERE id = ?", kRecordColumns));
    if (!st) return Fail(st.error());
    for (const auto& id : ids) {
      (*st)->Reset();
      (*st)->Bind(1, id);
      auto row = One<OsvRecordRow>(**st, [](const Statement& s) -> Result<OsvRecordRow> { return ReadRecord(s); });
      if (!row) return Fail(row.error());
      if (*row) out.push_back(std::move(**row));
    }
    return out;
  }

  Result<std::optional<OsvRecordRow>> OsvRecordByIdOrAlias(const std::string& id) override {
    auto st = Cached(fmt::format(
        "SELECT {} FROM osv_records WHERE id = ? UNION ALL "
        "SELECT {} FROM osv_records WHERE id IN (SELECT record_id FROM osv_aliases WHERE alias = ?) ORDER BY 1",
        kRecordColumns, kRecordColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id).Bind(2, id);
    return One<OsvRecordRow>(**st, [](const Statement& s) -> Result<OsvRecordRow> { return ReadRecord(s); });
  }

  Result<std::optional<ProductRef>> Product(std::int64_t id) override {
    auto st = Cached(
        "SELECT p.id, a.product_name, a.vendor_org_id, o.name FROM products p "
        "JOIN verifications v ON v.id = p.verification_id JOIN applications a ON a.id = v.application_id "
        "JOIN organisations o ON o.id = a.vendor_org_id WHERE p.id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<ProductRef>(**st, [](const Statement& s) -> Result<ProductRef> {
      return ProductRef{s.Int(0), s.Text(1), s.Int(2), s.Text(3)};
    });
  }

  Result<std::vector<Member>> MembersOf(std::int64_t org_id) override {
    auto st = Cached("SELECT id, email FROM users WHERE organisation_id = ? AND disabled = 0 ORDER BY id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, org_id);
    std::vector<Member> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), s.Text(1)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<SbomRow>> SbomsOfProduct(std::int64_t product_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM product_sboms WHERE product_id = ? ORDER BY uploaded_at DESC, id DESC",
                                 kSbomColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, product_id);
    std::vector<SbomRow> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(ReadSbom(s));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<SbomRow>> FindSbom(std::int64_t id, bool with_document) override {
    auto st = Cached(fmt::format("SELECT {}, {} FROM product_sboms WHERE id = ?", kSbomColumns,
                                 with_document ? "document" : "''"));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<SbomRow>(**st, [](const Statement& s) -> Result<SbomRow> {
      SbomRow r = ReadSbom(s);
      r.document = s.Text(11);
      return r;
    });
  }

  Result<std::vector<ComponentRow>> Components(std::int64_t sbom_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM sbom_components WHERE sbom_id = ? ORDER BY position", kComponentColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, sbom_id);
    std::vector<ComponentRow> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(ReadComponent(s));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<ComponentRow>> ComponentsOf(const std::vector<PackageKey>& packages) override {
    auto st = Cached(fmt::format("SELECT {} FROM sbom_components WHERE ecosystem = ? AND package = ? "
                                 "ORDER BY sbom_id, position",
                                 kComponentColumns));
    if (!st) return Fail(st.error());
    std::vector<ComponentRow> out;
    for (const auto& [ecosystem, name] : packages) {
      (*st)->Reset();
      (*st)->Bind(1, ecosystem).Bind(2, name);
      if (auto done = Rows(**st, [&](const Statement& s) -> Status {
            out.push_back(ReadComponent(s));
            return {};
          });
          !done) {
        return Fail(done.error());
      }
    }
    std::sort(out.begin(), out.end(), [](const ComponentRow& a, const ComponentRow& b) {
      return std::pair(a.sbom_id, a.position) < std::pair(b.sbom_id, b.position);
    });
    return out;
  }

  Result<std::vector<VexRow>> VexOfProduct(std::int64_t product_id) override {
    auto st = Cached(
        "SELECT x.id, x.product_id, x.vulnerability, x.status, x.justification, x.detail, x.scope, x.source, "
        "x.stated_by, COALESCE(u.email, ''), x.stated_at FROM vex_statements x LEFT JOIN users u ON u.id = x.stated_by "
        "WHERE x.product_id = ? ORDER BY x.id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, product_id);
    std::vector<VexRow> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          VexRow r;
          r.id = s.Int(0);
          r.product_id = s.Int(1);
          r.vulnerability = s.Text(2);
          r.status = s.Text(3);
          r.justification = s.Text(4);
          r.detail = s.Text(5);
          r.scope = ParseList(s.Text(6));
          r.source = s.Text(7);
          r.stated_by = s.Int(8);
          r.stated_by_email = s.Text(9);
          r.stated_at = s.Text(10);
          out.push_back(std::move(r));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<PortfolioRow>> Portfolio(std::int64_t org_id) override {
    return Portfolios("SELECT org_id, product_id, added_by, added_at, lang FROM portfolio_products WHERE org_id = ? "
                      "ORDER BY added_at DESC, product_id DESC",
                      org_id);
  }

  Result<std::vector<PortfolioRow>> PortfoliosWith(std::int64_t product_id) override {
    return Portfolios("SELECT org_id, product_id, added_by, added_at, lang FROM portfolio_products WHERE product_id = ? "
                      "ORDER BY org_id",
                      product_id);
  }

  Result<std::vector<AlertRow>> Alerts(std::int64_t org_id, int limit) override {
    auto st = Cached(fmt::format(
        "SELECT {} FROM vulnerability_alerts a JOIN product_sboms s ON s.id = a.sbom_id "
        "JOIN (SELECT p.id AS product_id, apl.product_name FROM products p JOIN verifications v ON v.id = p.verification_id "
        "JOIN applications apl ON apl.id = v.application_id) ap ON ap.product_id = a.product_id "
        "WHERE a.org_id = ? ORDER BY a.id DESC LIMIT ?",
        kAlertColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, org_id).Bind(2, static_cast<std::int64_t>(limit));
    std::vector<AlertRow> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          AlertRow r;
          r.id = s.Int(0);
          r.org_id = s.Int(1);
          r.audience = s.Text(2);
          r.product_id = s.Int(3);
          r.product_name = s.Text(4);
          r.sbom_id = s.Int(5);
          r.release = s.Text(6);
          r.record_id = s.Text(7);
          r.summary = s.Text(8);
          r.components = s.Text(9);
          r.import_id = s.Int(10);
          r.created_at = s.Text(11);
          out.push_back(std::move(r));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<std::string>> FeedKeyOf(std::int64_t org_id) override {
    auto st = Cached("SELECT feed_key FROM alert_feeds WHERE org_id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, org_id);
    return One<std::string>(**st, [](const Statement& s) -> Result<std::string> { return s.Text(0); });
  }

  // ---- Writes ---------------------------------------------------------------------------------

  Result<std::int64_t> BeginImport(const std::string& source, bool incremental) override {
    auto st = Cached("INSERT INTO osv_imports (source, started_at, incremental) VALUES (?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, source).Bind(2, now_).Bind(3, std::int64_t{incremental ? 1 : 0});
    return RunReturningId(**st);
  }

  Status FinishImport(const OsvImportRow& r) override {
    auto st = Cached(
        "UPDATE osv_imports SET finished_at = ?, read_count = ?, added = ?, updated = ?, unchanged = ?, withdrawn = ?, "
        "skipped = ?, alerts = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, clock_.NowIso()).Bind(2, r.read_count).Bind(3, r.added).Bind(4, r.updated).Bind(5, r.unchanged);
    (*st)->Bind(6, r.withdrawn).Bind(7, r.skipped).Bind(8, r.alerts).Bind(9, r.id);
    return RunChanging(**st, fmt::format("there is no OSV import {}", r.id));
  }

  Status PutOsvRecord(const OsvRecordRow& r, const std::vector<PackageKey>& packages) override {
    if (auto done = DeleteRecord(r.id); !done) return done;
    auto gone = Cached("DELETE FROM osv_withdrawn WHERE id = ?");
    if (!gone) return Fail(gone.error());
    (*gone)->Bind(1, r.id);
    if (auto done = (*gone)->Run(); !done) return done;
    auto st = Cached("INSERT INTO osv_records (id, modified, published, summary, aliases, content, import_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.id).Bind(2, r.modified).Bind(3, r.published).Bind(4, r.summary).Bind(5, JsonList(r.aliases));
    (*st)->Bind(6, r.content).Bind(7, r.import_id);
    if (auto done = (*st)->Run(); !done) return done;
    auto pkg = Cached("INSERT INTO osv_packages (ecosystem, name, record_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (!pkg) return Fail(pkg.error());
    for (const auto& [ecosystem, name] : packages) {
      (*pkg)->Reset();
      (*pkg)->Bind(1, ecosystem).Bind(2, name).Bind(3, r.id);
      if (auto done = (*pkg)->Run(); !done) return done;
    }
    auto alias = Cached("INSERT INTO osv_aliases (alias, record_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (!alias) return Fail(alias.error());
    for (const auto& a : r.aliases) {
      (*alias)->Reset();
      (*alias)->Bind(1, a).Bind(2, r.id);
      if (auto done = (*alias)->Run(); !done) return done;
    }
    return {};
  }

  Status WithdrawOsvRecord(const std::string& id, const std::string& modified, const std::string& withdrawn,
                           std::int64_t import_id) override {
    if (auto done = DeleteRecord(id); !done) return done;
    auto st = Cached(
        "INSERT INTO osv_withdrawn (id, modified, withdrawn, import_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, withdrawn = excluded.withdrawn, "
        "import_id = excluded.import_id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id).Bind(2, modified).Bind(3, withdrawn).Bind(4, import_id);
    return (*st)->Run();
  }

  Result<std::int64_t> InsertSbom(const SbomRow& row, const std::vector<ComponentRow>& components) override {
    auto clash = Cached("SELECT id FROM product_sboms WHERE product_id = ? AND release_name = ?");
    if (!clash) return Fail(clash.error());
    (*clash)->Bind(1, row.product_id).Bind(2, row.release);
    auto found = (*clash)->Step();
    if (!found) return Fail(found.error());
    if (*found) {
      return Fail(Reason{"error.sbom.release_exists", {{"release", row.release}}}, ErrorCode::kAlreadyExists,
                  fmt::format("the product already has an SBOM for release '{}'", row.release), "", "release");
    }
    auto st = Cached(
        "INSERT INTO product_sboms (product_id, release_name, format, spec_version, name, components, sha256, document, "
        "uploaded_by, uploaded_at, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, row.product_id).Bind(2, row.release).Bind(3, row.format).Bind(4, row.spec_version).Bind(5, row.name);
    (*st)->Bind(6, static_cast<std::int64_t>(components.size())).Bind(7, row.sha256).Bind(8, row.document);
    (*st)->Bind(9, row.uploaded_by).Bind(10, now_).Bind(11, row.lang);
    auto id = RunReturningId(**st);
    if (!id) return Fail(id.error());
    auto comp = Cached(
        "INSERT INTO sbom_components (sbom_id, position, ref, name, version, purl, ecosystem, package) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!comp) return Fail(comp.error());
    std::int64_t position = 0;
    for (const auto& c : components) {
      (*comp)->Reset();
      (*comp)->Bind(1, *id).Bind(2, position++).Bind(3, c.ref).Bind(4, c.name).Bind(5, c.version).Bind(6, c.purl);
      (*comp)->Bind(7, c.ecosystem).Bind(8, c.package);
      if (auto done = (*comp)->Run(); !done) return Fail(done.error());
    }
    return *id;
  }

  Result<std::int64_t> InsertVex(const VexRow& r) override {
    auto st = Cached(
        "INSERT INTO vex_statements (product_id, vulnerability, status, justification, detail, scope, source, stated_by, "
        "stated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.product_id).Bind(2, r.vulnerability).Bind(3, r.status).Bind(4, r.justification).Bind(5, r.detail);
    (*st)->Bind(6, JsonList(r.scope)).Bind(7, r.source).Bind(8, r.stated_by).Bind(9, now_);
    return RunReturningId(**st);
  }

  Result<bool> AddToPortfolio(const PortfolioRow& r) override {
    auto st = Cached(
        "INSERT INTO portfolio_products (org_id, product_id, added_by, added_at, lang) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (org_id, product_id) DO NOTHING");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.org_id).Bind(2, r.product_id).Bind(3, r.added_by).Bind(4, now_).Bind(5, r.lang);
    if (auto done = (*st)->Run(); !done) return Fail(done.error());
    return (*st)->Changes() > 0;
  }

  Result<bool> RemoveFromPortfolio(std::int64_t org_id, std::int64_t product_id) override {
    auto st = Cached("DELETE FROM portfolio_products WHERE org_id = ? AND product_id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, org_id).Bind(2, product_id);
    if (auto done = (*st)->Run(); !done) return Fail(done.error());
    return (*st)->Changes() > 0;
  }

  Result<bool> InsertAlert(const AlertRow& r) override {
    auto st = Cached(
        "INSERT INTO vulnerability_alerts (org_id, audience, product_id, sbom_id, record_id, summary, components, "
        "import_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, sbom_id, record_id) DO NOTHING");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.org_id).Bind(2, r.audience).Bind(3, r.product_id).Bind(4, r.sbom_id).Bind(5, r.record_id);
    (*st)->Bind(6, r.summary).Bind(7, r.components).Bind(8, r.import_id).Bind(9, now_);
    if (auto done = (*st)->Run(); !done) return Fail(done.error());
    return (*st)->Changes() > 0;
  }

  Status EnsureFeedKey(std::int64_t org_id, const std::string& key) override {
    auto st = Cached("INSERT INTO alert_feeds (org_id, feed_key, created_at) VALUES (?, ?, ?) ON CONFLICT (org_id) DO NOTHING");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, org_id).Bind(2, key).Bind(3, now_);
    return (*st)->Run();
  }

  Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) override { return store::EnqueueMail(c_, m, clock_); }
  Status Audit(AuditEntry entry) override { return AppendAudit(c_, std::move(entry), clock_); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  Status DeleteRecord(const std::string& id) {
    for (const char* sql : {"DELETE FROM osv_packages WHERE record_id = ?", "DELETE FROM osv_aliases WHERE record_id = ?",
                            "DELETE FROM osv_records WHERE id = ?"}) {
      auto st = Cached(sql);
      if (!st) return Fail(st.error());
      (*st)->Bind(1, id);
      if (auto done = (*st)->Run(); !done) return done;
    }
    return {};
  }

  Result<std::vector<PortfolioRow>> Portfolios(std::string_view sql, std::int64_t key) {
    auto st = Cached(sql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, key);
    std::vector<PortfolioRow> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Text(4)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  static OsvRecordRow ReadRecord(const Statement& s) {
    OsvRecordRow r;
    r.id = s.Text(0);
    r.modified = s.Text(1);
    r.published = s.Text(2);
    r.summary = s.Text(3);
    r.aliases = ParseList(s.Text(4));
    r.content = s.Text(5);
    r.import_id = s.Int(6);
    return r;
  }

  static SbomRow ReadSbom(const Statement& s) {
    SbomRow r;
    r.id = s.Int(0);
    r.product_id = s.Int(1);
    r.release = s.Text(2);
    r.format = s.Text(3);
    r.spec_version = s.Text(4);
    r.name = s.Text(5);
    r.components = s.Int(6);
    r.sha256 = s.Text(7);
    r.uploaded_by = s.Int(8);
    r.uploaded_at = s.Text(9);
    r.lang = s.Text(10);
    return r;
  }

  static ComponentRow ReadComponent(const Statement& s) {
    return ComponentRow{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7)};
  }

  Connection& c_;
  const Clock& clock_;
  StatementCache statements_;
  std::string now_;
};

}  // namespace

Status SqlSbomStore::Write(const std::function<Status(SbomWriter&)>& body) {
  return InWriteTransaction<SqlSbomWriter>(pool_, clock_, body);
}

Status SqlSbomStore::Read(const std::function<Status(SbomReader&)>& body) {
  return InReadTransaction<SqlSbomWriter>(pool_, clock_, body);
}

}  // namespace proven::store
