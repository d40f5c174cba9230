#pragma once
// Which WAF targets the server may send the suite's attacks to (issue 14; the SSRF policy of
// docs/adr/0017-waf-effectiveness-suite.md "Runs from the verification page"). A run from the
// verification page makes this server send thousands of attack requests to a URL a verifier typed,
// so the operator decides where that may go:
//   - `serve --waf-allow-targets HOST[:PORT],...` lists the hosts (names or addresses; with a port
//     only that port) a run may go to; the default is none;
//   - `serve --waf-allow-loopback` allows targets on this machine (127.0.0.0/8, ::1); default off.
// The host is resolved once; every address it resolves to must pass: never link-local
// (169.254.0.0/16 — cloud metadata — and fe80::/10), unspecified (0.0.0.0/8, ::), multicast or
// reserved (240.0.0.0/4); loopback only with --waf-allow-loopback; a private address (10/8,
// 172.16/12, 192.168/16, 100.64/10, fc00::/7) only when the allow-list names that very address, so
// a listed name cannot be pointed into the operator's network. The run then connects to the checked
// address (the Host header stays as written), so a second DNS answer cannot redirect it.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "waf/model.hpp"

namespace proven::services {

struct WafTargetPolicy {
  struct Entry {
    std::string host;  // lower case; an address in its canonical text (IPv6 without brackets)
    std::string port;  // "" for any port
  };
  std::vector<Entry> allow;
  bool allow_loopback = false;
};

// `--waf-allow-targets` values: each "HOST[:PORT]" (an IPv6 address as "[::1]:8080"), several
// separated by commas. Errors name the flag and the entry.
Result<std::vector<WafTargetPolicy::Entry>> ParseWafAllowTargets(const std::vector<std::string>& values);

enum class AddressClass { kPublic, kPrivate, kLoopback, kLinkLocal, kUnspecified, kMulticast, kReserved, kNotAnAddress };
// The class of a literal IPv4 or IPv6 address (IPv4-mapped IPv6 by its IPv4 address).
AddressClass ClassifyAddress(std::string_view address);

// Pure: may a run go to `target` (host and port as parsed) when its host resolved to `addresses`?
// Returns the address to connect to, or kPermissionDenied with a catalogue reason
// (error.waf_run.target_*) naming the host or the address.
Result<std::string> CheckWafTarget(const WafTargetPolicy& policy, const waf::Target& target,
                                   const std::vector<std::string>& addresses);

// Resolves the target's host once, checks it (CheckWafTarget) and returns the target to connect to:
// `host` the checked address, `authority` (the Host header) as written, `loopback` as resolved.
Result<waf::Target> ResolveAllowedWafTarget(const WafTargetPolicy& policy, const waf::Target& target);

}  // namespace proven::services
