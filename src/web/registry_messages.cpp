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
  // Dated editions of the list (edition_pages.cpp).
  CatalogueEntry{"editions_title", "基準適合サービスリストの版（過去の公表分）", "Dated editions of the list"},
  CatalogueEntry{"editions_link", "過去の版と変更点", "Earlier editions and what changed"},
  CatalogueEntry{"editions_lead", "毎月1回（と必要に応じて）、その日に有効な登録サービスの一覧を版として固定して公表します。版のファイルは後から変わらないので、以前にダウンロードしたものと同じものをいつでも取り出せます。「変更点」では、前の版から追加・削除・変更されたサービスを確認できます。", "Once a month (and when needed) the list of services valid on that day is frozen and published as an edition. An edition's files never change afterwards, so a file downloaded before can always be fetched again. \"Changes\" shows the services added, removed and changed since the edition before."},
  CatalogueEntry{"editions_none", "まだ版は公表されていません。", "No edition has been published yet."},
  CatalogueEntry{"editions_files_note", "ファイルは全サービス種別をまとめたものです（?type=audit などで種別ごと）。列は取り込み用の列に ID を加えたもので、SHA-256 は UTF-8 の CSV のハッシュ値です。", "Each file holds every service type (one type with ?type=audit and the like). The columns are the import columns and the ID; the SHA-256 is that of the UTF-8 CSV."},
  CatalogueEntry{"editions_api", "版の一覧 (JSON)", "The editions as JSON"},
  CatalogueEntry{"edition_date", "版の日付", "Edition of"},
  CatalogueEntry{"edition_services", "サービス数", "Services"},
  CatalogueEntry{"edition_changes", "変更点", "Changes"},
  CatalogueEntry{"edition_changes_link", "前の版からの変更点", "Changes since the edition before"},
  CatalogueEntry{"edition_published", "公表", "Published"},
  CatalogueEntry{"edition_file_of", "{date} 版：{format}", "Edition of {date}: {format}"},
  CatalogueEntry{"edition_changes_title", "{date} 版の変更点", "Changes in the edition of {date}"},
  CatalogueEntry{"edition_changes_lead", "{since} 版から {date} 版までに追加・削除・変更された登録サービスです（各版に固定された内容を比べています）。", "The services added, removed and changed from the edition of {since} to that of {date} (compared as each edition froze them)."},
  CatalogueEntry{"edition_changes_first", "{date} 版は最初の版です。比べる前の版がないため、すべてのサービスを追加として示します。", "The edition of {date} is the first: with no edition before it, every service is shown as added."},
  CatalogueEntry{"edition_since", "比べる版", "Compare with the edition of"},
  CatalogueEntry{"edition_compare", "比べる", "Compare"},
  CatalogueEntry{"edition_this_files", "この版のファイル", "This edition's files"},
  CatalogueEntry{"edition_counts", "サービス種別ごとの件数", "Counts by service type"},
  CatalogueEntry{"edition_before", "前の版", "Before"},
  CatalogueEntry{"edition_after", "この版", "This edition"},
  CatalogueEntry{"edition_added_col", "追加", "Added"},
  CatalogueEntry{"edition_removed_col", "削除", "Removed"},
  CatalogueEntry{"edition_changed_col", "変更", "Changed"},
  CatalogueEntry{"edition_total", "合計", "Total"},
  CatalogueEntry{"edition_added", "追加されたサービス（{count} 件）", "Services added ({count})"},
  CatalogueEntry{"edition_removed", "削除されたサービス（{count} 件）", "Services removed ({count})"},
  CatalogueEntry{"edition_changed", "内容が変わったサービス（{count} 件）", "Services changed ({count})"},
  CatalogueEntry{"edition_removed_note", "有効期限切れ・一時停止・登録取消などで、この版の日付に有効でなくなったサービスです。現在の状態は各サービスのページで確認できます。", "Services no longer valid on this edition's date: expired, suspended, revoked and the like. Each service's page shows its status now."},
  CatalogueEntry{"edition_none_added", "追加されたサービスはありません。", "No service was added."},
  CatalogueEntry{"edition_none_removed", "削除されたサービスはありません。", "No service was removed."},
  CatalogueEntry{"edition_none_changed", "内容が変わったサービスはありません。", "No service changed."},
  CatalogueEntry{"edition_changed_fields", "{count} 項目の変更", "{count} field(s) changed"},
  CatalogueEntry{"edition_field", "項目", "Field"},
  CatalogueEntry{"edition_before_value", "変更前", "Before"},
  CatalogueEntry{"edition_after_value", "変更後", "After"},
  CatalogueEntry{"edition_empty", "（空欄）", "(empty)"},
  CatalogueEntry{"field.since", "比べる版", "Compare with"},
  CatalogueEntry{"field.encoding", "文字コード", "Encoding"},
  CatalogueEntry{"error.edition.not_found", "{date} の版はありません。", "There is no edition of {date}."},
  CatalogueEntry{"error.edition.exists", "{date} の版はすでに公表されています。版は置き換えられません。", "The edition of {date} has been published already; an edition is never replaced."},
  CatalogueEntry{"error.edition.since_not_earlier", "比べる版（{since}）は {date} より前の版にしてください。", "The edition to compare with ({since}) must be dated before {date}."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> RegistryMessages() { return kEntries; }

}  // namespace proven::web
