#include "store/copy.hpp"

#include <iterator>

#include <fmt/core.h>

#include "store/audit_log.hpp"
#include "store/migrations.hpp"

namespace proven::store {
namespace {

struct TableSpec {
  const char* name;
  const char* columns;
  const char* order;
  const char* identity = nullptr;  // the column a PostgreSQL identity sequence feeds, or nullptr
  int blob_column = -1;            // the column (0-based) holding bytes, copied as bytes, or -1
  // A fresh migration fills it (the seeded field map): the copy replaces those rows instead of
  // refusing a destination that holds them.
  bool seeded = false;
};

// Parents before children (foreign keys); the audit log last.
constexpr TableSpec kTables[] = {
    {"settings", "key, value", "key"},
    {"organisations", "id, name, kind, created_at", "id", "id"},
    {"users", "id, email, password_hash, organisation_id, disabled, created_at, password_changed_at", "id", "id"},
    {"user_roles", "user_id, role", "user_id, role"},
    {"api_tokens", "id, user_id, name, token_hash, created_at, revoked_at, last_used_at", "id", "id"},
    {"services",
     "id, name, provider, address, prefecture, overview, industries, regions, registered_on, expires_on, registrar, "
     "type, url, created_at, updated_at, state, state_reason, provenance, registrar_org_id, provider_org_id, "
     "registration_number",
     "id", "id"},
    {"service_events", "id, service_id, at, kind, detail, actor", "id", "id"},
    {"change_proposals", "id, service_id, proposed_by, fields, status, created_at, decided_by, decided_at, reason", "id",
     "id"},
    // The verification programme (migration 0006).
    {"fields", "id, name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at", "id", "id",
     -1, true},
    {"field_events", "id, field_id, at, kind, detail", "id", "id", -1, true},
    {"calls",
     "id, title, description, eligibility, opens_at, closes_at, quorum, state, created_at, opened_at, decided_at", "id",
     "id"},
    {"call_fields", "call_id, field_id, position", "call_id, field_id"},
    {"call_questions", "id, call_id, position, kind, prompt, options, required", "id", "id"},
    {"call_criteria", "id, call_id, position, name, description, weight", "id", "id"},
    {"applications",
     "id, call_id, vendor_org_id, created_by, state, product_name, product_version, overview, field_ids, deployment, "
     "homepage, answers, outcome, rationale, created_at, updated_at, submitted_at, withdrawn_at, decided_at",
     "id", "id"},
    {"attachment_blobs", "sha256, size, content", "sha256", nullptr, 2},
    {"attachments", "id, application_id, filename, content_type, size, sha256, uploaded_by, uploaded_at", "id", "id"},
    {"call_reviewers", "call_id, user_id, appointed_by, appointed_at, position", "call_id, user_id"},
    {"declarations", "application_id, reviewer_id, conflict, reason, declared_at", "application_id, reviewer_id"},
    {"reviews", "application_id, reviewer_id, comment, submitted_at", "application_id, reviewer_id"},
    {"review_scores", "application_id, reviewer_id, criterion_id, score", "application_id, reviewer_id, criterion_id"},
    {"reviewer_relationships", "id, reviewer_id, organisation_id, note, declared_at", "id", "id"},
    // The verification programme, part 2 (migration 0007). report_versions refuses UPDATE and
    // DELETE, never INSERT.
    {"verifications",
     "id, application_id, state, summary, correction_reason, vendor_comments, created_at, updated_at, plan_agreed_at, "
     "submitted_at, approved_at",
     "id", "id"},
    {"verification_verifiers", "verification_id, user_id, position", "verification_id, user_id"},
    {"verification_items",
     "id, verification_id, position, title, environment, method, expected, result, metric_value, metric_unit, "
     "metric_sample_size, notes, waf_summary, kind, waf_target",
     "id", "id"},
    {"evidence", "id, verification_id, item_id, filename, content_type, size, sha256, uploaded_by, uploaded_at", "id",
     "id"},
    // WAF suite runs (migration 0020, issue 14).
    {"waf_runs",
     "id, verification_id, item_id, state, requested_by, requested_at, started_at, finished_at, error, evidence_id, "
     "progress_done, progress_total, grade, balanced_accuracy",
     "id", "id"},
    {"strong_points", "id, verification_id, position, text", "id", "id"},
    {"strong_point_items", "strong_point_id, item_id", "strong_point_id, item_id"},
    {"trials", "verification_id, organisation, period, scope, findings, user_comments", "verification_id"},
    {"products", "id, verification_id, fiscal_year_verified, first_published_at", "id", "id"},
    {"report_versions", "product_id, version, published_at, reason, content, sha256, pdf_sha256", "product_id, version"},
    {"report_downloads", "product_id, version, month, count", "product_id, version, month"},
    {"download_clients", "product_id, version, client_hash, last_at", "product_id, version, client_hash"},
    // Trial-deployment cases (migration 0008).
    {"cases",
     "id, product_id, vendor_org_id, user_org_id, proposed_by, proposer_id, user_org_name, anonymised_label, industry, "
     "company_size, period, deployed, results, figures, quote, created_at, updated_at, published_at, withdrawn_at, "
     "withdrawn_by",
     "id", "id"},
    {"case_consents",
     "case_id, party, merits_and_drawbacks_considered, disclose_company_name, disclose_industry, disclose_size, "
     "disclose_figures, disclose_quote, internal_approval_obtained, stakeholders_coordinated, consented_at, "
     "consented_by",
     "case_id, party"},
    {"case_events", "id, case_id, at, kind, party, user_id, detail", "id", "id"},
    // The collaboration platform's events (migration 0010).
    {"events",
     "id, number, theme, description, starts_at, ends_at, venue, online_url, capacity, networking_capacity, "
     "registration_opens_at, registration_closes_at, state, sequence, created_at, updated_at",
     "id", "id"},
    {"event_talks", "event_id, position, title, speaker, affiliation", "event_id, position"},
    {"event_registrations",
     "id, event_id, user_id, seat, networking, requested_at, checkin_code, lang, created_at, promoted_at, "
     "cancelled_at, attended_at",
     "id", "id"},
    {"consultation_slots", "id, event_id, vendor_org_id, starts_at, ends_at, note, created_at", "id", "id"},
    {"slot_bookings", "slot_id, registration_id, topic, booked_at", "slot_id"},
    // Consultations between user companies and vendors (migration 0012).
    {"consultations",
     "id, kind, product_id, service_id, subject_name, vendor_org_id, requester_org_id, requester_id, needs, state, "
     "proposed_times, confirmed_time, outcome, outcome_at, case_id, requester_lang, vendor_lang, created_at, "
     "updated_at",
     "id", "id"},
    {"consultation_entries", "id, consultation_id, at, kind, side, user_id, body, detail", "id", "id"},
    // Saved needs and the matches already seen (migration 0011).
    {"saved_needs", "id, user_id, needs, lang, feed_key, unsubscribe_token, mail, created_at, checked_at", "id", "id"},
    {"need_matches", "need_id, kind, candidate_id, name, organisation, score, initial, seen_at",
     "need_id, kind, candidate_id"},
    // The mail outbox (migration 0009): queued mail moves with the data it tells of.
    {"mail_outbox",
     "id, kind, recipient, lang, subject, body, unsubscribe_url, state, attempts, next_attempt_at, claimed_until, "
     "last_error, created_at, sent_at",
     "id", "id"},
    // Dated editions of the published list (migration 0017), as they are.
    {"list_editions", "id, edition_date, created_at, created_by, total, columns, sha256", "id", "id"},
    {"list_edition_entries", "edition_id, position, service_id, type, row_sha256, cells", "edition_id, position"},
    // SBOMs and known vulnerabilities (migration 0021).
    {"osv_imports",
     "id, source, started_at, finished_at, incremental, read_count, added, updated, unchanged, withdrawn, skipped, "
     "alerts",
     "id", "id"},
    {"osv_records", "id, modified, published, summary, aliases, content, import_id", "id"},
    {"osv_packages", "ecosystem, name, record_id", "ecosystem, name, record_id"},
    {"osv_aliases", "alias, record_id", "alias, record_id"},
    {"osv_withdrawn", "id, modified, withdrawn, import_id", "id"},
    {"product_sboms",
     "id, product_id, release_name, format, spec_version, name, components, sha256, document, uploaded_by, "
     "uploaded_at, lang",
     "id", "id"},
    {"sbom_components", "sbom_id, position, ref, name, version, purl, ecosystem, package", "sbom_id, position"},
    {"vex_statements",
     "id, product_id, vulnerability, status, justification, detail, scope, source, stated_by, stated_at", "id", "id"},
    {"portfolio_products", "org_id, product_id, added_by, added_at, lang", "org_id, product_id"},
    {"vulnerability_alerts",
     "id, org_id, audience, product_id, sbom_id, record_id, summary, components, import_id, created_at", "id", "id"},
    {"alert_feeds", "org_id, feed_key, created_at", "org_id"},
    // High-level device verification (migration 0022).
    {"device_projects",
     "id, maker_org_id, provider_org_id, service_id, title, device_kind, model, firmware_version, interfaces, "
     "interface_notes, intended_use, scope, depth, status, status_note, summary, publish_maker, publish_provider, lang, "
     "requested_by, requested_at, accepted_at, reported_at, updated_at",
     "id", "id"},
    {"device_threat_models", "project_id, document, revision, updated_by, updated_at", "project_id"},
    {"device_test_catalogue",
     "id, code, title_ja, title_en, method_ja, method_en, tools, evidence_ja, evidence_en, stride, interfaces, "
     "requirements, active, updated_at",
     "id", "id"},
    {"device_test_items",
     "id, project_id, catalogue_code, title, method, tools, evidence, threats, status, result, updated_at", "id", "id"},
    {"device_findings",
     "id, project_id, number, title, description, reproduction, test_item_id, threat_id, cvss31, cvss40, maker_risk, "
     "response, response_note, retest, retest_note, retested_at, withheld, disclose_on, disclose_proposed_by, "
     "disclose_agreed, created_by, created_at, updated_at",
     "id", "id"},
    {"device_documents",
     "id, project_id, finding_id, kind, name, content_type, size, sha256, content, uploaded_by, uploaded_at", "id", "id",
     8},
    {"device_checklist", "project_id, baseline, code, status, note, updated_by, updated_at", "project_id, baseline, code"},
    {"provider_profiles",
     "org_id, intro, device_kinds, techniques, skills, tools, lab, trust, published, updated_by, updated_at", "org_id"},
    {"audit_log", "seq, at, actor, action, entity, before, after, prev_hash, hash", "seq"},
    // The transparency log (migration 0014): its leaves and signed checkpoints, as they are.
    {"log_leaves", "idx, kind, record_type, record_id, version, at, leaf, hash", "idx"},
    {"log_checkpoints", "size, root, note, verifier_key, at", "size"},
};

int CountColumns(std::string_view columns) {
  int n = 1;
  for (char c : columns) n += c == ',';
  return n;
}

Result<std::int64_t> CountRows(Connection& c, std::string_view table) {
  auto st = c.Prepare(fmt::format("SELECT COUNT(*) FROM {}", table));
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return st->Int(0);
}

Status CheckSchemas(Connection& from, Connection& to) {
  for (auto* c : {&from, &to}) {
    auto pending = PendingMigrations(*c);
    if (!pending) return Fail(pending.error());
    if (!pending->empty()) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the {} database has {} pending migration(s) (first: {}); run proven migrate on it first",
                              c == &from ? "source" : "destination", pending->size(), pending->front().name));
    }
  }
  return {};
}

Result<std::int64_t> CopyTable(Connection& from, Connection& to, const TableSpec& t) {
  const int n = CountColumns(t.columns);
  auto read = from.Prepare(fmt::format("SELECT {} FROM {} ORDER BY {}", t.columns, t.name, t.order));
  if (!read) return Fail(read.error());
  std::string marks = "?";
  for (int i = 1; i < n; ++i) marks += ", ?";
  auto write = to.Prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, t.columns, marks));
  if (!write) return Fail(write.error());
  std::int64_t rows = 0;
  for (;;) {
    auto row = read->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    write->Reset();
    // Every value travels as its text (both databases convert to the column's type); NULL stays
    // NULL by being left unbound.
    for (int col = 0; col < n; ++col) {
      if (read->IsNull(col)) continue;
      if (col == t.blob_column) {
        write->BindBlob(col + 1, read->Blob(col));
      } else {
        write->Bind(col + 1, read->Text(col));
      }
    }
    if (auto st = write->Run(); !st) {
      Error e = st.error();
      e.message = fmt::format("copying {} row {} failed", t.name, rows + 1);
      return Fail(std::move(e));
    }
    ++rows;
  }
  if (t.identity && to.dialect() == Dialect::kPostgres) {
    // Explicit ids leave the identity sequence behind: move it past the largest.
    if (auto st = to.Exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), "
                                      "COALESCE((SELECT MAX({1}) FROM {0}), 0) + 1, false)",
                                      t.name, t.identity));
        !st) {
      return Fail(st.error());
    }
  }
  return rows;
}

}  // namespace

Result<CopyReport> CopyRegistry(Connection& from, Connection& to) {
  if (auto st = CheckSchemas(from, to); !st) return Fail(st.error());
  // The source is read in one snapshot, so that what is copied is one consistent state.
  auto snapshot = ReadTransaction::Begin(from);
  if (!snapshot) return Fail(snapshot.error());
  auto source_audit = VerifyAudit(from);
  if (!source_audit) return Fail(source_audit.error());
  if (!source_audit->problems.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the source's audit log does not verify ({}); copy refused", source_audit->problems.front().message));
  }
  auto tx = Transaction::Begin(to);
  if (!tx) return Fail(tx.error());
  for (const auto& t : kTables) {
    if (t.seeded) continue;
    auto rows = CountRows(to, t.name);
    if (!rows) return Fail(rows.error());
    if (*rows > 0) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the destination is not empty ({} holds {} row(s)); copy needs a freshly migrated database",
                              t.name, *rows));
    }
  }
  // Nothing refers to the seeded rows in a destination otherwise empty: they make way for the
  // source's (children first).
  for (auto it = std::rbegin(kTables); it != std::rend(kTables); ++it) {
    if (!it->seeded) continue;
    if (auto st = to.Exec(fmt::format("DELETE FROM {}", it->name)); !st) return Fail(st.error());
  }
  CopyReport report;
  for (const auto& t : kTables) {
    auto rows = CopyTable(from, to, t);
    if (!rows) return Fail(rows.error());
    report.tables.push_back({t.name, *rows});
  }
  // Check inside the transaction: on any difference it rolls back and nothing is kept.
  for (const auto& t : report.tables) {
    auto there = CountRows(to, t.table);
    if (!there) return Fail(there.error());
    auto here = CountRows(from, t.table);
    if (!here) return Fail(here.error());
    if (*there != t.rows || *here != t.rows) {
      return Fail(ErrorCode::kInternal, fmt::format("{}: the source holds {} row(s), the destination {} after the copy",
                                                    t.table, *here, *there));
    }
  }
  auto copied_audit = VerifyAudit(to);
  if (!copied_audit) return Fail(copied_audit.error());
  if (!copied_audit->problems.empty() || copied_audit->head_hash != source_audit->head_hash ||
      copied_audit->entries != source_audit->entries) {
    return Fail(ErrorCode::kInternal,
                fmt::format("the copied audit log does not verify as the source's ({})",
                            copied_audit->problems.empty() ? "a different head" : copied_audit->problems.front().message));
  }
  if (auto st = tx->Commit(); !st) return Fail(st.error());
  report.audit_entries = copied_audit->entries;
  report.audit_head = copied_audit->head_hash;
  return report;
}

}  // namespace proven::store
