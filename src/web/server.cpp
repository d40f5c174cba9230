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
#include "web/app.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"

namespace proven::web {
namespace {

constexpr std::size_t kMaxPathLength = 2048;
constexpr std::size_t kMaxBodyBytes = 10 * 1024 * 1024;

using Handler = void (*)(AppContext&, const httplib::Request&, httplib::Response&);
using AuthHandler = void (*)(AppContext&, const Auth&, const httplib::Request&, httplib::Response&);

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
};

// The route table: every URL the server answers, top to bottom.
constexpr RouteEntry kRoutes[] = {
    {"GET", "/healthz", HandleHealth, nullptr, Access::kPublic},
    {"GET", "/api/v1/services", HandleApiSearch, nullptr, Access::kPublic},
    {"GET", "/api/v1/services/export", HandleApiExport, nullptr, Access::kPublic},
    {"GET", R"(/api/v1/services/(\d{1,18}))", HandleApiService, nullptr, Access::kPublic},
    {"GET", "/api/v1/stats", HandleApiStats, nullptr, Access::kPublic},
    {"GET", "/api/v1/me", nullptr, HandleApiMe, Access::kSignedIn},
    {"POST", "/api/v1/services", nullptr, HandleApiRegister, Access::kSignedIn},
    {"PATCH", R"(/api/v1/services/(\d{1,18}))", nullptr, HandleApiChange, Access::kSignedIn},
    {"POST", R"(/api/v1/services/(\d{1,18})/renew)", nullptr, HandleApiRenew, Access::kSignedIn},
    {"POST", R"(/api/v1/services/(\d{1,18})/suspend)", nullptr, HandleApiSuspend, Access::kSignedIn},
    {"POST", R"(/api/v1/services/(\d{1,18})/resume)", nullptr, HandleApiResume, Access::kSignedIn},
    {"POST", R"(/api/v1/services/(\d{1,18})/revoke)", nullptr, HandleApiRevoke, Access::kSignedIn},
    {"POST", R"(/api/v1/services/(\d{1,18})/proposals)", nullptr, HandleApiPropose, Access::kSignedIn},
    {"GET", R"(/api/v1/services/(\d{1,18})/history)", HandleApiHistory, nullptr, Access::kPublic},
    {"GET", "/api/v1/proposals", nullptr, HandleApiProposals, Access::kSignedIn},
    {"GET", R"(/api/v1/proposals/(\d{1,18}))", nullptr, HandleApiProposal, Access::kSignedIn},
    {"POST", R"(/api/v1/proposals/(\d{1,18})/(approve|reject))", nullptr, HandleApiDecide, Access::kSignedIn},
    {"GET", "/feeds/services.atom", HandleAtomFeed, nullptr, Access::kPublic},
    {"GET", "/registrar", nullptr, HandleRegistrarPage, Access::kSignedIn},
    {"GET", "/registrar/expiring", nullptr, HandleExpiringPage, Access::kSignedIn},
    {"POST", "/registrar/upload", nullptr, HandleRegistrarUpload, Access::kSignedIn},
    {"GET", "/registrar/services/new", nullptr, HandleServiceNewPage, Access::kSignedIn},
    {"POST", "/registrar/services", nullptr, HandleServiceRegister, Access::kSignedIn},
    {"GET", R"(/registrar/services/(\d{1,18})/edit)", nullptr, HandleServiceEditPage, Access::kSignedIn},
    {"POST", R"(/registrar/services/(\d{1,18}))", nullptr, HandleServiceChange, Access::kSignedIn},
    {"POST", R"(/registrar/services/(\d{1,18})/(renew|suspend|resume|revoke))", nullptr, HandleRegistrarAction, Access::kSignedIn},
    {"POST", R"(/registrar/proposals/(\d{1,18})/(approve|reject))", nullptr, HandleRegistrarDecide, Access::kSignedIn},
    {"GET", "/vendor", nullptr, HandleVendorPage, Access::kSignedIn},
    {"POST", R"(/vendor/services/(\d{1,18})/proposals)", nullptr, HandleVendorPropose, Access::kSignedIn},
    {"GET", "/", HandleHomePage, nullptr, Access::kPublic},
    {"GET", "/services", HandleSearchPage, nullptr, Access::kPublic},
    {"GET", R"(/services/(\d{1,18}))", HandleServicePage, nullptr, Access::kPublic},
    {"GET", "/stats", HandleStatsPage, nullptr, Access::kPublic},
    {"GET", "/login", nullptr, HandleLoginPage, Access::kPublic},
    {"POST", "/login", nullptr, HandleLogin, Access::kPublic},
    {"POST", "/logout", nullptr, HandleLogout, Access::kPublic},
    {"GET", "/account/password", nullptr, HandlePasswordPage, Access::kSignedIn},
    {"POST", "/account/password", nullptr, HandlePasswordChange, Access::kSignedIn},
    {"GET", "/admin/users", nullptr, HandleAdminUsersPage, Access::kSignedIn},
    {"POST", "/admin/users", nullptr, HandleAdminUserCreate, Access::kSignedIn},
    {"POST", R"(/admin/users/(\d{1,18})/disable)", nullptr, HandleAdminUserDisable, Access::kSignedIn},
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

void AddSecurityHeaders(httplib::Response& res) {
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
void Dispatch(AppContext& app, const RouteEntry& route, const httplib::Request& req, httplib::Response& res) {
  const bool api = IsApiPath(req.path);
  Auth auth = ResolveAuth(app, req, res);
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

  httplib::Server svr;
  const std::size_t threads = options.threads;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_tcp_nodelay(true);  // else small responses wait ~40 ms for delayed ACKs (Nagle)
  svr.set_keep_alive_timeout(2);
  svr.set_keep_alive_max_count(100);
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(10, 0);
  svr.set_payload_max_length(kMaxBodyBytes);

  svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    AddSecurityHeaders(res);
    // cpp-httplib checks the body limit only against Content-Length: refuse what bypasses it.
    if (req.has_header("Transfer-Encoding")) {
      SetJsonError(res, MakeError(ErrorCode::kInvalidArgument, "chunked request bodies are not accepted"));
      res.status = 411;
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string enc = req.get_header_value("Content-Encoding");
    if (!enc.empty() && enc != "identity") {
      SetJsonError(res, MakeError(ErrorCode::kInvalidArgument, "compressed request bodies are not accepted"));
      res.status = 415;
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path.size() > kMaxPathLength) {
      SetJsonError(res, MakeError(ErrorCode::kInvalidArgument, "the URL is too long"));
      res.status = 414;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  for (const auto& r : kRoutes) {
    httplib::Server::Handler handler;
    if (r.handler) {
      handler = [&app, h = r.handler](const httplib::Request& req, httplib::Response& res) { h(app, req, res); };
    } else {
      handler = [&app, &r](const httplib::Request& req, httplib::Response& res) { Dispatch(app, r, req, res); };
    }
    const std::string method = r.method;
    if (method == "GET") svr.Get(r.pattern, handler);
    if (method == "POST") svr.Post(r.pattern, handler);
    if (method == "PATCH") svr.Patch(r.pattern, handler);
  }

  // Fingerprinted assets never change under their name: cache them for a year.
  svr.Get(R"(/static/[A-Za-z0-9_./\-]+)", [&app](const httplib::Request& req, httplib::Response& res) {
    auto it = app.assets.find(req.path);
    if (it == app.assets.end()) {
      res.status = 404;
      res.set_content("not found", "text/plain; charset=utf-8");
      return;
    }
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    res.set_content(it->second.content, it->second.content_type.c_str());
  });

  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [&app](const httplib::Request& req, httplib::Response& res) {
        // Leave responses that already carry a body (JSON errors from handlers) alone.
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (IsApiPath(req.path) || res.status != 404) {
          const ErrorCode code = res.status == 404   ? ErrorCode::kNotFound
                                 : res.status == 413 ? ErrorCode::kResourceExhausted
                                 : res.status == 405 ? ErrorCode::kInvalidArgument
                                 : res.status >= 500 ? ErrorCode::kInternal
                                                     : ErrorCode::kInvalidArgument;
          const int status = res.status;
          SetJsonError(res, MakeError(code, status == 404 ? "no such resource" : "the request was not accepted"));
          res.status = status;
        } else {
          RenderErrorPage(app, req, res, 404);
        }
        return httplib::Server::HandlerResponse::Handled;
      }));

  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {}: unhandled: {}", req.method, req.path, what);
    res.headers.clear();
    AddSecurityHeaders(res);
    if (IsApiPath(req.path)) {
      SetJsonError(res, MakeError(ErrorCode::kInternal, "internal error"));
    } else {
      res.status = 500;
      res.set_content("<!doctype html><title>500</title><p>Internal error. / 内部エラーが発生しました。</p>",
                      "text/html; charset=utf-8");
    }
  });

  svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::info("{} {} {}", req.method, req.path, res.status);
  });

  int port = options.port;
  if (port == 0) {
    port = svr.bind_to_any_port(options.host);
    if (port < 0) return Fail(ErrorCode::kUnavailable, fmt::format("cannot listen on {}", options.host));
  } else if (!svr.bind_to_port(options.host, port)) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot listen on {}:{} (is the port in use?)", options.host, port));
  }
  const std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  if (app.public_url.empty()) app.public_url = fmt::format("http://{}:{}", shown_host, port);
  std::printf("listening on http://%s:%d\n", shown_host.c_str(), port);
  std::fflush(stdout);
  spdlog::info("serving {} services", registry.IndexStats().base_docs);

  std::atomic<bool> stopping{false};
  std::thread listener([&svr, &stopping] {
    svr.listen_after_bind();
    // If listening ends on its own (not through stop()), wake the signal wait below.
    if (!stopping.load()) kill(getpid(), SIGTERM);
  });

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}: stopping", sig);
  stopping.store(true);
  svr.stop();
  listener.join();
  return {};
}

}  // namespace proven::web
