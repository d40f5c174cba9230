#include "core/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

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
// Converts CP932 to UTF-8; on failure returns the byte offset of the first undefined sequence.
tl::expected<std::string, std::size_t> Cp932ToUtf8(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) return tl::unexpected<std::size_t>(0);
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
      return tl::unexpected<std::size_t>(offset);
    }
    break;
  }
  return out;
}

// Substitutes like UCNV_FROM_U_CALLBACK_SUBSTITUTE and counts each substituted character.
void CountingSubstitute(const void* context, UConverterFromUnicodeArgs* args, const UChar* units, int32_t length,
                        UChar32 code_point, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
    ++*static_cast<std::size_t*>(const_cast<void*>(context));
  }
  UCNV_FROM_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, code_point, reason, err);
}

}  // namespace

Result<Cp932Text> Utf8ToCp932(std::string_view utf8) {
  std::u16string units;
  units.reserve(utf8.size());
  {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF8(nullptr, 0, &needed, utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) {
      return Fail(ErrorCode::kInvalidArgument, "the text is not valid UTF-8");
    }
    units.resize(static_cast<std::size_t>(needed));
    status = U_ZERO_ERROR;
    u_strFromUTF8(reinterpret_cast<UChar*>(units.data()), needed, nullptr, utf8.data(),
                  static_cast<int32_t>(utf8.size()), &status);
    if (U_FAILURE(status)) return Fail(ErrorCode::kInvalidArgument, "the text is not valid UTF-8");
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) return Fail(ErrorCode::kInternal, "the CP932 converter is not available");
  ucnv_setFallback(conv.get(), true);
  ucnv_setSubstChars(conv.get(), "?", 1, &status);
  Cp932Text out;
  ucnv_setFromUCallBack(conv.get(), CountingSubstitute, &out.unmappable, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return Fail(ErrorCode::kInternal, "the CP932 converter is not available");
  out.bytes.resize(units.size() * 2 + 16);
  status = U_ZERO_ERROR;
  const int32_t n = ucnv_fromUChars(conv.get(), out.bytes.data(), static_cast<int32_t>(out.bytes.size()),
                                    reinterpret_cast<const UChar*>(units.data()), static_cast<int32_t>(units.size()),
                                    &status);
  if (U_FAILURE(status)) return Fail(ErrorCode::kInternal, "cannot convert the text to CP932");
  out.bytes.resize(static_cast<std::size_t>(n));
  return out;
}

Result<DecodedText> DecodeText(std::string_view bytes) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (bytes.starts_with(kBom)) {
    bytes.remove_prefix(kBom.size());
    if (auto bad = FindInvalidUtf8(bytes)) {
      return Fail(Reason{"error.file.invalid_utf8_after_bom",
                         {{"line", std::to_string(LineAt(bytes, *bad))}, {"offset", std::to_string(*bad + kBom.size())}}},
                  ErrorCode::kInvalidArgument,
                  fmt::format("line {}: the file starts with a UTF-8 BOM but has an invalid "
                              "UTF-8 sequence at byte offset {}",
                              LineAt(bytes, *bad), *bad + kBom.size()));
    }
    return DecodedText{std::string(bytes), TextEncoding::kUtf8Bom};
  }
  if (!FindInvalidUtf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::kUtf8};
  const std::size_t utf8_bad = *FindInvalidUtf8(bytes);
  auto converted = Cp932ToUtf8(bytes);
  if (!converted) {
    // Say where each reading fails: a UTF-8 file with one bad byte is the usual case.
    return Fail(Reason{"error.file.unknown_encoding", {{"line", std::to_string(LineAt(bytes, utf8_bad))}}},
                ErrorCode::kInvalidArgument,
                fmt::format("line {}: the file is neither UTF-8 (invalid byte 0x{:02X} at byte offset {}) "
                            "nor Shift_JIS/CP932 (invalid from line {}, byte offset {})",
                            LineAt(bytes, utf8_bad), static_cast<unsigned char>(bytes[utf8_bad]), utf8_bad,
                            LineAt(bytes, converted.error()), converted.error()));
  }
  return DecodedText{std::move(*converted), TextEncoding::kCp932};
}

}  // namespace proven
