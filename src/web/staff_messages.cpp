// The texts of the registration bodies' and vendors' pages (dashboard, service form, revoke confirmation, proposals), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"choose_one", "選択してください", "Choose one"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> StaffMessages() { return kEntries; }

}  // namespace proven::web
