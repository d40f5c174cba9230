// Projects and documents (issue 16, docs/devices.md). Threat models and test items are in
// device_threats.cpp, findings and checklists in device_findings.cpp, the report in device_report.cpp.
#include "services/devices/device_service.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "sbom/document.hpp"
#include "services/devices/device_support.hpp"
#include "store/audit_log.hpp"

namespace proven::services {

using domain::AuditAction;
using domain::devices::ProjectAction;
using domain::devices::ProjectState;
using domain::devices::Side;
using store::AuditRecord;

namespace devices_detail {

Status Problems(std::vector<Problem> problems) {
  if (problems.empty()) return {};
  std::string joined;
  for (const auto& p : problems) joined += (joined.empty() ? "" : "; ") + p.message;
  Error e = MakeError(ErrorCode::kInvalidArgument, joined, "", problems.front().field);
  e.reason = problems.front().reason;
  e.problems = std::move(problems);
  return tl::unexpected<Error>(std::move(e));
}

std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

nlohmann::json ProjectJson(const store::DeviceProjectRow& p) {
  return {{"service_id", p.service_id},   {"title", p.title},
          {"device_kind", p.device_kind}, {"model", p.model},
          {"firmware_version", p.firmware_version}, {"interfaces", p.interfaces},
          {"interface_notes", p.interface_notes},   {"intended_use", p.intended_use},
          {"scope", p.scope},             {"depth", p.depth},
          {"status", p.status},           {"status_note", p.status_note},
          {"lang", p.lang}};
}

nlohmann::json FindingJson(const store::FindingRow& f) {
  return {{"number", f.number},         {"title", f.title},
          {"cvss31", f.cvss31},         {"cvss40", f.cvss40},
          {"threat_id", f.threat_id},   {"test_item_id", f.test_item_id ? nlohmann::json(*f.test_item_id) : nlohmann::json()},
          {"maker_risk", f.maker_risk}, {"response", f.response},
          {"retest", f.retest},         {"withheld", f.withheld},
          {"disclose_on", f.disclose_on}, {"disclose_proposed_by", f.disclose_proposed_by},
          {"disclose_agreed", f.disclose_agreed}};
}

nlohmann::json ItemJson(const store::TestItemRow& i) {
  return {{"catalogue_code", i.catalogue_code}, {"title", i.title}, {"threats", i.threats},
          {"status", i.status}, {"result", i.result}};
}

std::string NewUuid() {
  std::array<unsigned char, 16> b{};
  RandomBytes(b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  std::string hex;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", b[i]);
  }
  return hex;
}

}  // namespace devices_detail

using namespace devices_detail;

Side SideOf(const domain::Actor& actor, const store::DeviceProjectRow& p) {
  if (actor.organisation_id && actor.Has(domain::Role::kVendor)) {
    if (*actor.organisation_id == p.maker_org_id) return Side::kMaker;
    if (*actor.organisation_id == p.provider_org_id) return Side::kProvider;
  }
  if (actor.Has(domain::Role::kAdmin)) return Side::kAdmin;
  return Side::kNone;
}

ProjectState StateOf(const store::DeviceProjectRow& p) {
  return domain::ValueIn<ProjectState>(domain::devices::kProjectStateCodes, p.status).value_or(ProjectState::kRequested);
}


namespace {

Error NotFound() {
  return MakeError(Reason{"error.device.not_found", {}}, ErrorCode::kNotFound, "no such device verification");
}

store::DeviceProjectRow Apply(store::DeviceProjectRow row, const domain::devices::ProjectInput& in) {
  row.title = std::string(Trim(in.title));
  row.device_kind = in.device_kind;
  row.model = std::string(Trim(in.model));
  row.firmware_version = std::string(Trim(in.firmware_version));
  row.interfaces = in.interfaces;
  std::sort(row.interfaces.begin(), row.interfaces.end());
  row.interfaces.erase(std::unique(row.interfaces.begin(), row.interfaces.end()), row.interfaces.end());
  row.interface_notes = in.interface_notes;
  row.intended_use = in.intended_use;
  row.scope = in.scope;
  row.depth = in.depth;
  row.lang = in.lang;
  return row;
}

}  // namespace

Result<DeviceProject> DeviceService::Load(store::DeviceReader& r, const domain::Actor& actor, std::int64_t id) {
  auto row = r.Project(id);
  if (!row) return Fail(row.error());
  if (!*row) return Fail(NotFound());
  const Side side = SideOf(actor, **row);
  if (side == Side::kNone) return Fail(NotFound());
  return DeviceProject{std::move(**row), side};
}

Result<DeviceProject> DeviceService::LoadFor(store::DeviceReader& r, const domain::Actor& actor, std::int64_t id,
                                             ProjectAction action) {
  auto p = Load(r, actor, id);
  if (!p) return p;
  if (auto ok = domain::devices::Allowed(p->side, StateOf(p->row), action); !ok) return Fail(ok.error());
  return p;
}

Result<std::vector<store::DeviceServiceRef>> DeviceService::Providers() {
  std::vector<store::DeviceServiceRef> out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto all = r.DeviceServices();
    if (!all) return Fail(all.error());
    for (auto& s : *all) {
      if (s.provider_org_id != 0) out.push_back(std::move(s));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceProject> DeviceService::Request(const domain::Actor& actor, const domain::devices::ProjectInput& in) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kRequestDeviceVerification); !ok) return Fail(ok.error());
  if (!actor.organisation_id) {
    return Fail(Reason{"error.device.no_organisation", {}}, ErrorCode::kFailedPrecondition,
                "a request is made for an organisation; this account has none");
  }
  if (auto ok = Problems(domain::devices::CheckProject(in)); !ok) return Fail(ok.error());
  DeviceProject out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto service = w.DeviceService(in.service_id);
    if (!service) return Fail(service.error());
    if (!*service || (*service)->state != "active" || (*service)->provider_org_id == 0) {
      return Fail(Reason{"error.device.unknown_service", {{"id", std::to_string(in.service_id)}}},
                  ErrorCode::kInvalidArgument,
                  fmt::format("service_id: {} is not an active 機器検証 service whose provider has an account",
                              in.service_id),
                  {}, "service_id");
    }
    if ((*service)->provider_org_id == *actor.organisation_id) {
      return Fail(Reason{"error.device.own_service", {}}, ErrorCode::kInvalidArgument,
                  "service_id: a maker cannot request a verification from its own organisation", {}, "service_id");
    }
    store::DeviceProjectRow row = Apply({}, in);
    row.maker_org_id = *actor.organisation_id;
    row.provider_org_id = (*service)->provider_org_id;
    row.service_id = in.service_id;
    row.status = "requested";
    row.requested_by = actor.user_id;
    row.requested_at = w.Now();
    auto id = w.InsertProject(row);
    if (!id) return Fail(id.error());
    auto saved = Load(w, actor, *id);
    if (!saved) return Fail(saved.error());
    out = std::move(*saved);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kDeviceProjectRequest)
                       .On("device_project", *id)
                       .After(Dump(ProjectJson(out.row))));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceProject> DeviceService::EditRequest(const domain::Actor& actor, std::int64_t id,
                                                 const domain::devices::ProjectInput& in) {
  if (auto ok = Problems(domain::devices::CheckProject(in)); !ok) return Fail(ok.error());
  DeviceProject out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditRequest);
    if (!p) return Fail(p.error());
    if (in.service_id != p->row.service_id) {
      return Fail(Reason{"error.device.service_fixed", {}}, ErrorCode::kInvalidArgument,
                  "service_id: a request stays with the provider it was made to; withdraw it and ask another",
                  {}, "service_id");
    }
    const auto before = ProjectJson(p->row);
    store::DeviceProjectRow row = Apply(p->row, in);
    if (auto done = w.UpdateProject(row); !done) return done;
    out = DeviceProject{row, p->side};
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kDeviceProjectChange)
                       .On("device_project", id)
                       .Before(Dump(before))
                       .After(Dump(ProjectJson(row))));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceProject> DeviceService::Transition(const domain::Actor& actor, std::int64_t id, ProjectAction action,
                                                const std::string& note) {
  AuditAction audit = AuditAction::kDeviceProjectWithdraw;
  switch (action) {
    case ProjectAction::kWithdraw: audit = AuditAction::kDeviceProjectWithdraw; break;
    case ProjectAction::kAccept: audit = AuditAction::kDeviceProjectAccept; break;
    case ProjectAction::kDecline: audit = AuditAction::kDeviceProjectDecline; break;
    case ProjectAction::kIssueReport: audit = AuditAction::kDeviceProjectReport; break;
    default:
      return Fail(ErrorCode::kInvalidArgument, "action: not a transition of a device verification", {}, "action");
  }
  const domain::TextLimit limit{"note", 4000, true};
  if (auto ok = domain::CheckText(limit, note); !ok) return Fail(ok.error());
  if (action == ProjectAction::kDecline && Trim(note).empty()) {
    return Fail(Reason{"error.device.reason_required", {}}, ErrorCode::kInvalidArgument,
                "note: a provider that declines says why", {}, "note");
  }
  DeviceProject out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, action);
    if (!p) return Fail(p.error());
    const auto before = ProjectJson(p->row);
    store::DeviceProjectRow row = p->row;
    row.status = std::string(domain::CodeIn<ProjectState>(domain::devices::kProjectStateCodes,
                                                          domain::devices::After(StateOf(row), action)));
    if (action == ProjectAction::kAccept) row.accepted_at = w.Now();
    if (action == ProjectAction::kIssueReport) {
      row.reported_at = w.Now();
      if (!Trim(note).empty()) row.summary = note;
    } else {
      row.status_note = note;
    }
    if (auto done = w.UpdateProject(row); !done) return done;
    out = DeviceProject{row, p->side};
    auto after = ProjectJson(row);
    if (action == ProjectAction::kIssueReport) after["summary"] = row.summary;
    return w.Audit(AuditRecord(actor.Label(), audit).On("device_project", id).Before(Dump(before)).After(Dump(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceProject> DeviceService::Consent(const domain::Actor& actor, std::int64_t id, bool consent) {
  DeviceProject out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kConsentPublish);
    if (!p) return Fail(p.error());
    store::DeviceProjectRow row = p->row;
    (p->side == Side::kMaker ? row.publish_maker : row.publish_provider) = consent;
    if (auto done = w.UpdateProject(row); !done) return done;
    out = DeviceProject{row, p->side};
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kDeviceProjectConsent)
                       .On("device_project", id)
                       .After(Dump({{"side", SideCode(p->side)},
                                    {"consent", consent},
                                    {"published", row.publish_maker && row.publish_provider}})));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<store::DeviceProjectRow>> DeviceService::Projects(const domain::Actor& actor) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kViewDeviceProjects); !ok) return Fail(ok.error());
  std::vector<store::DeviceProjectRow> out;
  const bool admin = actor.Has(domain::Role::kAdmin);
  if (!admin && !actor.organisation_id) return out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto rows = r.Projects(admin ? std::nullopt : actor.organisation_id);
    if (!rows) return Fail(rows.error());
    out = std::move(*rows);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceProject> DeviceService::Project(const domain::Actor& actor, std::int64_t id) {
  DeviceProject out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto p = Load(r, actor, id);
    if (!p) return Fail(p.error());
    out = std::move(*p);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

// ---- Documents ---------------------------------------------------------------------------------

Result<store::DeviceDocumentRow> DeviceService::Upload(const domain::Actor& actor, std::int64_t id,
                                                       const std::string& kind, const std::string& name,
                                                       const std::string& content_type, std::string_view bytes,
                                                       std::optional<std::int64_t> finding_id) {
  if (!domain::ValueIn<domain::devices::DocumentKind>(domain::devices::kDocumentKindCodes, kind)) {
    return Fail(Reason{"error.device.unknown_code", {{"value", kind}}}, ErrorCode::kInvalidArgument,
                fmt::format("kind: '{}' is not one of design, sbom, manual, other, evidence", kind), {}, "kind");
  }
  const domain::TextLimit limit{"name", 200, false};
  if (auto ok = domain::CheckText(limit, name); !ok) return Fail(ok.error());
  if (Trim(name).empty() || bytes.empty()) {
    return Fail(Reason{"error.device.empty_file", {}}, ErrorCode::kInvalidArgument, "file: choose a file that is not empty",
                {}, "file");
  }
  if (bytes.size() > kMaxDeviceDocumentBytes) {
    return Fail(Reason{"error.device.file_too_large", {{"max", "20 MB"}}}, ErrorCode::kResourceExhausted,
                fmt::format("file: {} bytes; at most {} are accepted", bytes.size(), kMaxDeviceDocumentBytes), {}, "file");
  }
  if (kind == "sbom") {
    if (auto read = sbom::ReadSbom(bytes, name); !read) return Fail(read.error());
  }
  store::DeviceDocumentRow out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kUploadDocument);
    if (!p) return Fail(p.error());
    const bool evidence = kind == "evidence";
    if (evidence != (p->side == Side::kProvider) || evidence != finding_id.has_value()) {
      return Fail(Reason{"error.device.document_side", {}}, ErrorCode::kInvalidArgument,
                  "kind: the provider attaches evidence to a finding; the maker attaches design documents, SBOMs, "
                  "manuals and other files to the request",
                  {}, "kind");
    }
    if (finding_id) {
      auto findings = w.Findings(id);
      if (!findings) return Fail(findings.error());
      if (std::none_of(findings->begin(), findings->end(), [&](const auto& f) { return f.id == *finding_id; })) {
        return Fail(Reason{"error.device.unknown_finding", {}}, ErrorCode::kNotFound, "no such finding", {}, "finding_id");
      }
    }
    store::DeviceDocumentRow row;
    row.project_id = id;
    row.finding_id = finding_id;
    row.kind = kind;
    row.name = std::string(Trim(name));
    row.content_type = content_type.empty() ? "application/octet-stream" : content_type;
    row.size = static_cast<std::int64_t>(bytes.size());
    row.sha256 = Sha256Hex(bytes);
    row.content = std::string(bytes);
    row.uploaded_by = actor.user_id;
    row.uploaded_at = w.Now();
    auto doc_id = w.InsertDocument(row);
    if (!doc_id) return Fail(doc_id.error());
    row.id = *doc_id;
    row.content.clear();
    out = row;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kDeviceDocumentUpload)
                       .On("device_document", *doc_id)
                       .After(Dump({{"project", id},
                                    {"kind", kind},
                                    {"name", row.name},
                                    {"size", row.size},
                                    {"sha256", row.sha256},
                                    {"finding_id", finding_id ? nlohmann::json(*finding_id) : nlohmann::json()}})));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<store::DeviceDocumentRow>> DeviceService::Documents(const domain::Actor& actor, std::int64_t id) {
  std::vector<store::DeviceDocumentRow> out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    if (auto p = Load(r, actor, id); !p) return Fail(p.error());
    auto docs = r.Documents(id);
    if (!docs) return Fail(docs.error());
    out = std::move(*docs);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<store::DeviceDocumentRow> DeviceService::Document(const domain::Actor& actor, std::int64_t id,
                                                         std::int64_t document_id) {
  store::DeviceDocumentRow out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    if (auto p = Load(r, actor, id); !p) return Fail(p.error());
    auto doc = r.Document(id, document_id);
    if (!doc) return Fail(doc.error());
    if (!*doc) return Fail(Reason{"error.device.unknown_document", {}}, ErrorCode::kNotFound, "no such document");
    out = std::move(**doc);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<SbomDocumentCheck>> DeviceService::SbomChecks(const domain::Actor& actor, std::int64_t id) {
  std::vector<store::DeviceDocumentRow> sboms;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    if (auto p = Load(r, actor, id); !p) return Fail(p.error());
    auto docs = r.Documents(id);
    if (!docs) return Fail(docs.error());
    for (const auto& d : *docs) {
      if (d.kind != "sbom") continue;
      auto full = r.Document(id, d.id);
      if (!full) return Fail(full.error());
      if (*full) sboms.push_back(std::move(**full));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  std::vector<SbomDocumentCheck> out;
  for (auto& d : sboms) {
    auto read = sbom::ReadSbom(d.content, d.name);
    if (!read) return Fail(read.error());
    CheckOutcome outcome;
    auto checked = sboms_.Read([&](store::SbomReader& r) -> Status {
      auto o = CheckComponents(r, read->components);
      if (!o) return Fail(o.error());
      outcome = std::move(*o);
      return {};
    });
    if (!checked) return Fail(checked.error());
    d.content.clear();
    out.push_back({std::move(d), std::move(outcome)});
  }
  return out;
}

}  // namespace proven::services
