#pragma once
// Targets for the WAF suite's tests (issue 14, docs/adr/0017): nginx + ModSecurity + OWASP CRS from
// Debian on loopback with its own prefix and generated configuration (proxying to the oracle
// backend), and fake WAFs on asio whose every decision is known (self-tests).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "support/test_support.hpp"

namespace proven::testing {

class ChildProcess;

// Where the Debian packages put nginx, the ModSecurity module and the CRS rules; empty when absent.
struct WafPackages {
  std::string nginx, module, crs_rules;
  bool available() const { return !nginx.empty() && !module.empty() && !crs_rules.empty(); }
};
WafPackages FindWafPackages();
// PROVEN_REQUIRE_WAF_TARGET=1 (make test): a missing package is a failure, not a skip.
bool WafTargetRequired();

// nginx with ModSecurity (SecRuleEngine On) and the CRS at paranoia level `paranoia`, proxying to
// 127.0.0.1:`backend_port`; plus a null WAF (same proxy, no ModSecurity) on a second port.
class NginxModSecurity {
 public:
  NginxModSecurity(const WafPackages& packages, int backend_port, int paranoia = 1, std::string error_log_level = "error");
  ~NginxModSecurity();
  NginxModSecurity(const NginxModSecurity&) = delete;
  NginxModSecurity& operator=(const NginxModSecurity&) = delete;

  // Writes the configuration, checks it with `nginx -t` and starts nginx (free ports, 3 tries).
  // An empty string on success, else what went wrong (with nginx's output).
  std::string Start();
  int Stop();  // SIGQUIT
  int waf_port() const { return waf_port_; }
  int null_port() const { return null_port_; }
  std::string waf_url() const { return "http://127.0.0.1:" + std::to_string(waf_port_); }
  std::string null_url() const { return "http://127.0.0.1:" + std::to_string(null_port_); }
  // "OWASP_CRS/3.3.4 PL1, libmodsecurity 3.0.9, nginx 1.22.1"
  std::string ruleset() const { return ruleset_; }
  std::string ErrorLog() const;
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  std::string WriteConfig();
  WafPackages packages_;
  int backend_port_;
  int paranoia_;
  std::string level_;
  TempDir dir_;
  int waf_port_ = 0, null_port_ = 0;
  std::string ruleset_;
  std::unique_ptr<ChildProcess> process_;
};

// A fake WAF on 127.0.0.1:0 with a toy rule: a request whose bytes contain "EVIL" is an attack.
// What it does with attacks depends on the mode; everything else is proxied to the backend.
enum class FakeWafMode {
  kNull,          // passes everything
  kBlockAll,      // 403 to everything
  kBlockPage200,  // attacks: 200 with "Request rejected by FakeWAF"
  kReset,         // attacks: a TCP reset (SO_LINGER 0, close)
  kSilentClose,   // attacks: the connection closed without a byte
  kBlock403Ban,   // attacks: 403; and the `ban_after`th request starts a ban: 429 to everything for `ban_ms`
};

class FakeWaf {
 public:
  FakeWaf(FakeWafMode mode, int backend_port, int ban_after = 0, int ban_ms = 0);
  ~FakeWaf();
  FakeWaf(const FakeWaf&) = delete;
  FakeWaf& operator=(const FakeWaf&) = delete;
  int port() const;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  // Its decision per X-Proven-Test-Id (true: the request was blocked); the last one for an id.
  std::map<std::string, bool> decisions() const;
  int banned() const;  // requests refused by the ban

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace proven::testing
