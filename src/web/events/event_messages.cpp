// The texts of the collaboration platform's events (/events, registrations, the check-in desk and
// the admin's pages), Japanese and English (docs/i18n.md). Errors and field labels of these pages
// are here too ("error.slot.count", "field.event.<field>").
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  // Navigation, calendars and the feed.
  CatalogueEntry{"nav_events", "イベント", "Events"},
  CatalogueEntry{"nav_admin_events", "イベント管理", "Manage events"},
  CatalogueEntry{"event_number", "第{number}回", "No. {number}"},
  CatalogueEntry{"event_talks", "講演", "Talks"},
  CatalogueEntry{"event_online", "オンライン", "Online"},
  CatalogueEntry{"event_calendar_name", "コラボレーション・プラットフォーム（Proven）", "Collaboration platform (Proven)"},
  CatalogueEntry{"event_feed_title", "コラボレーション・プラットフォーム 開催予定（Proven）", "Collaboration platform: upcoming meetings (Proven)"},
  CatalogueEntry{"event_feed_summary", "日時: {starts_at}（日本時間） 場所: {place} 残り {left} 席", "When: {starts_at} (JST). Where: {place}. {left} seat(s) left."},
  CatalogueEntry{"event_state_draft", "下書き", "Draft"},
  CatalogueEntry{"event_state_published", "公開中", "Published"},
  CatalogueEntry{"event_state_cancelled", "中止", "Cancelled"},

  // The public list.
  CatalogueEntry{"events_title", "コラボレーション・プラットフォーム", "Collaboration platform meetings"},
  CatalogueEntry{"events_lead", "セキュリティ製品・サービスのユーザーとベンダーが集まる会合です。毎回のテーマに沿った講演、ベンダーとの個別相談会、情報交換会があります。", "Meetings of users and vendors of security products and services: talks on each meeting's theme, individual consultations with vendors, and a networking session."},
  CatalogueEntry{"events_upcoming", "開催予定", "Upcoming"},
  CatalogueEntry{"events_past", "過去の開催", "Past meetings"},
  CatalogueEntry{"events_none_upcoming", "開催予定のイベントはまだありません。", "No meeting is scheduled yet."},
  CatalogueEntry{"events_none_past", "過去の開催はまだありません。", "No past meetings yet."},
  CatalogueEntry{"events_subscribe", "予定の購読", "Subscribe"},
  CatalogueEntry{"events_ics_all", "開催予定をカレンダーに登録（.ics）", "Upcoming meetings as a calendar (.ics)"},
  CatalogueEntry{"events_feed", "Atom フィード", "Atom feed"},
  CatalogueEntry{"event_when", "日時", "When"},
  CatalogueEntry{"event_theme", "テーマ", "Theme"},
  CatalogueEntry{"event_place", "場所", "Where"},
  CatalogueEntry{"event_seats", "席", "Seats"},
  CatalogueEntry{"event_seats_left", "残り {left} 席（定員 {capacity}）", "{left} of {capacity} seats left"},
  CatalogueEntry{"event_full", "満席・キャンセル待ち {count} 人", "Full; {count} waiting"},
  CatalogueEntry{"event_jst", "日本時間", "JST"},
  CatalogueEntry{"event_my_registrations", "あなたのお申し込み", "Your registrations"},

  // An event's page.
  CatalogueEntry{"event_description", "概要", "About"},
  CatalogueEntry{"event_programme", "プログラム", "Programme"},
  CatalogueEntry{"event_talk_title", "演題", "Talk"},
  CatalogueEntry{"event_speaker", "講演者", "Speaker"},
  CatalogueEntry{"event_venue", "会場", "Venue"},
  CatalogueEntry{"event_online_url", "オンライン参加", "Join online"},
  CatalogueEntry{"event_capacity", "定員", "Capacity"},
  CatalogueEntry{"event_capacity_text", "{capacity} 名（参加確定 {registered} 名、キャンセル待ち {waitlisted} 名）", "{capacity} (confirmed {registered}, waiting {waitlisted})"},
  CatalogueEntry{"event_networking", "情報交換会", "Networking session"},
  CatalogueEntry{"event_networking_text", "{capacity} 名（参加確定 {registered} 名、キャンセル待ち {waitlisted} 名）", "{capacity} (confirmed {registered}, waiting {waitlisted})"},
  CatalogueEntry{"event_networking_none", "なし", "None"},
  CatalogueEntry{"event_registration_period", "申込期間", "Registration"},
  CatalogueEntry{"event_period", "{opens_at} 〜 {closes_at}（日本時間）", "{opens_at} to {closes_at} (JST)"},
  CatalogueEntry{"event_ics", "カレンダーに追加（.ics）", "Add to calendar (.ics)"},
  CatalogueEntry{"event_cancelled_notice", "このイベントは中止になりました。", "This meeting is cancelled."},
  CatalogueEntry{"event_register_title", "参加申込", "Register"},
  CatalogueEntry{"event_register_full", "定員に達しています。申し込むとキャンセル待ちになり、空きが出たら申込順に繰り上がります。", "The meeting is full. If you register you join the waitlist and move up, in order, when a seat frees."},
  CatalogueEntry{"event_register_networking", "情報交換会にも参加する", "Also join the networking session"},
  CatalogueEntry{"event_register_submit", "申し込む", "Register"},
  CatalogueEntry{"event_register_sign_in", "申し込むにはサインインしてください。", "Sign in to register."},
  CatalogueEntry{"event_registration_closed", "現在は申込を受け付けていません。", "Registration is not open."},
  CatalogueEntry{"event_your_status", "あなたの申込状況: {status}", "Your registration: {status}"},
  CatalogueEntry{"event_view_registration", "申込内容と受付コードを見る", "See your registration and check-in code"},

  // Consultation slots.
  CatalogueEntry{"event_slots", "個別相談会", "Individual consultations"},
  CatalogueEntry{"event_slots_lead", "ベンダーと 1 対 1 で相談できる枠です。参加が確定した方が、1 事業者につき 1 枠まで予約できます。", "One-to-one time with a vendor. Participants with a confirmed seat book one slot per vendor."},
  CatalogueEntry{"event_slots_none", "相談枠はまだありません。", "No slots are offered yet."},
  CatalogueEntry{"event_slot_time", "時間", "Time"},
  CatalogueEntry{"event_slot_vendor", "事業者", "Vendor"},
  CatalogueEntry{"event_slot_note", "内容", "Note"},
  CatalogueEntry{"event_slot_state", "状況", "Status"},
  CatalogueEntry{"event_slot_free", "空き", "Free"},
  CatalogueEntry{"event_slot_taken", "予約済み", "Booked"},
  CatalogueEntry{"event_slot_yours", "あなたの予約", "Your booking"},
  CatalogueEntry{"event_slot_booked_topic", "予約あり: {topic}", "Booked: {topic}"},
  CatalogueEntry{"event_slot_topic", "相談したいこと（任意）", "What you would like to discuss (optional)"},
  CatalogueEntry{"event_slot_book", "予約する", "Book"},
  CatalogueEntry{"event_slot_unbook", "予約を取り消す", "Cancel booking"},
  CatalogueEntry{"event_slot_remove", "枠を削除", "Remove slot"},
  CatalogueEntry{"event_slot_needs_seat", "予約は参加が確定した方ができます。", "Participants with a confirmed seat can book."},
  CatalogueEntry{"event_slot_offer_title", "相談枠を提供する（ベンダー）", "Offer consultation slots (vendors)"},
  CatalogueEntry{"event_slot_offer_lead", "イベントの時間内で、自組織の相談枠を設定します。", "Slots for your organisation, within the meeting's time."},
  CatalogueEntry{"event_slot_starts", "開始", "Starts"},
  CatalogueEntry{"event_slot_ends", "終了", "Ends"},
  CatalogueEntry{"event_slot_offer_submit", "相談枠を追加", "Add slot"},

  // A registration.
  CatalogueEntry{"registration_title", "お申し込み内容", "Your registration"},
  CatalogueEntry{"registration_status", "状況", "Status"},
  CatalogueEntry{"registration_queue", "キャンセル待ち {position} 番目です。空きが出ると自動で繰り上がり、メールでお知らせします。", "You are number {position} on the waitlist. You move up automatically when a seat frees, and we tell you by mail."},
  CatalogueEntry{"registration_networking_queue", "情報交換会はキャンセル待ち {position} 番目です。", "You are number {position} on the networking session's waitlist."},
  CatalogueEntry{"registration_code", "受付コード", "Check-in code"},
  CatalogueEntry{"registration_code_help", "当日、受付でこの QR コードか受付コードを提示してください。", "Show this QR code or the code at the desk on the day."},
  CatalogueEntry{"registration_qr", "受付コード {code} の QR コード", "QR code of check-in code {code}"},
  CatalogueEntry{"registration_code_waiting", "受付コードは席が確定すると使えます。", "The check-in code works once your seat is confirmed."},
  CatalogueEntry{"registration_attended", "{at} に受付済み", "Checked in at {at}"},
  CatalogueEntry{"registration_requested_at", "申込日時", "Registered at"},
  CatalogueEntry{"registration_cancel", "申込を取り消す", "Cancel registration"},
  CatalogueEntry{"registration_cancel_title", "申込の取消", "Cancel your registration"},
  CatalogueEntry{"registration_cancel_text", "取り消すと、あなたの席はキャンセル待ちの方に繰り上がります。予約した個別相談もできなくなります。もう一度申し込むと、申込順の最後になります。", "Your seat goes to the next person waiting. Booked consultations lapse. If you register again you join at the back of the queue."},
  CatalogueEntry{"registration_cancel_confirm", "取り消す", "Cancel registration"},
  CatalogueEntry{"registration_keep", "戻る", "Go back"},
  CatalogueEntry{"registration_event", "イベント", "Meeting"},

  // The admin.
  CatalogueEntry{"admin_events_title", "イベント管理", "Manage events"},
  CatalogueEntry{"admin_events_new", "イベントを作成", "New event"},
  CatalogueEntry{"admin_events_none", "イベントはまだありません。", "No events yet."},
  CatalogueEntry{"admin_event_state", "状態", "State"},
  CatalogueEntry{"admin_event_registered", "参加確定", "Confirmed"},
  CatalogueEntry{"admin_event_waitlisted", "キャンセル待ち", "Waiting"},
  CatalogueEntry{"admin_event_attended", "出席", "Attended"},
  CatalogueEntry{"admin_event_open", "管理", "Manage"},
  CatalogueEntry{"admin_event_edit", "内容の変更", "Edit"},
  CatalogueEntry{"admin_event_times_help", "日時は日本時間（Asia/Tokyo）です。", "Times are Japan time (Asia/Tokyo)."},
  CatalogueEntry{"admin_event_talks_help", "講演ごとに演題・講演者・所属を入力します。空の行は無視します。", "One talk a row: title, speaker, affiliation. Empty rows are ignored."},
  CatalogueEntry{"admin_event_affiliation", "所属", "Affiliation"},
  CatalogueEntry{"admin_event_number_label", "回（第N回の N）", "Meeting number"},
  CatalogueEntry{"admin_event_opens", "申込受付開始", "Registration opens"},
  CatalogueEntry{"admin_event_closes", "申込締切", "Registration closes"},
  CatalogueEntry{"admin_event_create", "下書きとして作成", "Create as draft"},
  CatalogueEntry{"admin_event_save", "変更を保存", "Save changes"},
  CatalogueEntry{"admin_event_publish", "公開する", "Publish"},
  CatalogueEntry{"admin_event_cancel", "イベントを中止する", "Cancel the event"},
  CatalogueEntry{"admin_event_cancel_title", "イベントの中止", "Cancel the event"},
  CatalogueEntry{"admin_event_cancel_text", "中止すると、申込済みとキャンセル待ちの {count} 名全員に中止のメールが送られます。中止は取り消せません。", "All {count} people registered or waiting are told by mail. A cancellation cannot be undone."},
  CatalogueEntry{"admin_event_cancel_confirm", "中止する", "Cancel the event"},
  CatalogueEntry{"admin_event_registrations", "申込一覧（申込順）", "Registrations (in queue order)"},
  CatalogueEntry{"admin_event_no_registrations", "申込はまだありません。", "No registrations yet."},
  CatalogueEntry{"admin_event_order", "順", "#"},
  CatalogueEntry{"admin_event_email", "メールアドレス", "E-mail"},
  CatalogueEntry{"admin_event_checkin", "受付（チェックイン）", "Check-in desk"},
  CatalogueEntry{"checkin_title", "受付", "Check-in"},
  CatalogueEntry{"checkin_code_label", "受付コード", "Check-in code"},
  CatalogueEntry{"checkin_code_help", "例: 7K3QD-9XW2M（大文字・小文字、ハイフンの有無は問いません）", "e.g. 7K3QD-9XW2M (any case, with or without the hyphen)"},
  CatalogueEntry{"checkin_lookup", "確認", "Look up"},
  CatalogueEntry{"checkin_record", "出席を記録", "Record attendance"},
  CatalogueEntry{"checkin_who", "申込者", "Registrant"},
  CatalogueEntry{"checkin_counts", "出席 {attended} 名 / 参加確定 {registered} 名", "{attended} attended of {registered} confirmed"},
  CatalogueEntry{"checkin_already", "{at} に受付済みです。", "Checked in already at {at}."},
  CatalogueEntry{"checkin_not_seated", "この申込は席が確定していません（{status}）。", "This registration holds no seat ({status})."},

  // Notices after a redirect.
  CatalogueEntry{"event_notice_registered", "お申し込みを受け付けました。確認のメールを送ります。", "You are registered. A confirmation is on its way by mail."},
  CatalogueEntry{"event_notice_waitlisted", "定員に達しているため、キャンセル待ちで受け付けました。", "The meeting is full: you are on the waitlist."},
  CatalogueEntry{"event_notice_cancelled", "お申し込みを取り消しました。", "Your registration is cancelled."},
  CatalogueEntry{"event_notice_booked", "個別相談を予約しました。", "Consultation booked."},
  CatalogueEntry{"event_notice_unbooked", "個別相談の予約を取り消しました。", "Booking cancelled."},
  CatalogueEntry{"event_notice_offered", "相談枠を追加しました。", "Slot added."},
  CatalogueEntry{"event_notice_removed", "相談枠を削除しました。", "Slot removed."},
  CatalogueEntry{"event_notice_created", "イベントを下書きとして作成しました。内容を確認して公開してください。", "Event created as a draft. Check it, then publish."},
  CatalogueEntry{"event_notice_saved", "変更を保存しました。", "Changes saved."},
  CatalogueEntry{"event_notice_published", "イベントを公開しました。", "Event published."},
  CatalogueEntry{"event_notice_event_cancelled", "イベントを中止し、申込者に知らせました。", "Event cancelled; everyone registered is told."},
  CatalogueEntry{"event_notice_checked_in", "出席を記録しました。", "Attendance recorded."},

};

// Errors and field labels of these pages (dotted keys, not page texts).
constexpr std::array kLabels{
  CatalogueEntry{"error.slot.count", "相談枠は一度に 1〜{max} 件まで追加できます。", "Offer from 1 to {max} slots at once."},
  CatalogueEntry{"field.event.number", "回（第N回）", "Number"},
  CatalogueEntry{"field.event.theme", "テーマ", "Theme"},
  CatalogueEntry{"field.event.description", "概要", "Description"},
  CatalogueEntry{"field.event.starts_at", "開始日時", "Starts"},
  CatalogueEntry{"field.event.ends_at", "終了日時", "Ends"},
  CatalogueEntry{"field.event.venue", "会場", "Venue"},
  CatalogueEntry{"field.event.online_url", "オンライン参加の URL", "Online URL"},
  CatalogueEntry{"field.event.capacity", "定員", "Capacity"},
  CatalogueEntry{"field.event.networking_capacity", "情報交換会の定員", "Networking session capacity"},
  CatalogueEntry{"field.event.registration_opens_at", "申込受付開始", "Registration opens"},
  CatalogueEntry{"field.event.registration_closes_at", "申込締切", "Registration closes"},
  CatalogueEntry{"field.event.talks", "講演", "Talks"},
  CatalogueEntry{"field.event.code", "受付コード", "Check-in code"},
  CatalogueEntry{"field.event.topic", "相談したいこと", "Topic"},
  CatalogueEntry{"field.event.note", "内容", "Note"},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> EventMessages() { return kEntries; }
std::span<const CatalogueEntry> EventLabels() { return kLabels; }

}  // namespace proven::web
