#include "web/server.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "core/embedded.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/http_parse.hpp"
#include "web/http_server.hpp"

namespace proven::web {
namespace {

using Handler = void (*)(AppContext&, const Request&, Response&);
using AuthHandler = void (*)(AppContext&, const Auth&, const Request&, Response&);

enum class Access { kPublic, kSignedIn };

// A route either needs no credentials (`handler`) or receives them (`auth_handler`). Every route
// with a method other than GET changes state, and the dispatcher refuses it without a valid CSRF
// token (or a Bearer token) before the handler runs.
struct RouteEntry {
  const char* method;
  const char* pattern;
  Handler handler;
  AuthHandler auth_handler;
  Access access;
  // Long or memory-hungry handlers (Argon2id hashing, imports, exports) run on the worker
  // threads, never on the event loop (see HttpServer).
  Lane lane = Lane::kInline;
};

// The route table: every URL the server answers, top to bottom.
constexpr RouteEntry kRoutes[] = {
    {"GET", "/healthz", HandleHealth, nullptr, Access::kPublic},
    {"GET", "/api/v1/services", HandleApiSearch, nullptr, Access::kPublic},
    {"GET", "/api/v1/services/export", HandleApiExport, nullptr, Access::kPublic, Lane::kWorker},
    {"GET", "/api/v1/services/{id}", HandleApiService, nullptr, Access::kPublic},
    {"GET", "/api/v1/stats", HandleApiStats, nullptr, Access::kPublic},
    {"GET", "/api/v1/me", nullptr, HandleApiMe, Access::kSignedIn},
    {"POST", "/api/v1/services", nullptr, HandleApiRegister, Access::kSignedIn},
    {"PATCH", "/api/v1/services/{id}", nullptr, HandleApiChange, Access::kSignedIn},
    {"POST", "/api/v1/services/{id}/renew", nullptr, HandleApiRenew, Access::kSignedIn},
    {"POST", "/api/v1/services/{id}/suspend", nullptr, HandleApiSuspend, Access::kSignedIn},
    {"POST", "/api/v1/services/{id}/resume", nullptr, HandleApiResume, Access::kSignedIn},
    {"POST", "/api/v1/services/{id}/revoke", nullptr, HandleApiRevoke, Access::kSignedIn},
    {"POST", "/api/v1/services/{id}/proposals", nullptr, HandleApiPropose, Access::kSignedIn},
    {"GET", "/api/v1/services/{id}/history", HandleApiHistory, nullptr, Access::kPublic},
    {"GET", "/api/v1/proposals", nullptr, HandleApiProposals, Access::kSignedIn},
    {"GET", "/api/v1/proposals/{id}", nullptr, HandleApiProposal, Access::kSignedIn},
    {"POST", "/api/v1/proposals/{id}/{decision:approve|reject}", nullptr, HandleApiDecide, Access::kSignedIn},
    {"GET", "/feeds/services.atom", HandleAtomFeed, nullptr, Access::kPublic},
    {"GET", "/registrar", nullptr, HandleRegistrarPage, Access::kSignedIn},
    {"GET", "/registrar/expiring", nullptr, HandleExpiringPage, Access::kSignedIn},
    {"POST", "/registrar/upload", nullptr, HandleRegistrarUpload, Access::kSignedIn, Lane::kWorker},
    {"GET", "/registrar/services/new", nullptr, HandleServiceNewPage, Access::kSignedIn},
    {"POST", "/registrar/services", nullptr, HandleServiceRegister, Access::kSignedIn},
    {"GET", "/registrar/services/{id}/edit", nullptr, HandleServiceEditPage, Access::kSignedIn},
    {"POST", "/registrar/services/{id}", nullptr, HandleServiceChange, Access::kSignedIn},
    {"POST", "/registrar/services/{id}/{action:renew|suspend|resume|revoke}", nullptr, HandleRegistrarAction, Access::kSignedIn},
    {"POST", "/registrar/proposals/{id}/{decision:approve|reject}", nullptr, HandleRegistrarDecide, Access::kSignedIn},
    {"GET", "/vendor", nullptr, HandleVendorPage, Access::kSignedIn},
    {"POST", "/vendor/services/{id}/proposals", nullptr, HandleVendorPropose, Access::kSignedIn},
    {"GET", "/", HandleHomePage, nullptr, Access::kPublic},
    {"GET", "/services", HandleSearchPage, nullptr, Access::kPublic},
    {"GET", "/services/{id}", HandleServicePage, nullptr, Access::kPublic},
    {"GET", "/stats", HandleStatsPage, nullptr, Access::kPublic},
    {"GET", "/login", nullptr, HandleLoginPage, Access::kPublic},
    {"POST", "/login", nullptr, HandleLogin, Access::kPublic, Lane::kWorker},
    {"POST", "/logout", nullptr, HandleLogout, Access::kPublic},
    {"GET", "/account/password", nullptr, HandlePasswordPage, Access::kSignedIn},
    {"POST", "/account/password", nullptr, HandlePasswordChange, Access::kSignedIn, Lane::kWorker},
    {"GET", "/admin/users", nullptr, HandleAdminUsersPage, Access::kSignedIn},
    {"POST", "/admin/users", nullptr, HandleAdminUserCreate, Access::kSignedIn, Lane::kWorker},
    {"POST", "/admin/users/{id}/disable", nullptr, HandleAdminUserDisable, Access::kSignedIn},
    {"POST", "/admin/organisations", nullptr, HandleAdminOrganisationCreate, Access::kSignedIn},
    {"GET", "/admin/audit", nullptr, HandleAdminAuditPage, Access::kSignedIn},
};

std::string ContentTypeFor(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

// FNV-1a: a content fingerprint for cache-busting asset names, not a security hash.
std::string Fingerprint(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h).substr(0, 12);
}

void AddSecurityHeaders(Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
}

bool IsApiPath(const std::string& path) { return path.starts_with("/api/") || path == "/healthz"; }

}  // namespace

std::vector<Route> RouteTable() {
  std::vector<Route> out;
  for (const auto& r : kRoutes) out.push_back({r.method, r.pattern, r.access == Access::kSignedIn});
  return out;
}

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

namespace {

// Credentials, CSRF and access, in front of every handler that takes credentials.
void Dispatch(AppContext& app, const RouteEntry& route, const Request& req, Response& res) {
  const bool api = IsApiPath(req.path);
  Auth auth = ResolveAuth(app, req, res);
  // The credentials could not be checked (the database is away): 503 with Retry-After, not 401.
  if (auth.unavailable) {
    if (api || req.has_header("Authorization")) return SetJsonError(res, *auth.unavailable);
    res.set_header("Retry-After", std::to_string(RetryAfterSecondsFor(ErrorCode::kUnavailable)));
    return RenderErrorPage(app, req, res, 503);
  }
  // A Bearer token that does not resolve is an authentication failure, whatever the method.
  if (req.has_header("Authorization") && !auth.actor) {
    res.set_header("WWW-Authenticate", "Bearer");
    return SetJsonError(res, MakeError(ErrorCode::kUnauthenticated, auth.error.empty() ? "invalid credentials" : auth.error));
  }
  if (std::string_view(route.method) != "GET" && !CsrfOk(auth, req)) {
    if (api) return SetJsonError(res, MakeError(ErrorCode::kPermissionDenied, "missing or invalid CSRF token"));
    return RenderCsrfError(app, req, res);
  }
  if (route.access == Access::kSignedIn && !auth.actor) {
    if (api || req.has_header("Authorization")) {
      res.set_header("WWW-Authenticate", "Bearer");
      return SetJsonError(res, MakeError(ErrorCode::kUnauthenticated, auth.error.empty() ? "sign in first" : auth.error));
    }
    res.status = 303;
    res.set_header("Location", "/login?next=" + services::PercentEncode(req.path));
    return;
  }
  if (auth.actor) res.set_header("Cache-Control", "no-store");
  route.auth_handler(app, auth, req, res);
}

}  // namespace

namespace {

// Form bodies, parsed once for every handler: url-encoded fields, or multipart parts (whose
// text fields also land in `form`).
Status ParseFormBody(Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.starts_with("application/x-www-form-urlencoded")) {
    req.form = ParseQueryString(req.body);
    return {};
  }
  if (auto boundary = MultipartBoundary(type)) {
    auto parts = ParseMultipart(req.body, *boundary);
    if (!parts) return Fail(parts.error());
    for (const auto& part : *parts) {
      if (part.filename.empty()) req.form.emplace(part.name, part.content);
    }
    req.parts = std::move(*parts);
  }
  return {};
}

void NotFound(AppContext& app, const Request& req, Response& res) {
  if (IsApiPath(req.path)) return SetJsonError(res, MakeError(ErrorCode::kNotFound, "no such resource"));
  RenderErrorPage(app, req, res, 404);
}

void ServeStatic(AppContext& app, const Request& req, Response& res) {
  auto it = app.assets.find(req.path);
  if (it == app.assets.end()) {
    res.status = 404;
    res.set_content("not found", "text/plain; charset=utf-8");
    return;
  }
  // Fingerprinted assets never change under their name: cache them for a year.
  res.set_header("Cache-Control", "public, max-age=31536000, immutable");
  res.set_content(it->second.content, it->second.content_type);
}

void Route(AppContext& app, Request& req, Response& res) {
  if (req.path.starts_with("/static/") && req.method == "GET") return ServeStatic(app, req, res);
  std::vector<std::string> params;
  std::string allowed;
  for (const auto& r : kRoutes) {
    if (!MatchRoute(r.pattern, req.path, params)) continue;
    if (req.method != r.method) {
      if (allowed.find(r.method) == std::string::npos) allowed += allowed.empty() ? r.method : std::string(", ") + r.method;
      continue;
    }
    req.matches.clear();
    req.matches.push_back(req.path);
    for (auto& p : params) req.matches.push_back(std::move(p));
    if (auto st = ParseFormBody(req); !st) return SetJsonError(res, st.error());
    if (r.handler) return r.handler(app, req, res);
    return Dispatch(app, r, req, res);
  }
  if (allowed.empty()) return NotFound(app, req, res);
  res.set_header("Allow", allowed);
  SetJsonError(res, MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is not allowed here", Ellipsize(req.method, 20))));
  res.status = 405;
}

// Every request: security headers, the route, and a generic 500 for anything thrown.
void Serve(AppContext& app, Request& req, Response& res) {
  AddSecurityHeaders(res);
  try {
    Route(app, req, res);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unhandled: {}", req.method, Ellipsize(req.path, 200), e.what());
    res = Response{};
    AddSecurityHeaders(res);
    if (IsApiPath(req.path)) {
      SetJsonError(res, MakeError(ErrorCode::kInternal, "internal error"));
    } else {
      res.status = 500;
      res.set_content("<!doctype html><title>500</title><p>Internal error. / 内部エラーが発生しました。</p>",
                      "text/html; charset=utf-8");
    }
  }
  spdlog::info("{} {} {} {}", req.remote_addr, req.head ? "HEAD" : req.method, Ellipsize(req.path, 200), res.status);
}

// Which threads run the request's handler: its route's lane.
Lane LaneOf(const Request& req) {
  std::vector<std::string> params;
  for (const auto& r : kRoutes) {
    if (req.method == r.method && MatchRoute(r.pattern, req.path, params)) return r.lane;
  }
  return Lane::kInline;
}

// A request refused before any handler: JSON for the API, a short page otherwise.
void Refused(const Request& req, const ProtocolError& err, Response& res) {
  AddSecurityHeaders(res);
  const ErrorCode code = err.status == 413   ? ErrorCode::kResourceExhausted
                         : err.status == 503 ? ErrorCode::kUnavailable
                                             : ErrorCode::kInvalidArgument;
  SetJsonError(res, MakeError(code, err.message));
  res.status = err.status;
  if (err.status == 503) res.set_header("Retry-After", "1");
  spdlog::info("{} {} {} {} ({})", req.remote_addr, req.method.empty() ? "-" : req.method, Ellipsize(req.path, 200),
               err.status, err.message);
}

}  // namespace

Status RunServer(services::RegistryService& registry, services::AccountService& accounts,
                 services::RegistrarService& registrar, const ServerOptions& options) {
  auto templates = Templates::Load();
  if (!templates) return Fail(templates.error());

  ResponseCache api_cache(options.response_cache_bytes);
  AppContext app{registry, **templates, options.today, options.sample_data, {}, {}, {}, api_cache, accounts,
                 registrar, options.secure_cookies, options.public_url};
  for (const auto& f : static_files()) {
    std::string name(f.name);
    const auto dot = name.rfind('.');
    const std::string url = fmt::format("/static/{}.{}{}", name.substr(0, dot), Fingerprint(f.data),
                                        dot == std::string::npos ? "" : name.substr(dot));
    app.assets[url] = StaticAsset{std::string(f.data), ContentTypeFor(name)};
    if (name == "css/app.css") app.css_url = url;
    if (name == "img/favicon.svg") app.favicon_url = url;
  }

  HttpServer server(
      options.limits, [&app](Request& req, Response& res) { Serve(app, req, res); }, Refused, LaneOf);
  auto port = server.Bind(options.host, options.port);
  if (!port) return Fail(port.error());
  const std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  if (app.public_url.empty()) app.public_url = fmt::format("http://{}:{}", shown_host, *port);
  std::printf("listening on http://%s:%d\n", shown_host.c_str(), *port);
  std::fflush(stdout);
  spdlog::info("serving {} services", registry.IndexStats().base_docs);

  std::thread loop([&server, threads = options.threads] { server.Run(threads); });

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}: stopping", sig);
  server.Stop();
  loop.join();
  return {};
}

}  // namespace proven::web
