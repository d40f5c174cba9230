#include "core/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <algorithm>
#include <memory>

#include <fmt/core.h>

#include "core/text.hpp"

namespace proven {

std::string_view TextEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf8Bom: return "UTF-8 (BOM)";
    case TextEncoding::kCp932: return "Shift_JIS (CP932)";
  }
  return "UTF-8";
}

namespace {

std::size_t LineAt(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min(offset, bytes.size())), '\n'));
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Converts CP932 to UTF-8, stopping at the first byte sequence CP932 does not define.
Result<std::string> Cp932ToUtf8(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) {
    return Fail(ErrorCode::kInternal, "Shift_JIS decoder unavailable", u_errorName(status));
  }
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  std::u16string buf(8192, u'\0');
  std::string chunk;
  while (true) {
    char16_t* target = buf.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, buf.data() + buf.size(), &src, src_end, nullptr, true,
                   &status);
    // Append what was converted so far as UTF-8.
    for (const char16_t* p = buf.data(); p < target; ++p) {
      char32_t cp = *p;
      if (cp >= 0xD800 && cp <= 0xDBFF && p + 1 < target) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<char32_t>(p[1]) - 0xDC00);
        ++p;
      }
      AppendUtf8(out, cp);
    }
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) {
      char err_bytes[32];
      int8_t err_len = sizeof err_bytes;
      UErrorCode s2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(conv.get(), err_bytes, &err_len, &s2);
      const auto offset = static_cast<std::size_t>(src - bytes.data()) -
                          static_cast<std::size_t>(std::max<int8_t>(err_len, 0));
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("line {}: the file is neither UTF-8 nor Shift_JIS (CP932): "
                              "invalid byte sequence at byte offset {}",
                              LineAt(bytes, offset), offset));
    }
    break;
  }
  return out;
}

}  // namespace

Result<DecodedText> DecodeText(std::string_view bytes) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (bytes.starts_with(kBom)) {
    bytes.remove_prefix(kBom.size());
    if (auto bad = FindInvalidUtf8(bytes)) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("line {}: the file starts with a UTF-8 BOM but has an invalid "
                              "UTF-8 sequence at byte offset {}",
                              LineAt(bytes, *bad), *bad + kBom.size()));
    }
    return DecodedText{std::string(bytes), TextEncoding::kUtf8Bom};
  }
  if (!FindInvalidUtf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::kUtf8};
  auto converted = Cp932ToUtf8(bytes);
  if (!converted) return Fail(converted.error());
  return DecodedText{std::move(*converted), TextEncoding::kCp932};
}

}  // namespace proven
