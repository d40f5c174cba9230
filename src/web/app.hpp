#pragma once
// What every handler may use. Built once by `serve` (see server.cpp) and passed by reference;
// there are no globals.
#include <functional>
#include <map>
#include <string>

#include <httplib.h>

#include "core/date.hpp"
#include "services/registry_service.hpp"
#include "web/i18n.hpp"
#include "web/response_cache.hpp"
#include "web/templates.hpp"

namespace proven::web {

struct StaticAsset {
  std::string content;
  std::string content_type;
};

struct AppContext {
  services::RegistryService& registry;
  const Templates& templates;
  std::function<Date()> today;  // Asia/Tokyo by default; fixed with `serve --today`
  bool sample_data = false;     // show the "fictional sample data" banner
  std::map<std::string, StaticAsset> assets;  // by fingerprinted URL path, e.g. /static/app.3f2a….css
  std::string css_url;
  ResponseCache& api_cache;  // search API bodies
};

// JSON API (api.cpp).
void HandleHealth(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleApiSearch(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleApiService(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleApiExport(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleApiStats(AppContext& app, const httplib::Request& req, httplib::Response& res);

// HTML pages (pages.cpp).
void HandleHomePage(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleSearchPage(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleServicePage(AppContext& app, const httplib::Request& req, httplib::Response& res);
void HandleStatsPage(AppContext& app, const httplib::Request& req, httplib::Response& res);
// A 404 (or other error) page for a path no route serves.
void RenderErrorPage(AppContext& app, const httplib::Request& req, httplib::Response& res, int status);

void SetJson(httplib::Response& res, int status, const std::string& body);
void SetJsonError(httplib::Response& res, const Error& e);

}  // namespace proven::web
