#include "web/http_client.hpp"

#include <httplib.h>

#include <fmt/core.h>

#include "core/text.hpp"

namespace proven::web {

Result<std::string> HttpGet(const std::string& origin, const std::string& target) {
  httplib::Client client(origin);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(30, 0);
  client.set_write_timeout(10, 0);
  auto res = client.Get(target.c_str());
  if (!res) {
    return Fail(ErrorCode::kUnavailable, fmt::format("GET {}{}: {}", origin, target, httplib::to_string(res.error())));
  }
  if (res->status != 200) {
    std::string body = res->body.substr(0, 300);
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ' || body.back() == '\r')) body.pop_back();
    return Fail(ErrorCode::kUnavailable, fmt::format("GET {}{} answered {}: {}", origin, target, res->status, body));
  }
  return res->body;
}

}  // namespace proven::web
