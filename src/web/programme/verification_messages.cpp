// The texts of the verification workspace (/verifications: plan, results, report approval and publication), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array<CatalogueEntry, 0> kEntries{};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> VerificationPageMessages() { return kEntries; }

}  // namespace proven::web
