#include "store/devices/device_store.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

using nlohmann::json;

std::string JsonList(const std::vector<std::string>& items) {
  return json(items).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// Binds values to ?1, ?2, … in order: text, integers, booleans (0/1), optional ids (NULL when empty).
struct Binder {
  Statement& st;
  int index = 1;
  Binder& operator<<(const std::string& v) {
    st.Bind(index++, v);
    return *this;
  }
  Binder& operator<<(std::int64_t v) {
    st.Bind(index++, v);
    return *this;
  }
  Binder& operator<<(bool v) {
    st.Bind(index++, static_cast<std::int64_t>(v ? 1 : 0));
    return *this;
  }
  Binder& operator<<(const std::optional<std::int64_t>& v) {
    if (v) st.Bind(index, *v);
    ++index;  // unbound: NULL
    return *this;
  }
};

std::optional<std::int64_t> OptInt(const Statement& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return s.Int(col);
}

constexpr std::string_view kProjectColumns =
    "p.id, p.maker_org_id, p.provider_org_id, p.service_id, p.title, p.device_kind, p.model, p.firmware_version, "
    "p.interfaces, p.interface_notes, p.intended_use, p.scope, p.depth, p.status, p.status_note, p.summary, "
    "p.publish_maker, p.publish_provider, p.lang, p.requested_by, p.requested_at, p.accepted_at, p.reported_at, "
    "p.updated_at, m.name, o.name, s.name";
constexpr std::string_view kProjectFrom =
    "FROM device_projects p JOIN organisations m ON m.id = p.maker_org_id "
    "JOIN organisations o ON o.id = p.provider_org_id JOIN services s ON s.id = p.service_id";
constexpr std::string_view kCatalogueColumns =
    "id, code, title_ja, title_en, method_ja, method_en, tools, evidence_ja, evidence_en, stride, interfaces, "
    "requirements, active, updated_at";
constexpr std::string_view kItemColumns =
    "id, project_id, catalogue_code, title, method, tools, evidence, threats, status, result, updated_at";
constexpr std::string_view kFindingColumns =
    "id, project_id, number, title, description, reproduction, test_item_id, threat_id, cvss31, cvss40, maker_risk, "
    "response, response_note, retest, retest_note, retested_at, withheld, disclose_on, disclose_proposed_by, "
    "disclose_agreed, created_by, created_at, updated_at";
constexpr std::string_view kDocumentColumns =
    "id, project_id, finding_id, kind, name, content_type, size, sha256, uploaded_by, uploaded_at";
constexpr std::string_view kProfileColumns =
    "f.org_id, o.name, f.intro, f.device_kinds, f.techniques, f.skills, f.tools, f.lab, f.trust, f.published, "
    "f.updated_by, f.updated_at";
constexpr std::string_view kServiceColumns =
    "s.id, s.name, s.provider, s.state, s.url, COALESCE(o.id, 0) FROM services s "
    "LEFT JOIN organisations o ON o.name = s.provider WHERE s.type = 'device_verification'";

DeviceProjectRow ReadProject(const Statement& s) {
  DeviceProjectRow r;
  r.id = s.Int(0);
  r.maker_org_id = s.Int(1);
  r.provider_org_id = s.Int(2);
  r.service_id = s.Int(3);
  r.title = s.Text(4);
  r.device_kind = s.Text(5);
  r.model = s.Text(6);
  r.firmware_version = s.Text(7);
  r.interfaces = ParseList(s.Text(8));
  r.interface_notes = s.Text(9);
  r.intended_use = s.Text(10);
  r.scope = s.Text(11);
  r.depth = s.Text(12);
  r.status = s.Text(13);
  r.status_note = s.Text(14);
  r.summary = s.Text(15);
  r.publish_maker = s.Int(16) != 0;
  r.publish_provider = s.Int(17) != 0;
  r.lang = s.Text(18);
  r.requested_by = s.Int(19);
  r.requested_at = s.Text(20);
  r.accepted_at = s.Text(21);
  r.reported_at = s.Text(22);
  r.updated_at = s.Text(23);
  r.maker_name = s.Text(24);
  r.provider_name = s.Text(25);
  r.service_name = s.Text(26);
  return r;
}

CatalogueRow ReadCatalogue(const Statement& s) {
  CatalogueRow r;
  r.id = s.Int(0);
  r.code = s.Text(1);
  r.title_ja = s.Text(2);
  r.title_en = s.Text(3);
  r.method_ja = s.Text(4);
  r.method_en = s.Text(5);
  r.tools = s.Text(6);
  r.evidence_ja = s.Text(7);
  r.evidence_en = s.Text(8);
  r.stride = ParseList(s.Text(9));
  r.interfaces = ParseList(s.Text(10));
  r.requirements = ParseList(s.Text(11));
  r.active = s.Int(12) != 0;
  r.updated_at = s.Text(13);
  return r;
}

TestItemRow ReadItem(const Statement& s) {
  TestItemRow r;
  r.id = s.Int(0);
  r.project_id = s.Int(1);
  r.catalogue_code = s.Text(2);
  r.title = s.Text(3);
  r.method = s.Text(4);
  r.tools = s.Text(5);
  r.evidence = s.Text(6);
  r.threats = ParseList(s.Text(7));
  r.status = s.Text(8);
  r.result = s.Text(9);
  r.updated_at = s.Text(10);
  return r;
}

FindingRow ReadFinding(const Statement& s) {
  FindingRow r;
  r.id = s.Int(0);
  r.project_id = s.Int(1);
  r.number = s.Int(2);
  r.title = s.Text(3);
  r.description = s.Text(4);
  r.reproduction = s.Text(5);
  r.test_item_id = OptInt(s, 6);
  r.threat_id = s.Text(7);
  r.cvss31 = s.Text(8);
  r.cvss40 = s.Text(9);
  r.maker_risk = s.Text(10);
  r.response = s.Text(11);
  r.response_note = s.Text(12);
  r.retest = s.Text(13);
  r.retest_note = s.Text(14);
  r.retested_at = s.Text(15);
  r.withheld = s.Int(16) != 0;
  r.disclose_on = s.Text(17);
  r.disclose_proposed_by = s.Text(18);
  r.disclose_agreed = s.Int(19) != 0;
  r.created_by = s.Int(20);
  r.created_at = s.Text(21);
  r.updated_at = s.Text(22);
  return r;
}

DeviceDocumentRow ReadDocument(const Statement& s) {
  DeviceDocumentRow r;
  r.id = s.Int(0);
  r.project_id = s.Int(1);
  r.finding_id = OptInt(s, 2);
  r.kind = s.Text(3);
  r.name = s.Text(4);
  r.content_type = s.Text(5);
  r.size = s.Int(6);
  r.sha256 = s.Text(7);
  r.uploaded_by = s.Int(8);
  r.uploaded_at = s.Text(9);
  return r;
}

ProviderProfileRow ReadProfile(const Statement& s) {
  ProviderProfileRow r;
  r.org_id = s.Int(0);
  r.org_name = s.Text(1);
  r.intro = s.Text(2);
  r.device_kinds = ParseList(s.Text(3));
  r.techniques = ParseList(s.Text(4));
  r.skills = s.Text(5);
  r.tools = s.Text(6);
  r.lab = s.Text(7);
  r.trust = s.Text(8);
  r.published = s.Int(9) != 0;
  r.updated_by = s.Int(10);
  r.updated_at = s.Text(11);
  return r;
}

DeviceServiceRef ReadService(const Statement& s) {
  return DeviceServiceRef{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5)};
}

class SqlDeviceWriter final : public DeviceWriter {
 public:
  SqlDeviceWriter(Connection& c, const Clock& clock) : c_(c), clock_(clock), statements_(c), now_(clock.NowIso()) {}

  const std::string& Now() const override { return now_; }

  // ---- Reads ----------------------------------------------------------------------------------

  Result<std::optional<DeviceProjectRow>> Project(std::int64_t id) override {
    return OneOf<DeviceProjectRow>(fmt::format("SELECT {} {} WHERE p.id = ?", kProjectColumns, kProjectFrom),
                                   ReadProject, id);
  }

  Result<std::vector<DeviceProjectRow>> Projects(std::optional<std::int64_t> org_id) override {
    if (!org_id) return All<DeviceProjectRow>(fmt::format("SELECT {} {} ORDER BY p.id DESC", kProjectColumns, kProjectFrom), ReadProject);
    return All<DeviceProjectRow>(
        fmt::format("SELECT {} {} WHERE p.maker_org_id = ?1 OR p.provider_org_id = ?1 ORDER BY p.id DESC",
                    kProjectColumns, kProjectFrom),
        ReadProject, *org_id);
  }

  Result<std::vector<DeviceProjectRow>> PublishedProjects(std::optional<std::int64_t> provider) override {
    const std::string base = fmt::format(
        "SELECT {} {} WHERE p.status = 'reported' AND p.publish_maker = 1 AND p.publish_provider = 1", kProjectColumns,
        kProjectFrom);
    if (!provider) return All<DeviceProjectRow>(base + " ORDER BY p.reported_at DESC, p.id DESC", ReadProject);
    return All<DeviceProjectRow>(base + " AND p.provider_org_id = ? ORDER BY p.reported_at DESC, p.id DESC",
                                 ReadProject, *provider);
  }

  Result<std::optional<ThreatModelRow>> ThreatModel(std::int64_t project_id) override {
    return OneOf<ThreatModelRow>(
        "SELECT project_id, document, revision, updated_by, updated_at FROM device_threat_models WHERE project_id = ?",
        [](const Statement& s) { return ThreatModelRow{s.Int(0), s.Text(1), s.Int(2), s.Int(3), s.Text(4)}; },
        project_id);
  }

  Result<std::vector<CatalogueRow>> Catalogue() override {
    return All<CatalogueRow>(fmt::format("SELECT {} FROM device_test_catalogue ORDER BY code", kCatalogueColumns),
                             ReadCatalogue);
  }

  Result<std::optional<CatalogueRow>> CatalogueItem(const std::string& code) override {
    return OneOf<CatalogueRow>(fmt::format("SELECT {} FROM device_test_catalogue WHERE code = ?", kCatalogueColumns),
                               ReadCatalogue, code);
  }

  Result<std::vector<TestItemRow>> TestItems(std::int64_t project_id) override {
    return All<TestItemRow>(
        fmt::format("SELECT {} FROM device_test_items WHERE project_id = ? ORDER BY id", kItemColumns), ReadItem,
        project_id);
  }

  Result<std::vector<FindingRow>> Findings(std::int64_t project_id) override {
    return All<FindingRow>(
        fmt::format("SELECT {} FROM device_findings WHERE project_id = ? ORDER BY number", kFindingColumns),
        ReadFinding, project_id);
  }

  Result<std::vector<DeviceDocumentRow>> Documents(std::int64_t project_id) override {
    return All<DeviceDocumentRow>(
        fmt::format("SELECT {} FROM device_documents WHERE project_id = ? ORDER BY id", kDocumentColumns),
        ReadDocument, project_id);
  }

  Result<std::optional<DeviceDocumentRow>> Document(std::int64_t project_id, std::int64_t id) override {
    return OneOf<DeviceDocumentRow>(
        fmt::format("SELECT {}, content FROM device_documents WHERE project_id = ? AND id = ?", kDocumentColumns),
        [](const Statement& s) {
          DeviceDocumentRow r = ReadDocument(s);
          r.content = s.Blob(10);
          return r;
        },
        project_id, id);
  }

  Result<std::vector<ChecklistRow>> Checklist(std::int64_t project_id) override {
    return All<ChecklistRow>(
        "SELECT project_id, baseline, code, status, note, updated_by, updated_at FROM device_checklist "
        "WHERE project_id = ? ORDER BY baseline, code",
        [](const Statement& s) {
          return ChecklistRow{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5), s.Text(6)};
        },
        project_id);
  }

  Result<std::vector<DeviceServiceRef>> DeviceServices() override {
    return All<DeviceServiceRef>(
        fmt::format("SELECT {} AND s.state = 'active' ORDER BY s.provider, s.name, s.id", kServiceColumns), ReadService);
  }

  Result<std::optional<DeviceServiceRef>> DeviceService(std::int64_t service_id) override {
    return OneOf<DeviceServiceRef>(fmt::format("SELECT {} AND s.id = ?", kServiceColumns), ReadService, service_id);
  }

  Result<std::optional<ProviderProfileRow>> Profile(std::int64_t org_id) override {
    return OneOf<ProviderProfileRow>(
        fmt::format("SELECT {} FROM provider_profiles f JOIN organisations o ON o.id = f.org_id WHERE f.org_id = ?",
                    kProfileColumns),
        ReadProfile, org_id);
  }

  Result<std::vector<ProviderProfileRow>> Profiles(bool published_only) override {
    return All<ProviderProfileRow>(
        fmt::format("SELECT {} FROM provider_profiles f JOIN organisations o ON o.id = f.org_id {} ORDER BY o.name",
                    kProfileColumns, published_only ? "WHERE f.published = 1" : ""),
        ReadProfile);
  }

  Result<std::optional<std::string>> OrganisationName(std::int64_t org_id) override {
    return OneOf<std::string>("SELECT name FROM organisations WHERE id = ?",
                              [](const Statement& s) { return s.Text(0); }, org_id);
  }

  // ---- Writes ---------------------------------------------------------------------------------

  Result<std::int64_t> InsertProject(const DeviceProjectRow& r) override {
    auto st = Cached(
        "INSERT INTO device_projects (maker_org_id, provider_org_id, service_id, title, device_kind, model, "
        "firmware_version, interfaces, interface_notes, intended_use, scope, depth, status, status_note, summary, "
        "publish_maker, publish_provider, lang, requested_by, requested_at, accepted_at, reported_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    Binder{**st} << r.maker_org_id << r.provider_org_id << r.service_id << r.title << r.device_kind << r.model
                 << r.firmware_version << JsonList(r.interfaces) << r.interface_notes << r.intended_use << r.scope
                 << r.depth << r.status << r.status_note << r.summary << r.publish_maker << r.publish_provider << r.lang
                 << r.requested_by << r.requested_at << r.accepted_at << r.reported_at << now_;
    return RunReturningId(**st);
  }

  Status UpdateProject(const DeviceProjectRow& r) override {
    auto st = Cached(
        "UPDATE device_projects SET title = ?, device_kind = ?, model = ?, firmware_version = ?, interfaces = ?, "
        "interface_notes = ?, intended_use = ?, scope = ?, depth = ?, status = ?, status_note = ?, summary = ?, "
        "publish_maker = ?, publish_provider = ?, lang = ?, accepted_at = ?, reported_at = ?, updated_at = ? "
        "WHERE id = ?");
    if (!st) return Fail(st.error());
    Binder{**st} << r.title << r.device_kind << r.model << r.firmware_version << JsonList(r.interfaces)
                 << r.interface_notes << r.intended_use << r.scope << r.depth << r.status << r.status_note << r.summary
                 << r.publish_maker << r.publish_provider << r.lang << r.accepted_at << r.reported_at << now_ << r.id;
    return RunChanging(**st, "no such device verification");
  }

  Status PutThreatModel(const ThreatModelRow& r) override {
    auto st = Cached(
        "INSERT INTO device_threat_models (project_id, document, revision, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET document = excluded.document, "
        "revision = excluded.revision, updated_by = excluded.updated_by, updated_at = excluded.updated_at");
    if (!st) return Fail(st.error());
    Binder{**st} << r.project_id << r.document << r.revision << r.updated_by << now_;
    return (*st)->Run();
  }

  Status PutCatalogueItem(const CatalogueRow& r) override {
    auto st = Cached(
        "INSERT INTO device_test_catalogue (code, title_ja, title_en, method_ja, method_en, tools, evidence_ja, "
        "evidence_en, stride, interfaces, requirements, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET title_ja = excluded.title_ja, title_en = excluded.title_en, "
        "method_ja = excluded.method_ja, method_en = excluded.method_en, tools = excluded.tools, "
        "evidence_ja = excluded.evidence_ja, evidence_en = excluded.evidence_en, stride = excluded.stride, "
        "interfaces = excluded.interfaces, requirements = excluded.requirements, active = excluded.active, "
        "updated_at = excluded.updated_at");
    if (!st) return Fail(st.error());
    Binder{**st} << r.code << r.title_ja << r.title_en << r.method_ja << r.method_en << r.tools << r.evidence_ja
                 << r.evidence_en << JsonList(r.stride) << JsonList(r.interfaces) << JsonList(r.requirements)
                 << r.active << now_;
    return (*st)->Run();
  }

  Result<std::int64_t> InsertTestItem(const TestItemRow& r) override {
    auto st = Cached(
        "INSERT INTO device_test_items (project_id, catalogue_code, title, method, tools, evidence, threats, status, "
        "result, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    Binder{**st} << r.project_id << r.catalogue_code << r.title << r.method << r.tools << r.evidence
                 << JsonList(r.threats) << r.status << r.result << now_;
    return RunReturningId(**st);
  }

  Status UpdateTestItem(const TestItemRow& r) override {
    auto st = Cached(
        "UPDATE device_test_items SET title = ?, method = ?, tools = ?, evidence = ?, threats = ?, status = ?, "
        "result = ?, updated_at = ? WHERE project_id = ? AND id = ?");
    if (!st) return Fail(st.error());
    Binder{**st} << r.title << r.method << r.tools << r.evidence << JsonList(r.threats) << r.status << r.result << now_
                 << r.project_id << r.id;
    return RunChanging(**st, "no such test item");
  }

  Status DeleteTestItem(std::int64_t project_id, std::int64_t id) override {
    auto unlink = Cached("UPDATE device_findings SET test_item_id = NULL WHERE project_id = ? AND test_item_id = ?");
    if (!unlink) return Fail(unlink.error());
    Binder{**unlink} << project_id << id;
    if (auto done = (*unlink)->Run(); !done) return done;
    auto st = Cached("DELETE FROM device_test_items WHERE project_id = ? AND id = ?");
    if (!st) return Fail(st.error());
    Binder{**st} << project_id << id;
    return RunChanging(**st, "no such test item");
  }

  Result<std::int64_t> InsertFinding(FindingRow r) override {
    auto next = Cached("SELECT COALESCE(MAX(number), 0) + 1 FROM device_findings WHERE project_id = ?");
    if (!next) return Fail(next.error());
    Binder{**next} << r.project_id;
    auto row = (*next)->Step();
    if (!row) return Fail(row.error());
    r.number = (*next)->Int(0);
    auto st = Cached(
        "INSERT INTO device_findings (project_id, number, title, description, reproduction, test_item_id, threat_id, "
        "cvss31, cvss40, maker_risk, response, response_note, retest, retest_note, retested_at, withheld, "
        "disclose_on, disclose_proposed_by, disclose_agreed, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    Binder{**st} << r.project_id << r.number << r.title << r.description << r.reproduction << r.test_item_id
                 << r.threat_id << r.cvss31 << r.cvss40 << r.maker_risk << r.response << r.response_note << r.retest
                 << r.retest_note << r.retested_at << r.withheld << r.disclose_on << r.disclose_proposed_by
                 << r.disclose_agreed << r.created_by << now_ << now_;
    return RunReturningId(**st);
  }

  Status UpdateFinding(const FindingRow& r) override {
    auto st = Cached(
        "UPDATE device_findings SET title = ?, description = ?, reproduction = ?, test_item_id = ?, threat_id = ?, "
        "cvss31 = ?, cvss40 = ?, maker_risk = ?, response = ?, response_note = ?, retest = ?, retest_note = ?, "
        "retested_at = ?, withheld = ?, disclose_on = ?, disclose_proposed_by = ?, disclose_agreed = ?, "
        "updated_at = ? WHERE project_id = ? AND id = ?");
    if (!st) return Fail(st.error());
    Binder{**st} << r.title << r.description << r.reproduction << r.test_item_id << r.threat_id << r.cvss31
                 << r.cvss40 << r.maker_risk << r.response << r.response_note << r.retest << r.retest_note
                 << r.retested_at << r.withheld << r.disclose_on << r.disclose_proposed_by << r.disclose_agreed
                 << now_ << r.project_id << r.id;
    return RunChanging(**st, "no such finding");
  }

  Result<std::int64_t> InsertDocument(const DeviceDocumentRow& r) override {
    auto st = Cached(
        "INSERT INTO device_documents (project_id, finding_id, kind, name, content_type, size, sha256, content, "
        "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    Binder b{**st};
    b << r.project_id << r.finding_id << r.kind << r.name << r.content_type << r.size << r.sha256;
    (*st)->BindBlob(b.index++, r.content);
    b << r.uploaded_by << now_;
    return RunReturningId(**st);
  }

  Status PutChecklist(const ChecklistRow& r) override {
    auto st = Cached(
        "INSERT INTO device_checklist (project_id, baseline, code, status, note, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, baseline, code) DO UPDATE SET "
        "status = excluded.status, note = excluded.note, updated_by = excluded.updated_by, "
        "updated_at = excluded.updated_at");
    if (!st) return Fail(st.error());
    Binder{**st} << r.project_id << r.baseline << r.code << r.status << r.note << r.updated_by << now_;
    return (*st)->Run();
  }

  Status PutProfile(const ProviderProfileRow& r) override {
    auto st = Cached(
        "INSERT INTO provider_profiles (org_id, intro, device_kinds, techniques, skills, tools, lab, trust, published, "
        "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
        "intro = excluded.intro, device_kinds = excluded.device_kinds, techniques = excluded.techniques, "
        "skills = excluded.skills, tools = excluded.tools, lab = excluded.lab, trust = excluded.trust, "
        "published = excluded.published, updated_by = excluded.updated_by, updated_at = excluded.updated_at");
    if (!st) return Fail(st.error());
    Binder{**st} << r.org_id << r.intro << JsonList(r.device_kinds) << JsonList(r.techniques) << r.skills << r.tools
                 << r.lab << r.trust << r.published << r.updated_by << now_;
    return (*st)->Run();
  }

  Status Audit(AuditEntry entry) override { return AppendAudit(c_, std::move(entry), clock_); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  template <typename T, typename Read, typename... Args>
  Result<std::vector<T>> All(const std::string& sql, Read&& read, const Args&... args) {
    auto st = Cached(sql);
    if (!st) return Fail(st.error());
    Binder b{**st};
    if constexpr (sizeof...(args) > 0) (b << ... << args);
    std::vector<T> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(read(s));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  template <typename T, typename Read, typename... Args>
  Result<std::optional<T>> OneOf(const std::string& sql, Read&& read, const Args&... args) {
    auto st = Cached(sql);
    if (!st) return Fail(st.error());
    Binder b{**st};
    if constexpr (sizeof...(args) > 0) (b << ... << args);
    return One<T>(**st, [&](const Statement& s) -> Result<T> { return read(s); });
  }

  Connection& c_;
  const Clock& clock_;
  StatementCache statements_;
  std::string now_;
};

}  // namespace

Status SqlDeviceStore::Write(const std::function<Status(DeviceWriter&)>& body) {
  return InWriteTransaction<SqlDeviceWriter>(pool_, clock_, body);
}

Status SqlDeviceStore::Read(const std::function<Status(DeviceReader&)>& body) {
  return InReadTransaction<SqlDeviceWriter>(pool_, clock_, body);
}

}  // namespace proven::store
