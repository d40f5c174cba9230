// The texts of the registry's published list pages (downloads, dated editions and their changes, provider and registration-body pages), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"downloads_title", "基準適合サービスリストのダウンロード", "Download the list of conforming services"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> RegistryMessages() { return kEntries; }

}  // namespace proven::web
