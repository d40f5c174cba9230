// The texts of the verified-product catalogue (/products, compare, the coverage matrix, the badge), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array<CatalogueEntry, 0> kEntries{};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> ProductMessages() { return kEntries; }

}  // namespace proven::web
