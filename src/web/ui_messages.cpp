// The texts of the public pages' shared controls (filters, chips, compare, downloads links, the layout), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"industry_all", "全業種", "All industries"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> UiMessages() { return kEntries; }

}  // namespace proven::web
