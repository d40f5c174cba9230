// The texts of the registration bodies' and vendors' pages (dashboard, service form, revoke confirmation, proposals), Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"choose_one", "選択してください", "Choose one"},
  // The service form (service_form_pages.cpp).
  CatalogueEntry{"registrar_fixed_hint", "登録は自機関（{name}）として行われます。", "Registered by your body ({name})."},
  CatalogueEntry{"staff_list_separator", "、", ", "},
  // The dashboard (registrar_pages.cpp, registrar.mustache, expiring.mustache).
  CatalogueEntry{"staff_filter_title", "登録したサービスの絞り込み", "Filter your registered services"},
  CatalogueEntry{"staff_filter_type", "種別", "Type"},
  CatalogueEntry{"staff_filter_status", "状態", "Status"},
  CatalogueEntry{"staff_filter_days", "有効期限まで", "Expires within"},
  CatalogueEntry{"staff_all", "すべて", "All"},
  CatalogueEntry{"staff_apply", "絞り込む", "Filter"},
  CatalogueEntry{"staff_clear", "条件を解除", "Clear the filters"},
  CatalogueEntry{"staff_export_list", "この一覧をダウンロード", "Download this list"},
  CatalogueEntry{"staff_bulk_renew", "選んだサービスをまとめて更新", "Renew the chosen services together"},
  CatalogueEntry{"staff_bulk_lead", "一覧で選んだサービスすべての有効期限を同じ日付に更新します。1件でも更新できないときは、どれも更新しません。", "Sets the same new expiry for every service chosen in the list. If any one of them cannot be renewed, none is."},
  CatalogueEntry{"staff_bulk_submit", "選んだサービスを更新", "Renew the chosen services"},
  CatalogueEntry{"staff_select", "選択", "Choose"},
  CatalogueEntry{"staff_days_left", "残り日数", "Days left"},
  CatalogueEntry{"days_left", "残り{n}日", "{n} days left"},
  CatalogueEntry{"days_left_today", "本日まで", "Expires today"},
  CatalogueEntry{"days_overdue", "{n}日経過", "Expired {n} days ago"},
  CatalogueEntry{"days_within", "{n}日以内", "Within {n} days"},
  CatalogueEntry{"notice_renewed_many", "{count} 件の登録を更新しました。", "{count} registrations were renewed."},
  CatalogueEntry{"field.registrar_filter.q", "キーワード", "Keywords"},
  CatalogueEntry{"field.registrar_filter.type", "種別", "Type"},
  CatalogueEntry{"field.registrar_filter.status", "状態", "Status"},
  CatalogueEntry{"field.registrar_filter.days", "有効期限まで", "Expires within"},
  CatalogueEntry{"field.registrar_filter.page", "ページ", "Page"},
  CatalogueEntry{"field.registrar_filter.format", "形式", "Format"},
  CatalogueEntry{"error.export.format", "CSV か XLSX を選んでください。", "must be csv or xlsx."},
  CatalogueEntry{"error.renew_many.failed_id", "サービス {id} を更新できないため、どのサービスも更新していません。", "Service {id} cannot be renewed, so no service was renewed."},
  // The revoke confirmation (service_revoke.mustache).
  CatalogueEntry{"revoke_title", "登録の取消", "Revoke a registration"},
  CatalogueEntry{"revoke_consequence_final", "取り消すと元に戻せません。", "A revocation cannot be undone."},
  CatalogueEntry{"revoke_consequence_public", "公開ページに「登録取消」と理由が表示され、CSV・API でも取消として公開されます。", "The public page shows “Revoked” with the reason, and the CSV and the API publish it as revoked."},
  CatalogueEntry{"revoke_consequence_actions", "このサービスは以後、変更・更新・一時停止・再開ができなくなります。", "The service can no longer be changed, renewed, suspended or resumed."},
  CatalogueEntry{"revoke_reason", "取消の理由", "Reason for the revocation"},
  CatalogueEntry{"revoke_reason_hint", "理由は公開されます。", "The reason is published."},
  CatalogueEntry{"revoke_confirm", "登録を取り消す", "Revoke the registration"},
  CatalogueEntry{"staff_cancel", "取り消さずに戻る", "Go back without revoking"},
  // A vendor's proposal side by side (proposal.mustache) and the vendor page.
  CatalogueEntry{"proposal_title", "変更提案の内容", "A proposed change"},
  CatalogueEntry{"proposal_by", "提案した事業者", "Proposed by"},
  CatalogueEntry{"proposal_at", "提案日時", "Proposed at"},
  CatalogueEntry{"proposal_decided_at", "決定日時", "Decided at"},
  CatalogueEntry{"proposal_compare", "現在の内容と提案の比較", "The current values and the proposed ones"},
  CatalogueEntry{"proposal_field", "項目", "Field"},
  CatalogueEntry{"proposal_current", "現在", "Now"},
  CatalogueEntry{"proposal_proposed", "提案", "Proposed"},
  CatalogueEntry{"proposal_same", "変更なし", "unchanged"},
  CatalogueEntry{"proposal_removed", "削除", "removed"},
  CatalogueEntry{"proposal_added", "追加", "added"},
  // The rules of services/registrar_service.cpp and domain/lifecycle.cpp that these pages meet.
  CatalogueEntry{"error.lifecycle.suspend_expired", "サービス {id} は {expires_on} に有効期限が切れているため、一時停止できません（更新するか、登録を取り消してください）。", "service {id} expired on {expires_on}: an expired registration cannot be suspended (renew or revoke it)."},
  CatalogueEntry{"error.renew_many.failed", "「{name}」（サービス {id}）を更新できないため、どのサービスも更新していません。", "\"{name}\" (service {id}) cannot be renewed, so no service was renewed."},
  CatalogueEntry{"error.renew_many.none", "更新するサービスを選んでください。", "Choose at least one service to renew."},
  CatalogueEntry{"error.renew_many.too_many", "一度に更新できるのは {max} 件までです。", "At most {max} services can be renewed at once."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> StaffMessages() { return kEntries; }

}  // namespace proven::web
