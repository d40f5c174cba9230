#include "domain/limits.hpp"

#include <fmt/core.h>

#include "core/text.hpp"

namespace proven::domain {

const TextLimit& LimitOf(ServiceField field) {
  switch (field) {
    case ServiceField::kName: return kNameLimit;
    case ServiceField::kProvider: return kProviderLimit;
    case ServiceField::kAddress: return kAddressLimit;
    case ServiceField::kOverview: return kOverviewLimit;
    case ServiceField::kIndustries: return kIndustriesLimit;
    case ServiceField::kRegions: return kRegionsLimit;
    case ServiceField::kRegisteredOn: return kRegisteredOnLimit;
    case ServiceField::kExpiresOn: return kExpiresOnLimit;
    case ServiceField::kRegistrar: return kRegistrarLimit;
    case ServiceField::kType: return kTypeLimit;
    case ServiceField::kUrl: return kUrlLimit;
    case ServiceField::kRegistrationNumber: return kRegistrationNumberLimit;
  }
  return kNameLimit;
}

std::size_t CountChars(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string WithThousandsSeparators(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::optional<Problem> TextProblem(const TextLimit& limit, std::string_view given) {
  auto problem = [&](std::string message, std::string key, MessageArgs args) {
    return Problem{std::string(limit.field), std::move(message), Reason{std::move(key), std::move(args)}};
  };
  if (const std::size_t chars = CountChars(given); chars > limit.max_chars) {
    const std::string n = WithThousandsSeparators(chars), max = WithThousandsSeparators(limit.max_chars);
    return problem(fmt::format("is {} characters long; at most {} are allowed", n, max), "error.text.too_long",
                   {{"chars", n}, {"max", max}});
  }
  const std::string_view value = Trim(given);
  if (auto bad = FindInvalidUtf8(value)) {
    const std::string byte = fmt::format("{:02X}", static_cast<unsigned char>(value[*bad]));
    return problem(fmt::format("is not valid UTF-8 (invalid byte 0x{} at byte offset {})", byte, *bad),
                   "error.text.invalid_utf8", {{"byte", byte}, {"offset", std::to_string(*bad)}});
  }
  std::size_t position = 0;  // 1-based, in characters
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u & 0xC0) != 0x80) ++position;
    if (u >= 0x20 && u != 0x7F) continue;
    if (c == '\t') continue;
    if (c == '\n' || c == '\r') {
      if (limit.line_breaks) continue;
      return problem(fmt::format("has a line break at character {}; it must be a single line", position),
                     "error.text.line_break", {{"position", std::to_string(position)}});
    }
    const std::string code = fmt::format("{:04X}", static_cast<unsigned>(u));
    return problem(fmt::format("contains the control character U+{} at character {}; control characters "
                               "other than tab and line breaks are not allowed",
                               code, position),
                   "error.text.control_character", {{"character", code}, {"position", std::to_string(position)}});
  }
  return std::nullopt;
}

Status CheckText(const TextLimit& limit, std::string_view value) {
  if (auto problem = TextProblem(limit, value)) {
    return Fail(std::move(problem->reason), ErrorCode::kInvalidArgument,
                fmt::format("{}: {}", limit.field, problem->message), {}, std::string(limit.field));
  }
  return {};
}

}  // namespace proven::domain
