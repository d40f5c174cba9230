#pragma once
// `proven import events FILE`: the collaboration platform's meetings from JSON (the demo's
// data/demo/events.json), through EventService's rules. Checked as a whole before anything is
// written; every problem names its JSON path ("events[1].talks[0].speaker", "events[0].slots[2].vendor").
//
// The file: {"events": [event, …]}. An event is the body of POST /api/v1/events (docs/api.md) plus
//   "state": "draft" | "published" | "cancelled" (default "published"), and
//   "slots": [{"vendor": the e-mail of a vendor account with an organisation, "starts_at", "ends_at",
//              "note"}] — consultation slots that vendor offers (a published or cancelled event only), and
//   "reported": {"participants": N, "networking": N or null} — the head counts of a published meeting
//              that has taken place (the published statistics: domain/events/survey.hpp).
// A number (第N回) already in the database, or twice in the file, is refused.
#include <string_view>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::cli {

struct EventImportReport {
  int events = 0;
  int published = 0;
  int cancelled = 0;
  int slots = 0;
  int reported = 0;  // meetings with head counts
};

Result<EventImportReport> ImportEvents(store::ConnectionPool& pool, std::string_view json_text);

}  // namespace proven::cli
