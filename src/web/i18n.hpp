#pragma once
// The UI's two languages: Japanese first, English second. Data stays as registered (Japanese);
// the chrome, type names, regions and prefectures are translated.
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "domain/service.hpp"

namespace proven::web {

enum class Lang { kJa, kEn };

std::string_view LangCode(Lang l);  // "ja" / "en"
// Every message as a mustache object, for templates as {{t.key}}.
const kainjow::mustache::data& Messages(Lang l);
// One message; the key itself when unknown (a test checks every key used exists).
std::string Message(Lang l, std::string_view key);

std::string TypeLabel(domain::ServiceType t, Lang l);
// A canonical region, area or prefecture name in the UI language.
std::string PlaceLabel(std::string_view name, Lang l);

}  // namespace proven::web
