// The texts of trial-deployment cases (/cases and their workflow), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array<CatalogueEntry, 0> kEntries{};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> CaseMessages() { return kEntries; }

}  // namespace proven::web
