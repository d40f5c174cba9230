#pragma once
// Cookies the server set, for API tests that sign in through the pages.
#include <httplib.h>

#include <string>

namespace proven::testing {

// The value of the cookie `name` from a response's Set-Cookie headers ("" when not set).
inline std::string CookieFrom(const httplib::Result& r, const std::string& name) {
  for (const auto& [k, v] : r->headers) {
    if (k == "Set-Cookie" && v.starts_with(name + "=")) return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
  }
  return {};
}

}  // namespace proven::testing
