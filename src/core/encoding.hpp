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

}  // namespace proven
