#include "services/programme/waf_target_policy.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/core.h>

#include "core/text.hpp"

namespace proven::services {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The canonical text of an address literal, or the lower-cased name.
std::string CanonicalHost(std::string_view host) {
  std::string h(host);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return h;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, &v6, buf, sizeof buf);
    return buf;
  }
  return Lower(h);
}

AddressClass ClassifyV4(std::uint32_t a) {
  const auto in = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  if (in(0x7F000000u, 8)) return AddressClass::kLoopback;
  if (in(0xA9FE0000u, 16)) return AddressClass::kLinkLocal;
  if (in(0x00000000u, 8)) return AddressClass::kUnspecified;
  if (in(0xE0000000u, 4)) return AddressClass::kMulticast;
  if (in(0xF0000000u, 4)) return AddressClass::kReserved;  // with 255.255.255.255
  if (in(0x0A000000u, 8) || in(0xAC100000u, 12) || in(0xC0A80000u, 16) || in(0x64400000u, 10)) {
    return AddressClass::kPrivate;
  }
  return AddressClass::kPublic;
}

tl::unexpected<Error> Refuse(std::string key, std::string name, std::string value, std::string message) {
  return Fail(Reason{std::move(key), {{name, value}}}, ErrorCode::kPermissionDenied, std::move(message), {}, "waf_target");
}

}  // namespace

AddressClass ClassifyAddress(std::string_view address) {
  std::string a(address);
  if (a.size() >= 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  in_addr v4{};
  if (inet_pton(AF_INET, a.c_str(), &v4) == 1) return ClassifyV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, a.c_str(), &v6) != 1) return AddressClass::kNotAnAddress;
  const unsigned char* b = v6.s6_addr;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    return ClassifyV4((std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) | (std::uint32_t{b[14]} << 8) | b[15]);
  }
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return AddressClass::kLoopback;
  if (IN6_IS_ADDR_UNSPECIFIED(&v6)) return AddressClass::kUnspecified;
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return AddressClass::kLinkLocal;  // fe80::/10
  if (b[0] == 0xFF) return AddressClass::kMulticast;
  if ((b[0] & 0xFE) == 0xFC) return AddressClass::kPrivate;  // fc00::/7
  return AddressClass::kPublic;
}

Result<std::vector<WafTargetPolicy::Entry>> ParseWafAllowTargets(const std::vector<std::string>& values) {
  std::vector<WafTargetPolicy::Entry> out;
  for (const auto& value : values) {
    for (const auto& raw : SplitList(value, {","})) {
      const std::string text(Trim(raw));
      if (text.empty()) continue;
      auto bad = [&](std::string_view why) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("--waf-allow-targets: '{}': {}", Ellipsize(text, 80), why),
                    {}, "waf-allow-targets");
      };
      WafTargetPolicy::Entry e;
      std::string host = text, port;
      bool has_port = false;
      if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos) return bad("unterminated IPv6 address");
        host = text.substr(1, close - 1);
        const std::string rest = text.substr(close + 1);
        if (!rest.empty()) {
          if (rest.front() != ':') return bad("give HOST[:PORT], an IPv6 address as [ADDRESS]:PORT");
          port = rest.substr(1);
          has_port = true;
        }
        if (ClassifyAddress(host) == AddressClass::kNotAnAddress) return bad("not an IPv6 address");
      } else if (std::count(text.begin(), text.end(), ':') == 1) {
        const auto colon = text.find(':');
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        has_port = true;
      } else if (text.find(':') != std::string::npos) {
        return bad("an IPv6 address goes in brackets: [ADDRESS] or [ADDRESS]:PORT");
      }
      if (host.empty() || host.find_first_of("/@?# ") != std::string::npos || host.find("://") != std::string::npos) {
        return bad("give a host name or address, optionally with :PORT (no scheme or path)");
      }
      if (has_port && (port.empty() || port.size() > 5 ||
                                                  port.find_first_not_of("0123456789") != std::string::npos ||
                                                  std::stoi(port) < 1 || std::stoi(port) > 65535)) {
        return bad("the port must be a number from 1 to 65535");
      }
      e.host = CanonicalHost(host);
      e.port = port.empty() ? "" : std::to_string(std::stoi(port));
      out.push_back(std::move(e));
    }
  }
  return out;
}

Result<std::string> CheckWafTarget(const WafTargetPolicy& policy, const waf::Target& target,
                                   const std::vector<std::string>& addresses) {
  const std::string host = CanonicalHost(target.host);
  if (addresses.empty()) {
    return Refuse("error.waf_run.target_unresolved", "host", host, fmt::format("{} does not resolve", host));
  }
  const WafTargetPolicy::Entry* listed = nullptr;
  for (const auto& e : policy.allow) {
    if (e.host == host && (e.port.empty() || e.port == target.port)) {
      listed = &e;
      break;
    }
  }
  for (const auto& address : addresses) {
    const std::string a = CanonicalHost(address);
    switch (ClassifyAddress(a)) {
      case AddressClass::kLoopback:
        if (!policy.allow_loopback) {
          return Refuse("error.waf_run.target_loopback", "host", host,
                        fmt::format("{} is on this machine ({}), and this server was not started with "
                                    "--waf-allow-loopback",
                                    host, a));
        }
        break;
      case AddressClass::kLinkLocal:
      case AddressClass::kUnspecified:
      case AddressClass::kMulticast:
      case AddressClass::kReserved:
      case AddressClass::kNotAnAddress:
        return Refuse("error.waf_run.target_address_forbidden", "address", a,
                      fmt::format("{} resolves to {}, a link-local, unspecified, multicast or reserved address: never "
                                  "a WAF target",
                                  host, a));
      case AddressClass::kPrivate:
        if (!listed) break;  // refused below as not listed
        if (listed->host != a) {
          return Refuse("error.waf_run.target_private", "address", a,
                        fmt::format("{} resolves to the private address {}; list that address itself in "
                                    "--waf-allow-targets to allow it",
                                    host, a));
        }
        break;
      case AddressClass::kPublic: break;
    }
    if (ClassifyAddress(a) != AddressClass::kLoopback && !listed) {
      return Refuse("error.waf_run.target_not_allowed", "host", host,
                    fmt::format("{} is not among the targets this server may run the suite against "
                                "(serve --waf-allow-targets)",
                                target.port == "80" ? host : host + ":" + target.port));
    }
  }
  return CanonicalHost(addresses.front());
}

Result<waf::Target> ResolveAllowedWafTarget(const WafTargetPolicy& policy, const waf::Target& target) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  std::string host = target.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::vector<std::string> addresses;
  if (getaddrinfo(host.c_str(), target.port.c_str(), &hints, &res) == 0) {
    for (addrinfo* p = res; p != nullptr; p = p->ai_next) {
      char buf[INET6_ADDRSTRLEN] = {};
      if (p->ai_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr, buf, sizeof buf);
      } else if (p->ai_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr, buf, sizeof buf);
      } else {
        continue;
      }
      if (std::find(addresses.begin(), addresses.end(), buf) == addresses.end()) addresses.emplace_back(buf);
    }
    freeaddrinfo(res);
  }
  auto address = CheckWafTarget(policy, target, addresses);
  if (!address) return Fail(address.error());
  waf::Target out = target;
  out.host = *address;
  out.loopback = std::all_of(addresses.begin(), addresses.end(),
                             [](const std::string& a) { return ClassifyAddress(a) == AddressClass::kLoopback; });
  return out;
}

}  // namespace proven::services
