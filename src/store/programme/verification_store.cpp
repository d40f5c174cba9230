#include "store/programme/verification_store.hpp"

#include "store/log_store.hpp"
#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "store/statement_cache.hpp"
#include "domain/codes.hpp"

namespace proven::store {
namespace {

using nlohmann::json;

Error Corrupt(std::string_view what, std::int64_t id) {
  return MakeError(ErrorCode::kInternal, "stored verification data is corrupt", fmt::format("{} {}", what, id));
}

// NULL ↔ "": the records hold absent times as empty strings.
void BindTextOrNull(Statement& st, int index, const std::string& text) {
  if (!text.empty()) st.Bind(index, text);
}

// ---- JSON columns of the application (read only) ---------------------------------------------------

std::vector<std::int64_t> IdsFromJson(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_number_integer()) out.push_back(e.get<std::int64_t>());
  }
  return out;
}

std::vector<std::string> StringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

// ---- Columns and row readers ---------------------------------------------------------------------

// published_versions: the product's latest version, 0 before the first publication.
constexpr std::string_view kVerificationColumns =
    "v.id, v.application_id, a.vendor_org_id, a.product_name, o.name, v.state, v.summary, v.correction_reason, "
    "v.vendor_comments, v.created_at, v.updated_at, COALESCE(v.plan_agreed_at, ''), COALESCE(v.submitted_at, ''), "
    "COALESCE(v.approved_at, ''), (SELECT COALESCE(MAX(r.version), 0) FROM products p "
    "JOIN report_versions r ON r.product_id = p.id WHERE p.verification_id = v.id)";
constexpr std::string_view kVerificationFrom =
    "verifications v JOIN applications a ON a.id = v.application_id JOIN organisations o ON o.id = a.vendor_org_id";

constexpr std::string_view kWafRunColumns =
    "id, verification_id, item_id, state, requested_by, requested_at, COALESCE(started_at, ''), "
    "COALESCE(finished_at, ''), error, evidence_id, progress_done, progress_total, grade, balanced_accuracy";

Result<domain::WafRun> ReadWafRun(const Statement& st) {
  domain::WafRun run;
  run.id = st.Int(0);
  run.verification_id = st.Int(1);
  run.item_id = st.Int(2);
  auto state = domain::ValueIn<domain::WafRunState>(domain::kWafRunStateCodes, st.Text(3));
  if (!state) return Fail(Corrupt("WAF run", run.id));
  run.state = *state;
  run.requested_by = st.Int(4);
  run.requested_at = st.Text(5);
  run.started_at = st.Text(6);
  run.finished_at = st.Text(7);
  run.error = st.Text(8);
  if (!st.IsNull(9)) run.evidence_id = st.Int(9);
  run.progress_done = st.Int(10);
  run.progress_total = st.Int(11);
  run.grade = st.Text(12);
  run.balanced_accuracy = st.Text(13);
  return run;
}

Result<domain::Verification> ReadVerification(const Statement& st) {
  domain::Verification v;
  v.id = st.Int(0);
  v.application_id = st.Int(1);
  v.vendor_org_id = st.Int(2);
  v.product_name = st.Text(3);
  v.vendor = st.Text(4);
  auto state = domain::ValueIn<domain::VerificationState>(domain::kVerificationStateCodes, st.Text(5));
  if (!state) return Fail(Corrupt("verification", v.id));
  v.state = *state;
  v.summary = st.Text(6);
  v.correction_reason = st.Text(7);
  v.vendor_comments = st.Text(8);
  v.created_at = st.Text(9);
  v.updated_at = st.Text(10);
  v.plan_agreed_at = st.Text(11);
  v.submitted_at = st.Text(12);
  v.approved_at = st.Text(13);
  v.published_versions = static_cast<int>(st.Int(14));
  return v;
}

constexpr std::string_view kEvidenceColumns =
    "id, verification_id, filename, content_type, size, sha256, uploaded_by, uploaded_at";

Attachment ReadEvidence(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4), st.Text(5), st.Int(6), st.Text(7)};
}

constexpr std::string_view kProductColumns =
    "p.id, p.verification_id, v.application_id, a.call_id, a.product_name, a.product_version, a.overview, "
    "a.vendor_org_id, o.name, a.field_ids, a.deployment, a.homepage, p.fiscal_year_verified, "
    "(SELECT COALESCE(MAX(r.version), 0) FROM report_versions r WHERE r.product_id = p.id), p.first_published_at";
constexpr std::string_view kProductFrom =
    "products p JOIN verifications v ON v.id = p.verification_id JOIN applications a ON a.id = v.application_id "
    "JOIN organisations o ON o.id = a.vendor_org_id";

Result<domain::PublishedProduct> ReadProduct(const Statement& st) {
  domain::PublishedProduct p;
  p.id = st.Int(0);
  p.verification_id = st.Int(1);
  p.application_id = st.Int(2);
  p.call_id = st.Int(3);
  p.name = st.Text(4);
  p.version = st.Text(5);
  p.overview = st.Text(6);
  p.vendor_org_id = st.Int(7);
  p.vendor = st.Text(8);
  p.field_ids = IdsFromJson(st.Text(9));
  p.deployment = StringsFromJson(st.Text(10));
  p.homepage = st.Text(11);
  p.fiscal_year_verified = static_cast<int>(st.Int(12));
  p.latest_version = static_cast<int>(st.Int(13));
  p.first_published_at = st.Text(14);
  return p;
}

// Every method reads and writes through statements prepared once per transaction. Serves
// VerificationStore::Read too (as a VerificationReader), in a read transaction.
class SqlVerificationWriter final : public VerificationWriter {
 public:
  SqlVerificationWriter(Connection& c, const Clock& clock)
      : c_(c), audit_(c, clock),
        now_(fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(clock.NowUnix())))) {}

  const std::string& Now() const override { return now_; }

  // ---- Verifications ----

  Result<std::optional<domain::Verification>> FindVerification(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE v.id = ?", kVerificationColumns, kVerificationFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return OneWithParts(**st);
  }

  Result<std::optional<domain::Verification>> VerificationOfApplication(std::int64_t application_id) override {
    auto st = Cached(
        fmt::format("SELECT {} FROM {} WHERE v.application_id = ?", kVerificationColumns, kVerificationFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, application_id);
    return OneWithParts(**st);
  }

  Result<std::vector<domain::Verification>> Verifications(std::optional<std::int64_t> verifier_id) override {
    auto st = Cached(fmt::format(
        "SELECT {} FROM {} {} ORDER BY v.id DESC", kVerificationColumns, kVerificationFrom,
        verifier_id ? "WHERE EXISTS (SELECT 1 FROM verification_verifiers w WHERE w.verification_id = v.id "
                      "AND w.user_id = ?)"
                    : ""));
    if (!st) return Fail(st.error());
    if (verifier_id) (*st)->Bind(1, *verifier_id);
    std::vector<domain::Verification> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto v = ReadVerification(s);
          if (!v) return Fail(v.error());
          out.push_back(std::move(*v));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    for (auto& v : out) {
      if (auto parts = LoadParts(v); !parts) return Fail(parts.error());
    }
    return out;
  }

  Result<std::int64_t> InsertVerification(const domain::Verification& v) override {
    auto st = Cached(
        "INSERT INTO verifications (state, summary, correction_reason, vendor_comments, updated_at, plan_agreed_at, "
        "submitted_at, approved_at, application_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindVerification(**st, v);
    (*st)->Bind(9, v.application_id).Bind(10, now_);
    auto id = RunReturningId(**st);
    if (!id) return Fail(id.error());
    domain::Verification stored = v;
    stored.id = *id;
    if (auto parts = WriteParts(stored); !parts) return Fail(parts.error());
    return *id;
  }

  Status UpdateVerification(const domain::Verification& v) override {
    auto st = Cached(
        "UPDATE verifications SET state = ?, summary = ?, correction_reason = ?, vendor_comments = ?, "
        "updated_at = ?, plan_agreed_at = ?, submitted_at = ?, approved_at = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindVerification(**st, v);
    (*st)->Bind(9, v.id);
    if (auto done = RunChanging(**st, "no such verification"); !done) return done;
    return WriteParts(v);
  }

  // ---- Evidence ----

  Result<std::vector<Attachment>> Evidence(std::int64_t verification_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM evidence WHERE verification_id = ? ORDER BY id", kEvidenceColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, verification_id);
    std::vector<Attachment> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(ReadEvidence(s));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<Attachment>> FindEvidence(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM evidence WHERE id = ?", kEvidenceColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<Attachment>(**st, [](const Statement& s) -> Result<Attachment> { return ReadEvidence(s); });
  }

  // ---- WAF suite runs ----

  Result<std::optional<domain::WafRun>> FindWafRun(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM waf_runs WHERE id = ?", kWafRunColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<domain::WafRun>(**st, ReadWafRun);
  }

  Result<std::vector<domain::WafRun>> WafRuns(std::int64_t verification_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM waf_runs WHERE verification_id = ? ORDER BY id DESC", kWafRunColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, verification_id);
    return AllWafRuns(**st);
  }

  Result<std::vector<domain::WafRun>> ActiveWafRuns() override {
    auto st = Cached(fmt::format("SELECT {} FROM waf_runs WHERE state IN ('queued', 'running') ORDER BY id",
                                 kWafRunColumns));
    if (!st) return Fail(st.error());
    return AllWafRuns(**st);
  }

  Result<std::int64_t> InsertWafRun(const domain::WafRun& run) override {
    auto st = Cached(
        "INSERT INTO waf_runs (state, started_at, finished_at, error, evidence_id, progress_done, progress_total, grade, "
        "balanced_accuracy, verification_id, item_id, requested_by, requested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindWafRun(**st, run);
    (*st)->Bind(10, run.verification_id).Bind(11, run.item_id).Bind(12, run.requested_by).Bind(13, now_);
    return RunReturningId(**st);
  }

  Status UpdateWafRun(const domain::WafRun& run) override {
    auto st = Cached(
        "UPDATE waf_runs SET state = ?, started_at = ?, finished_at = ?, error = ?, evidence_id = ?, progress_done = ?, "
        "progress_total = ?, grade = ?, balanced_accuracy = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindWafRun(**st, run);
    (*st)->Bind(10, run.id);
    return RunChanging(**st, "no such WAF run");
  }

  Result<bool> ClaimWafRun(std::int64_t id) override {
    auto st = Cached("UPDATE waf_runs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, now_).Bind(2, id);
    if (auto done = (*st)->Run(); !done) return Fail(done.error());
    return (*st)->Changes() > 0;
  }

  Result<std::int64_t> InsertEvidence(std::int64_t verification_id, const Attachment& a,
                                      std::string_view content) override {
    const auto size = static_cast<std::int64_t>(content.size());
    if (auto done = PutBlob(a.sha256, content); !done) return Fail(done.error());
    auto st = Cached(
        "INSERT INTO evidence (verification_id, filename, content_type, size, sha256, uploaded_by, uploaded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, verification_id).Bind(2, a.filename).Bind(3, a.content_type).Bind(4, size).Bind(5, a.sha256)
        .Bind(6, a.uploaded_by).Bind(7, now_);
    return RunReturningId(**st);
  }

  // ---- Products and reports ----

  Result<std::optional<domain::PublishedProduct>> FindProduct(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE p.id = ?", kProductColumns, kProductFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<domain::PublishedProduct>(**st, ReadProduct);
  }

  Result<std::vector<domain::PublishedProduct>> Products() override {
    auto st = Cached(fmt::format("SELECT {} FROM {} ORDER BY p.id", kProductColumns, kProductFrom));
    if (!st) return Fail(st.error());
    std::vector<domain::PublishedProduct> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto p = ReadProduct(s);
          if (!p) return Fail(p.error());
          out.push_back(std::move(*p));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<domain::ReportVersion>> ReportVersions(std::int64_t product_id) override {
    auto st = Cached(
        "SELECT product_id, version, published_at, reason, content, sha256 FROM report_versions "
        "WHERE product_id = ? ORDER BY version");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, product_id);
    std::vector<domain::ReportVersion> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<std::string>> ReportPdf(std::int64_t product_id, int version) override {
    auto st = Cached(
        "SELECT b.content FROM report_versions r JOIN attachment_blobs b ON b.sha256 = r.pdf_sha256 "
        "WHERE r.product_id = ? AND r.version = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, product_id).Bind(2, std::int64_t{version});
    return One<std::string>(**st, [](const Statement& s) -> Result<std::string> { return s.Blob(0); });
  }

  Result<std::string> CatalogueStamp() override {
    auto st = Cached(
        "SELECT (SELECT COUNT(*) FROM products), (SELECT COUNT(*) FROM report_versions), "
        "(SELECT COALESCE(MAX(published_at), '') FROM report_versions)");
    if (!st) return Fail(st.error());
    auto stamp = One<std::string>(**st, [](const Statement& s) -> Result<std::string> {
      return fmt::format("{}/{}/{}", s.Int(0), s.Int(1), s.Text(2));
    });
    if (!stamp) return Fail(stamp.error());
    (*st)->Reset();
    return stamp->value_or(std::string());
  }

  Result<std::int64_t> EnsureProduct(const domain::PublishedProduct& p) override {
    auto existing = Cached("SELECT id FROM products WHERE verification_id = ?");
    if (!existing) return Fail(existing.error());
    (*existing)->Bind(1, p.verification_id);
    auto id = One<std::int64_t>(**existing, [](const Statement& s) -> Result<std::int64_t> { return s.Int(0); });
    if (!id) return Fail(id.error());
    (*existing)->Reset();
    if (*id) return **id;
    auto st = Cached(
        "INSERT INTO products (verification_id, fiscal_year_verified, first_published_at) VALUES (?, ?, ?) "
        "RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, p.verification_id).Bind(2, std::int64_t{p.fiscal_year_verified}).Bind(3, now_);
    return RunReturningId(**st);
  }

  Status AppendReportVersion(const domain::ReportVersion& r, std::string_view pdf) override {
    // Checked before the insert: on PostgreSQL a failed statement would end the transaction.
    auto exists = Cached("SELECT 1 FROM report_versions WHERE product_id = ? AND version = ?");
    if (!exists) return Fail(exists.error());
    (*exists)->Bind(1, r.product_id).Bind(2, std::int64_t{r.version});
    auto row = (*exists)->Step();
    if (!row) return Fail(row.error());
    (*exists)->Reset();
    if (*row) {
      return Fail(ErrorCode::kAlreadyExists,
                  fmt::format("version {} of this report is already published", r.version));
    }
    const std::string pdf_sha256 = Sha256Hex(pdf);
    if (auto done = PutBlob(pdf_sha256, pdf); !done) return done;
    auto st = Cached(
        "INSERT INTO report_versions (product_id, version, published_at, reason, content, sha256, pdf_sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.product_id).Bind(2, std::int64_t{r.version}).Bind(3, now_).Bind(4, r.reason)
        .Bind(5, r.content).Bind(6, r.sha256).Bind(7, pdf_sha256);
    return (*st)->Run();
  }

  // ---- Downloads ----

  Result<std::vector<DownloadCount>> DownloadCounts() override {
    auto st = Cached("SELECT product_id, version, month, count FROM report_downloads ORDER BY product_id, version, month");
    if (!st) return Fail(st.error());
    std::vector<DownloadCount> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), static_cast<int>(s.Int(1)), s.Text(2), s.Int(3)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<bool> CountDownload(std::int64_t product_id, int version, const std::string& client_hash,
                             std::int64_t now_unix, std::int64_t window_seconds) override {
    auto last = Cached("SELECT last_at FROM download_clients WHERE product_id = ? AND version = ? AND client_hash = ?");
    if (!last) return Fail(last.error());
    (*last)->Bind(1, product_id).Bind(2, std::int64_t{version}).Bind(3, client_hash);
    auto last_at = One<std::int64_t>(**last, [](const Statement& s) -> Result<std::int64_t> { return s.Int(0); });
    if (!last_at) return Fail(last_at.error());
    (*last)->Reset();
    const bool repeated = *last_at && **last_at > now_unix - window_seconds;
    auto client = Cached(
        "INSERT INTO download_clients (product_id, version, client_hash, last_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (product_id, version, client_hash) DO UPDATE SET last_at = excluded.last_at");
    if (!client) return Fail(client.error());
    (*client)->Bind(1, product_id).Bind(2, std::int64_t{version}).Bind(3, client_hash).Bind(4, now_unix);
    if (auto done = (*client)->Run(); !done) return Fail(done.error());
    if (repeated) return false;
    auto count = Cached(
        "INSERT INTO report_downloads (product_id, version, month, count) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (product_id, version, month) DO UPDATE SET count = report_downloads.count + 1");
    if (!count) return Fail(count.error());
    (*count)->Bind(1, product_id).Bind(2, std::int64_t{version})
        .Bind(3, fmt::format("{:%Y-%m}", fmt::gmtime(static_cast<std::time_t>(now_unix))));
    if (auto done = (*count)->Run(); !done) return Fail(done.error());
    return true;
  }

  Status AppendLog(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                   std::optional<std::int64_t> version) override {
    auto leaf = AppendLogLeaf(c_, kind, record_id, Now(), record_json, version);
    if (!leaf) return Fail(leaf.error());
    return {};
  }
  Status Audit(AuditEntry entry) override { return audit_.Append(std::move(entry)); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  Status Exec(std::string_view sql, std::int64_t id) {
    auto st = Cached(sql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return (*st)->Run();
  }

  // The bytes under their SHA-256, once.
  Status PutBlob(const std::string& sha256, std::string_view content) {
    auto blob = Cached("INSERT INTO attachment_blobs (sha256, size, content) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING");
    if (!blob) return Fail(blob.error());
    (*blob)->Bind(1, sha256).Bind(2, static_cast<std::int64_t>(content.size())).BindBlob(3, content);
    return (*blob)->Run();
  }

  // Parameters 1..8 of the verification insert and update.
  void BindVerification(Statement& st, const domain::Verification& v) {
    st.Bind(1, domain::CodeIn<domain::VerificationState>(domain::kVerificationStateCodes, v.state))
        .Bind(2, v.summary).Bind(3, v.correction_reason).Bind(4, v.vendor_comments).Bind(5, now_);
    BindTextOrNull(st, 6, v.plan_agreed_at);
    BindTextOrNull(st, 7, v.submitted_at);
    BindTextOrNull(st, 8, v.approved_at);
  }

  // Parameters 1..9 of the WAF run insert and update.
  static void BindWafRun(Statement& st, const domain::WafRun& run) {
    st.Bind(1, domain::CodeIn<domain::WafRunState>(domain::kWafRunStateCodes, run.state));
    BindTextOrNull(st, 2, run.started_at);
    BindTextOrNull(st, 3, run.finished_at);
    st.Bind(4, run.error);
    if (run.evidence_id) st.Bind(5, *run.evidence_id);
    st.Bind(6, run.progress_done).Bind(7, run.progress_total).Bind(8, run.grade).Bind(9, run.balanced_accuracy);
  }

  Result<std::vector<domain::WafRun>> AllWafRuns(Statement& st) {
    std::vector<domain::WafRun> out;
    if (auto done = Rows(st, [&](const Statement& s) -> Status {
          auto run = ReadWafRun(s);
          if (!run) return Fail(run.error());
          out.push_back(std::move(*run));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  // Parameters 1..13 of the item insert and update.
  static void BindItem(Statement& st, const domain::VerificationItem& item, std::int64_t position) {
    st.Bind(1, position).Bind(2, item.title).Bind(3, item.environment).Bind(4, item.method).Bind(5, item.expected)
        .Bind(9, item.notes).Bind(11, item.waf_summary)
        .Bind(12, domain::CodeIn<domain::ItemKind>(domain::kItemKindCodes, item.kind)).Bind(13, item.waf_target);
    if (item.result) st.Bind(6, domain::CodeIn<domain::ItemResult>(domain::kItemResultCodes, *item.result));
    st.Bind(8, item.metric ? item.metric->unit : std::string());
    if (item.metric) {
      st.Bind(7, item.metric->value);
      if (item.metric->sample_size) st.Bind(10, *item.metric->sample_size);
    }
  }

  // Verifiers, items (ids kept), evidence links, strong points and trial of a stored verification.
  Status WriteParts(const domain::Verification& v) {
    if (auto done = Exec("DELETE FROM verification_verifiers WHERE verification_id = ?", v.id); !done) return done;
    std::int64_t position = 0;
    for (auto user_id : v.verifier_ids) {
      auto st = Cached("INSERT INTO verification_verifiers (verification_id, user_id, position) VALUES (?, ?, ?)");
      if (!st) return Fail(st.error());
      (*st)->Bind(1, v.id).Bind(2, user_id).Bind(3, position++);
      if (auto done = (*st)->Run(); !done) return done;
    }
    // Strong points are written anew and evidence relinked below: drop both first, so that items
    // no longer given can go.
    if (auto done = Exec("DELETE FROM strong_point_items WHERE strong_point_id IN "
                         "(SELECT id FROM strong_points WHERE verification_id = ?)",
                         v.id);
        !done) {
      return done;
    }
    if (auto done = Exec("DELETE FROM strong_points WHERE verification_id = ?", v.id); !done) return done;
    if (auto done = Exec("UPDATE evidence SET item_id = NULL WHERE verification_id = ?", v.id); !done) return done;
    if (auto done = WriteItems(v); !done) return done;
    if (auto done = WriteStrongPoints(v); !done) return done;
    if (auto done = Exec("DELETE FROM trials WHERE verification_id = ?", v.id); !done) return done;
    if (!v.trial) return {};
    auto st = Cached(
        "INSERT INTO trials (verification_id, organisation, period, scope, findings, user_comments) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, v.id).Bind(2, v.trial->organisation).Bind(3, v.trial->period).Bind(4, v.trial->scope)
        .Bind(5, v.trial->findings).Bind(6, v.trial->user_comments);
    return (*st)->Run();
  }

  Status WriteItems(const domain::Verification& v) {
    std::set<std::int64_t> kept;
    for (const auto& item : v.items) {
      if (item.id > 0) kept.insert(item.id);
    }
    auto stored = ItemIds(v.id);
    if (!stored) return Fail(stored.error());
    for (auto id : *stored) {
      if (kept.count(id)) continue;
      if (auto done = Exec("DELETE FROM verification_items WHERE id = ?", id); !done) return done;
    }
    std::int64_t position = 0;
    for (const auto& item : v.items) {
      std::int64_t id = item.id;
      if (id > 0) {
        auto st = Cached(
            "UPDATE verification_items SET position = ?, title = ?, environment = ?, method = ?, expected = ?, "
            "result = ?, metric_value = ?, metric_unit = ?, notes = ?, metric_sample_size = ?, waf_summary = ?, "
            "kind = ?, waf_target = ? WHERE id = ? AND verification_id = ?");
        if (!st) return Fail(st.error());
        BindItem(**st, item, position++);
        (*st)->Bind(14, id).Bind(15, v.id);
        if (auto done = RunChanging(**st, "no such verification item"); !done) return done;
      } else {
        auto st = Cached(
            "INSERT INTO verification_items (position, title, environment, method, expected, result, metric_value, "
            "metric_unit, notes, metric_sample_size, waf_summary, kind, waf_target, verification_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        if (!st) return Fail(st.error());
        BindItem(**st, item, position++);
        (*st)->Bind(14, v.id);
        auto inserted = RunReturningId(**st);
        if (!inserted) return Fail(inserted.error());
        id = *inserted;
      }
      for (auto evidence_id : item.evidence_ids) {
        auto st = Cached("UPDATE evidence SET item_id = ? WHERE id = ? AND verification_id = ?");
        if (!st) return Fail(st.error());
        (*st)->Bind(1, id).Bind(2, evidence_id).Bind(3, v.id);
        if (auto done = (*st)->Run(); !done) return done;
        if ((*st)->Changes() == 0) {
          return Fail(ErrorCode::kInvalidArgument, "an item cites evidence of another verification",
                      fmt::format("evidence {}", evidence_id));
        }
      }
    }
    return {};
  }

  Status WriteStrongPoints(const domain::Verification& v) {
    auto items = ItemIds(v.id);
    if (!items) return Fail(items.error());
    const std::set<std::int64_t> mine(items->begin(), items->end());
    std::int64_t position = 0;
    for (const auto& point : v.strong_points) {
      auto st = Cached(
          "INSERT INTO strong_points (verification_id, position, text) VALUES (?, ?, ?) RETURNING id");
      if (!st) return Fail(st.error());
      (*st)->Bind(1, v.id).Bind(2, position++).Bind(3, point.text);
      auto id = RunReturningId(**st);
      if (!id) return Fail(id.error());
      for (auto item_id : std::set<std::int64_t>(point.item_ids.begin(), point.item_ids.end())) {
        if (!mine.count(item_id)) {
          return Fail(ErrorCode::kInvalidArgument, "a strong point cites an item of another verification",
                      fmt::format("item {}", item_id));
        }
        auto link = Cached("INSERT INTO strong_point_items (strong_point_id, item_id) VALUES (?, ?)");
        if (!link) return Fail(link.error());
        (*link)->Bind(1, *id).Bind(2, item_id);
        if (auto done = (*link)->Run(); !done) return done;
      }
    }
    return {};
  }

  Result<std::vector<std::int64_t>> ItemIds(std::int64_t verification_id) {
    auto st = Cached("SELECT id FROM verification_items WHERE verification_id = ? ORDER BY position, id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, verification_id);
    std::vector<std::int64_t> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(s.Int(0));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<domain::Verification>> OneWithParts(Statement& st) {
    auto v = One<domain::Verification>(st, ReadVerification);
    if (!v) return Fail(v.error());
    st.Reset();
    if (*v) {
      if (auto parts = LoadParts(**v); !parts) return Fail(parts.error());
    }
    return v;
  }

  // The verification's verifiers, items with their evidence, strong points and trial.
  Status LoadParts(domain::Verification& v) {
    v.verifier_ids.clear();
    v.items.clear();
    v.strong_points.clear();
    v.trial.reset();
    auto verifiers = Cached("SELECT user_id FROM verification_verifiers WHERE verification_id = ? ORDER BY position");
    if (!verifiers) return Fail(verifiers.error());
    (*verifiers)->Bind(1, v.id);
    if (auto done = Rows(**verifiers, [&](const Statement& s) -> Status {
          v.verifier_ids.push_back(s.Int(0));
          return {};
        });
        !done) {
      return done;
    }
    auto items = Cached(
        "SELECT id, title, environment, method, expected, result, metric_value, metric_unit, metric_sample_size, "
        "notes, waf_summary, kind, waf_target FROM verification_items WHERE verification_id = ? ORDER BY position, id");
    if (!items) return Fail(items.error());
    (*items)->Bind(1, v.id);
    std::map<std::int64_t, std::size_t> item_index;
    if (auto done = Rows(**items, [&](const Statement& s) -> Status {
          domain::VerificationItem item;
          item.id = s.Int(0);
          item.title = s.Text(1);
          item.environment = s.Text(2);
          item.method = s.Text(3);
          item.expected = s.Text(4);
          if (!s.IsNull(5)) {
            auto result = domain::ValueIn<domain::ItemResult>(domain::kItemResultCodes, s.Text(5));
            if (!result) return Fail(Corrupt("verification item", item.id));
            item.result = *result;
          }
          if (!s.IsNull(6)) {
            domain::Metric m{s.Text(6), s.Text(7), std::nullopt};
            if (!s.IsNull(8)) m.sample_size = s.Int(8);
            item.metric = std::move(m);
          }
          item.notes = s.Text(9);
          item.waf_summary = s.Text(10);
          auto kind = domain::ValueIn<domain::ItemKind>(domain::kItemKindCodes, s.Text(11));
          if (!kind) return Fail(Corrupt("verification item", item.id));
          item.kind = *kind;
          item.waf_target = s.Text(12);
          item_index[item.id] = v.items.size();
          v.items.push_back(std::move(item));
          return {};
        });
        !done) {
      return done;
    }
    auto evidence = Cached(
        "SELECT item_id, id FROM evidence WHERE verification_id = ? AND item_id IS NOT NULL ORDER BY id");
    if (!evidence) return Fail(evidence.error());
    (*evidence)->Bind(1, v.id);
    if (auto done = Rows(**evidence, [&](const Statement& s) -> Status {
          auto it = item_index.find(s.Int(0));
          if (it == item_index.end()) return Fail(Corrupt("evidence", s.Int(1)));
          v.items[it->second].evidence_ids.push_back(s.Int(1));
          return {};
        });
        !done) {
      return done;
    }
    auto points = Cached("SELECT id, text FROM strong_points WHERE verification_id = ? ORDER BY position, id");
    if (!points) return Fail(points.error());
    (*points)->Bind(1, v.id);
    if (auto done = Rows(**points, [&](const Statement& s) -> Status {
          v.strong_points.push_back({s.Int(0), s.Text(1), {}});
          return {};
        });
        !done) {
      return done;
    }
    // The items a point cites, in plan order.
    auto links = Cached(
        "SELECT l.strong_point_id, l.item_id FROM strong_point_items l JOIN strong_points p ON p.id = l.strong_point_id "
        "JOIN verification_items i ON i.id = l.item_id WHERE p.verification_id = ? ORDER BY i.position, i.id");
    if (!links) return Fail(links.error());
    (*links)->Bind(1, v.id);
    if (auto done = Rows(**links, [&](const Statement& s) -> Status {
          auto it = std::find_if(v.strong_points.begin(), v.strong_points.end(),
                                 [&](const domain::StrongPoint& p) { return p.id == s.Int(0); });
          if (it == v.strong_points.end()) return Fail(Corrupt("strong point", s.Int(0)));
          it->item_ids.push_back(s.Int(1));
          return {};
        });
        !done) {
      return done;
    }
    auto trial = Cached(
        "SELECT organisation, period, scope, findings, user_comments FROM trials WHERE verification_id = ?");
    if (!trial) return Fail(trial.error());
    (*trial)->Bind(1, v.id);
    auto t = One<domain::Trial>(**trial, [](const Statement& s) -> Result<domain::Trial> {
      return domain::Trial{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
    });
    if (!t) return Fail(t.error());
    (*trial)->Reset();
    v.trial = std::move(*t);
    return {};
  }

  Connection& c_;
  AuditAppender audit_;
  std::string now_;
  StatementCache statements_{c_};
};

}  // namespace

Status SqlVerificationStore::Write(const std::function<Status(VerificationWriter&)>& body) {
  return InWriteTransaction<SqlVerificationWriter>(pool_, clock_, body);
}

Status SqlVerificationStore::Read(const std::function<Status(VerificationReader&)>& body) {
  return InReadTransaction<SqlVerificationWriter>(pool_, clock_, body);
}

}  // namespace proven::store
