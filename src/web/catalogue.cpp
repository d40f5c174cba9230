// The message catalogue's second half: every error people read, and the labels of codes (fields,
// roles, organisation kinds, service types, proposal statuses, audit actions). The pages' own
// texts are in i18n.cpp. A key is stable: code and tests name it, the API returns the error keys
// (docs/i18n.md says how to add one). Placeholders are `{name}` and hold values, never words.
#include <array>
#include <map>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kCatalogue{
  // The generic text of each error code: what a page shows for an error without a known reason.
  CatalogueEntry{"error.code.invalid_argument", "入力内容に誤りがあります。", "The input is not valid."},
  CatalogueEntry{"error.code.not_found", "指定されたものが見つかりません。", "It was not found."},
  CatalogueEntry{"error.code.already_exists", "すでに登録されています。", "It already exists."},
  CatalogueEntry{"error.code.permission_denied", "この操作を行う権限がありません。", "You are not allowed to do this."},
  CatalogueEntry{"error.code.unauthenticated", "ログインしてください。", "Please sign in."},
  CatalogueEntry{"error.code.failed_precondition", "現在の状態ではこの操作はできません。", "This cannot be done in the current state."},
  CatalogueEntry{"error.code.resource_exhausted", "試行回数が上限を超えました。しばらく時間をおいてからお試しください。", "Too many attempts. Please try again later."},
  CatalogueEntry{"error.code.unavailable", "ただいま処理できません。しばらくしてからお試しください。", "The service is busy. Please try again shortly."},
  CatalogueEntry{"error.code.internal", "申し訳ありません。処理中にエラーが発生しました。", "Sorry, something went wrong on our side."},
  // How an error about one field is shown, and a list of several.
  CatalogueEntry{"error.with_field", "{field}: {message}", "{field}: {message}"},
  CatalogueEntry{"error.problems", "入力内容に {count} 件の問題があります。", "The input has {count} problem(s)."},
  CatalogueEntry{"import.problem_at_line", "{file} {line}行目: {message}", "{file}:{line}: {message}"},
  CatalogueEntry{"import.problem_in_file", "{file}: {message}", "{file}: {message}"},

  // Text limits (domain/limits.cpp) and the fields of a service (domain/service_fields.cpp).
  CatalogueEntry{"error.text.too_long", "{chars} 文字あります。{max} 文字以内にしてください。", "is {chars} characters long; at most {max} are allowed."},
  CatalogueEntry{"error.text.too_many_bytes", "長すぎます（{max} バイトまで）。", "must be at most {max} bytes long."},
  CatalogueEntry{"error.text.invalid_utf8", "UTF-8 の文字として読めないバイト（{offset} バイト目の 0x{byte}）が含まれています。", "is not valid UTF-8 (invalid byte 0x{byte} at byte offset {offset})."},
  CatalogueEntry{"error.text.line_break", "{position} 文字目に改行があります。1 行で入力してください。", "has a line break at character {position}; it must be a single line."},
  CatalogueEntry{"error.text.control_character", "{position} 文字目に制御文字 U+{character} があります。タブと改行以外の制御文字は使えません。", "contains the control character U+{character} at character {position}; control characters other than tab and line breaks are not allowed."},
  CatalogueEntry{"error.field.required", "入力してください（必須の項目です）。", "is required but empty."},
  CatalogueEntry{"error.list.item_too_long", "{item} 番目の項目が {chars} 文字あります。各項目は {max} 文字以内にしてください。", "item {item} is {chars} characters long; at most {max} are allowed."},
  CatalogueEntry{"error.address.no_prefecture", "「{value}」は都道府県名（例: 東京都、大阪府、北海道）で始まっていません。", "'{value}' does not start with one of the 47 prefectures (e.g. 東京都, 大阪府, 北海道)."},
  CatalogueEntry{"error.type.unknown", "「{value}」というサービス種別はありません。情報セキュリティ監査、脆弱性診断、ペネトレーションテスト、デジタルフォレンジック、セキュリティ監視・運用、機器検証のいずれかを指定してください。", "unknown service type '{value}' (expected one of: 情報セキュリティ監査, 脆弱性診断, ペネトレーションテスト, デジタルフォレンジック, セキュリティ監視・運用, 機器検証)."},
  CatalogueEntry{"error.region.unknown", "「{value}」という地域はありません。日本全国、地方（関東、九州・沖縄など）または都道府県を指定してください。", "unknown region '{value}' (expected 日本全国, an area such as 関東 or 九州・沖縄, or a prefecture)."},
  CatalogueEntry{"error.expires_on.before_registration", "有効期限 {expires_on} が登録年月日 {registered_on} より前です。", "expiry {expires_on} is before registration {registered_on}."},
  CatalogueEntry{"error.url.not_http", "「{value}」は http:// または https:// で始まるアドレスではありません。", "'{value}' is not an http:// or https:// address."},

  // Dates (core/date.cpp).
  CatalogueEntry{"error.date.does_not_exist", "「{value}」は存在しない日付です。", "'{value}' is not a date that exists."},
  CatalogueEntry{"error.date.not_iso", "「{value}」は YYYY-MM-DD 形式の日付ではありません。", "'{value}' is not a date in the form YYYY-MM-DD."},
  CatalogueEntry{"error.date.no_such_era_year", "「{value}」は日付ではありません（{era}{year}年はありません）。", "'{value}' is not a date: {era} has no year {year}."},
  CatalogueEntry{"error.date.outside_era", "「{value}」は{era}の期間（{first}〜{last}）にありません。", "'{value}' is outside the {era} era ({first} to {last})."},
  CatalogueEntry{"error.date.outside_current_era", "「{value}」は{era}の期間（{first}以降）にありません。", "'{value}' is outside the {era} era (from {first})."},
  CatalogueEntry{"error.date.unknown_form", "「{value}」は日付として読めません。2020/12/20、2020-12-20、2020年12月20日、令和2年12月20日、R2.12.20 のように書いてください。", "'{value}' is not a date (use 2020/12/20, 2020-12-20, 2020年12月20日, 令和2年12月20日 or R2.12.20)."},

  // Query parameters (services/query_params.cpp): the API names the parameter in `parameter`.
  CatalogueEntry{"error.param.number_range", "{min} から {max} までの整数を指定してください。", "must be a whole number from {min} to {max}."},
  CatalogueEntry{"error.param.number_at_least", "{min} 以上の整数を指定してください。", "must be a whole number of at least {min}."},
  CatalogueEntry{"error.param.repeated", "1 回だけ指定してください。", "may be given only once."},
  CatalogueEntry{"error.param.unknown_value", "「{value}」は指定できる値ではありません。", "'{value}' is not one of the values allowed."},
  CatalogueEntry{"error.param.unknown_prefecture", "「{value}」は都道府県名ではありません。", "'{value}' is not one of the 47 prefectures."},

  // JSON request bodies (web/json_body.cpp).
  CatalogueEntry{"error.body.not_an_object", "リクエストの本文は JSON のオブジェクトにしてください。", "The body must be a JSON object."},
  CatalogueEntry{"error.body.unknown_field", "「{value}」はサービスの項目ではありません。", "'{value}' is not a service field."},
  CatalogueEntry{"error.body.not_strings", "文字列の配列にしてください。", "must hold strings."},
  CatalogueEntry{"error.body.not_a_string", "文字列にしてください。", "must be a string."},

  // Files and CSV (core/encoding.cpp, core/csv.cpp) and imports (services/registry_service.cpp).
  CatalogueEntry{"error.file.invalid_utf8_after_bom", "UTF-8 の BOM で始まるファイルですが、{line} 行目（{offset} バイト目）に UTF-8 として読めないバイトがあります。", "line {line}: the file starts with a UTF-8 BOM but has an invalid UTF-8 sequence at byte offset {offset}."},
  CatalogueEntry{"error.file.unknown_encoding", "ファイルの文字コードが UTF-8 でも Shift_JIS でもありません（{line} 行目）。", "line {line}: the file is neither UTF-8 nor Shift_JIS/CP932."},
  CatalogueEntry{"error.csv.nul", "NUL 文字（U+0000）が含まれています。", "contains a NUL byte (U+0000)."},
  CatalogueEntry{"error.csv.unclosed_quote", "「\"」で始まる項目が閉じられていません。", "a quoted field is never closed (missing '\"')."},
  CatalogueEntry{"error.csv.text_after_quote", "閉じる「\"」の後に文字があります。", "unexpected text after a closing quote."},
  CatalogueEntry{"error.csv.quote_in_field", "「\"」で囲まれていない項目の中に「\"」があります。項目全体を「\"」で囲み、中の「\"」は2つ重ねてください。", "a quote inside an unquoted field (quote the whole field and double the quote)."},
  CatalogueEntry{"error.import.empty", "ファイルが空です。見出し行が必要です。", "the file is empty: expected a header row."},
  CatalogueEntry{"error.import.duplicate_column", "列「{column}」が2回あります（{first} 列目と {second} 列目）。", "column '{column}' appears twice (columns {first} and {second})."},
  CatalogueEntry{"error.import.missing_column", "必須の列「{header}」（{key}）がありません。", "required column {header} ({key}) is missing."},
  CatalogueEntry{"error.import.field_count", "この行の項目数は {fields} ですが、見出し行は {expected} 項目です。", "the row has {fields} fields but the header has {expected}."},
  CatalogueEntry{"error.import.no_rows", "見出し行だけで、データの行がありません。", "the file has a header but no rows."},
  CatalogueEntry{"error.import.not_own_registrar", "「{value}」は自機関（{own}）ではありません。自機関のサービスだけを登録・変更できます。", "'{value}' is not your registration body ({own}): you may register and change only its services."},
  CatalogueEntry{"error.import.duplicate_row", "「{name}」（{provider}）は {line} 行目にもあります。", "'{name}' by '{provider}' already appears on line {line}."},
  CatalogueEntry{"error.import.other_registrar", "「{name}」（{provider}）は別の審査登録機関が登録しています。", "'{name}' by '{provider}' is registered by another registration body."},

  // The registry's rules (domain/lifecycle.cpp, domain/auth.cpp, services/registrar_service.cpp).
  CatalogueEntry{"error.lifecycle.revoked", "サービス {id} は登録取消済みのため、変更できません。", "service {id} is revoked: a revoked registration cannot be changed."},
  CatalogueEntry{"error.lifecycle.already_suspended", "サービス {id} はすでに一時停止中です。", "service {id} is already suspended."},
  CatalogueEntry{"error.lifecycle.not_suspended", "サービス {id} は一時停止中ではないため、再開できません。", "service {id} is not suspended, so it cannot be resumed."},
  CatalogueEntry{"error.auth.not_allowed", "この操作は許可されていません。", "This action is not allowed."},
  CatalogueEntry{"error.auth.role_not_allowed", "あなたのロールではこの操作はできません。", "Your role does not allow this."},
  CatalogueEntry{"error.auth.not_own_registrar", "このサービスを登録した審査登録機関だけが行えます。", "Only the registration body that registered this service may do this."},
  CatalogueEntry{"error.auth.not_own_provider", "このサービスの事業者だけが変更を提案できます。", "Only the service's own provider may propose changes."},
  CatalogueEntry{"error.reason.required", "理由を入力してください。", "A reason is required."},
  CatalogueEntry{"error.service.not_found", "サービス {id} はありません。", "There is no service {id}."},
  CatalogueEntry{"error.service.no_such", "該当するサービスがありません。", "There is no such service."},
  CatalogueEntry{"error.service.already_registered", "「{name}」（{provider}）はすでに登録されています（サービス {id}）。", "'{name}' by '{provider}' is already registered (service {id})."},
  CatalogueEntry{"error.change.no_fields", "変更する項目がありません。", "No field to change was given."},
  CatalogueEntry{"error.renew.not_later", "新しい有効期限は現在の有効期限（{current}）より後にしてください。", "The new expiry must be after the current one ({current})."},
  CatalogueEntry{"error.proposal.field_not_proposable", "この項目は変更を提案できません。提案できるのは概要・業種・地域・ホームページです。", "This field cannot be proposed: providers may propose the overview, industries, regions and homepage."},
  CatalogueEntry{"error.proposal.no_fields", "提案する項目がありません。", "The proposal has no fields."},
  CatalogueEntry{"error.proposal.nothing_changed", "変更された項目がありません。", "Nothing was changed."},
  CatalogueEntry{"error.proposal.changes_nothing", "提案の内容が現在の登録内容と同じです。", "The proposal changes nothing."},
  CatalogueEntry{"error.proposal.needs_account", "変更の提案には事業者アカウントでのログインが必要です。", "Proposals need a signed-in provider account."},
  CatalogueEntry{"error.proposal.too_many_pending", "サービス {id} には審査待ちの提案が {count} 件あります。審査登録機関の判断をお待ちください。", "Service {id} already has {count} pending proposals: wait until the registration body has decided on one of them."},
  CatalogueEntry{"error.proposal.not_found", "提案 {id} はありません。", "There is no proposal {id}."},
  CatalogueEntry{"error.proposal.already_decided", "提案 {id} はすでに処理されています。", "Proposal {id} was already decided."},
  CatalogueEntry{"error.upload.failed", "{count} 件の問題があるため、何も取り込んでいません。", "{count} problem(s); nothing was imported."},

  // Accounts (services/account_service.cpp, domain/auth.cpp, web/account_pages.cpp).
  CatalogueEntry{"error.sign_in.bad_credentials", "メールアドレスまたはパスワードが正しくありません。", "The e-mail address or the password is not correct."},
  CatalogueEntry{"error.session.expired", "ログインの有効期限が切れました。もう一度ログインしてください。", "The session has expired; sign in again."},
  CatalogueEntry{"error.email.invalid", "「{value}」はメールアドレスではありません。", "'{value}' is not an e-mail address."},
  CatalogueEntry{"error.role.required", "ロールを 1 つ以上選んでください。", "Choose at least one role."},
  CatalogueEntry{"error.organisation.required", "審査登録機関と事業者のユーザーには組織を指定してください。", "Registrars and providers act for an organisation: give one."},
  CatalogueEntry{"error.organisation.name_and_kind", "組織の名称と種別を指定してください。", "Give a name and a kind."},
  CatalogueEntry{"error.user.not_found", "ユーザー {email} はいません。", "There is no user {email}."},
  CatalogueEntry{"error.user.no_such", "該当するユーザーがいません。", "There is no such user."},
  CatalogueEntry{"error.password.too_short", "パスワードは {min} 文字以上にしてください。", "The password must be at least {min} characters long."},
  CatalogueEntry{"error.password.too_long", "パスワードは {max} 文字以内にしてください。", "The password must be at most {max} characters long."},
  CatalogueEntry{"error.password.common", "よく使われているパスワードのため使えません。別のものを選んでください。", "This password is too common; choose another."},
  CatalogueEntry{"error.password.one_character", "1 種類の文字を繰り返しただけのパスワードは使えません。", "The password must not repeat one character."},
  CatalogueEntry{"error.password.contains_email", "メールアドレスを含むパスワードは使えません。", "The password must not contain your e-mail address."},
  CatalogueEntry{"error.password.current_wrong", "現在のパスワードが正しくありません。", "The current password is not correct."},

  // Field names, as errors and forms name them ({field} above). Keys are the API's parameter names.
  CatalogueEntry{"field.name", "サービス名", "Service name"},
  CatalogueEntry{"field.provider", "事業者名称", "Provider"},
  CatalogueEntry{"field.address", "事業者所在地", "Provider's address"},
  CatalogueEntry{"field.overview", "サービスの概要", "Overview"},
  CatalogueEntry{"field.industries", "主な顧客対象の分野・業種", "Customer industries"},
  CatalogueEntry{"field.regions", "対象とする地域", "Regions served"},
  CatalogueEntry{"field.registered_on", "登録年月日", "Registered on"},
  CatalogueEntry{"field.expires_on", "有効期限", "Expires on"},
  CatalogueEntry{"field.registrar", "審査登録機関名", "Registration body"},
  CatalogueEntry{"field.type", "サービス種別", "Service type"},
  CatalogueEntry{"field.url", "ホームページ", "Homepage"},
  CatalogueEntry{"field.reason", "理由", "Reason"},
  CatalogueEntry{"field.header", "見出し行", "Header row"},
  CatalogueEntry{"field.email", "メールアドレス", "E-mail address"},
  CatalogueEntry{"field.password", "パスワード", "Password"},
  CatalogueEntry{"field.current_password", "現在のパスワード", "Current password"},
  CatalogueEntry{"field.new_password", "新しいパスワード", "New password"},
  CatalogueEntry{"field.org", "組織", "Organisation"},
  CatalogueEntry{"field.role", "ロール", "Role"},
  // The users page names an organisation "name" (its form field).
  CatalogueEntry{"field.account.name", "組織の名称", "Organisation's name"},

  // Codes shown as labels.
  CatalogueEntry{"type.audit", "情報セキュリティ監査", "Information security audit"},
  CatalogueEntry{"type.vulnerability_assessment", "脆弱性診断", "Vulnerability assessment"},
  CatalogueEntry{"type.penetration_test", "ペネトレーションテスト", "Penetration testing"},
  CatalogueEntry{"type.forensics", "デジタルフォレンジック", "Digital forensics"},
  CatalogueEntry{"type.monitoring", "セキュリティ監視・運用", "Security monitoring and operation"},
  CatalogueEntry{"type.device_verification", "機器検証", "Device verification"},
  CatalogueEntry{"role.admin", "運営管理者", "Administrator"},
  CatalogueEntry{"role.registrar", "審査登録機関", "Registration body"},
  CatalogueEntry{"role.vendor", "事業者", "Provider"},
  CatalogueEntry{"role.reviewer", "審査委員", "Reviewer"},
  CatalogueEntry{"role.verifier", "検証者", "Verifier"},
  CatalogueEntry{"role.user", "利用者", "User"},
  CatalogueEntry{"org_kind.registration_body", "審査登録機関", "Registration body"},
  CatalogueEntry{"org_kind.vendor", "事業者", "Provider"},
  CatalogueEntry{"org_kind.user_company", "利用企業", "User company"},
  CatalogueEntry{"org_kind.operator", "運営者", "Operator"},
  CatalogueEntry{"proposal_status.pending", "審査待ち", "Pending"},
  CatalogueEntry{"proposal_status.approved", "承認済み", "Approved"},
  CatalogueEntry{"proposal_status.rejected", "却下", "Rejected"},
  CatalogueEntry{"audit.service.register", "サービスの登録", "Service registered"},
  CatalogueEntry{"audit.service.change", "サービスの変更", "Service changed"},
  CatalogueEntry{"audit.service.renew", "登録の更新", "Registration renewed"},
  CatalogueEntry{"audit.service.suspend", "登録の一時停止", "Registration suspended"},
  CatalogueEntry{"audit.service.resume", "一時停止の解除", "Registration resumed"},
  CatalogueEntry{"audit.service.revoke", "登録取消", "Registration revoked"},
  CatalogueEntry{"audit.service.import", "CSV による登録・変更", "Service imported"},
  CatalogueEntry{"audit.services.import", "CSV の取り込み", "List imported"},
  CatalogueEntry{"audit.service.proposal_apply", "変更提案の反映", "Proposal applied"},
  CatalogueEntry{"audit.proposal.create", "変更の提案", "Change proposed"},
  CatalogueEntry{"audit.proposal.approve", "変更提案の承認", "Proposal approved"},
  CatalogueEntry{"audit.proposal.reject", "変更提案の却下", "Proposal rejected"},
  CatalogueEntry{"audit.organisation.create", "組織の追加", "Organisation added"},
  CatalogueEntry{"audit.user.create", "ユーザーの追加", "User added"},
  CatalogueEntry{"audit.user.disable", "ユーザーの無効化", "User disabled"},
  CatalogueEntry{"audit.user.enable", "ユーザーの有効化", "User enabled"},
  CatalogueEntry{"audit.user.password_change", "パスワードの変更", "Password changed"},
  CatalogueEntry{"audit.token.create", "API トークンの発行", "API token created"},
  CatalogueEntry{"audit.token.revoke", "API トークンの失効", "API token revoked"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> ErrorAndLabelCatalogue() { return kCatalogue; }

}  // namespace proven::web
