#include "tlog/jcs.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <fmt/core.h>

namespace proven::tlog {
namespace {

// UTF-8 to UTF-16 code units, for ordering names; false when not UTF-8.
bool Utf16(const std::string& s, std::u16string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    int extra = 0;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      extra = 2;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      extra = 3;
    } else {
      return false;
    }
    for (int j = 1; j <= extra; ++j) {
      if (i + j >= s.size()) return false;
      const auto cc = static_cast<unsigned char>(s[i + j]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += extra + 1;
  }
  return true;
}

Status String(const std::string& s, std::string& out) {
  std::u16string check;
  if (!Utf16(s, check)) return Fail(ErrorCode::kInvalidArgument, "a string is not valid UTF-8");
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
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
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return {};
}

// ECMAScript's Number::toString for a finite double (RFC 8785 section 3.2.2.3).
std::string Number(double v) {
  if (v == 0) return "0";
  std::string out;
  if (v < 0) {
    out.push_back('-');
    v = -v;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, end);  // d.ddddde±XX, the shortest digits that read back
  const auto e_pos = sci.find('e');
  std::string digits;
  for (std::size_t i = 0; i < e_pos; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  const int exponent = std::atoi(sci.c_str() + e_pos + 1);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) out += "." + digits.substr(1);
    out += fmt::format("e{}{}", n - 1 >= 0 ? "+" : "-", std::abs(n - 1));
  }
  return out;
}

template <class Json>
Status Write(const Json& v, std::string& out) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: out += "null"; return {};
    case nlohmann::json::value_t::boolean: out += v.template get<bool>() ? "true" : "false"; return {};
    case nlohmann::json::value_t::number_integer: out += std::to_string(v.template get<std::int64_t>()); return {};
    case nlohmann::json::value_t::number_unsigned: out += std::to_string(v.template get<std::uint64_t>()); return {};
    case nlohmann::json::value_t::number_float: {
      const double d = v.template get<double>();
      if (!std::isfinite(d)) return Fail(ErrorCode::kInvalidArgument, "a number is not finite");
      out += Number(d);
      return {};
    }
    case nlohmann::json::value_t::string: return String(v.template get_ref<const std::string&>(), out);
    case nlohmann::json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.push_back(',');
        first = false;
        if (auto s = Write(e, out); !s) return s;
      }
      out.push_back(']');
      return {};
    }
    case nlohmann::json::value_t::object: {
      std::vector<std::pair<std::u16string, const std::string*>> names;
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::u16string u;
        if (!Utf16(it.key(), u)) return Fail(ErrorCode::kInvalidArgument, "a member name is not valid UTF-8");
        names.emplace_back(std::move(u), &it.key());
      }
      std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [u, name] : names) {
        if (!first) out.push_back(',');
        first = false;
        if (auto s = String(*name, out); !s) return s;
        out.push_back(':');
        if (auto s = Write(v.at(*name), out); !s) return s;
      }
      out.push_back('}');
      return {};
    }
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      return Fail(ErrorCode::kInvalidArgument, "a value has no JSON form");
  }
  return Fail(ErrorCode::kInvalidArgument, "a value has no JSON form");
}

}  // namespace

Result<std::string> Canonical(const nlohmann::json& value) {
  std::string out;
  if (auto s = Write(value, out); !s) return Fail(s.error());
  return out;
}

Result<std::string> Canonical(const nlohmann::ordered_json& value) {
  std::string out;
  if (auto s = Write(value, out); !s) return Fail(s.error());
  return out;
}

}  // namespace proven::tlog
