// The texts of matching and saved needs (/needs, /needs/saved, the unsubscribe page, the per-need
// feed, the notification mail, and the explanation of every condition), Japanese and English
// (docs/i18n.md). Explanations: match.cond.<code>.<met|unmet|na>[.<service|product>], with
// {matched}, {missing}, {points} and {industry}.
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  // Navigation and the home page.
  CatalogueEntry{"nav_needs", "ニーズから探す", "Find by needs"},
  CatalogueEntry{"nav_saved_needs", "保存したニーズ", "My saved needs"},
  CatalogueEntry{"home_needs_heading", "課題からサービス・製品を探す", "Start from your problem"},
  CatalogueEntry{"home_needs_text", "どのサービスが必要か分からなくても大丈夫です。業種・地域と困っていることを選ぶと、登録サービスと検証済み製品から合うものを理由つきで示します。", "You need not know which kind of service you need. Choose your industry, region and what troubles you: we show the registered services and verified products that fit, with the reasons."},

  // The needs form.
  CatalogueEntry{"needs_title", "ニーズから探す", "Find services and products by your needs"},
  CatalogueEntry{"needs_lead", "困っていることを選ぶと、有効な登録サービスと検証済み製品から合うものを探し、条件ごとに合否と理由を示します。", "Choose what troubles you: we look through the valid registered services and verified products and show, condition by condition, what fits and why."},
  CatalogueEntry{"needs_company", "貴社について", "Your organisation"},
  CatalogueEntry{"needs_industry", "業種", "Industry"},
  CatalogueEntry{"needs_size", "企業規模", "Company size"},
  CatalogueEntry{"needs_regions", "サービスが必要な地域", "Where the service is needed"},
  CatalogueEntry{"needs_regions_help", "（複数選択できます。都道府県を選ぶと、その地域・全国を対象とするサービスも含みます）", "(several may be chosen; a prefecture is also covered by services for its area or all of Japan)"},
  CatalogueEntry{"needs_areas", "全国・地方", "Nationwide and areas"},
  CatalogueEntry{"needs_prefectures", "都道府県", "Prefectures"},
  CatalogueEntry{"needs_problems", "困っていること", "What troubles you"},
  CatalogueEntry{"needs_problems_help", "当てはまるものをすべて選んでください。", "Choose every one that applies."},
  CatalogueEntry{"needs_plan", "予算・時期・補足", "Budget, timing and notes"},
  CatalogueEntry{"needs_budget", "年間の予算", "Yearly budget"},
  CatalogueEntry{"needs_urgency", "導入の時期", "When"},
  CatalogueEntry{"needs_text", "補足（自由記述）", "Anything else (free text)"},
  CatalogueEntry{"needs_plan_help", "予算と時期は順位に影響しません（サービスの費用や開始時期は登録情報にないため）。保存したニーズと相談の際にベンダーへ伝わります。", "Budget and timing do not change the order (the registry does not say what a service costs or how fast it starts); they are kept with saved needs and passed on in a consultation."},
  CatalogueEntry{"needs_not_said", "指定しない", "Not specified"},
  CatalogueEntry{"needs_submit", "探す", "Find matches"},
  CatalogueEntry{"needs_size_micro", "20 人以下", "Up to 20 employees"},
  CatalogueEntry{"needs_size_small", "21〜100 人", "21–100 employees"},
  CatalogueEntry{"needs_size_medium", "101〜300 人", "101–300 employees"},
  CatalogueEntry{"needs_size_large", "301 人以上", "301 or more employees"},
  CatalogueEntry{"needs_budget_under_1m", "100 万円未満", "Under ¥1M"},
  CatalogueEntry{"needs_budget_1m_5m", "100 万〜500 万円", "¥1M–5M"},
  CatalogueEntry{"needs_budget_5m_20m", "500 万〜2,000 万円", "¥5M–20M"},
  CatalogueEntry{"needs_budget_over_20m", "2,000 万円以上", "Over ¥20M"},
  CatalogueEntry{"needs_budget_undecided", "未定", "Not decided"},
  CatalogueEntry{"needs_urgency_now", "すぐに", "Now"},
  CatalogueEntry{"needs_urgency_this_quarter", "3 か月以内", "Within three months"},
  CatalogueEntry{"needs_urgency_this_year", "1 年以内", "Within a year"},
  CatalogueEntry{"needs_urgency_exploring", "情報収集中", "Just exploring"},

  // Results.
  CatalogueEntry{"needs_results", "結果", "Matches"},
  CatalogueEntry{"needs_total", "{count} 件が条件に合いました。", "{count} match(es)."},
  CatalogueEntry{"needs_as_of", "（{date} 時点）", "(as of {date})"},
  CatalogueEntry{"needs_none", "条件に合うサービス・製品はありませんでした。地域や困っていることを変えてお試しください。", "Nothing matches. Try other regions or problems."},
  CatalogueEntry{"needs_kind_service", "登録サービス", "Registered service"},
  CatalogueEntry{"needs_kind_product", "検証済み製品", "Verified product"},
  CatalogueEntry{"needs_score", "スコア", "Score"},
  CatalogueEntry{"needs_consult", "この相手に相談する", "Ask for a consultation"},
  CatalogueEntry{"needs_conditions", "条件ごとの結果", "Conditions"},
  CatalogueEntry{"needs_condition", "条件", "Condition"},
  CatalogueEntry{"needs_condition_kind", "種別", "Kind"},
  CatalogueEntry{"needs_result", "結果", "Result"},
  CatalogueEntry{"needs_points", "加点", "Points"},
  CatalogueEntry{"needs_explanation", "説明", "Explanation"},
  CatalogueEntry{"needs_hard", "必須", "Required"},
  CatalogueEntry{"needs_soft", "加点", "Ranks"},
  CatalogueEntry{"needs_result_met", "合致", "Met"},
  CatalogueEntry{"needs_result_unmet", "不一致", "Not met"},
  CatalogueEntry{"needs_result_na", "対象外", "Not applicable"},
  CatalogueEntry{"needs_pages", "ページ", "Pages"},
  CatalogueEntry{"needs_page", "{page} ページ目", "Page {page}"},
  CatalogueEntry{"needs_prev", "前へ", "Previous"},
  CatalogueEntry{"needs_next", "次へ", "Next"},
  CatalogueEntry{"needs_save", "このニーズを保存して新着を受け取る", "Save these needs and be told of new matches"},
  CatalogueEntry{"needs_save_help", "合うサービス・製品が新たに登録・公表されると、メールとフィードでお知らせします。", "When a matching service or product is registered or published, we tell you by mail and in a feed."},
  CatalogueEntry{"needs_sign_in_to_save", "すると、このニーズを保存して新着を受け取れます。", "to save these needs and be told of new matches."},
  CatalogueEntry{"needs_cond_valid_today", "本日有効", "Valid today"},
  CatalogueEntry{"needs_cond_region", "対象地域", "Region"},
  CatalogueEntry{"needs_cond_category", "種類・分野", "Type or field"},
  CatalogueEntry{"needs_cond_industry", "対象業種", "Industry"},
  CatalogueEntry{"needs_cond_verified", "検証済み", "Verified"},
  CatalogueEntry{"needs_cond_strong_point", "課題に合う強み", "Relevant strong point"},
  CatalogueEntry{"needs_cond_cases", "同業種の導入事例", "Cases in your industry"},
  CatalogueEntry{"needs_cond_text", "自由記述の語", "Words of your text"},

  // Saved needs.
  CatalogueEntry{"needs_saved_title", "保存したニーズ", "My saved needs"},
  CatalogueEntry{"needs_saved_lead", "保存したニーズに合うサービス・製品が新たに登録・公表されると、メール（配信停止できます）と各ニーズのフィードでお知らせします。保存した時点で合っていたものは通知しません。", "When a service or product matching a saved need is registered or published, we tell you by mail (you can stop it) and in the need's feed. What matched when you saved it is not notified."},
  CatalogueEntry{"needs_new", "新しいニーズで探す", "Search with new needs"},
  CatalogueEntry{"needs_saved_number", "番号", "No."},
  CatalogueEntry{"needs_saved_summary", "ニーズ（結果を表示）", "Needs (show matches)"},
  CatalogueEntry{"needs_saved_mail", "メール", "Mail"},
  CatalogueEntry{"needs_saved_feed", "フィード", "Feed"},
  CatalogueEntry{"needs_saved_feed_link", "Atom フィード", "Atom feed"},
  CatalogueEntry{"needs_saved_created", "保存日時", "Saved"},
  CatalogueEntry{"needs_saved_actions", "操作", "Actions"},
  CatalogueEntry{"needs_saved_none", "保存したニーズはまだありません。", "No saved needs yet."},
  CatalogueEntry{"needs_delete", "削除", "Delete"},
  CatalogueEntry{"needs_mail_on", "受け取る", "On"},
  CatalogueEntry{"needs_mail_off", "停止中", "Stopped"},
  CatalogueEntry{"needs_notice_saved", "ニーズを保存しました。新着があればお知らせします。", "Needs saved. We will tell you of new matches."},
  CatalogueEntry{"needs_notice_deleted", "ニーズを削除しました。", "Needs deleted."},

  // Unsubscribe.
  CatalogueEntry{"needs_unsubscribe_title", "新着メールの配信停止", "Stop new-match mail"},
  CatalogueEntry{"needs_unsubscribe_confirm_text", "このニーズの新着メールを停止しますか。", "Stop the new-match mail of these needs?"},
  CatalogueEntry{"needs_unsubscribe_confirm", "配信を停止する", "Stop the mail"},
  CatalogueEntry{"needs_unsubscribed", "配信を停止しました。", "The mail is stopped."},
  CatalogueEntry{"needs_already_unsubscribed", "このニーズのメールは既に停止しています。", "The mail of these needs is already stopped."},
  CatalogueEntry{"needs_unsubscribe_feed_note", "フィードは引き続き更新されます。ニーズ自体は「保存したニーズ」から削除できます。", "The feed goes on; the needs themselves can be deleted from My saved needs."},

  // The feed.
  CatalogueEntry{"needs_feed_title", "Proven: 保存したニーズ {id} の新着", "Proven: new matches of saved needs {id}"},
  CatalogueEntry{"needs_feed_entry_service", "新しい登録サービス: {name}（{organisation}）", "New registered service: {name} ({organisation})"},
  CatalogueEntry{"needs_feed_entry_product", "新しい検証済み製品: {name}（{organisation}）", "New verified product: {name} ({organisation})"},
  CatalogueEntry{"needs_feed_summary", "スコア {score}", "Score {score}"},
};

// Dotted keys (not page texts): explanations of conditions, the mail, errors and audit labels.
constexpr std::array kLabels{
  CatalogueEntry{"match.cond.valid_today.met.service", "本日時点で有効な登録サービスです（有効期間内で、停止・取消されていません）。", "A registered service valid today (within its dates, neither suspended nor revoked)."},
  CatalogueEntry{"match.cond.valid_today.met.product", "検証結果が公表されている製品です。", "A product whose verification report is published."},
  CatalogueEntry{"match.cond.valid_today.unmet", "本日時点で有効ではありません。", "Not valid today."},
  CatalogueEntry{"match.cond.valid_today.na", "有効性は問いません。", "Validity does not apply."},
  CatalogueEntry{"match.cond.region.met", "必要な地域（{matched}）をすべて対象にしています。", "Covers every region needed ({matched})."},
  CatalogueEntry{"match.cond.region.unmet", "対象外の地域があります: {missing}。", "Does not cover: {missing}."},
  CatalogueEntry{"match.cond.region.na.product", "製品には対象地域がないため、地域は問いません。", "Products have no service area: regions do not apply."},
  CatalogueEntry{"match.cond.region.na", "地域の指定がないため、対象地域は問いません。", "No region was given: any coverage will do."},
  CatalogueEntry{"match.cond.category.met", "求める種類・分野に合っています: {matched}。", "Of a type or field asked for: {matched}."},
  CatalogueEntry{"match.cond.category.unmet", "求める種類・分野ではありません（{missing}）。", "Not of a type or field asked for ({missing})."},
  CatalogueEntry{"match.cond.category.na", "種類・分野の指定（困っていることを含む）がないため、種類は問いません。", "No type, field or problem was given: any kind will do."},
  CatalogueEntry{"match.cond.industry.met", "業種「{matched}」を対象にしています（+{points}）。", "Serves the industry \"{matched}\" (+{points})."},
  CatalogueEntry{"match.cond.industry.unmet", "業種「{industry}」は対象業種に含まれていません（+0）。", "Does not list the industry \"{industry}\" (+0)."},
  CatalogueEntry{"match.cond.industry.na.product", "製品の業種は、同じ業種の導入事例で見ます。", "For a product, the industry counts through its deployment cases."},
  CatalogueEntry{"match.cond.industry.na", "業種の指定がありません。", "No industry was given."},
  CatalogueEntry{"match.cond.verified.met", "検証結果が公表されています（+{points}）。", "Its verification report is published (+{points})."},
  CatalogueEntry{"match.cond.verified.unmet", "検証結果は公表されていません。", "No published verification."},
  CatalogueEntry{"match.cond.verified.na", "登録サービスは登録そのものが確認の根拠です（検証の加点は製品のみ）。", "A registered service is vouched for by its registration (verification points are for products)."},
  CatalogueEntry{"match.cond.strong_point.met", "強み「{matched}」が困っていることに関係しています（+{points}）。", "Its strong point \"{matched}\" concerns your problem (+{points})."},
  CatalogueEntry{"match.cond.strong_point.unmet", "困っていることに関係する強みは見つかりませんでした（+0）。", "No strong point concerns your problems (+0)."},
  CatalogueEntry{"match.cond.strong_point.na.service", "強みは検証済み製品の報告書にあるもので、サービスには当てはまりません。", "Strong points come from verified products' reports: they do not apply to services."},
  CatalogueEntry{"match.cond.strong_point.na", "困っていることが選ばれていません。", "No problem was chosen."},
  CatalogueEntry{"match.cond.cases.met", "同じ業種（{matched}）の公表済み導入事例があります（+{points}）。", "Has a published deployment case in your industry ({matched}) (+{points})."},
  CatalogueEntry{"match.cond.cases.unmet", "業種「{industry}」の公表済み導入事例はまだありません（+0）。", "No published deployment case in \"{industry}\" yet (+0)."},
  CatalogueEntry{"match.cond.cases.na.service", "導入事例は検証済み製品のもので、サービスには当てはまりません。", "Deployment cases are of verified products: they do not apply to services."},
  CatalogueEntry{"match.cond.cases.na", "業種の指定がありません。", "No industry was given."},
  CatalogueEntry{"match.cond.text.met", "入力した語が名称・概要・強みに見つかりました: {matched}（+{points}）。", "Words of your text found in its name, overview or strong points: {matched} (+{points})."},
  CatalogueEntry{"match.cond.text.unmet", "入力した語（{missing}）は見つかりませんでした（+0）。", "Words of your text not found: {missing} (+0)."},
  CatalogueEntry{"match.cond.text.na", "自由記述はありません。", "No free text was given."},
  CatalogueEntry{"mail.needs.new_matches.subject", "【Proven】保存したニーズに合う新着が {count} 件あります", "[Proven] {count} new match(es) for your saved needs"},
  CatalogueEntry{"mail.needs.new_matches.body", "保存したニーズに合うサービス・製品が新たに登録・公表されました。\n\n{matches}\nすべての結果: {needs_url}\n保存したニーズ: {saved_url}\nフィード: {feed_url}\n\nこのニーズの新着メールを停止する: {unsubscribe_url}\n", "New services or products match your saved needs.\n\n{matches}\nAll matches: {needs_url}\nYour saved needs: {saved_url}\nFeed: {feed_url}\n\nStop the new-match mail of these needs: {unsubscribe_url}\n"},
  CatalogueEntry{"error.match.industry", "「{value}」は業種の一覧にありません。", "'{value}' is not one of the industries."},
  CatalogueEntry{"error.match.type", "「{value}」はサービスの種類ではありません。", "'{value}' is not a service type."},
  CatalogueEntry{"error.match.field", "「{value}」は分野の一覧にありません。", "'{value}' is not a field of the field map."},
  CatalogueEntry{"error.match.size", "「{value}」は企業規模の区分ではありません。", "'{value}' is not a company size."},
  CatalogueEntry{"error.match.budget", "「{value}」は予算の区分ではありません。", "'{value}' is not a budget band."},
  CatalogueEntry{"error.match.urgency", "「{value}」は時期の区分ではありません。", "'{value}' is not an urgency."},
  CatalogueEntry{"error.match.unknown_key", "「{value}」はニーズの項目ではありません。", "'{value}' is not a field of the needs."},
  CatalogueEntry{"error.need.not_found", "保存したニーズ {id} はありません。", "There are no saved needs {id}."},
  CatalogueEntry{"error.need.empty", "条件が何も指定されていないため、保存できません。", "The needs ask nothing: there is nothing to watch."},
  CatalogueEntry{"error.need.unsubscribe_token", "この配信停止リンクは無効です（ニーズが削除された可能性があります）。", "This unsubscribe link is not valid (the needs may have been deleted)."},
  CatalogueEntry{"audit.need.save", "ニーズの保存", "Needs saved"},
  CatalogueEntry{"audit.need.delete", "ニーズの削除", "Needs deleted"},
  CatalogueEntry{"audit.need.unsubscribe", "ニーズの新着メール停止", "Needs' mail stopped"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> MatchingMessages() { return kEntries; }
std::span<const CatalogueEntry> MatchingLabels() { return kLabels; }

}  // namespace proven::web
