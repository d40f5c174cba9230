#include "web/http_parse.hpp"

#include <fmt/core.h>

namespace proven::web {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `key` in a header value such as `form-data; name="a"; filename="b"`.
// Quoted values end at the next unescaped quote.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view key) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    const std::size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = TrimSpace(header.substr(i, eq - i));
    std::size_t j = eq + 1;
    std::string value;
    if (j < header.size() && header[j] == '"') {
      ++j;
      while (j < header.size() && header[j] != '"') {
        if (header[j] == '\\' && j + 1 < header.size()) ++j;
        value += header[j++];
      }
      if (j < header.size()) ++j;  // closing quote
      const std::size_t semi = header.find(';', j);
      i = semi;
    } else {
      const std::size_t semi = header.find(';', j);
      value = std::string(TrimSpace(header.substr(j, semi == std::string_view::npos ? std::string_view::npos : semi - j)));
      i = semi;
    }
    if (IEquals(name, key)) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_as_space && c == '+') ? ' ' : c;
  }
  return out;
}

Params ParseQueryString(std::string_view query) {
  Params out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    if (key.empty()) continue;
    std::string value = eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true);
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

Target SplitTarget(std::string_view target) {
  const std::size_t q = target.find('?');
  Target t;
  t.path = PercentDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) t.query = std::string(target.substr(q + 1));
  return t;
}

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (!IEquals(TrimSpace(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
  auto b = HeaderParam(content_type, "boundary");
  // RFC 2046: 1 to 70 characters.
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                             std::size_t max_parts) {
  auto bad = [](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("the multipart body is malformed: {}", why));
  };
  if (boundary.empty()) return bad("no boundary");
  const std::string delimiter = "--" + std::string(boundary);
  // The first delimiter may be preceded by a preamble; every later one follows a CRLF.
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return bad("no boundary line");
  if (pos != 0 && (pos < 2 || body.substr(pos - 2, 2) != "\r\n")) return bad("no boundary line");
  const std::string next_delimiter = "\r\n" + delimiter;
  std::vector<FormPart> parts;
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding, then CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return bad("a boundary line does not end with CRLF");
    pos += 2;
    if (parts.size() >= max_parts) return bad(fmt::format("more than {} parts", max_parts));
    FormPart part;
    bool has_name = false;
    // Part headers, up to an empty line.
    while (true) {
      const std::size_t eol = body.find("\r\n", pos);
      if (eol == std::string_view::npos) return bad("a part's headers do not end");
      const std::string_view line = body.substr(pos, eol - pos);
      pos = eol + 2;
      if (line.empty()) break;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return bad("a part header has no ':'");
      const std::string_view name = TrimSpace(line.substr(0, colon));
      const std::string_view value = TrimSpace(line.substr(colon + 1));
      if (IEquals(name, "Content-Disposition")) {
        const std::size_t semi = value.find(';');
        if (!IEquals(TrimSpace(value.substr(0, semi)), "form-data")) return bad("a part is not form-data");
        if (auto n = HeaderParam(value, "name")) {
          part.name = *n;
          has_name = true;
        }
        if (auto f = HeaderParam(value, "filename")) part.filename = *f;
      } else if (IEquals(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    if (!has_name) return bad("a part has no name");
    const std::size_t end = body.find(next_delimiter, pos);
    if (end == std::string_view::npos) return bad("the closing boundary is missing");
    part.content = std::string(body.substr(pos, end - pos));
    parts.push_back(std::move(part));
    pos = end + next_delimiter.size();
  }
}

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t semi = header.find(';');
    const std::string_view pair = TrimSpace(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (TrimSpace(pair.substr(0, eq)) == name) {
      std::string_view v = TrimSpace(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return {};
}

std::optional<std::string> SafeLocalPath(std::string_view next) {
  // The WHATWG URL parser strips leading and trailing C0 controls and spaces, removes every tab
  // and newline, and reads '\' as '/' in special (http) URLs.
  while (!next.empty() && static_cast<unsigned char>(next.front()) <= 0x20) next.remove_prefix(1);
  while (!next.empty() && static_cast<unsigned char>(next.back()) <= 0x20) next.remove_suffix(1);
  std::string seen;
  seen.reserve(next.size());
  for (const char c : next) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::nullopt;
    seen += c == '\\' ? '/' : c;
  }
  if (seen.empty() || seen[0] != '/') return std::nullopt;
  if (seen.size() > 1 && seen[1] == '/') return std::nullopt;  // scheme-relative: //host
  return seen;
}

}  // namespace proven::web

namespace proven::web {

namespace {

// The next segment of `s` after a leading '/', advancing `s`.
std::string_view NextSegment(std::string_view& s) {
  s.remove_prefix(1);
  const std::size_t slash = s.find('/');
  const std::string_view seg = s.substr(0, slash);
  s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  return seg;
}

// The literal text after a placeholder in the same segment ("{version}.pdf" → ".pdf").
std::string_view PlaceholderSuffix(std::string_view pat) {
  const std::size_t close = pat.find('}');
  return close == std::string_view::npos ? std::string_view() : pat.substr(close + 1);
}

bool SegmentMatches(std::string_view pat, std::string_view seg) {
  if (pat.size() >= 2 && pat.front() == '{' && pat.back() != '}') {
    const std::string_view suffix = PlaceholderSuffix(pat);
    if (suffix.empty() || !seg.ends_with(suffix) || seg.size() == suffix.size()) return false;
    pat.remove_suffix(suffix.size());
    seg.remove_suffix(suffix.size());
  }
  if (pat.size() < 2 || pat.front() != '{' || pat.back() != '}') return pat == seg;
  const std::string_view inner = pat.substr(1, pat.size() - 2);
  const std::size_t colon = inner.find(':');
  if (inner == "token") {  // {token}: an opaque URL-safe secret (base64url), 16 to 128 characters
    if (seg.size() < 16 || seg.size() > 128) return false;
    for (const char c : seg) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
      if (!ok) return false;
    }
    return true;
  }
  if (inner == "date") {  // {date}: YYYY-MM-DD (whether the date exists is the handler's to say)
    if (seg.size() != 10) return false;
    for (std::size_t i = 0; i < seg.size(); ++i) {
      const bool ok = (i == 4 || i == 7) ? seg[i] == '-' : (seg[i] >= '0' && seg[i] <= '9');
      if (!ok) return false;
    }
    return true;
  }
  if (inner == "vuln") {  // {vuln}: a vulnerability id (GHSA-…, CVE-…, PYSEC-…, RUSTSEC-…), 3 to 64 characters
    if (seg.size() < 3 || seg.size() > 64) return false;
    for (const char c : seg) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                      c == '_' || c == '.' || c == ':';
      if (!ok) return false;
    }
    return true;
  }
  if (inner == "code" || inner == "baseline") {  // {code}, {baseline}: a stable code ("TI-NET-01", "5.1-1", "jc-star-1")
    if (seg.empty() || seg.size() > 64) return false;
    for (const char c : seg) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                      c == '_' || c == '.';
      if (!ok) return false;
    }
    return true;
  }
  if (colon == std::string_view::npos) {  // {id}
    if (seg.empty() || seg.size() > 18) return false;
    for (const char c : seg) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
  std::string_view choices = inner.substr(colon + 1);
  while (true) {
    const std::size_t bar = choices.find('|');
    if (choices.substr(0, bar) == seg) return true;
    if (bar == std::string_view::npos) return false;
    choices.remove_prefix(bar + 1);
  }
}

}  // namespace

bool MatchRoute(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
  if (pattern == "/" || path == "/") return pattern == path;
  while (!pattern.empty() && !path.empty()) {
    const std::string_view pat = NextSegment(pattern);
    const std::string_view seg = NextSegment(path);
    if (!SegmentMatches(pat, seg)) {
      params.clear();
      return false;
    }
    if (pat.size() >= 2 && pat.front() == '{') params.emplace_back(seg.substr(0, seg.size() - PlaceholderSuffix(pat).size()));
  }
  if (!pattern.empty() || !path.empty()) {
    params.clear();
    return false;
  }
  return true;
}

std::string ExamplePath(std::string_view pattern) {
  std::string out;
  while (!pattern.empty()) {
    const std::size_t open = pattern.find('{');
    out += pattern.substr(0, open);
    if (open == std::string_view::npos) break;
    const std::size_t close = pattern.find('}', open);
    const std::string_view inner = pattern.substr(open + 1, close - open - 1);
    const std::size_t colon = inner.find(':');
    if (inner == "token") {
      out += "example-token-0123456789";
    } else if (inner == "date") {
      out += "2026-04-01";
    } else if (inner == "vuln") {
      out += "GHSA-xxxx-xxxx-xxxx";
    } else if (colon == std::string_view::npos) {
      out += "1";
    } else {
      out += inner.substr(colon + 1, inner.find('|', colon) - colon - 1);
    }
    pattern = close == std::string_view::npos ? std::string_view() : pattern.substr(close + 1);
  }
  return out;
}

}  // namespace proven::web
