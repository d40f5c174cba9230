#pragma once
// `proven import programme FILE`: a programme's history (accounts, calls, applications, the
// committee's work, decisions, and the selected products' verifications to their published reports
// and corrections) replayed through ProgrammeService, every step with its own rules
// and audit entry, on a clock set to when each step happened. Used for the demo data
// (data/demo/programme.json, see data/demo/README.md).
//
// The file is checked as a whole before anything is written (a problem names its JSON path, e.g.
// "calls[1].applications[0].product.fields[0]"), and the database must hold no call yet; the
// replay then writes step by step.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::cli {

struct ProgrammeImportReport {
  int accounts = 0;
  int calls = 0;
  int applications = 0;
  int reviews = 0;
  int decisions = 0;
  int verifications = 0;    // published
  int report_versions = 0;  // corrections included
};

Result<ProgrammeImportReport> ImportProgramme(store::ConnectionPool& pool, std::string_view json_text);

}  // namespace proven::cli
