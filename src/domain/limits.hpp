#pragma once
// How long each stored text may be, and which characters it may hold: every limit in one place.
// Lengths are counted in Unicode code points (characters), so 200 means 200 kanji or 200 ASCII
// letters, in the value as given. A value is checked before anything else (trimming included) reads it, so a megabyte of text is refused
// in one linear pass with a message naming the field and its limit.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/service_fields.hpp"

namespace proven::domain {

struct TextLimit {
  std::string_view field;  // the name used in messages: url, reason, ...
  std::size_t max_chars;
  bool line_breaks;  // may the value hold LF and CR (TAB is always allowed)
};

inline constexpr TextLimit kNameLimit{"name", 200, false};
inline constexpr TextLimit kProviderLimit{"provider", 200, false};
// A postal code may stand on its own line above the address.
inline constexpr TextLimit kAddressLimit{"address", 300, true};
inline constexpr TextLimit kOverviewLimit{"overview", 4000, true};
// Industries and regions: the whole cell, then each item of the list.
inline constexpr TextLimit kIndustriesLimit{"industries", 2000, true};
inline constexpr TextLimit kRegionsLimit{"regions", 2000, true};
inline constexpr std::size_t kMaxListItemChars = 100;
inline constexpr TextLimit kRegisteredOnLimit{"registered_on", 64, true};
inline constexpr TextLimit kExpiresOnLimit{"expires_on", 64, true};
inline constexpr TextLimit kRegistrarLimit{"registrar", 200, false};
inline constexpr TextLimit kTypeLimit{"type", 100, false};
inline constexpr TextLimit kUrlLimit{"url", 2048, false};
inline constexpr TextLimit kRegistrationNumberLimit{"registration_number", 64, false};
// The free-text reason of a registrar action: suspend, resume, revoke, renew, reject a proposal.
inline constexpr TextLimit kReasonLimit{"reason", 2000, true};

// The limit of one column of the registry list.
const TextLimit& LimitOf(ServiceField field);

// Code points in `s`; for invalid UTF-8, the bytes that do not continue a sequence.
std::size_t CountChars(std::string_view s);

// 60000 → "60,000".
std::string WithThousandsSeparators(std::size_t n);

// Checks, in this order and in one pass each: the length of the value as given (white space
// counts: 100,000 spaces are refused, not trimmed to nothing first), then, in the value trimmed
// of white space at both ends, UTF-8 validity and control characters (NUL and every C0 control
// but TAB, LF and CR, and DEL, are always refused; LF and CR too when the limit says so).
// nullopt when the value is fine; otherwise the problem, without the field's name: "is 60,000
// characters long; at most 2,048 are allowed" with its catalogue reason ("error.text.too_long",
// {chars, max}). Positions count characters of the trimmed value. The field is limit.field.
std::optional<Problem> TextProblem(const TextLimit& limit, std::string_view given);

// TextProblem as a Status: kInvalidArgument with `field` set to limit.field and a message that
// names it: "url: is 60,000 characters long; at most 2,048 are allowed".
Status CheckText(const TextLimit& limit, std::string_view value);

// The reason of a registrar action (CheckText with kReasonLimit).
inline Status CheckReason(std::string_view reason) { return CheckText(kReasonLimit, reason); }

}  // namespace proven::domain
