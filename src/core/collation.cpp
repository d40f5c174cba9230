#include "core/collation.hpp"

#include <memory>

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace proven {

std::string JapaneseSortKey(std::string_view utf8) {
  thread_local const std::unique_ptr<icu::Collator> coll = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale::getJapanese(), status));
    if (U_FAILURE(status)) c.reset();
    return c;
  }();
  if (!coll) return std::string(utf8);
  const auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const int32_t n = coll->getSortKey(u, nullptr, 0);
  std::string key(static_cast<std::size_t>(n), '\0');
  coll->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
  return key;
}

}  // namespace proven
