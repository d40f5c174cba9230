#include "support/waf_target.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "pg/child_process.hpp"
#include "waf/http_response.hpp"
#include "waf/oracle_backend.hpp"

namespace proven::testing {
namespace {

[[maybe_unused]] std::string Define(const char* value) { return value != nullptr ? std::string(value) : std::string(); }

bool Exists(const std::string& p) { return !p.empty() && std::filesystem::exists(p); }

// Replaces the one line `from` of the shipped modsecurity.conf; throws when it is missing, so a
// changed Debian file cannot silently leave DetectionOnly (or a path outside our prefix) in place.
void ReplaceLine(std::string& text, const std::string& from, const std::string& to) {
  const std::string needle = "\n" + from + "\n";
  const auto pos = text.find(needle);
  if (pos == std::string::npos) throw std::runtime_error("modsecurity.conf no longer has the line: " + from);
  text.replace(pos + 1, from.size(), to);
}

}  // namespace

WafPackages FindWafPackages() {
  WafPackages p;
#ifdef PROVEN_NGINX
  p.nginx = Define(PROVEN_NGINX);
#endif
#ifdef PROVEN_MODSEC_MODULE
  p.module = Define(PROVEN_MODSEC_MODULE);
#endif
#ifdef PROVEN_CRS_RULES
  p.crs_rules = Define(PROVEN_CRS_RULES);
#endif
  // Re-checked at run time: the binary may run on a machine other than the one it was built on.
  if (p.nginx.empty() || !Exists(p.nginx)) p.nginx = Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "";
  if (p.module.empty() || !Exists(p.module)) {
    const std::string m = "/usr/lib/nginx/modules/ngx_http_modsecurity_module.so";
    p.module = Exists(m) ? m : "";
  }
  if (p.crs_rules.empty() || !Exists(p.crs_rules + "/REQUEST-901-INITIALIZATION.conf")) {
    const std::string r = "/usr/share/modsecurity-crs/rules";
    p.crs_rules = Exists(r + "/REQUEST-901-INITIALIZATION.conf") ? r : "";
  }
  return p;
}

bool WafTargetRequired() {
  const char* v = std::getenv("PROVEN_REQUIRE_WAF_TARGET");
  return v != nullptr && std::string(v) == "1";
}

// ---- nginx + ModSecurity + CRS ----

NginxModSecurity::NginxModSecurity(const WafPackages& packages, int backend_port, int paranoia, std::string level)
    : packages_(packages), backend_port_(backend_port), paranoia_(paranoia), level_(std::move(level)) {}

NginxModSecurity::~NginxModSecurity() { Stop(); }

int NginxModSecurity::Stop() {
  if (!process_) return -1;
  const int rc = process_->Stop(SIGQUIT);
  process_.reset();
  return rc;
}

std::string NginxModSecurity::ErrorLog() const {
  std::string out;
  for (const char* f : {"error.log", "nginx.out"}) {
    if (std::filesystem::exists(dir_.path() / f)) out += ReadFile(dir_.path() / f);
  }
  return out;
}

std::string NginxModSecurity::WriteConfig() {
  const auto d = dir_.path();
  const std::string ds = d.string();
  std::filesystem::create_directories(d / "modsec" / "tmp");
  std::filesystem::create_directories(d / "modsec" / "data");
  const std::string docs = "/usr/share/nginx/docs/modsecurity";
  std::string modsec = ReadFile(docs + "/modsecurity.conf");
  if (modsec.empty()) return "cannot read " + docs + "/modsecurity.conf";
  try {
    ReplaceLine(modsec, "SecRuleEngine DetectionOnly", "SecRuleEngine On");
    ReplaceLine(modsec, "SecResponseBodyAccess On", "SecResponseBodyAccess Off");
    ReplaceLine(modsec, "SecTmpDir /tmp/", "SecTmpDir " + ds + "/modsec/tmp/");
    ReplaceLine(modsec, "SecDataDir /tmp/", "SecDataDir " + ds + "/modsec/data/");
    ReplaceLine(modsec, "SecAuditEngine RelevantOnly", "SecAuditEngine Off");
    ReplaceLine(modsec, "SecAuditLog /var/log/nginx/modsec_audit.log", "SecAuditLog " + ds + "/modsec/audit.log");
    ReplaceLine(modsec, "SecUnicodeMapFile unicode.mapping 20127", "SecUnicodeMapFile " + docs + "/unicode.mapping 20127");
    ReplaceLine(modsec, "SecStatusEngine On", "SecStatusEngine Off");
  } catch (const std::exception& e) {
    return e.what();
  }
  WriteFile(d / "modsec" / "modsecurity.conf", modsec);
  std::ostringstream setup;
  setup << "SecDefaultAction \"phase:1,log,auditlog,pass\"\n"
        << "SecDefaultAction \"phase:2,log,auditlog,pass\"\n"
        << "SecAction \"id:900000,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=" << paranoia_ << "\"\n"
        << "SecAction \"id:900990,phase:1,nolog,pass,t:none,setvar:tx.crs_setup_version=334\"\n";
  WriteFile(d / "modsec" / "crs-setup.conf", setup.str());
  // Plain Include per rule file: libmodsecurity 3.0.9 rejects the IncludeOptional of owasp-crs.load.
  std::vector<std::string> rules;
  for (const auto& e : std::filesystem::directory_iterator(packages_.crs_rules)) {
    if (e.path().extension() == ".conf") rules.push_back(e.path().string());
  }
  std::sort(rules.begin(), rules.end());
  if (rules.empty()) return "no rule files in " + packages_.crs_rules;
  std::ostringstream main;
  main << "Include " << ds << "/modsec/modsecurity.conf\nInclude " << ds << "/modsec/crs-setup.conf\n";
  for (const auto& r : rules) main << "Include " << r << "\n";
  WriteFile(d / "modsec" / "main.conf", main.str());
  // The rule-set version for the report.
  const std::string init = ReadFile(packages_.crs_rules + "/REQUEST-901-INITIALIZATION.conf");
  std::smatch m;
  std::string crs = "OWASP_CRS/?";
  if (std::regex_search(init, m, std::regex("SecComponentSignature \"([^\"]+)\""))) crs = m[1];
  const auto version = [](const std::string& pkg) {
    const auto r = RunCommand({"dpkg-query", "-W", "-f=${Version}", pkg});
    std::string v = r.out;
    return v.substr(0, v.find_first_of("-+"));
  };
  ruleset_ = crs + " PL" + std::to_string(paranoia_) + ", libmodsecurity " + version("libmodsecurity3") + ", nginx " +
             version("nginx");
  return {};
}

std::string NginxModSecurity::Start() {
  if (auto err = WriteConfig(); !err.empty()) return err;
  const auto d = dir_.path();
  const std::string ds = d.string();
  std::string last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    waf_port_ = FreeLoopbackPort();
    null_port_ = FreeLoopbackPort();
    if (null_port_ == waf_port_) continue;
    std::ostringstream conf;
    // As root, nginx would switch its workers to `nobody`, who cannot use the temp dir.
    if (geteuid() == 0) conf << "user root;\n";
    conf << "daemon off;\nworker_processes 2;\npid " << ds << "/nginx.pid;\nerror_log " << ds << "/error.log " << level_
         << ";\n"
         << "load_module " << packages_.module << ";\n"
         << "events { worker_connections 1024; }\n"
         << "http {\n  access_log off;\n"
         << "  client_body_temp_path " << ds << "/body;\n  proxy_temp_path " << ds << "/proxy;\n"
         << "  fastcgi_temp_path " << ds << "/fastcgi;\n  uwsgi_temp_path " << ds << "/uwsgi;\n"
         << "  scgi_temp_path " << ds << "/scgi;\n"
         << "  keepalive_requests 100000;\n  large_client_header_buffers 4 64k;\n"
         << "  upstream oracle { server 127.0.0.1:" << backend_port_ << "; keepalive 32; }\n"
         << "  server {\n    listen 127.0.0.1:" << waf_port_ << ";\n    modsecurity on;\n"
         << "    modsecurity_rules_file " << ds << "/modsec/main.conf;\n"
         << "    location / { proxy_pass http://oracle; proxy_http_version 1.1; proxy_set_header Connection \"\"; }\n  }\n"
         << "  server {\n    listen 127.0.0.1:" << null_port_ << ";\n"
         << "    location / { proxy_pass http://oracle; proxy_http_version 1.1; proxy_set_header Connection \"\"; }\n  }\n"
         << "}\n";
    WriteFile(d / "nginx.conf", conf.str());
    const std::vector<std::string> base{packages_.nginx, "-p", ds, "-c", ds + "/nginx.conf", "-e", ds + "/error.log"};
    std::vector<std::string> test = base;
    test.push_back("-t");
    if (RunToCompletion(test, d / "nginx-t.out") != 0) return "nginx -t failed:\n" + ReadFile(d / "nginx-t.out") + ErrorLog();
    process_ = std::make_unique<ChildProcess>(base, d / "nginx.out");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    bool up = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!process_->Running()) break;
      if (RawConnection(waf_port_).connected() && RawConnection(null_port_).connected()) {
        up = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (up) return {};
    last = ErrorLog();
    process_.reset();
  }
  return "nginx did not come up:\n" + last;
}

// ---- fake WAFs ----

namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SysError = boost::system::error_code;
}  // namespace

struct FakeWaf::Impl {
  FakeWafMode mode;
  int backend_port;
  int ban_after, ban_ms;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mu;
  std::map<std::string, bool> decisions;
  int seen = 0;
  int banned = 0;
  std::chrono::steady_clock::time_point ban_until{};

  // Blocks (true) or passes; the response to send when blocking (empty: reset or close).
  struct Decision {
    bool block = false;
    bool reset = false;
    bool close = false;
    std::string response;
  };
  Decision Decide(const std::string& raw, const std::string& id) {
    std::lock_guard lock(mu);
    Decision d;
    const auto now = std::chrono::steady_clock::now();
    ++seen;
    if (mode == FakeWafMode::kBlock403Ban && ban_after > 0 && seen == ban_after) {
      ban_until = now + std::chrono::milliseconds(ban_ms);
    }
    const bool attack = raw.find("EVIL") != std::string::npos;
    if (mode == FakeWafMode::kBlock403Ban && now < ban_until) {
      ++banned;
      d.block = true;
      d.response = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 6\r\n\r\nslower";
      return d;  // not a decision about the request: not recorded
    }
    switch (mode) {
      case FakeWafMode::kNull:
        break;
      case FakeWafMode::kBlockAll:
        d.block = true;
        d.response = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nforbidden";
        break;
      case FakeWafMode::kBlockPage200:
        if (attack) {
          d.block = true;
          const std::string body = "<html><body><h1>Request rejected by FakeWAF</h1></body></html>";
          d.response = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n\r\n" + body;
        }
        break;
      case FakeWafMode::kReset:
        d.block = attack;
        d.reset = attack;
        break;
      case FakeWafMode::kSilentClose:
        d.block = attack;
        d.close = attack;
        break;
      case FakeWafMode::kBlock403Ban:
        if (attack) {
          d.block = true;
          d.response = "HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden";
        }
        break;
    }
    if (!id.empty()) decisions[id] = d.block;
    return d;
  }

  struct Session : std::enable_shared_from_this<Session> {
    Session(Impl& o, tcp::socket s) : owner(o), socket(std::move(s)), backend(o.io) {}
    Impl& owner;
    tcp::socket socket;
    tcp::socket backend;
    waf::RequestParser parser;
    std::string pending, raw;
    std::array<char, 16384> buf{};

    void Read() {
      auto self = shared_from_this();
      socket.async_read_some(asio::buffer(buf), [self](const SysError& ec, std::size_t n) {
        if (ec) return;
        self->pending.append(self->buf.data(), n);
        self->Parse();
      });
    }
    void Parse() {
      const std::size_t used = parser.Feed(pending);
      raw.append(pending, 0, used);
      pending.erase(0, used);
      if (parser.failed()) {
        return Write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", false);
      }
      if (!parser.done()) return Read();
      const Decision d = owner.Decide(raw, std::string(parser.Header(waf::kOracleIdHeader)));
      const bool keep = parser.keep_alive();
      if (d.reset) {
        linger l{1, 0};
        setsockopt(socket.native_handle(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
        SysError ignored;
        socket.close(ignored);
        return;
      }
      if (d.close) {
        SysError ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
        return;
      }
      if (d.block) return Write(d.response, keep);
      Write(Proxy(), keep);
    }
    // Forwards the request to the backend (blocking: the backend answers at once) and returns its response.
    std::string Proxy() {
      SysError ec;
      if (!backend.is_open()) {
        backend.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(owner.backend_port)), ec);
        if (ec) return "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
      }
      asio::write(backend, asio::buffer(raw), ec);
      waf::ResponseParser rp;
      std::string response;
      std::array<char, 16384> b{};
      while (!ec && !rp.done() && !rp.failed()) {
        const std::size_t n = backend.read_some(asio::buffer(b), ec);
        const std::size_t used = rp.Feed(std::string_view(b.data(), n));
        response.append(b.data(), used);
      }
      if (!rp.done()) {
        SysError ignored;
        backend.close(ignored);
        return "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
      }
      if (!rp.keep_alive()) {
        SysError ignored;
        backend.close(ignored);
      }
      return response;
    }
    void Write(std::string response, bool keep) {
      auto self = shared_from_this();
      auto holder = std::make_shared<std::string>(std::move(response));
      asio::async_write(socket, asio::buffer(*holder), [self, holder, keep](const SysError& ec, std::size_t) {
        if (ec) return;
        if (!keep) {
          SysError ignored;
          self->socket.shutdown(tcp::socket::shutdown_both, ignored);
          return;
        }
        self->parser.Reset();
        self->raw.clear();
        if (!self->pending.empty()) return self->Parse();
        self->Read();
      });
    }
  };

  void Accept() {
    acceptor.async_accept([this](const SysError& ec, tcp::socket s) {
      if (ec && (ec == asio::error::operation_aborted || !acceptor.is_open())) return;
      if (!ec) std::make_shared<Session>(*this, std::move(s))->Read();
      Accept();
    });
  }
};

FakeWaf::FakeWaf(FakeWafMode mode, int backend_port, int ban_after, int ban_ms) : impl_(std::make_unique<Impl>()) {
  impl_->mode = mode;
  impl_->backend_port = backend_port;
  impl_->ban_after = ban_after;
  impl_->ban_ms = ban_ms;
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  impl_->Accept();
  Impl* raw = impl_.get();
  impl_->thread = std::thread([raw] { raw->io.run(); });
}

FakeWaf::~FakeWaf() {
  impl_->io.stop();
  impl_->thread.join();
}

int FakeWaf::port() const { return impl_->acceptor.local_endpoint().port(); }

std::map<std::string, bool> FakeWaf::decisions() const {
  std::lock_guard lock(impl_->mu);
  return impl_->decisions;
}

int FakeWaf::banned() const {
  std::lock_guard lock(impl_->mu);
  return impl_->banned;
}

}  // namespace proven::testing
