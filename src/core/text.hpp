#pragma once
// UTF-8 helpers that need no ICU.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proven {

// Returns the byte offset of the first invalid sequence, or nullopt when `s` is valid UTF-8.
std::optional<std::size_t> FindInvalidUtf8(std::string_view s);

// Decodes one code point at `pos` (which must be valid UTF-8) and advances `pos`.
char32_t NextCodePoint(std::string_view s, std::size_t& pos);
void AppendUtf8(std::string& out, char32_t cp);

// Trims ASCII white space, U+3000 (ideographic space) and U+00A0 from both ends.
std::string_view Trim(std::string_view s);

// Splits on any of the given separator strings; trims items and drops empty ones.
std::vector<std::string> SplitList(std::string_view s, const std::vector<std::string_view>& seps);

// The start of `s`, cut at a code point boundary to at most `max_chars` characters,
// with "…" appended when something was cut.
std::string Ellipsize(std::string_view s, std::size_t max_chars);

std::string Join(const std::vector<std::string>& items, std::string_view sep);

bool IsAsciiAlnum(char32_t c);

}  // namespace proven
