#pragma once
// Text files as users save them: UTF-8 (with or without BOM) or CP932/Shift_JIS from Excel.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace proven {

enum class TextEncoding { kUtf8, kUtf8Bom, kCp932 };
std::string_view TextEncodingName(TextEncoding e);

struct DecodedText {
  std::string utf8;
  TextEncoding encoding = TextEncoding::kUtf8;
};

// Detects the encoding and returns UTF-8 text. Fails with kInvalidArgument naming the line and
// byte offset when the bytes are neither valid UTF-8 nor valid CP932.
Result<DecodedText> DecodeText(std::string_view bytes);

// UTF-8 text as CP932 (Windows-31J, what older Excel reads as Shift_JIS), without a BOM.
// Characters CP932 cannot hold (emoji, most characters outside JIS X 0208 and its NEC/IBM
// extensions) become "?" and are counted; common look-alikes (WAVE DASH 〜 and the like) use
// CP932's fallback mappings. Fails with kInvalidArgument only when `utf8` is not valid UTF-8.
struct Cp932Text {
  std::string bytes;
  std::size_t unmappable = 0;
};
Result<Cp932Text> Utf8ToCp932(std::string_view utf8);

}  // namespace proven
