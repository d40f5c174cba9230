// The service-type parser: TypeFromText (code, Japanese or English label, NFKC-tolerant) and
// TypeFromCode. Invariants: a recognised type is recognised again from its code and both labels,
// and TypeFromCode accepts only the exact codes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.hpp"
#include "domain/service.hpp"

using namespace proven::domain;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = TypeFromText(text)) {
    FUZZ_CHECK(TypeFromText(TypeCode(*t)) == t);
    FUZZ_CHECK(TypeFromText(TypeLabelJa(*t)) == t);
    FUZZ_CHECK(TypeFromText(TypeLabelEn(*t)) == t);
  }
  if (auto t = TypeFromCode(text)) {
    FUZZ_CHECK(TypeCode(*t) == text);
    FUZZ_CHECK(TypeFromText(text) == t);
  }
  return 0;
}
