// The texts of WAF suite runs from the verification page (issue 14): the plan form's kind and
// target, the run block, the run page; their errors and audit labels. Japanese and English
// (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kPageEntries{
  CatalogueEntry{"waf_kind", "種別", "Kind"},
  CatalogueEntry{"item_kind_waf", "WAF 有効性", "WAF effectiveness"},
  CatalogueEntry{"waf_kind_hint", "「WAF 有効性」の項目は WAF 試験スイート（proven waf）の結果を測定結果とします。", "A “WAF effectiveness” item takes the result of the WAF test suite (proven waf) as its measured result."},
  CatalogueEntry{"waf_target", "試験対象 URL", "Target URL"},
  CatalogueEntry{"waf_target_hint", "WAF 有効性の項目のみ。http://ホスト[:ポート][/パス]。ベンダーが計画に合意すると、この URL へ攻撃リクエストを送ることに同意したことになります。計画合意後は変更できません。", "WAF effectiveness items only: http://host[:port][/path]. By agreeing the plan, the vendor agrees that attack requests are sent to this URL; it cannot change once the plan is agreed."},
  CatalogueEntry{"waf_runs_title", "WAF 試験の実行", "WAF suite runs"},
  CatalogueEntry{"waf_runs_hint", "サーバーが試験スイートを対象へ送り、その結果が項目のエビデンスと測定結果になります。ループバック以外の対象へは毎秒 20 リクエストで送ります。", "The server sends the test suite to the target; its report becomes the item's evidence and measured result. Targets not on the server's own machine get 20 requests per second."},
  CatalogueEntry{"waf_run_button", "試験を実行", "Run the suite"},
  CatalogueEntry{"waf_latest_run", "直近の実行", "Latest run"},
  CatalogueEntry{"waf_no_run", "未実行", "Not run yet"},
  CatalogueEntry{"waf_run_title", "WAF 試験の実行 {id}", "WAF suite run {id}"},
  CatalogueEntry{"waf_run_state", "状態", "State"},
  CatalogueEntry{"waf_run_progress", "進捗", "Progress"},
  CatalogueEntry{"waf_run_progress_value", "{done} / {total} リクエスト", "{done} of {total} requests"},
  CatalogueEntry{"waf_run_item", "検証項目", "Item"},
  CatalogueEntry{"waf_run_requested", "依頼", "Requested"},
  CatalogueEntry{"waf_run_requested_value", "{at}（{by}）", "{at} by {by}"},
  CatalogueEntry{"waf_run_started", "開始", "Started"},
  CatalogueEntry{"waf_run_finished", "終了", "Finished"},
  CatalogueEntry{"waf_run_error", "失敗の理由", "Why it failed"},
  CatalogueEntry{"waf_run_grade", "評価", "Grade"},
  CatalogueEntry{"waf_run_ba", "バランス精度", "Balanced accuracy"},
  CatalogueEntry{"waf_run_evidence", "レポート（エビデンス）", "Report (evidence)"},
  CatalogueEntry{"waf_run_back", "検証に戻る", "Back to the verification"},
  CatalogueEntry{"waf_run_refreshing", "実行中です。このページは 5 秒ごとに更新されます。", "The run is in progress; this page refreshes every 5 seconds."},
  CatalogueEntry{"ver_notice_waf_run_queued", "WAF 試験の実行を受け付けました。", "The WAF suite run was queued."},
};

constexpr std::array kLabelEntries{
  CatalogueEntry{"item_kind.manual", "手動", "Manual"},
  CatalogueEntry{"item_kind.waf_effectiveness", "WAF 有効性", "WAF effectiveness"},
  CatalogueEntry{"waf_run_state.queued", "待機中", "Queued"},
  CatalogueEntry{"waf_run_state.running", "実行中", "Running"},
  CatalogueEntry{"waf_run_state.done", "完了", "Done"},
  CatalogueEntry{"waf_run_state.failed", "失敗", "Failed"},
  CatalogueEntry{"audit.verification.waf_run_requested", "WAF 試験の実行依頼", "WAF suite run requested"},
  CatalogueEntry{"audit.verification.waf_run_failed", "WAF 試験の実行失敗", "WAF suite run failed"},
  CatalogueEntry{"field.verification.waf_target", "試験対象 URL", "Target URL"},
  CatalogueEntry{"error.verification.waf_target_required", "WAF 有効性の項目には試験対象 URL（http://…）が必要です。", "A WAF effectiveness item needs its target URL (http://…)."},
  CatalogueEntry{"error.verification.waf_target_manual", "試験対象 URL は WAF 有効性の項目にのみ指定できます。", "Only a WAF effectiveness item has a target URL."},
  CatalogueEntry{"error.verification.waf_target_scheme", "試験対象 URL は http:// で始めてください（https は未対応です）: {value}", "The target URL must start with http:// (https is not supported): {value}"},
  CatalogueEntry{"error.verification.waf_target_host", "試験対象 URL のホストが正しくないか、名前解決できません: {value}", "The target URL's host is not valid or does not resolve: {value}"},
  CatalogueEntry{"error.verification.waf_target_port", "試験対象 URL のポートは 1〜65535 の数です: {value}", "The target URL's port must be a number from 1 to 65535: {value}"},
  CatalogueEntry{"error.verification.waf_target_path", "試験対象 URL にクエリやフラグメントは指定できません: {value}", "The target URL may not have a query or fragment: {value}"},
  CatalogueEntry{"error.verification.waf_target_url", "試験対象 URL として読めません: {value}", "This is not a valid target URL: {value}"},
  CatalogueEntry{"error.waf.wrong_target", "このレポートは {target} に対する実行で、計画で合意した対象 {agreed} ではありません。", "This report is of a run against {target}, not the target agreed in the plan, {agreed}."},
  CatalogueEntry{"error.waf_run.not_found", "WAF 試験の実行 {id} はありません。", "There is no WAF suite run {id}."},
  CatalogueEntry{"error.waf_run.not_waf_item", "この項目は WAF 有効性の項目ではないため、試験を実行できません。", "This item is not a WAF effectiveness item: there is no suite to run."},
  CatalogueEntry{"error.waf_run.already_active", "この項目の実行 {id} がまだ終わっていません。", "Run {id} of this item has not ended yet."},
  CatalogueEntry{"error.waf_run.target_unresolved", "試験対象 {host} の名前解決ができません。", "The target {host} does not resolve."},
  CatalogueEntry{"error.waf_run.target_not_allowed", "このサーバーは {host} への試験実行を許可されていません（運用者が serve --waf-allow-targets で許可します）。", "This server is not allowed to run the suite against {host} (its operator allows targets with serve --waf-allow-targets)."},
  CatalogueEntry{"error.waf_run.target_loopback", "{host} はこのサーバー自身のマシン上にあり、このサーバーはその試験を許可されていません（serve --waf-allow-loopback）。", "{host} is on this server's own machine, and this server does not allow runs against it (serve --waf-allow-loopback)."},
  CatalogueEntry{"error.waf_run.target_private", "試験対象はプライベートアドレス {address} に解決されます。許可するには運用者がそのアドレス自体を許可リストに載せる必要があります。", "The target resolves to the private address {address}; the operator must list that address itself to allow it."},
  CatalogueEntry{"error.waf_run.target_address_forbidden", "試験対象は {address} に解決されます。リンクローカル・未指定・マルチキャスト・予約アドレスへは実行できません。", "The target resolves to {address}: runs never go to link-local, unspecified, multicast or reserved addresses."},
  CatalogueEntry{"error.waf_run.interrupted", "実行の途中でサーバーが停止・再起動しました。", "The server stopped or restarted before the run ended."},
  CatalogueEntry{"error.waf_run.policy", "試験対象がこのサーバーの許可する対象ではありません。", "The target is not one this server may run the suite against."},
  CatalogueEntry{"error.waf_run.preflight", "事前確認に失敗しました（既知の正常リクエストが通らない、または既知の攻撃が遮断されない）。", "The pre-flight failed (a known benign request was not passed or a known attack was not blocked)."},
  CatalogueEntry{"error.waf_run.unreachable", "試験対象に接続できません。", "The target cannot be reached."},
  CatalogueEntry{"error.waf_run.not_recorded", "試験は終わりましたが、結果を記録できませんでした（検証の状態が変わった可能性があります）。", "The run ended but its result could not be recorded (the verification's state may have changed)."},
  CatalogueEntry{"error.waf_run.failed", "試験を実行できませんでした。", "The run could not be carried out."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> WafRunMessages() { return kPageEntries; }
std::span<const CatalogueEntry> WafRunLabels() { return kLabelEntries; }

}  // namespace proven::web
