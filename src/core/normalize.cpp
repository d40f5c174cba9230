#include "core/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace proven {
namespace {

const icu::Normalizer2& NfkcInstance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || n == nullptr) {
    throw std::runtime_error("ICU NFKC normaliser unavailable");
  }
  return *n;
}

icu::UnicodeString NfkcUnicode(std::string_view s) {
  // ICU creates the instance once behind its own (uninstrumented) lock; holding it in a C++
  // static publishes it to every thread through the language's guard, which ThreadSanitizer sees.
  static const icu::Normalizer2& nfkc = NfkcInstance();
  const auto src = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = nfkc.normalize(src, status);
  if (U_FAILURE(status)) return src;
  return out;
}

}  // namespace

std::string Nfkc(std::string_view s) {
  std::string out;
  NfkcUnicode(s).toUTF8String(out);
  return out;
}

std::string NormalizeForSearch(std::string_view s) {
  icu::UnicodeString u = NfkcUnicode(s);
  u.foldCase(U_FOLD_CASE_DEFAULT);
  // Hiragana (U+3041..U+3096, and the iteration marks U+309D/U+309E) to katakana: +0x60.
  for (int32_t i = 0; i < u.length(); ++i) {
    const char16_t c = u.charAt(i);
    if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E) {
      u.setCharAt(i, static_cast<char16_t>(c + 0x60));
    }
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace proven
