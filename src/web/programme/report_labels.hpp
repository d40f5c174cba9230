#pragma once
// The words of a verification report's PDF, from the message catalogue in the report's language.
#include "services/programme/report_pdf.hpp"
#include "web/i18n.hpp"

namespace proven::web {

services::ReportLabels ReportLabelsFor(Lang lang, bool sample_data);

}  // namespace proven::web
