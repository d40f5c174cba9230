#include "waf/placements.hpp"

#include <fmt/format.h>

#include "waf/encoders.hpp"

namespace proven::waf {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool IsAlnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsUnreserved(unsigned char c) { return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool IsSubDelim(unsigned char c) { return std::string_view("!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos; }

template <typename Keep>
std::string Percent(std::string_view v, Keep keep) {
  std::string out;
  out.reserve(v.size());
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (keep(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

bool HeaderUnsafe(std::string_view v) { return v.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos; }

bool IsLinePlacement(Placement p) {
  return p == Placement::kQuery || p == Placement::kPath || p == Placement::kHeaderCustom || p == Placement::kHeaderNamed ||
         p == Placement::kCookie || p == Placement::kUserAgent || p == Placement::kReferer;
}

bool IsHeaderPlacement(Placement p) {
  return p == Placement::kHeaderCustom || p == Placement::kHeaderNamed || p == Placement::kUserAgent || p == Placement::kReferer;
}

// The value as the placement writes it (carrier applied unless a percent-family encoder did it).
std::string Carried(const PlacementInput& in) {
  const bool percent = IsPercentFamily(in.encoder);
  switch (in.placement) {
    case Placement::kQuery:
      return percent ? in.value : QueryCarrier(in.value);
    case Placement::kPath:
      if (percent) return in.value;
      return in.verbatim && in.encoder == Encoder::kPlain ? VerbatimPath(in.value) : PathCarrier(in.value);
    case Placement::kForm:
      return percent ? in.value : FormCarrier(in.value);
    case Placement::kCookie:
      return percent ? in.value : CookieCarrier(in.value);
    case Placement::kMultipartFilename: {
      std::string out;
      for (const char ch : in.value) {
        if (ch == '"') out += "%22";
        else if (ch == '\r') out += "%0D";
        else if (ch == '\n') out += "%0A";
        else out += ch;
      }
      return out;
    }
    case Placement::kJsonValue:
    case Placement::kJsonKey:
      return JsonString(in.value);
    case Placement::kXmlText:
      return XmlEscape(in.value, false);
    case Placement::kXmlAttr:
      return XmlEscape(in.value, true);
    default:
      return in.value;
  }
}

std::string Head(std::string_view method, std::string_view target, bool user_agent) {
  std::string out = fmt::format("{} {{{{proven:base}}}}/{} HTTP/1.1\r\nHost: {{{{proven:host}}}}\r\n", method, target);
  if (user_agent) out += fmt::format("User-Agent: {}\r\n", kUserAgent);
  out += "Accept: */*\r\n";
  return out;
}

std::string WithBody(std::string head, std::string_view content_type, std::string_view body) {
  head += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n\r\n", content_type, body.size());
  head += body;
  return head;
}

std::string Boundary(const PlacementInput& in) { return "----proven" + in.boundary_token; }

}  // namespace

std::string QueryCarrier(std::string_view v) {
  return Percent(v, [](unsigned char c) {
    return IsUnreserved(c) || (IsSubDelim(c) && c != '&' && c != '=' && c != '+' && c != ';') || c == ':' || c == '@' ||
           c == '/' || c == '?';
  });
}

std::string PathCarrier(std::string_view v) {
  return Percent(v, [](unsigned char c) { return IsUnreserved(c) || IsSubDelim(c) || c == ':' || c == '@'; });
}

std::string VerbatimPath(std::string_view v) {
  return Percent(v, [](unsigned char c) { return c > 0x20 && c < 0x7F && c != '#' && c != '?'; });
}

std::string FormCarrier(std::string_view v) {
  std::string out;
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAlnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string CookieCarrier(std::string_view v) {
  return Percent(v, [](unsigned char c) {
    return !(c < 0x20 || c == 0x7F || c == ';' || c == ',' || c == ' ' || c == '%' || c == '"');
  });
}

std::string JsonString(std::string_view v) {
  std::string out;
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string XmlEscape(std::string_view v, bool attribute) {
  std::string out;
  for (const char ch : v) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) {
          out += "&quot;";
        } else {
          out += ch;
        }
        break;
      default: out += ch;
    }
  }
  return out;
}

bool ValidUtf8(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size()) {
    const auto c = static_cast<unsigned char>(v[i]);
    int len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (len == 0 || i + len > v.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(v[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    i += static_cast<std::size_t>(len);
  }
  return true;
}

std::optional<std::string> Unrepresentable(const PlacementInput& in) {
  const Placement p = in.placement;
  if (p == Placement::kRawRequest) return "raw_request needs the case's request";
  if (IsHeaderPlacement(p) && HeaderUnsafe(in.value)) return "CR, LF or NUL in a header placement";
  if (p == Placement::kCookie && IsPercentFamily(in.encoder) && HeaderUnsafe(in.value)) return "CR, LF or NUL in a header placement";
  if (IsLinePlacement(p) && Carried(in).size() > kMaxLineValue) return "too long for a request-line or header placement (nginx's 8 KiB buffers)";
  if ((p == Placement::kJsonValue || p == Placement::kJsonKey || p == Placement::kXmlText || p == Placement::kXmlAttr) &&
      !ValidUtf8(in.value)) {
    return "invalid UTF-8 in a JSON or XML placement";
  }
  if (p == Placement::kXmlText || p == Placement::kXmlAttr) {
    for (const char ch : in.value) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "a control character XML cannot carry";
    }
  }
  if ((p == Placement::kMultipartField || p == Placement::kMultipartFilename) &&
      in.value.find(Boundary(in)) != std::string::npos) {
    return "the value contains the multipart boundary";
  }
  return std::nullopt;
}

std::string BuildRequest(const PlacementInput& in) {
  const std::string v = Carried(in);
  switch (in.placement) {
    case Placement::kQuery:
      return Head("GET", "?" + in.name + "=" + v, true) + "\r\n";
    case Placement::kPath:
      return Head("GET", v, true) + "\r\n";
    case Placement::kHeaderCustom:
      return Head("GET", "", true) + "X-" + in.name + ": " + v + "\r\n\r\n";
    case Placement::kHeaderNamed:
      return Head("GET", "", true) + in.named_header + ": " + v + "\r\n\r\n";
    case Placement::kCookie:
      return Head("GET", "", true) + "Cookie: " + in.name + "=" + v + "\r\n\r\n";
    case Placement::kUserAgent:
      return Head("GET", "", false) + "User-Agent: " + v + "\r\n\r\n";
    case Placement::kReferer:
      return Head("GET", "", true) + "Referer: " + v + "\r\n\r\n";
    case Placement::kForm:
      return WithBody(Head("POST", "", true), "application/x-www-form-urlencoded", in.name + "=" + v);
    case Placement::kMultipartField:
    case Placement::kMultipartFilename: {
      const std::string boundary = Boundary(in);
      std::string body = "--" + boundary + "\r\n";
      if (in.placement == Placement::kMultipartField) {
        body += "Content-Disposition: form-data; name=\"" + in.name + "\"\r\n\r\n" + v + "\r\n";
      } else {
        body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + v +
                "\"\r\nContent-Type: application/octet-stream\r\n\r\nPROV\r\n";
      }
      body += "--" + boundary + "--\r\n";
      return WithBody(Head("POST", "", true), "multipart/form-data; boundary=" + boundary, body);
    }
    case Placement::kJsonValue:
      return WithBody(Head("POST", "", true), "application/json", "{\"" + in.name + "\":\"" + v + "\"}");
    case Placement::kJsonKey:
      return WithBody(Head("POST", "", true), "application/json", "{\"" + v + "\":\"x\"}");
    case Placement::kXmlText:
      return WithBody(Head("POST", "", true), "application/xml",
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root><v>" + v + "</v></root>");
    case Placement::kXmlAttr:
      return WithBody(Head("POST", "", true), "application/xml",
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root><v a=\"" + v + "\"/></root>");
    case Placement::kRawBody:
      return WithBody(Head("POST", "", true), in.content_type.empty() ? "text/plain" : in.content_type, v);
    case Placement::kRawRequest:
      break;
  }
  return {};
}

}  // namespace proven::waf
