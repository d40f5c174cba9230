#pragma once
// The registry's published list (issue 13 D): standing downloads of the current list per service
// type, and the pages of one provider or one registration body (docs/api.md "Downloads, dated
// editions, provider and body pages").
#include "web/app.hpp"

namespace proven::web {

// GET /downloads: the current list of each service type, as CSV (UTF-8 or Shift_JIS) and Excel.
void HandleDownloadsPage(AppContext& app, const Request& req, Response& res);
// GET /downloads/{type}.csv and /downloads/{type}.xlsx: every valid service of one type as of
// today, sorted by name; stable URLs, cached until the registry changes or the day does.
void HandleDownloadCsv(AppContext& app, const Request& req, Response& res);
void HandleDownloadXlsx(AppContext& app, const Request& req, Response& res);
// GET /providers?name=… and /registration-bodies?name=…: every service of one provider or registration
// body (by exact name), with counts by type and status, a status filter and paging; without a
// name, an index of every provider or body with its number of services.
void HandleProvidersPage(AppContext& app, const Request& req, Response& res);
void HandleRegistrarsPage(AppContext& app, const Request& req, Response& res);

// Dated editions of the list (edition_pages.cpp). GET /downloads/editions: every edition with its
// files and its changes. GET /downloads/editions/{date}.csv|.xlsx (?type=, ?encoding=cp932): an
// edition's frozen file, cached for good. GET /downloads/editions/{date}/changes (?since=): added,
// removed and changed services against the edition before (or `since`). The API's JSON of both.
void HandleEditionsPage(AppContext& app, const Request& req, Response& res);
void HandleEditionCsv(AppContext& app, const Request& req, Response& res);
void HandleEditionXlsx(AppContext& app, const Request& req, Response& res);
void HandleEditionChangesPage(AppContext& app, const Request& req, Response& res);
void HandleApiEditions(AppContext& app, const Request& req, Response& res);
void HandleApiEditionChanges(AppContext& app, const Request& req, Response& res);

}  // namespace proven::web
