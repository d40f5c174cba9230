// The texts of the administrator's pages (users, organisations, the audit log) and of password reset, Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"organisation_add_heading", "組織の追加", "Add an organisation"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> AdminMessages() { return kEntries; }

}  // namespace proven::web
