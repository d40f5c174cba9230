// The texts of registration numbers (登録番号, issue 13): the field, its search parameter, its
// errors and the page labels, Japanese and English (docs/i18n.md).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array kEntries{
  CatalogueEntry{"field.registration_number", "登録番号", "Registration number"},
  CatalogueEntry{"field.param.registration_number", "登録番号", "Registration number"},
  CatalogueEntry{"error.registration_number.invalid", "「{value}」は登録番号として使えません（1行の文字・数字・記号で {max} 文字まで）。", "'{value}' is not a registration number (letters, digits and signs on one line, at most {max} characters)."},
  CatalogueEntry{"error.registration_number.taken", "登録番号「{value}」は、{registrar} のサービス {id} に付与済みです。同じ審査登録機関の中で登録番号は重複できません。", "Registration number '{value}' of {registrar} is already given to service {id}: a number is unique within its registration body."},
  CatalogueEntry{"error.import.duplicate_registration_number", "登録番号「{value}」（{registrar}）は {line} 行目にもあります。", "Registration number '{value}' of {registrar} already appears on line {line}."},
  CatalogueEntry{"registration_number_label", "登録番号", "Registration number"},
  CatalogueEntry{"registration_number_hint", "審査登録機関が付与した番号（例: JASA-A-0123）。ない場合は空欄のままにします。", "The number the registration body gave the service (e.g. JASA-A-0123); leave it empty when there is none."},
  CatalogueEntry{"registration_number_search_hint", "番号全体が一致するサービスを表示します（全角・半角、大文字・小文字は区別しません）。", "Shows the service whose whole number matches (full-width or half-width and upper or lower case do not matter)."},
};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> RegnoMessages() { return kEntries; }

}  // namespace proven::web
