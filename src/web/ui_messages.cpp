// The texts of the public pages' shared controls (filters, chips, compare, downloads links, the layout), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"industry_all", "全業種", "All industries"},
  // The search page: filters folded on phones, chips for the conditions in force, "valid on".
  CatalogueEntry{"filters_toggle", "条件で絞り込む", "Filter the results"},
  CatalogueEntry{"active_filters", "適用中の条件", "Conditions in force"},
  CatalogueEntry{"chip_label", "{field}：{value}", "{field}: {value}"},
  CatalogueEntry{"chip_remove", "条件「{label}」を外す", "Remove the condition \"{label}\""},
  CatalogueEntry{"clear_all", "すべての条件を解除", "Clear all conditions"},
  CatalogueEntry{"region_hint", "地域を選ぶと、日本全国を対象とするサービスも含まれます。", "Services that cover all of Japan are included for every region."},
  CatalogueEntry{"valid_on", "有効日", "Valid on"},
  CatalogueEntry{"valid_on_hint", "この日に有効な登録で判定します（空欄なら今日）。", "Validity as of this date (today when empty)."},
  // The services' Atom feed.
  CatalogueEntry{"feed_services_title", "登録サービスの更新情報（Atom）", "Registered services: updates (Atom)"},
  CatalogueEntry{"feed_calls_title", "公募情報の更新（Atom）", "Calls for applications: updates (Atom)"},
  CatalogueEntry{"feed_events_title", "イベント情報の更新（Atom）", "Events: updates (Atom)"},
  CatalogueEntry{"feed_services_link", "更新情報（Atom フィード）", "Updates (Atom feed)"},
  // Comparing services side by side (/services/compare).
  CatalogueEntry{"svc_compare_title", "サービスの比較", "Compare services"},
  CatalogueEntry{"svc_compare_item", "項目", "Item"},
  CatalogueEntry{"svc_compare_legend", "比較するサービス", "Services to compare"},
  CatalogueEntry{"svc_compare_hint", "2〜4 件を選ぶと並べて比較できます。", "Select two to four services to compare them side by side."},
  CatalogueEntry{"svc_compare_selected", "選んだサービスを比較", "Compare selected"},
  CatalogueEntry{"svc_compare_pick", "{name} を比較に加える", "Add {name} to the comparison"},
  CatalogueEntry{"svc_compare_back", "検索結果に戻る", "Back to the search"},
  CatalogueEntry{"svc_compare_more", "続きを読む", "Read more"},
  CatalogueEntry{"svc_compare_count", "比較するサービスを {min}〜{max} 件選んでください（選ばれたのは {n} 件です）。", "Select {min} to {max} services to compare ({n} selected)."},
  CatalogueEntry{"svc_compare_duplicate", "同じサービスは 1 回だけ指定してください。", "Give each service only once."},
  CatalogueEntry{"svc_compare_bad_id", "「{value}」はサービスの番号ではありません。", "\"{value}\" is not a service number."},
  CatalogueEntry{"svc_compare_not_found", "番号 {id} のサービスは見つかりません。", "There is no service number {id}."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> UiMessages() { return kEntries; }

}  // namespace proven::web
