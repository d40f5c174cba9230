// The texts of trial-deployment cases (/cases and their workflow), Japanese and English (docs/i18n.md).
// The checklist's explanations follow IPA's 『試行導入・導入実績公表の手引き』 (April 2020): the merits
// and drawbacks of publishing, what to publish, internal approval and coordinating with
// stakeholders.
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  // Navigation.
  CatalogueEntry{"nav_cases", "導入事例", "Deployment cases"},
  CatalogueEntry{"nav_case_workspace", "導入事例の管理", "My cases"},

  // The public list and a published case.
  CatalogueEntry{"case_list_title", "試行導入・導入事例", "Trial-deployment cases"},
  CatalogueEntry{"case_list_lead", "検証済み製品をユーザー企業が試行導入・導入した事例です。ベンダーとユーザー企業の双方が公表に同意した内容だけを掲載しています。", "Verified products deployed or trialled at user organisations. Only what both the vendor and the user organisation agreed to publish is shown."},
  CatalogueEntry{"case_industry", "業種", "Industry"},
  CatalogueEntry{"case_field", "分野", "Field"},
  CatalogueEntry{"case_all", "すべて", "All"},
  CatalogueEntry{"case_filter", "絞り込む", "Filter"},
  CatalogueEntry{"case_clear_filters", "条件をクリア", "Clear filters"},
  CatalogueEntry{"case_total", "{count} 件の事例", "{count} case(s)"},
  CatalogueEntry{"case_none", "条件に合う事例はまだありません。", "No cases match yet."},
  CatalogueEntry{"case_pages", "ページ", "Pages"},
  CatalogueEntry{"case_product", "製品", "Product"},
  CatalogueEntry{"case_organisation", "ユーザー企業", "User organisation"},
  CatalogueEntry{"case_anonymised", "匿名で掲載", "anonymised"},
  CatalogueEntry{"case_company_size", "企業規模", "Company size"},
  CatalogueEntry{"case_period", "導入期間", "Period"},
  CatalogueEntry{"case_deployed", "導入内容", "What was deployed"},
  CatalogueEntry{"case_results", "導入効果", "Results"},
  CatalogueEntry{"case_figures", "数値で見る効果", "Results in figures"},
  CatalogueEntry{"case_figure_label", "項目", "Measure"},
  CatalogueEntry{"case_figure_value", "値", "Value"},
  CatalogueEntry{"case_figure_number", "数値", "Number"},
  CatalogueEntry{"case_figure_unit", "単位", "Unit"},
  CatalogueEntry{"case_quote", "ユーザーの声", "In the user's words"},
  CatalogueEntry{"case_published_at", "公表日時", "Published"},
  CatalogueEntry{"case_disclosure_note", "企業名・業種・規模・数値・ユーザーの声は、双方が公表に同意した項目だけを掲載しています。", "The company name, industry, size, figures and quote are shown only where both sides agreed to disclose them."},

  // The workspace.
  CatalogueEntry{"case_workspace_title", "導入事例の管理", "My trial-deployment cases"},
  CatalogueEntry{"case_workspace_lead", "自組織が当事者（ベンダーまたはユーザー企業）の導入事例です。双方が同意すると公表されます。", "Cases your organisation is a side of (as the vendor or the user organisation). A case is published once both sides consent."},
  CatalogueEntry{"case_new_title", "導入事例を提案する", "Propose a case"},
  CatalogueEntry{"case_new_lead", "検証済み製品の試行導入・導入の事例を提案します。提案しただけでは公表されません。双方がチェックリストに回答して同意したときに公表されます。", "Propose a trial or deployment of a verified product. Nothing is published yet: the case is published when both sides have answered the checklist and consented."},
  CatalogueEntry{"case_your_side", "自組織の立場", "Your side"},
  CatalogueEntry{"case_waiting_for", "同意待ち", "Waiting for"},
  CatalogueEntry{"case_updated_at", "更新日時", "Updated"},
  CatalogueEntry{"case_user_contact", "ユーザー企業の担当者のメールアドレス", "E-mail of the user organisation's contact"},
  CatalogueEntry{"case_user_contact_help", "Proven にアカウントがあるユーザー企業の担当者です。その組織が事例のユーザー企業になり、同意するかどうかを決めます。", "Someone at the user organisation with an account on Proven. Their organisation becomes the case's user organisation and decides whether to consent."},
  CatalogueEntry{"case_user_org_name", "ユーザー企業名（公表時の表記）", "User organisation's name (as it may be shown)"},
  CatalogueEntry{"case_user_org_name_help", "空欄のときは登録されている組織名になります。双方が企業名の公表に同意したときだけ表示されます。", "Left empty: the organisation's registered name. Shown only when both sides agree to disclose the name."},
  CatalogueEntry{"case_anonymised_label", "匿名での表記", "Anonymised label"},
  CatalogueEntry{"case_anonymised_label_help", "企業名を公表しないときに代わりに表示します（例: 製造業 A社, 従業員 300名）。公表しない情報は書かないでください。", "Shown instead of the name when it is not disclosed (e.g. 製造業 A社, 従業員 300名). Do not put in it what you do not disclose."},
  CatalogueEntry{"case_period_example", "例: 2026年4月〜9月", "e.g. April to September 2026"},
  CatalogueEntry{"case_figures_help", "効果を数値で示せるときに記入します（例: 運用工数 / 30 / %削減）。双方が数値の公表に同意したときだけ表示されます。", "Where results can be given as numbers (e.g. operating effort / 30 / % less). Shown only when both sides agree to disclose figures."},
  CatalogueEntry{"case_quote_help", "ユーザー企業のご担当者の言葉です。双方が公表に同意したときだけ表示されます。", "The user organisation's own words. Shown only when both sides agree."},
  CatalogueEntry{"case_propose", "提案する", "Propose"},
  CatalogueEntry{"case_no_products", "提案できる公表済みの製品がありません。", "There is no published product you can propose a case for."},
  CatalogueEntry{"case_summary", "概要", "Summary"},
  CatalogueEntry{"case_proposed_by", "提案者", "Proposed by"},
  CatalogueEntry{"case_consents", "公表への同意", "Consents to publish"},
  CatalogueEntry{"case_consents_lead", "双方が同意している間だけ公表されます。どちらかが同意を撤回すると、直ちに公表を取りやめます。", "The case is public only while both sides consent. If either withdraws, it is unpublished at once."},
  CatalogueEntry{"case_party", "当事者", "Side"},
  CatalogueEntry{"case_consent", "同意", "Consent"},
  CatalogueEntry{"case_you", "自組織", "you"},
  CatalogueEntry{"case_consented_at", "同意済み", "Consented"},
  CatalogueEntry{"case_not_yet", "未同意", "Not yet"},
  CatalogueEntry{"case_public_page", "公開中の事例ページを見る", "See the public case page"},
  CatalogueEntry{"case_shown_now", "公表している内容", "What is shown"},
  CatalogueEntry{"case_shown_preview", "双方の回答で公表される内容", "What would be shown with both sides' answers"},
  CatalogueEntry{"case_not_disclosed", "公表しない", "not disclosed"},
  CatalogueEntry{"case_content", "事例の内容", "The case"},
  CatalogueEntry{"case_change_resets", "内容を変更すると、双方の同意はいったん取り消されます。相手が同意した内容と公表される内容が必ず一致するようにするためです。", "Changing the case clears both consents: each side must see, and consent to, what will be shown."},
  CatalogueEntry{"case_save", "内容を保存する", "Save the case"},
  CatalogueEntry{"case_published_readonly", "公表中の事例は変更できません。変更するには、先に同意を撤回してください。", "A published case cannot be changed; withdraw your consent first."},
  CatalogueEntry{"case_checklist_title", "公表前のチェックリストと同意", "Checklist and consent"},
  CatalogueEntry{"case_guide_intro", "IPA『試行導入・導入実績公表の手引き』に沿って、公表の前に次の点を確認してください。", "Following IPA's guide to publishing trial deployments, check these points before publishing."},
  CatalogueEntry{"case_guide_merits_title", "公表のメリット", "Merits of publishing"},
  CatalogueEntry{"case_guide_merits", "ユーザー企業にとっては、セキュリティ対策に積極的に取り組む姿勢を取引先や顧客に示せ、新しい技術の採用を社内外に説明しやすくなります。ベンダーにとっては、実環境での効果を具体的に示せ、次の導入につながります。本格導入の前に試行導入することで、費用の最適化や安定稼働までの期間短縮も期待できます。", "For the user organisation: it shows customers and partners that it takes security seriously and makes adopting new technology easier to explain. For the vendor: concrete results in a real environment that lead to further deployments. A trial before full deployment helps optimise cost and reach stable operation sooner."},
  CatalogueEntry{"case_guide_drawbacks_title", "公表のデメリット・リスク", "Drawbacks and risks"},
  CatalogueEntry{"case_guide_drawbacks", "利用している製品や構成が知られることで攻撃の手がかりを与えるおそれがあります。特定の製品を推奨していると受け取られることや、問い合わせへの対応が生じることもあります。公表する情報は必要な範囲にとどめてください。", "Naming the product and set-up may give attackers a hint; publishing may be read as endorsing a product, and may bring enquiries. Publish only what is needed."},
  CatalogueEntry{"case_guide_disclosure_title", "公表する項目", "What is disclosed"},
  CatalogueEntry{"case_guide_disclosure", "企業名・業種・規模・数値・ユーザーの声のそれぞれについて、公表してよいかを選んでください。双方が「公表する」とした項目だけが掲載されます。企業名を公表しないときは匿名での表記を使います。", "Choose for each of company name, industry, size, figures and quote whether it may be published. Only what both sides allow is shown; without the name, the anonymised label is used."},
  CatalogueEntry{"case_guide_approval_title", "社内の承認", "Internal approval"},
  CatalogueEntry{"case_guide_approval", "広報・法務・情報システム部門など、公表について社内で必要な承認を得てください。", "Obtain the approvals your organisation needs (public relations, legal, IT)."},
  CatalogueEntry{"case_guide_stakeholders_title", "関係者との調整", "Stakeholders"},
  CatalogueEntry{"case_guide_stakeholders", "自社の顧客・取引先・委託先・親会社など、事例に関わる関係者と公表について調整してください。", "Coordinate with those the case concerns: your customers, partners, contractors, parent company."},
  CatalogueEntry{"case_q_merits_and_drawbacks_considered", "公表のメリットとデメリットを検討した", "We weighed the merits and drawbacks of publishing"},
  CatalogueEntry{"case_q_merits_and_drawbacks_considered_help", "必須。上の「公表のメリット」「デメリット・リスク」を参照してください。", "Required. See the merits and drawbacks above."},
  CatalogueEntry{"case_q_disclose_company_name", "ユーザー企業名を公表してよい", "The user organisation's name may be published"},
  CatalogueEntry{"case_q_disclose_company_name_help", "公表しない場合は匿名での表記が表示されます。", "Otherwise the anonymised label is shown."},
  CatalogueEntry{"case_q_disclose_industry", "業種を公表してよい", "The industry may be published"},
  CatalogueEntry{"case_q_disclose_industry_help", "公表しない場合、業種による絞り込みにも表示されません。", "Otherwise the case is not found by industry either."},
  CatalogueEntry{"case_q_disclose_size", "企業規模を公表してよい", "The company size may be published"},
  CatalogueEntry{"case_q_disclose_size_help", "従業員数の区分です。", "The band of employees."},
  CatalogueEntry{"case_q_disclose_figures", "効果の数値を公表してよい", "The figures may be published"},
  CatalogueEntry{"case_q_disclose_figures_help", "「数値で見る効果」の欄です。文章の導入効果は常に表示されます。", "The figures table; the results in words are always shown."},
  CatalogueEntry{"case_q_disclose_quote", "ユーザーの声を公表してよい", "The quote may be published"},
  CatalogueEntry{"case_q_disclose_quote_help", "ユーザー企業のご担当者の言葉です。", "The user organisation's own words."},
  CatalogueEntry{"case_q_internal_approval_obtained", "社内の承認を得た", "We obtained internal approval"},
  CatalogueEntry{"case_q_internal_approval_obtained_help", "必須。", "Required."},
  CatalogueEntry{"case_q_stakeholders_coordinated", "関係者と調整した", "We coordinated with stakeholders"},
  CatalogueEntry{"case_q_stakeholders_coordinated_help", "必須。顧客・取引先など事例に関わる関係者です。", "Required: customers, partners and others the case concerns."},
  CatalogueEntry{"case_consent_note", "同意すると、相手も同意している場合は直ちに公表されます。同意はいつでも撤回できます。", "When you consent and the other side has too, the case is published at once. You may withdraw at any time."},
  CatalogueEntry{"case_give_consent", "回答して公表に同意する", "Answer and consent to publish"},
  CatalogueEntry{"case_update_consent", "回答を更新する", "Update your answers"},
  CatalogueEntry{"case_history", "履歴", "History"},
  CatalogueEntry{"case_at", "日時", "When"},
  CatalogueEntry{"case_event", "出来事", "What happened"},

  // Withdrawal.
  CatalogueEntry{"case_withdraw_title", "公表への同意を撤回する", "Withdraw consent to publish"},
  CatalogueEntry{"case_withdraw_published_1", "この事例は公表中です。撤回すると直ちに公表を取りやめ、導入事例一覧と製品ページから消えます。", "This case is published. Withdrawing unpublishes it at once: it disappears from the case list and the product page."},
  CatalogueEntry{"case_withdraw_published_2", "相手側の同意も取り消されます。再び公表するには、双方があらためて同意する必要があります。", "The other side's consent is cleared too: publishing it again needs both sides to consent again."},
  CatalogueEntry{"case_withdraw_unpublished", "この事例はまだ公表されていません。自組織の同意だけが取り消されます。", "This case is not published: only your side's consent is removed."},
  CatalogueEntry{"case_withdraw_history", "撤回したこと（どちらが、いつ）は事例の履歴に記録されます。", "The history records that your side withdrew, and when."},
  CatalogueEntry{"case_withdraw_confirm", "撤回する", "Withdraw"},
  CatalogueEntry{"case_cancel", "やめる", "Cancel"},

  // Notices after a redirect.
  CatalogueEntry{"case_notice_proposed", "導入事例を提案しました。相手側と内容を確認し、チェックリストに回答して同意してください。", "Case proposed. Agree the content with the other side, then answer the checklist and consent."},
  CatalogueEntry{"case_notice_saved", "内容を保存しました。", "Saved."},
  CatalogueEntry{"case_notice_unchanged", "変更はありませんでした。", "Nothing changed."},
  CatalogueEntry{"case_notice_consented", "同意しました。相手側の同意を待っています。", "You consented. Waiting for the other side."},
  CatalogueEntry{"case_notice_published", "双方が同意したため、事例を公表しました。", "Both sides consented: the case is published."},
  CatalogueEntry{"case_notice_withdrawn", "同意を撤回しました。", "Your consent is withdrawn."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> CaseMessages() { return kEntries; }

}  // namespace proven::web
