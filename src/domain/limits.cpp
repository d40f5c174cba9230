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

std::optional<std::string> TextProblem(const TextLimit& limit, std::string_view given) {
  if (const std::size_t chars = CountChars(given); chars > limit.max_chars) {
    return fmt::format("is {} characters long; at most {} are allowed", WithThousandsSeparators(chars),
                       WithThousandsSeparators(limit.max_chars));
  }
  const std::string_view value = Trim(given);
  if (auto bad = FindInvalidUtf8(value)) {
    return fmt::format("is not valid UTF-8 (invalid byte 0x{:02X} at byte offset {})",
                       static_cast<unsigned char>(value[*bad]), *bad);
  }
  std::size_t position = 0;  // 1-based, in characters
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u & 0xC0) != 0x80) ++position;
    if (u >= 0x20 && u != 0x7F) continue;
    if (c == '\t') continue;
    if (c == '\n' || c == '\r') {
      if (limit.line_breaks) continue;
      return fmt::format("has a line break at character {}; it must be a single line", position);
    }
    return fmt::format("contains the control character U+{:04X} at character {}; control characters "
                       "other than tab and line breaks are not allowed",
                       static_cast<unsigned>(u), position);
  }
  return std::nullopt;
}

Status CheckText(const TextLimit& limit, std::string_view value) {
  if (auto problem = TextProblem(limit, value)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", limit.field, *problem), {},
                std::string(limit.field));
  }
  return {};
}

}  // namespace proven::domain
