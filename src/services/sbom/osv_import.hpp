#pragma once
// `proven osv import` (issue 15, docs/sbom.md "OSV data"): OSV records from a directory or an
// all.zip into the store, offline. Only what changed is written: with OSV's modified_id.csv beside
// the records, only the records it lists with a `modified` different from the stored one are read
// at all; without it every record is read and compared. Withdrawn records leave force (and are
// remembered, so the next import skips them). All or nothing: one write transaction, and a record
// that does not parse fails the import naming its entry and field, unless the caller asks to skip
// invalid records (each skipped one is listed).
//
// Alerts: every added or changed record is looked up in the reverse index (the stored SBOMs'
// components by OSV package); each SBOM it affects raises one alert for the product's vendor and
// one for every user company with the product in its portfolio (never twice for the same record,
// SBOM and organisation), and mail to their members in the same transaction (the outbox sends it).
// A user company is not alerted when the vendor's statement in force for the whole product says
// not_affected or fixed.
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "sbom/osv.hpp"
#include "sbom/osv_source.hpp"
#include "services/events/event_service.hpp"  // MailComposer
#include "store/sbom/sbom_store.hpp"

namespace proven::services {

struct OsvImportOptions {
  std::string ecosystem;      // only records with an affected package of this ecosystem ("PyPI"); "" for all
  bool skip_invalid = false;  // skip records that do not parse instead of failing the import
  std::string actor = "cli";  // for the audit entry
};

struct OsvImportReport {
  store::OsvImportRow counts;
  std::vector<std::string> skipped;  // one message per skipped record
  bool used_modified_ids = false;
  std::int64_t mails = 0;
  std::string snapshot;
};

// The mail's kind: its texts are mail.sbom.alert.subject and .body.
inline constexpr const char* kSbomAlertMailKind = "sbom.alert";

class OsvImporter {
 public:
  OsvImporter(store::SbomStore& store, MailComposer compose, std::string public_url,
              const Clock& clock = Clock::System())
      : store_(store), compose_(std::move(compose)), public_url_(std::move(public_url)), clock_(clock) {}

  Result<OsvImportReport> Import(const sbom::OsvSource& source, const OsvImportOptions& options);

 private:
  store::SbomStore& store_;
  MailComposer compose_;
  std::string public_url_;
  const Clock& clock_;
};

// What an added or changed record raises, inside the import's transaction: the alerts inserted and
// the mails queued. Also used by tests to ask "which products does this record affect".
struct AlertRound {
  std::int64_t alerts = 0;
  std::int64_t mails = 0;
};
Result<AlertRound> RaiseAlerts(store::SbomWriter& w, const sbom::OsvRecord& record, std::int64_t import_id,
                               const MailComposer& compose, const std::string& public_url);

// The reverse index's answer: every stored SBOM (with its product) the record affects, and the
// components that make it so.
struct AffectedSbom {
  store::ProductRef product;
  store::SbomRow sbom;
  std::vector<store::ComponentRow> components;
  std::vector<sbom::Match> matches;  // one per component, same order
};
Result<std::vector<AffectedSbom>> AffectedBy(store::SbomReader& r, const sbom::OsvRecord& record);

}  // namespace proven::services
