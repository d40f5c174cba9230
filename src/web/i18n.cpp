#include "web/i18n.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "domain/regions.hpp"

namespace proven::web {
namespace {

using Msg = CatalogueEntry;

// clang-format off
constexpr std::array kMessages{
  Msg{"site_name", "Proven", "Proven"},
  Msg{"site_description", "情報セキュリティサービス基準に適合したサービスを条件で検索できます。", "Search information-security services that conform to Japan's Information Security Service Standard."},
  Msg{"skip_to_content", "本文へ移動", "Skip to content"},
  Msg{"nav_label", "メインメニュー", "Main menu"},
  Msg{"nav_home", "ホーム", "Home"},
  Msg{"nav_services", "サービス検索", "Find services"},
  Msg{"nav_stats", "統計", "Statistics"},
  Msg{"sample_notice", "このサイトのデータは架空のサンプルデータです。実在の事業者・サービスではありません。", "The data on this site is fictional sample data. The providers and services do not exist."},
  Msg{"footer_about", "Proven は情報セキュリティサービス基準適合サービスリストを公開し、利用者が信頼できるサービスを探せるようにするオープンソースの基盤です。", "Proven publishes the list of services that conform to the Information Security Service Standard so that companies can find services they can trust. Open source."},
  Msg{"footer_api", "API (JSON)", "API (JSON)"},
  Msg{"home_title", "情報セキュリティサービス基準適合サービスリスト", "Services conforming to the Information Security Service Standard"},
  Msg{"home_lead", "審査登録機関の審査を経て、情報セキュリティサービス基準に適合すると登録されたサービスを、種別・業種・地域などの条件で探せます。", "Find services that registration bodies have audited and registered as conforming to the Information Security Service Standard, by type, customer industry, region and more."},
  Msg{"keyword", "キーワード", "Keywords"},
  Msg{"keyword_placeholder", "例: Web診断 SOC フォレンジック", "e.g. web SOC forensics"},
  Msg{"search", "検索", "Search"},
  Msg{"valid_total_prefix", "現在有効な登録: ", "Currently valid registrations: "},
  Msg{"valid_total_suffix", " 件", ""},
  Msg{"by_type", "サービス種別ごとの登録数", "Registrations by service type"},
  Msg{"count_unit", "件", ""},
  Msg{"about_title", "このリストについて", "About this list"},
  Msg{"about_text", "情報セキュリティサービス基準は、情報セキュリティ監査、脆弱性診断、ペネトレーションテスト、デジタルフォレンジック、セキュリティ監視・運用、機器検証の各サービスについて、一定の品質を維持・向上するための要件を定めたものです。適合が確認されたサービスは審査登録機関により登録され、有効期限まで本リストに掲載されます。", "The Information Security Service Standard sets requirements that keep the quality of information security audit, vulnerability assessment, penetration testing, digital forensics, security monitoring and operation, and device verification services. Services found to conform are registered by a registration body and listed here until their registration expires."},
  Msg{"see_stats", "統計を見る →", "See the statistics →"},
  Msg{"search_title", "サービスを探す", "Find services"},
  Msg{"conditions", "検索条件", "Search conditions"},
  Msg{"type", "サービス種別", "Service type"},
  Msg{"region", "対象とする地域", "Region served"},
  Msg{"provider_prefecture", "事業者所在地（都道府県）", "Provider's prefecture"},
  Msg{"industry", "主な顧客対象の分野・業種", "Customer industries"},
  Msg{"registrar", "審査登録機関", "Registration body"},
  Msg{"validity", "有効性", "Validity"},
  Msg{"status_valid", "有効な登録のみ", "Valid only"},
  Msg{"status_expired", "期限切れのみ", "Expired only"},
  Msg{"status_all", "すべて", "All"},
  Msg{"sort", "並び順", "Sort by"},
  Msg{"sort_relevance", "関連度", "Relevance"},
  Msg{"sort_name", "サービス名", "Service name"},
  Msg{"sort_registered_on", "登録日の新しい順", "Newest registration"},
  Msg{"sort_expires_on", "有効期限の近い順", "Soonest expiry"},
  Msg{"any", "指定なし", "Any"},
  Msg{"none", "なし", "None"},
  Msg{"clear", "条件をクリア", "Clear"},
  Msg{"results_prefix", "検索結果 ", "Results: "},
  Msg{"results_suffix", " 件", ""},
  Msg{"export", "この結果をダウンロード", "Download these results"},
  Msg{"no_results", "条件に合うサービスはありません。条件を減らしてお試しください。", "No service matches. Try fewer conditions."},
  Msg{"regions", "対象地域", "Regions"},
  Msg{"valid_period", "登録期間", "Registered"},
  Msg{"pagination", "ページ送り", "Pages"},
  Msg{"prev", "前へ", "Previous"},
  Msg{"next", "次へ", "Next"},
  Msg{"breadcrumb", "現在位置", "Breadcrumb"},
  Msg{"overview", "サービスの概要", "Overview"},
  Msg{"name", "サービス名", "Service name"},
  Msg{"provider", "事業者名称", "Provider"},
  Msg{"address", "事業者所在地", "Provider's address"},
  Msg{"registered_on", "登録年月日", "Registered on"},
  Msg{"expires_on", "有効期限", "Expires on"},
  Msg{"homepage", "ホームページ", "Homepage"},
  Msg{"badge_valid", "有効", "Valid"},
  Msg{"badge_expired", "期限切れ", "Expired"},
  Msg{"badge_not_yet_valid", "登録前", "Not yet valid"},
  Msg{"badge_expiring_soon", "まもなく期限切れ", "Expiring soon"},
  Msg{"badge_suspended", "一時停止中", "Suspended"},
  Msg{"badge_revoked", "登録取消", "Revoked"},
  Msg{"status_suspended", "一時停止中のみ", "Suspended only"},
  Msg{"status_revoked", "登録取消のみ", "Revoked only"},
  Msg{"history", "登録の履歴", "History"},
  Msg{"no_history", "登録以降の変更はありません。", "No changes since registration."},
  Msg{"event_registered", "登録", "Registered"},
  Msg{"event_changed", "内容の変更", "Changed"},
  Msg{"event_renewed", "更新（有効期限の延長）", "Renewed"},
  Msg{"event_suspended", "一時停止", "Suspended"},
  Msg{"event_resumed", "一時停止の解除", "Resumed"},
  Msg{"event_revoked", "登録取消", "Revoked"},
  Msg{"feed_title", "Proven: 情報セキュリティサービス基準適合サービスリストの更新", "Proven: updates to the list of services conforming to the Information Security Service Standard"},
  Msg{"event_proposal_approved", "事業者提案の承認", "Provider's proposal approved"},
  Msg{"state_reason", "理由", "Reason"},
  Msg{"provenance_note", "事業者が提供し、審査登録機関が確認した項目", "Fields supplied by the provider and vetted by the registration body"},
  Msg{"supplied_by", "提供", "supplied by"},
  Msg{"vetted_by", "確認", "vetted by"},
  Msg{"stats_title", "統計", "Statistics"},
  Msg{"stats_lead_prefix", "", "As of "},
  Msg{"stats_lead_suffix", " 時点。", "."},
  Msg{"by_prefecture", "事業者所在地（都道府県）ごとの登録数", "Registrations by provider's prefecture"},
  Msg{"by_type_and_prefecture", "種別ごとの事業者所在地", "Provider prefectures by service type"},
  Msg{"count", "件数", "Count"},
  Msg{"show_table", "数値を表で見る", "Show as a table"},
  Msg{"back_home", "ホームへ戻る", "Back to home"},
  Msg{"not_found_title", "ページが見つかりません", "Page not found"},
  Msg{"not_found_text", "お探しのページは存在しないか、移動しました。", "The page you are looking for does not exist or has moved."},
  Msg{"service_not_found_text", "指定されたサービスは登録されていません。", "No service is registered under that number."},
  Msg{"error_title", "エラー", "Error"},
  Msg{"internal_error_text", "申し訳ありません。処理中にエラーが発生しました。", "Sorry, something went wrong on our side."},
  Msg{"bad_request_prefix", "検索条件の値が正しくありません: ", "A search condition has an invalid value: "},
  Msg{"bad_request_hint", "条件を選び直して検索してください", "please choose the conditions again"},
  Msg{"page_out_of_range", "このページには結果がありません。", "This page is past the last result."},
  Msg{"first_page", "最初のページへ", "Go to the first page"},
  Msg{"nationwide", "日本全国", "All of Japan"},
  Msg{"areas", "地方", "Areas"},
  Msg{"prefectures", "都道府県", "Prefectures"},
  Msg{"chart_label_suffix", "の棒グラフ", " (bar chart)"},
  Msg{"sign_in", "ログイン", "Sign in"},
  Msg{"registrar_title", "審査登録機関のページ", "Registration body"},
  Msg{"vendor_title", "事業者のページ", "Provider"},
  Msg{"register_service", "サービスを登録", "Register a service"},
  Msg{"edit_service", "サービスの内容を変更", "Change a service"},
  Msg{"save", "保存", "Save"},
  Msg{"edit", "変更", "Edit"},
  Msg{"list_hint", "複数あるときは「、」で区切ります。", "Separate several with 、 or commas."},
  Msg{"registrar_hint", "空欄なら自機関になります。", "Your body when left empty."},
  Msg{"vendor_lead", "自社サービスの概要・業種・地域・ホームページの変更を提案できます。審査登録機関が承認すると公開され、事業者提供・登録機関確認済みと表示されます。", "Propose changes to your services' overview, industries, regions and homepage. Once the registration body approves, they are published and marked as supplied by you and vetted by the body."},
  Msg{"propose", "変更を提案", "Propose"},
  Msg{"your_proposals", "提案の状況", "Your proposals"},
  Msg{"nav_vendor", "事業者メニュー", "Provider"},
  Msg{"expiring_title", "90日以内に有効期限を迎えるサービス", "Services expiring within 90 days"},
  Msg{"expiring_page", "一覧を見る", "See the list"},
  Msg{"expiring_lead", "有効な登録のうち、今日から90日以内に有効期限を迎えるものを期限の近い順に示します。", "Valid registrations whose expiry falls within the next 90 days, soonest first."},
  Msg{"proposals_title", "事業者からの変更提案", "Changes proposed by providers"},
  Msg{"proposal_full", "提案の全文 (JSON)", "The whole proposal (JSON)"},
  Msg{"approve", "承認", "Approve"},
  Msg{"reject", "却下", "Reject"},
  Msg{"reason", "理由", "Reason"},
  Msg{"upload_title", "CSVで登録・更新", "Register or update from CSV"},
  Msg{"upload_lead", "サービスリストと同じ見出しのCSV（UTF-8またはShift_JIS）。1行でも問題があれば何も登録されません。自機関のサービスのみ登録・変更できます。", "A CSV with the list's header row (UTF-8 or Shift_JIS). If any row has a problem, nothing is imported. Only your body's services can be registered or changed."},
  Msg{"csv_file", "CSVファイル", "CSV file"},
  Msg{"dry_run", "確認のみ（登録しない）", "Check only (import nothing)"},
  Msg{"upload", "アップロード", "Upload"},
  Msg{"own_services", "登録したサービス", "Your registered services"},
  Msg{"actions", "操作", "Actions"},
  Msg{"new_expiry", "新しい有効期限", "New expiry"},
  Msg{"renew", "更新", "Renew"},
  Msg{"suspend", "一時停止", "Suspend"},
  Msg{"resume", "再開", "Resume"},
  Msg{"revoke", "登録取消", "Revoke"},
  Msg{"sign_out", "ログアウト", "Sign out"},
  Msg{"account_menu", "アカウントのメニュー", "Account menu"},
  Msg{"nav_registrar", "登録機関メニュー", "Registrar"},
  Msg{"nav_admin", "管理", "Admin"},
  Msg{"nav_password", "パスワード変更", "Password"},
  Msg{"email", "メールアドレス", "E-mail address"},
  Msg{"password", "パスワード", "Password"},
  Msg{"change_password", "パスワードを変更", "Change password"},
  Msg{"password_rules", "12文字以上で、よく使われるパスワードやメールアドレスを含むものは使えません。変更すると、すべての端末でログアウトします。", "At least 12 characters; common passwords and ones containing your e-mail address are refused. Changing it signs you out everywhere."},
  Msg{"current_password", "現在のパスワード", "Current password"},
  Msg{"new_password", "新しいパスワード", "New password"},
  Msg{"password_changed", "パスワードを変更しました。新しいパスワードでログインしてください。", "Your password was changed. Sign in with the new one."},
  Msg{"admin_users", "ユーザーと組織", "Users and organisations"},
  Msg{"audit_log", "監査ログ", "Audit log"},
  Msg{"audit_lead", "すべての変更を記録した追記専用のログです。各記録は直前の記録のハッシュを含み、改ざんや削除を検出できます。", "Every change, append-only. Each entry carries the hash of the one before it, so a changed or deleted entry is detected."},
  Msg{"audit_intact", "ハッシュチェーンは正常です。", "The hash chain is intact."},
  Msg{"audit_broken", "ハッシュチェーンに不整合があります: ", "The hash chain is broken: "},
  Msg{"roles", "ロール", "Roles"},
  Msg{"organisation", "組織", "Organisation"},
  Msg{"state", "状態", "State"},
  Msg{"active", "有効", "Active"},
  Msg{"disabled", "無効", "Disabled"},
  Msg{"disable", "無効にする", "Disable"},
  Msg{"add_user", "ユーザーを追加", "Add a user"},
  Msg{"organisations", "組織", "Organisations"},
  Msg{"org_kind", "種別", "Kind"},
  Msg{"org_name", "新しい組織の名称", "New organisation's name"},
  Msg{"add_organisation", "組織を追加", "Add an organisation"},
  Msg{"user_added", "ユーザーを追加しました。", "The user was added."},
  Msg{"user_disabled", "ユーザーを無効にしました。", "The user was disabled."},
  Msg{"organisation_added", "組織を追加しました。", "The organisation was added."},
  Msg{"notice_renewed", "登録を更新しました。", "The registration was renewed."},
  Msg{"notice_suspended", "登録を一時停止しました。", "The registration was suspended."},
  Msg{"notice_resumed", "登録の一時停止を解除しました。", "The registration was resumed."},
  Msg{"notice_revoked", "登録を取り消しました。", "The registration was revoked."},
  Msg{"notice_approved", "変更提案を承認しました。", "The proposal was approved."},
  Msg{"notice_rejected", "変更提案を却下しました。", "The proposal was rejected."},
  Msg{"notice_proposed", "変更を提案しました。審査登録機関の承認後に反映されます。", "Your change was proposed. It is shown once the registration body approves it."},
  Msg{"notice_uploaded", "CSV を取り込みました: {rows} 行（追加 {added}、更新 {updated}、変更なし {unchanged}）。", "The CSV was imported: {rows} rows ({added} added, {updated} updated, {unchanged} unchanged)."},
  Msg{"notice_checked", "CSV を確認しました（書き込みはしていません）: {rows} 行（追加 {added}、更新 {updated}、変更なし {unchanged}）。", "The CSV was checked (nothing was written): {rows} rows ({added} to add, {updated} to update, {unchanged} unchanged)."},
  Msg{"initial_password", "初期パスワード", "Initial password"},
  Msg{"when", "日時", "When"},
  Msg{"who", "実行者", "Who"},
  Msg{"what", "操作", "What"},
  Msg{"entity", "対象", "On"},
  Msg{"before_after", "変更前 → 変更後", "Before → after"},
  Msg{"older", "さらに古い記録", "Older entries"},
  Msg{"forbidden_title", "権限がありません", "Not allowed"},
  Msg{"forbidden_text", "このページを表示する権限がありません。", "You are not allowed to see this page."},
  Msg{"csrf_title", "リクエストを確認できませんでした", "The request could not be verified"},
  Msg{"csrf_text", "フォームの有効期限が切れたか、別のサイトから送信されました。ページを再読み込みしてやり直してください。", "The form expired or was sent from another site. Reload the page and try again."},
  // The verification programme's pages (web/programme/programme_pages.cpp).
  Msg{"nav_calls", "公募", "Calls"},
  Msg{"nav_fields", "重要分野", "Fields"},
  Msg{"nav_admin_calls", "公募の管理", "Manage calls"},
  Msg{"nav_reviewer", "審査", "Reviews"},
  Msg{"nav_vendor_applications", "応募", "Applications"},
  Msg{"yes", "はい", "Yes"},
  Msg{"no", "いいえ", "No"},
  Msg{"prog_fields_title", "重要分野マップ", "Field map"},
  Msg{"prog_fields_lead", "委員会が選んだ重要分野と、その選定理由です。変更はすべて日付とともに記録され、下の履歴に表示されます。", "The important fields the committee chose, and why. Every change is recorded with its date and shown in the history below."},
  Msg{"prog_name_ja", "名称（日本語）", "Name (Japanese)"},
  Msg{"prog_name_en", "名称（英語）", "Name (English)"},
  Msg{"prog_description", "説明", "Description"},
  Msg{"prog_rationale", "選定理由（市場規模・日本製品の強み）", "Rationale (market size, where Japanese products can be strong)"},
  Msg{"prog_status", "状態", "Status"},
  Msg{"prog_reviewed_fy", "最終見直し年度", "Last reviewed (fiscal year)"},
  Msg{"prog_edit_field", "この分野を編集", "Edit this field"},
  Msg{"prog_add_field", "分野を追加", "Add a field"},
  Msg{"prog_field_history", "変更履歴", "History of changes"},
  Msg{"prog_date", "日時", "Date"},
  Msg{"prog_field", "分野", "Field"},
  Msg{"prog_change", "変更", "Change"},
  Msg{"prog_details", "内容", "Details"},
  Msg{"prog_calls_title", "公募", "Calls for applications"},
  Msg{"prog_calls_lead", "重要分野の製品を対象とした検証製品の公募です。審査基準と配点は公募開始前に公開されます。", "Calls for products to verify in the important fields. The review criteria and their weights are published before a call opens."},
  Msg{"prog_feed", "Atom フィード", "Atom feed"},
  Msg{"prog_feed_title", "Proven 公募情報", "Proven calls for applications"},
  Msg{"prog_feed_summary", "受付期間: {opens_at} 〜 {closes_at}", "Open from {opens_at} to {closes_at}"},
  Msg{"prog_open_calls", "受付中の公募", "Open calls"},
  Msg{"prog_past_calls", "過去の公募", "Past calls"},
  Msg{"prog_no_open_calls", "現在受付中の公募はありません。", "No call is open at the moment."},
  Msg{"prog_call", "公募", "Call"},
  Msg{"prog_target_fields", "対象分野", "Target fields"},
  Msg{"prog_opens_at", "受付開始", "Opens"},
  Msg{"prog_closes_at", "締切", "Closes"},
  Msg{"prog_eligibility", "応募資格", "Eligibility"},
  Msg{"prog_criteria", "審査基準と配点", "Review criteria and weights"},
  Msg{"prog_criteria_lead", "応募製品は以下の基準で審査します。基準と配点は公募開始時に確定し、以後変更されません。", "Applications are reviewed on these criteria. Criteria and weights are fixed when the call opens and do not change afterwards."},
  Msg{"prog_criterion", "審査基準", "Criterion"},
  Msg{"prog_weight", "配点（重み）", "Weight"},
  Msg{"prog_questions", "応募時の質問", "Application questions"},
  Msg{"prog_required", "必須", "required"},
  Msg{"prog_selected_products", "選定された製品", "Selected products"},
  Msg{"prog_apply", "この公募に応募する", "Apply to this call"},
  Msg{"prog_edit_call", "公募を編集", "Edit the call"},
  Msg{"prog_new_call", "新しい公募", "New call"},
  Msg{"prog_admin_calls_title", "公募の管理", "Manage calls"},
  Msg{"prog_actions", "操作", "Actions"},
  Msg{"prog_edit", "編集", "Edit"},
  Msg{"prog_open_call", "公募を開始", "Open the call"},
  Msg{"prog_open_hint", "公募を開始すると公開され、審査基準・配点・質問・対象分野・受付開始日時は変更できなくなります。", "Opening the call publishes it; its criteria, weights, questions, target fields and opening time can no longer change."},
  Msg{"prog_public_page", "公開ページ", "Public page"},
  Msg{"prog_title", "公募名", "Title"},
  Msg{"prog_quorum", "順位付けに必要な審査数", "Reviews needed to rank"},
  Msg{"prog_quorum_hint", "これより審査数の少ない応募は順位付けしません。", "Applications with fewer reviews are listed but not ranked."},
  Msg{"prog_rows_hint", "空の行は無視されます。選択肢は 1 行に 1 つ書いてください。", "Empty rows are ignored. Write one option per line."},
  Msg{"prog_question_kind", "種類", "Kind"},
  Msg{"prog_prompt", "質問文", "Question"},
  Msg{"prog_options", "選択肢", "Options"},
  Msg{"prog_criteria_edit_hint", "名前・説明・配点（1〜100 の整数）を入力してください。空の行は無視されます。", "Give a name, a description and a weight (a whole number from 1 to 100). Empty rows are ignored."},
  Msg{"prog_criteria_frozen", "公募開始後は審査基準・配点・質問を変更できません。", "Once the call is open, its criteria, weights and questions cannot change."},
  Msg{"prog_committee_title", "審査委員会", "Committee"},
  Msg{"prog_reviewers", "審査委員", "Reviewers"},
  Msg{"prog_reviewer_email", "審査委員のメールアドレス", "Reviewer's e-mail address"},
  Msg{"prog_appoint", "任命", "Appoint"},
  Msg{"prog_progress", "進捗（審査委員 × 応募）", "Progress (reviewer × application)"},
  Msg{"prog_applications", "応募", "Applications"},
  Msg{"prog_reviewer", "審査委員", "Reviewer"},
  Msg{"prog_product", "製品", "Product"},
  Msg{"prog_vendor", "応募者", "Vendor"},
  Msg{"prog_declared", "申告済み", "Declared"},
  Msg{"prog_conflict", "利益相反", "Conflict of interest"},
  Msg{"prog_scored", "採点済み", "Scored"},
  Msg{"prog_conflict_undeclared", "未申告", "Not declared"},
  Msg{"prog_conflict_clear", "なし", "None"},
  Msg{"prog_conflict_declared", "あり", "Conflicted"},
  Msg{"prog_conflict_because", "あり（{reason}）", "Conflicted ({reason})"},
  Msg{"prog_ranking_title", "審査結果の順位", "Ranking"},
  Msg{"prog_ranking_lead", "加重点 = Σ(配点 × 基準ごとの平均点) ÷ Σ配点（小数第 3 位まで）。同点は同順位です。⚠ は審査委員の点差が 3 以上の基準です。", "Weighted score = Σ(weight × criterion mean) ÷ Σ weights, to 3 decimals. Equal scores share a rank. ⚠ marks a criterion whose scores differ by 3 or more."},
  Msg{"prog_chart_title", "加重点", "Weighted scores"},
  Msg{"prog_rank", "順位", "Rank"},
  Msg{"prog_reviews", "審査数", "Reviews"},
  Msg{"prog_weighted", "加重点", "Weighted score"},
  Msg{"prog_disagreement", "評価の不一致", "Disagreement"},
  Msg{"prog_disagreement_on", "不一致: {criteria}", "Disagreement on {criteria}"},
  Msg{"prog_nothing_ranked", "順位付けできる応募はまだありません。", "Nothing can be ranked yet."},
  Msg{"prog_unranked", "審査数が足りない応募（順位なし）", "Below the quorum (not ranked)"},
  Msg{"prog_decisions", "選定の決定", "Decisions"},
  Msg{"prog_outcome", "結果", "Outcome"},
  Msg{"prog_outcome_selected", "選定", "Selected"},
  Msg{"prog_outcome_not_selected", "非選定", "Not selected"},
  Msg{"prog_decision_rationale", "理由（応募者に表示されます）", "Rationale (shown to the vendor)"},
  Msg{"prog_decide", "決定", "Decide"},
  Msg{"prog_decide_after_close", "締切後に決定できます。", "Decisions can be made after the close."},
  Msg{"prog_reviewer_title", "審査", "Reviews"},
  Msg{"prog_reviewer_lead", "締切後、応募ごとに利益相反の有無を申告してから採点してください。", "After the close, declare for each application whether you have a conflict of interest, then score it."},
  Msg{"prog_next_step", "次の作業", "Next step"},
  Msg{"prog_to_declare", "利益相反を申告", "Declare conflicts"},
  Msg{"prog_to_score", "採点する", "Score"},
  Msg{"prog_queue_empty", "審査する応募はありません。", "Nothing to review."},
  Msg{"prog_relationships", "関係のある組織", "Organisations you are related to"},
  Msg{"prog_relationships_lead", "顧問・出資・過去の勤務先など関係のある組織を申告すると、その組織の応募は自動的に利益相反となります。", "Declare organisations you are related to (adviser, shareholder, former employer…): their applications are conflicts without asking."},
  Msg{"prog_organisation", "組織名", "Organisation"},
  Msg{"prog_relationship_note", "関係（任意）", "Relationship (optional)"},
  Msg{"prog_declare_relationship", "関係を申告", "Declare the relationship"},
  Msg{"prog_conflicted_lead", "利益相反があるため、この応募の内容と他の委員の採点は表示されません。", "You have a conflict of interest: this application's details and the others' scores are not shown."},
  Msg{"prog_declare_question", "この応募者との間に利益相反がありますか。", "Do you have a conflict of interest with this applicant?"},
  Msg{"prog_no_conflict", "利益相反はない", "I have no conflict"},
  Msg{"prog_have_conflict", "利益相反がある", "I have a conflict"},
  Msg{"prog_conflict_reason", "理由（利益相反がある場合）", "Reason (if conflicted)"},
  Msg{"prog_declare", "申告", "Declare"},
  Msg{"prog_version", "バージョン", "Version"},
  Msg{"prog_overview", "製品概要", "Overview"},
  Msg{"prog_deployment", "提供形態", "Deployment"},
  Msg{"prog_attachments", "添付資料", "Attachments"},
  Msg{"prog_scoring", "採点", "Scoring"},
  Msg{"prog_scoring_lead", "各審査基準を 1（低い）〜 5（高い）で採点してください。基準の説明と配点を横に示します。", "Score each criterion from 1 (low) to 5 (high). Each criterion's description and weight are shown beside it."},
  Msg{"prog_comment", "コメント", "Comment"},
  Msg{"prog_submit_scores", "採点を送信", "Submit scores"},
  Msg{"prog_others_scores", "他の審査委員の採点", "Other reviewers' scores"},
  Msg{"prog_others_after_own", "ご自身の採点を送信すると表示されます。", "Shown once you have submitted your own scores."},
  Msg{"prog_vendor_applications_title", "応募一覧", "Your applications"},
  Msg{"prog_vendor_lead", "所属組織の応募です。受付中の公募から新しく応募できます。", "Your organisation's applications. Apply to an open call from"},
  Msg{"prog_untitled", "（製品名未入力）", "(no product name yet)"},
  Msg{"prog_apply_title", "応募", "Apply"},
  Msg{"prog_apply_lead", "まず製品名で下書きを作成します。締切までは下書きとして何度でも編集できます。", "Start a draft with the product's name. You can edit the draft until the deadline."},
  Msg{"prog_product_name", "製品名", "Product name"},
  Msg{"prog_create_draft", "下書きを作成", "Create a draft"},
  Msg{"prog_call_not_open", "この公募は受付中ではありません。", "This call is not open."},
  Msg{"prog_application_title", "応募書類", "Application"},
  Msg{"prog_file_answer_hint", "下の添付資料からファイルを選んでください。", "Choose one of the attachments below."},
  Msg{"prog_save_draft", "下書き保存", "Save as draft"},
  Msg{"prog_submit_application", "提出", "Submit"},
  Msg{"prog_withdraw", "応募を取り下げる", "Withdraw the application"},
  Msg{"prog_attachment_file", "ファイル（PDF・PNG・JPEG、8 MB まで）", "File (PDF, PNG, JPEG, up to 8 MB)"},
  Msg{"prog_upload", "アップロード", "Upload"},
  Msg{"prog_notice_field_created", "分野を追加しました。", "The field was added."},
  Msg{"prog_notice_field_changed", "分野を更新しました。", "The field was changed."},
  Msg{"prog_notice_call_created", "公募の下書きを作成しました。", "The draft call was created."},
  Msg{"prog_notice_call_saved", "公募を保存しました。", "The call was saved."},
  Msg{"prog_notice_call_opened", "公募を開始しました。", "The call is open."},
  Msg{"prog_notice_appointed", "審査委員を任命しました。", "The reviewer was appointed."},
  Msg{"prog_notice_decided", "決定を記録しました。", "The decision was recorded."},
  Msg{"prog_notice_relationship_declared", "関係を申告しました。", "The relationship was declared."},
  Msg{"prog_notice_declared", "利益相反の有無を申告しました。", "Your declaration was recorded."},
  Msg{"prog_notice_scored", "採点を送信しました。", "Your scores were submitted."},
  Msg{"prog_notice_application_saved", "下書きを保存しました。", "The draft was saved."},
  Msg{"prog_notice_application_submitted", "応募を提出しました。", "The application was submitted."},
  Msg{"prog_notice_application_withdrawn", "応募を取り下げました。", "The application was withdrawn."},
  Msg{"prog_notice_uploaded", "ファイルを添付しました。", "The file was attached."},
};
// clang-format on

// The pages' texts a template reads as {{t.key}}: this file's and those of the programme's pages.
kainjow::mustache::data BuildMessages(Lang l) {
  kainjow::mustache::data d;
  for (const auto part : PageCatalogueParts()) {
    for (const auto& m : part) d.set(std::string(m.key), std::string(l == Lang::kJa ? m.ja : m.en));
  }
  return d;
}

// Every key of both tables, for lookups; a key in both would be a bug (a unit test checks).
const std::unordered_map<std::string_view, const CatalogueEntry*>& Index() {
  static const auto kIndex = [] {
    std::unordered_map<std::string_view, const CatalogueEntry*> index;
    for (const auto part : CatalogueParts()) {
      for (const auto& m : part) index.emplace(m.key, &m);
    }
    return index;
  }();
  return kIndex;
}

const CatalogueEntry* Find(std::string_view key) {
  const auto& index = Index();
  const auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

std::string Fill(std::string_view text, const MessageArgs& args) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, close - i - 1);
        const auto arg = std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
        if (arg != args.end()) {
          out += arg->second;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace

std::span<const CatalogueEntry> PageCatalogue() { return kMessages; }

std::vector<std::span<const CatalogueEntry>> PageCatalogueParts() {
  return {kMessages,        ProductMessages(),      CaseMessages(),  VerificationPageMessages(),
          SurveyMessages(), ConsultationMessages(), EventMessages(), MatchingMessages(),
          LogMessages(),    UiMessages(),           StaffMessages(), AdminMessages(),
          RegistryMessages(), RegnoMessages(), VerificationWafMessages(), WafRunMessages(), SbomMessages(), DeviceMessages()};
}

std::vector<std::span<const CatalogueEntry>> CatalogueParts() {
  auto parts = PageCatalogueParts();
  parts.push_back(ErrorAndLabelCatalogue());
  parts.push_back(SurveyLabels());
  parts.push_back(EventLabels());
  parts.push_back(MatchingLabels());
  parts.push_back(WafRunLabels());
  parts.push_back(SbomLabels());
  parts.push_back(DeviceLabels());
  return parts;
}

bool HasMessage(std::string_view key) { return Find(key) != nullptr; }

std::string_view LangCode(Lang l) { return l == Lang::kJa ? "ja" : "en"; }

const kainjow::mustache::data& Messages(Lang l) {
  static const kainjow::mustache::data kJa = BuildMessages(Lang::kJa);
  static const kainjow::mustache::data kEn = BuildMessages(Lang::kEn);
  return l == Lang::kJa ? kJa : kEn;
}

std::string Message(Lang l, std::string_view key) {
  if (const auto* m = Find(key)) return std::string(l == Lang::kJa ? m->ja : m->en);
  return std::string(key);
}

std::string Message(Lang l, std::string_view key, const MessageArgs& args) {
  const auto* m = Find(key);
  return m ? Fill(l == Lang::kJa ? m->ja : m->en, args) : std::string(key);
}

std::string Message(Lang l, std::string_view key,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
  MessageArgs values;
  for (const auto& [name, value] : args) values.emplace_back(name, value);
  return Message(l, key, values);
}

std::string FieldLabel(Lang l, std::string_view field, std::string_view scope) {
  if (field.empty()) return {};
  if (!scope.empty()) {
    if (const std::string key = "field." + std::string(scope) + "." + std::string(field); HasMessage(key)) {
      return Message(l, key);
    }
  }
  const std::string key = "field." + std::string(field);
  return HasMessage(key) ? Message(l, key) : std::string();
}

std::string ErrorText(Lang l, const Error& e, std::string_view scope) {
  if (e.reason.key.empty() && e.problems.size() > 1) {
    std::string all;
    for (const auto& line : ProblemTexts(l, e, scope)) all += (all.empty() ? "" : " ") + line;
    return all;
  }
  std::string text = !e.reason.key.empty() && HasMessage(e.reason.key)
                         ? Message(l, e.reason.key, e.reason.args)
                         : Message(l, "error.code." + std::string(ErrorCodeName(e.code)));
  if (const std::string label = FieldLabel(l, e.field, scope); !label.empty()) {
    return Message(l, "error.with_field", {{"field", label}, {"message", text}});
  }
  return text;
}

std::vector<std::string> ProblemTexts(Lang l, const Error& e, std::string_view scope) {
  if (e.problems.empty()) return {ErrorText(l, e, scope)};
  std::vector<std::string> out;
  for (const auto& p : e.problems) {
    out.push_back(ErrorText(l, MakeError(p.reason, e.code, p.message, {}, p.field), scope));
  }
  return out;
}

std::string CodeLabel(Lang l, std::string_view group, std::string_view code) {
  const std::string key = std::string(group) + "." + std::string(code);
  return HasMessage(key) ? Message(l, key) : std::string(code);
}

std::string RoleLabel(domain::Role r, Lang l) { return CodeLabel(l, "role", domain::RoleCode(r)); }

std::string OrgKindLabel(domain::OrgKind k, Lang l) { return CodeLabel(l, "org_kind", domain::OrgKindCode(k)); }

std::string ActorText(Lang l, std::string_view actor) {
  if (actor.starts_with("user:")) {
    const auto space = actor.find(' ');
    return space == std::string_view::npos ? std::string(actor) : std::string(actor.substr(space + 1));
  }
  for (std::string_view code : {"operator", "cli", "system", "import"}) {
    if (actor == code) return Message(l, "actor." + std::string(code));
  }
  return std::string(actor);
}

std::string MailKindLabel(Lang l, std::string_view kind) {
  return CodeLabel(l, "mail_kind", kind.starts_with("mail.") ? kind.substr(5) : kind);
}

std::string LanguageName(Lang l, std::string_view code) { return CodeLabel(l, "lang_name", code); }

std::string TypeLabel(domain::ServiceType t, Lang l) { return CodeLabel(l, "type", domain::TypeCode(t)); }

std::string PlaceLabel(std::string_view name, Lang l) {
  if (l == Lang::kJa) return std::string(name);  // the list's own names
  const auto key = domain::PlaceKey(name);
  return key ? Message(l, *key) : std::string(name);
}

}  // namespace proven::web
