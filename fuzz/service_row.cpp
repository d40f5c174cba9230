// Validation of one row: ServiceFromCells, the code every import, registration, change and
// proposal goes through. The input is up to 11 cells separated by 0xFF (a byte valid UTF-8
// never holds); a missing cell is a missing column.
// Invariants: a valid row's Service keeps every limit (length, no control characters, single
// line where required), exports to cells that validate back to the same Service, and differs
// from itself in no field; a refused row names a field and says why; a cell over its limit is
// reported as such.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "check.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"

using namespace proven::domain;

namespace {

void ExpectClean(const TextLimit& limit, std::string_view value) {
  FUZZ_CHECK(!TextProblem(limit, value).has_value());
  FUZZ_CHECK(proven::Trim(value) == value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ServiceCells cells;
  for (std::size_t i = 0; i < kServiceFieldCount && !in.empty(); ++i) {
    const std::size_t cut = in.find('\xFF');
    cells[i] = std::string(in.substr(0, cut));
    in = cut == std::string_view::npos ? std::string_view() : in.substr(cut + 1);
  }

  auto result = ServiceFromCells(cells);
  if (auto* problems = std::get_if<std::vector<FieldProblem>>(&result)) {
    FUZZ_CHECK(!problems->empty());
    for (const auto& p : *problems) FUZZ_CHECK(!p.message.empty());
    // Every cell over its length limit is reported, with the length message.
    for (const auto& info : ServiceFields()) {
      const auto& cell = cells[static_cast<std::size_t>(info.field)];
      if (!cell || CountChars(*cell) <= LimitOf(info.field).max_chars) continue;
      bool reported = false;
      for (const auto& p : *problems) {
        reported |= p.field == info.field && p.message.find("characters long; at most") != std::string::npos;
      }
      FUZZ_CHECK(reported);
    }
    return 0;
  }

  const Service& s = std::get<Service>(result);
  ExpectClean(kNameLimit, s.name);
  ExpectClean(kProviderLimit, s.provider);
  ExpectClean(kAddressLimit, s.address);
  ExpectClean(kOverviewLimit, s.overview);
  ExpectClean(kRegistrarLimit, s.registrar);
  ExpectClean(kUrlLimit, s.url);
  FUZZ_CHECK(!s.name.empty() && !s.provider.empty() && !s.address.empty() && !s.registrar.empty());
  FUZZ_CHECK(!s.prefecture.empty());
  FUZZ_CHECK(s.url.empty() || IsHttpUrl(s.url));
  FUZZ_CHECK(s.registered_on <= s.expires_on);
  for (const auto& item : s.industries) FUZZ_CHECK(!item.empty() && CountChars(item) <= kMaxListItemChars);
  for (const auto& region : s.regions) FUZZ_CHECK(FindRegion(region).has_value());

  const auto exported = CellsFromService(s);
  ServiceCells back;
  for (std::size_t i = 0; i < exported.size(); ++i) back[i] = exported[i];
  auto again = ServiceFromCells(back);
  FUZZ_CHECK(std::holds_alternative<Service>(again));
  FUZZ_CHECK(std::get<Service>(again) == s);
  FUZZ_CHECK(ChangedFields(s, s).empty());
  return 0;
}
