#pragma once
// `proven import consultations FILE --db DB` (data/demo/consultations.json): consultations between
// user companies and vendors replayed through ConsultationService — each request, answer,
// confirmation, message and outcome with its own rules, audit entry and mail, on the import's clock
// at its day relative to the import. Checked as a whole before anything is written; every problem
// names its JSON path ("consultations[0].steps[2].times[1].in_days").
//
// The file: {"consultations": [{"requester": e-mail (a user company's account), "product": the name
// of a published product, or "service": the id of a registered service, "message": the request,
// "requested_in_days": days relative to the import (≤ 0), "steps": [{"by": e-mail, "in_days": days
// relative to the import (not before the previous step, ≤ 0), "do": "accept" | "decline" |
// "confirm" | "message" | "outcome" | "withdraw", "times": [{"in_days": N, "at": "HH:MM"}] (accept;
// Japan time on the day N days from the import), "time": the index of a proposed time (confirm),
// "message" (accept, message), "reason" (decline), "outcome" (outcome)}]}]}.
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::cli {

struct ConsultationImportReport {
  int consultations = 0;
  int steps = 0;
};

// Imports `json_text` into the database behind `pool` at `now` (unix seconds); the accounts,
// products and services it names must exist. `public_url` starts the links in the mail it queues.
Result<ConsultationImportReport> ImportConsultations(store::ConnectionPool& pool, const std::string& json_text,
                                                     std::int64_t now, const std::string& public_url);

}  // namespace proven::cli
