#include "web/http.hpp"

#include <algorithm>

#include "web/http_parse.hpp"

namespace proven::web {

namespace {
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return Lower(x) < Lower(y); });
}

bool Request::has_header(std::string_view key) const { return headers.find(key) != headers.end(); }

std::string Request::get_header_value(std::string_view key) const {
  auto it = headers.find(key);
  return it == headers.end() ? std::string() : it->second;
}

bool Request::has_param(std::string_view key) const { return params.find(std::string(key)) != params.end(); }

std::string Request::get_param_value(std::string_view key) const {
  auto it = params.find(std::string(key));
  return it == params.end() ? std::string() : it->second;
}

const FormPart* Request::part(std::string_view name) const {
  for (const auto& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::int64_t PathId(const Request& req, std::size_t index) {
  if (index >= req.matches.size()) return -1;
  const std::string& text = req.matches[index];
  if (text.empty() || text.size() > 18) return -1;
  std::int64_t id = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    id = id * 10 + (c - '0');
  }
  return id;
}

std::string_view PathParam(const Request& req, std::size_t index) {
  return index < req.matches.size() ? std::string_view(req.matches[index]) : std::string_view();
}

std::string CookieValue(const Request& req, std::string_view name) {
  return CookieValue(std::string_view(req.get_header_value("Cookie")), name);
}

void SetCookie(Response& res, std::string_view name, std::string_view value, CookieOptions options) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Lax";
  if (options.secure) c += "; Secure";
  if (options.max_age >= 0) c += "; Max-Age=" + std::to_string(options.max_age);
  res.set_header("Set-Cookie", c);
}

void Response::set_header(std::string_view key, std::string_view value) {
  auto bad = [](std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos; };
  if (key.empty() || bad(key) || bad(value)) return;
  headers.emplace(std::string(key), std::string(value));
}

void Response::set_content(std::string body_in, std::string_view content_type) {
  body = std::move(body_in);
  headers.erase(std::string("Content-Type"));
  set_header("Content-Type", content_type);
}

}  // namespace proven::web
