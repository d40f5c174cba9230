#include "waf/target.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <cstring>

namespace proven::waf {
namespace {

tl::unexpected<Error> Bad(std::string_view field, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, "target " + std::string(field) + ": " + std::move(message), {},
              std::string(field));
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

}  // namespace

bool IsLoopbackAddress(std::string_view address) {
  std::string a(address);
  if (a.size() >= 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  in_addr v4{};
  if (inet_pton(AF_INET, a.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, a.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    // ::ffff:127.x.y.z
    if (IN6_IS_ADDR_V4MAPPED(&v6)) return v6.s6_addr[12] == 127;
  }
  return false;
}

Result<bool> ResolvesToLoopbackOnly(const std::string& host, const std::string& port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0 || res == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "target host: " + host + " does not resolve", gai_strerror(rc), "host");
  }
  bool all = true;
  for (addrinfo* p = res; p != nullptr; p = p->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (p->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr, buf, sizeof buf);
    } else if (p->ai_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr, buf, sizeof buf);
    } else {
      all = false;
      continue;
    }
    if (!IsLoopbackAddress(buf)) all = false;
  }
  freeaddrinfo(res);
  return all;
}

Result<Target> ParseTargetSyntax(std::string_view url) {
  Target t;
  t.url = std::string(url);
  if (url.empty()) return Bad("url", "empty; give http://host[:port][/path]");
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return Bad("url", "contains a space, control or non-ASCII character");
    }
  }
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return Bad("scheme", "missing; give http://host[:port][/path]");
  std::string scheme(url.substr(0, sep));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https") {
    return Bad("scheme", "https is not supported (the suite sends exact bytes over plain TCP); put the WAF's http listener or a local TLS terminator in front");
  }
  if (scheme != "http") return Bad("scheme", "\"" + scheme + "\" is not supported; only http://");
  std::string_view rest = url.substr(sep + 3);
  const auto path_at = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_at);
  std::string_view path = path_at == std::string_view::npos ? std::string_view{} : rest.substr(path_at);
  if (authority.find('@') != std::string_view::npos) return Bad("host", "user information (user@) is not supported");
  if (authority.empty()) return Bad("host", "missing");
  std::string_view host;
  std::string_view port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Bad("host", "unterminated IPv6 literal");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Bad("host", "unexpected text after the IPv6 literal");
      port = after.substr(1);
      if (port.empty()) return Bad("port", "empty after ':'");
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, std::string(host).c_str(), &v6) != 1) return Bad("host", "not an IPv6 address");
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return Bad("port", "empty after ':'");
    }
    if (host.empty()) return Bad("host", "missing");
    for (const char c : host) {
      if (!IsHostChar(c)) return Bad("host", "invalid character '" + std::string(1, c) + "'");
    }
  }
  if (!port.empty()) {
    if (port.size() > 5) return Bad("port", "not a number from 1 to 65535");
    int n = 0;
    for (const char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return Bad("port", "not a number from 1 to 65535");
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > 65535) return Bad("port", "not a number from 1 to 65535");
    t.port = std::to_string(n);
  } else {
    t.port = "80";
  }
  if (path.find_first_of("?#") != std::string_view::npos) {
    return Bad("path", "a query or fragment is not allowed in the target URL (the suite adds its own)");
  }
  std::string base(path);
  while (!base.empty() && base.back() == '/') base.pop_back();
  t.base_path = base;
  t.host = std::string(host);
  const bool v6 = t.host.find(':') != std::string::npos;
  const std::string host_part = v6 ? "[" + t.host + "]" : t.host;
  t.authority = port.empty() ? host_part : host_part + ":" + t.port;
  return t;
}

Result<Target> ParseTarget(std::string_view url) {
  auto t = ParseTargetSyntax(url);
  if (!t) return t;
  auto loop = ResolvesToLoopbackOnly(t->host, t->port);
  if (!loop) return Fail(loop.error());
  t->loopback = *loop;
  return t;
}

}  // namespace proven::waf
