// The texts of the transparency log's pages (/log, /log/entries/{index}) and of the "public log"
// block on service and product pages, Japanese and English (docs/i18n.md); the words for each kind
// of entry (log_kind_<kind with _ for .>) and record type; the API's own parameter errors.
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  // /log
  CatalogueEntry{"log_title", "公開ログ（透明性ログ）", "Public log (transparency log)"},
  CatalogueEntry{"log_footer_link", "公開ログ", "Public log"},
  CatalogueEntry{"log_what_heading", "公開ログとは", "What the public log is"},
  CatalogueEntry{"log_what_1", "Proven が公開する記録の変化（サービスの登録・変更・更新・一時停止・再開・取消・期限切れ、検証レポートの公表、導入事例の公表と取り下げ）は、すべてこのログに 1 件ずつ追記されます。追記されたエントリーは、あとから書き換えることも消すこともできません。", "Every change to a record Proven publishes (a service registered, changed, renewed, suspended, resumed, revoked or expired; a verification report published; a deployment case published or withdrawn) is added to this log as one entry. Once added, an entry can be neither changed nor removed."},
  CatalogueEntry{"log_what_2", "ログには数秒ごとに、運営者の電子署名が付いた「チェックポイント」が発行されます。チェックポイントは、その時点までのすべてのエントリーを 1 つのハッシュ値（Merkle 木のルート）にまとめたものです。過去の記録をこっそり書き換えると、すでに配られたチェックポイントと食い違うため、誰でも見つけられます。", "Every few seconds the log gets a checkpoint signed by the operator: one hash (the root of a Merkle tree) that sums up every entry so far. Quietly rewriting an old record would contradict the checkpoints already handed out, so anyone can catch it."},
  CatalogueEntry{"log_what_3", "取引先のサービスの登録状況などを、調達や契約の記録として残したいときは、その記録のページから検証用データ（JSON）をダウンロードして保管してください。あとでサーバーに接続しなくても、下の公開鍵とコマンドで、その記録が公開ログに含まれていたことを確かめられます。", "To keep a record for procurement or a contract (for example, that a supplier's service was registered and valid), download its bundle (JSON) from the record's page and keep it. Later, with no connection to this server, the key and the commands below show that the record was in the public log."},
  CatalogueEntry{"log_checkpoint_heading", "最新のチェックポイント", "Latest checkpoint"},
  CatalogueEntry{"log_checkpoint_size", "エントリー数", "Entries"},
  CatalogueEntry{"log_checkpoint_time", "署名日時", "Signed"},
  CatalogueEntry{"log_checkpoint_root", "ルートハッシュ（base64）", "Root hash (base64)"},
  CatalogueEntry{"log_checkpoint_note", "署名付きチェックポイント", "Signed checkpoint"},
  CatalogueEntry{"log_checkpoint_signed_by", "署名した鍵", "Signed by"},
  CatalogueEntry{"log_no_checkpoint", "まだチェックポイントは署名されていません。最初のエントリーが追記されると、数秒以内に署名されます。", "No checkpoint has been signed yet. One is signed within seconds of the first entry."},
  CatalogueEntry{"log_key_heading", "検証用の公開鍵", "Verifier key"},
  CatalogueEntry{"log_key_lead", "チェックポイントの署名は、この公開鍵で確かめられます。同じ 1 行を /.well-known/proven-log-key でも配っています。ファイルに保存して、下のコマンドの KEY に指定してください。", "Checkpoints' signatures are checked with this key. The same line is served at /.well-known/proven-log-key. Save it in a file and give that file as KEY to the commands below."},
  CatalogueEntry{"log_no_key", "このサーバーはログに署名していません。", "This server does not sign the log."},
  CatalogueEntry{"log_verify_heading", "自分で確かめる（オフライン検証）", "Check it yourself, offline"},
  CatalogueEntry{"log_verify_lead", "検証に使う proven コマンドは、このサーバーと同じプログラムです。どれもサーバーを信用せずに、署名と証明だけで確かめます。", "The proven command used to check is the same program as this server. Each check trusts nothing but the signatures and the proofs."},
  CatalogueEntry{"log_verify_key", "公開鍵を保存する:", "Save the verifier key:"},
  CatalogueEntry{"log_verify_record", "記録 1 件を確かめる（記録のページからダウンロードした検証用データ）:", "Check one record (the bundle downloaded from its page):"},
  CatalogueEntry{"log_verify_log", "チェックポイントとエントリーを取得して、ログ全体を確かめる:", "Check the whole log from its checkpoint and entries:"},
  CatalogueEntry{"log_verify_monitor", "ログを見張る（チェックポイントの分岐や巻き戻しがあれば、大きく知らせて異常終了します）:", "Watch the log (it says so loudly and exits non-zero on any fork or rollback of the checkpoints):"},
  CatalogueEntry{"log_verify_entries_note", "エントリーは 1 回に 1,000 件まで取得できます。それより多いときは start と end を変えて分けて取得し、--entries を繰り返してください。", "At most 1,000 entries come per request: fetch larger logs in parts (changing start and end) and repeat --entries."},
  CatalogueEntry{"log_recent_heading", "最近のエントリー", "Newest entries"},
  CatalogueEntry{"log_size", "全 {count} 件", "{count} entries in all"},
  CatalogueEntry{"log_none", "まだエントリーはありません。", "No entries yet."},
  CatalogueEntry{"log_col_index", "番号", "No."},
  CatalogueEntry{"log_col_kind", "内容", "Event"},
  CatalogueEntry{"log_col_record", "記録", "Record"},
  CatalogueEntry{"log_col_version", "版", "Version"},
  CatalogueEntry{"log_col_time", "日時（日本時間）", "Time (JST)"},
  CatalogueEntry{"log_api_heading", "API", "API"},
  CatalogueEntry{"log_api_lead", "同じ内容は API でも取得できます（docs/api.md）。", "The same is available from the API (docs/api.md)."},

  // /log/entries/{index}
  CatalogueEntry{"log_entry_title", "公開ログのエントリー #{index}", "Public log entry #{index}"},
  CatalogueEntry{"log_entry_kind", "内容", "Event"},
  CatalogueEntry{"log_entry_type", "記録の種類", "Record type"},
  CatalogueEntry{"log_entry_record_id", "記録の番号", "Record id"},
  CatalogueEntry{"log_entry_name", "名称", "Name"},
  CatalogueEntry{"log_entry_version", "版", "Version"},
  CatalogueEntry{"log_entry_time", "日時", "Time"},
  CatalogueEntry{"log_entry_record_page", "記録のページ", "Record's page"},
  CatalogueEntry{"log_record_link", "{type} #{id} のページ", "The page of {type} #{id}"},
  CatalogueEntry{"log_entry_no_page", "この記録の公開ページは今はありません。", "This record has no public page now."},
  CatalogueEntry{"log_audit_note", "監査ログの先頭ハッシュを署名付きのログに固定するエントリーです。監査ログがあとから削除・改ざんされると、この固定と食い違います。", "This entry anchors the audit log's head in the signed log: deleting or editing audit entries afterwards contradicts it."},
  CatalogueEntry{"log_entry_leaf", "エントリーの本文（RFC 8785 正規化 JSON、ハッシュの対象）", "The entry (RFC 8785 canonical JSON: what is hashed)"},
  CatalogueEntry{"log_entry_leaf_hash", "エントリーのハッシュ", "Leaf hash"},
  CatalogueEntry{"log_entry_record_json", "記録（読みやすく整形したもの）", "The record (formatted to read)"},
  CatalogueEntry{"log_proof_heading", "包含証明", "Inclusion proof"},
  CatalogueEntry{"log_proof_lead", "エントリー #{index} が、最新のチェックポイント（{size} 件）のログに含まれていることを、次のハッシュで証明します（RFC 9162）。", "These hashes prove that entry #{index} is in the log of the latest checkpoint ({size} entries) (RFC 9162)."},
  CatalogueEntry{"log_proof_col_no", "順番", "Step"},
  CatalogueEntry{"log_proof_col_hash", "ハッシュ（base64）", "Hash (base64)"},
  CatalogueEntry{"log_proof_empty", "ログのエントリーがこの 1 件だけなので、証明に必要なハッシュはありません（エントリーのハッシュがそのままルートです）。", "The log holds this entry only: the proof needs no hashes (the leaf hash is the root)."},
  CatalogueEntry{"log_proof_json", "証明を JSON で取得", "The proof as JSON"},
  CatalogueEntry{"log_pending", "このエントリーはまだ署名付きチェックポイントに含まれていません。通常 2 秒以内に含まれます。ページを再読み込みしてください。", "This entry is not in a signed checkpoint yet. It normally is within 2 seconds: reload the page."},
  CatalogueEntry{"log_bundle_heading", "検証用データ", "Record bundle"},
  CatalogueEntry{"log_bundle_download", "検証用データをダウンロード（JSON）", "Download the record bundle (JSON)"},
  CatalogueEntry{"log_bundle_help", "エントリー、包含証明、署名付きチェックポイントを 1 つのファイルにまとめたものです。proven verify で、ネットワークなしで確かめられます。", "The entry, its inclusion proof and the signed checkpoint in one file. proven verify checks it with no network."},
  CatalogueEntry{"log_qr_heading", "QR コード", "QR code"},
  CatalogueEntry{"log_qr_help", "このページの URL です。紙に印刷すると、記録とその証明をどこから取得できるかを示せます。", "The address of this page: printed on paper, it shows where the record and its proof can be fetched."},
  CatalogueEntry{"log_qr_title", "公開ログのエントリー #{index} の QR コード", "QR code of public log entry #{index}"},

  // The block on a service's or a product's page.
  CatalogueEntry{"log_record_heading", "公開ログ", "Public log"},
  CatalogueEntry{"log_entry_of", "公開ログのエントリー #{index}", "entry #{index} of the public log"},
  CatalogueEntry{"log_record_lead", "この記録の最新の状態は、署名付きの公開ログに記録されています。証明のページで確かめるか、検証用データをダウンロードして保管できます。QR コードは証明のページの URL です（紙に印刷できます）。", "The latest state of this record is in the signed public log. Check it on the proof page, or download the bundle and keep it. The QR code holds the proof page's address, for printing on paper."},
  CatalogueEntry{"log_record_latest", "最新のエントリー", "Latest entry"},
  CatalogueEntry{"log_proof_link", "証明を見る", "See the proof"},

  // The kinds of entry ("service.renewed" → log_kind_service_renewed).
  CatalogueEntry{"log_kind_service_registered", "サービスの登録", "Service registered"},
  CatalogueEntry{"log_kind_service_changed", "登録内容の変更", "Service changed"},
  CatalogueEntry{"log_kind_service_renewed", "登録の更新", "Registration renewed"},
  CatalogueEntry{"log_kind_service_suspended", "登録の一時停止", "Registration suspended"},
  CatalogueEntry{"log_kind_service_resumed", "登録の再開", "Registration resumed"},
  CatalogueEntry{"log_kind_service_revoked", "登録の取消", "Registration revoked"},
  CatalogueEntry{"log_kind_service_expired", "登録の期限切れ", "Registration expired"},
  CatalogueEntry{"log_kind_service_baseline", "サービスの登録内容（ログ開始時点）", "Service as of the log's start"},
  CatalogueEntry{"log_kind_report_published", "検証レポートの公表", "Verification report published"},
  CatalogueEntry{"log_kind_report_baseline", "検証レポート（ログ開始時点）", "Verification report as of the log's start"},
  CatalogueEntry{"log_kind_case_published", "導入事例の公表", "Deployment case published"},
  CatalogueEntry{"log_kind_case_withdrawn", "導入事例の取り下げ", "Deployment case withdrawn"},
  CatalogueEntry{"log_kind_case_baseline", "導入事例（ログ開始時点）", "Deployment case as of the log's start"},
  CatalogueEntry{"log_kind_audit_head", "監査ログの先頭の固定", "Audit log head anchored"},
  // Record types.
  CatalogueEntry{"log_type_service", "サービス", "Service"},
  CatalogueEntry{"log_type_report", "検証済み製品のレポート", "Verified product's report"},
  CatalogueEntry{"log_type_case", "導入事例", "Deployment case"},
  CatalogueEntry{"log_type_audit", "監査ログ", "Audit log"},

  // The API's parameter errors.
  CatalogueEntry{"error.log.bad_hash", "32 バイトの SHA-256 ハッシュを base64 で指定してください。", "must be a SHA-256 leaf hash (32 bytes) in base64."},
  CatalogueEntry{"error.log.index_or_hash", "index か hash のどちらか一方だけを指定してください。", "give either index or hash, not both."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> LogMessages() { return kEntries; }

}  // namespace proven::web
