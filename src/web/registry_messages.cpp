// The texts of the registry's published list pages (downloads, dated editions and their changes, provider and registration-body pages), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"downloads_title", "基準適合サービスリストのダウンロード", "Download the list of conforming services"},
  CatalogueEntry{"downloads_lead", "サービス種別ごとに、{date} 時点で有効な登録サービスの一覧です。URL は変わりません（内容は登録の変更とともに更新されます）。", "The services registered and valid on {date}, one list per service type. The addresses stay the same; the contents follow the register."},
  CatalogueEntry{"downloads_files", "ファイル", "Files"},
  CatalogueEntry{"downloads_count", "有効な件数", "Valid services"},
  CatalogueEntry{"download_csv", "CSV (UTF-8)", "CSV (UTF-8)"},
  CatalogueEntry{"download_csv_sjis", "CSV (Shift_JIS・旧Excel向け)", "CSV (Shift_JIS, for older Excel)"},
  CatalogueEntry{"download_xlsx", "Excel", "Excel"},
  CatalogueEntry{"download_of", "{type}：{format}", "{type}: {format}"},
  CatalogueEntry{"downloads_columns", "列は取り込み用の12列（最後が登録番号）に続けて、ID・状態（この日時点）・詳細ページURL です。", "The columns are the twelve import columns (the last is the registration number) followed by ID, status (as of that day) and the detail page's URL."},
  CatalogueEntry{"downloads_link", "一覧のダウンロード", "Download the lists"},
  CatalogueEntry{"export_csv_sjis", "CSV (Shift_JIS)", "CSV (Shift_JIS)"},
  CatalogueEntry{"party_index_title_provider", "事業者の一覧", "Providers"},
  CatalogueEntry{"party_index_title_registrar", "審査登録機関の一覧", "Registration bodies"},
  CatalogueEntry{"party_index_lead", "{count} 件。名前を選ぶと、その登録サービスをすべて表示します。", "{count} in all. Choose a name to see every service registered under it."},
  CatalogueEntry{"party_title_provider", "事業者：{name}", "Provider: {name}"},
  CatalogueEntry{"party_title_registrar", "審査登録機関：{name}", "Registration body: {name}"},
  CatalogueEntry{"party_name", "名称", "Name"},
  CatalogueEntry{"party_services", "登録サービス数", "Services"},
  CatalogueEntry{"party_total", "登録サービス（すべての状態）", "Registered services (every status)"},
  CatalogueEntry{"party_expiring", "90日以内に期限切れ", "Expiring within 90 days"},
  CatalogueEntry{"party_by_type", "サービス種別ごと", "By service type"},
  CatalogueEntry{"party_by_status", "状態ごと", "By status"},
  CatalogueEntry{"party_list", "登録サービス", "Registered services"},
  CatalogueEntry{"party_shown", "{count} 件", "{count} shown"},
  CatalogueEntry{"party_status", "状態", "Status"},
  CatalogueEntry{"party_filter", "絞り込む", "Filter"},
  CatalogueEntry{"party_status_all", "すべての状態", "Every status"},
  CatalogueEntry{"party_status_valid", "有効のみ", "Valid only"},
  CatalogueEntry{"party_status_expired", "期限切れのみ", "Expired only"},
  CatalogueEntry{"party_status_suspended", "一時停止中のみ", "Suspended only"},
  CatalogueEntry{"party_status_revoked", "登録取消のみ", "Revoked only"},
  CatalogueEntry{"party_export", "この一覧を書き出す", "Export this list"},
  CatalogueEntry{"party_no_items", "この条件の登録サービスはありません。", "No registered services match this filter."},
  CatalogueEntry{"party_index_link_provider", "事業者の一覧", "All providers"},
  CatalogueEntry{"party_index_link_registrar", "審査登録機関の一覧", "All registration bodies"},
  CatalogueEntry{"error.party.not_found_provider", "「{name}」という事業者の登録サービスはありません。", "No services are registered for the provider '{name}'."},
  CatalogueEntry{"error.party.not_found_registrar", "「{name}」という審査登録機関の登録サービスはありません。", "No services are registered by the registration body '{name}'."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> RegistryMessages() { return kEntries; }

}  // namespace proven::web
