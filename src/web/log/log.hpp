#pragma once
// The transparency log on the web (issue 12, docs/transparency-log.md, docs/api.md "Transparency
// log"): the public API (the signed checkpoint, entries, inclusion and consistency proofs, record
// bundles), the verifier key at /.well-known/proven-log-key, the pages /log and /log/entries/{index},
// and the "entry #N of the public log" block of the service and product pages. Thin handlers over
// services::LogService (AppContext::log); all public and read-only.
#include <cstdint>
#include <string_view>

#include "web/app.hpp"

namespace proven::web {

// log_api.cpp
void HandleApiLogCheckpoint(AppContext& app, const Request& req, Response& res);
void HandleApiLogEntries(AppContext& app, const Request& req, Response& res);
void HandleApiLogInclusion(AppContext& app, const Request& req, Response& res);
void HandleApiLogConsistency(AppContext& app, const Request& req, Response& res);
void HandleApiLogBundle(AppContext& app, const Request& req, Response& res);
void HandleLogKey(AppContext& app, const Request& req, Response& res);

// log_pages.cpp
void HandleLogPage(AppContext& app, const Request& req, Response& res);
void HandleLogEntryPage(AppContext& app, const Request& req, Response& res);

// The absolute URL of an entry's page (from the configured public URL, never the request): what a
// record's QR code encodes.
std::string LogEntryUrl(const AppContext& app, std::uint64_t index);
// A record's page block: sets `log_entry` in `d` ({index, label, url, bundle_url, qr_svg}) when the
// record ("service", 12) / ("report", product id) has a leaf; leaves `d` alone otherwise (and when
// the log cannot be read: the record's page is still served, and the failure logged).
void SetLogEntryBlock(AppContext& app, Lang lang, std::string_view record_type, std::int64_t id,
                      kainjow::mustache::data& d);

}  // namespace proven::web
