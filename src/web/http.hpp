#pragma once
// The request and response every handler sees. Plain data filled by the HTTP server
// (http_server.hpp) after the whole head and body have arrived within their deadlines and
// limits; handlers never touch a socket. Member names follow cpp-httplib's, which this layer
// replaced (docs/adr/0006).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace proven::web {

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using Params = std::multimap<std::string, std::string>;

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string filename;      // empty for a plain field
  std::string content_type;  // as the client said; never trusted for anything but display
  std::string content;
};

struct Request {
  std::string method;  // GET for HEAD requests too (the server drops the body); see `head`
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded
  Headers headers;
  std::string body;
  Params params;                 // the query string only
  Params form;                   // an application/x-www-form-urlencoded body, or multipart text fields
  std::vector<FormPart> parts;   // a multipart/form-data body, every part in order
  std::vector<std::string> matches;  // [0] the path, [1..] the route's path parameters
  std::string remote_addr;
  bool head = false;

  bool has_header(std::string_view key) const;
  std::string get_header_value(std::string_view key) const;  // first value, or ""
  bool has_param(std::string_view key) const;
  std::string get_param_value(std::string_view key) const;  // first value, or ""
  // The first multipart part with this name, or nullptr.
  const FormPart* part(std::string_view name) const;
};

// Path parameter `index` of the route (1 = the first placeholder) as an id; -1 when absent.
// Routes match `{id}` only on 1 to 18 digits, so this never overflows.
std::int64_t PathId(const Request& req, std::size_t index = 1);
// Path parameter `index` as matched (`{decision:approve|reject}` gives "approve" or "reject");
// "" when absent.
std::string_view PathParam(const Request& req, std::size_t index);

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // Adds a header (several Set-Cookie are allowed). A value holding CR, LF or NUL is dropped:
  // it could split the response.
  void set_header(std::string_view key, std::string_view value);
  void set_content(std::string body_in, std::string_view content_type);
  bool has_header(std::string_view key) const { return headers.find(key) != headers.end(); }
};

// Cookies, read and set here only. Every cookie this server sets is Path=/, HttpOnly and
// SameSite=Lax (no script reads one), with Secure when the server is behind HTTPS.
struct CookieOptions {
  bool secure = false;  // AppContext::secure_cookies
  long max_age = -1;    // seconds; -1: until the browser closes; 0: delete it now
};
// The value of cookie `name` in the request's Cookie header, or "".
std::string CookieValue(const Request& req, std::string_view name);
// Adds a Set-Cookie header (several may be set on one response).
void SetCookie(Response& res, std::string_view name, std::string_view value, CookieOptions options);

}  // namespace proven::web
