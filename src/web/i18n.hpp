#pragma once
// The UI's two languages: Japanese first, English second. Data stays as registered (Japanese);
// the chrome, type names, regions and prefectures are translated.
#include <initializer_list>
#include <string>
#include <utility>
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
// The message with each `{name}` replaced by its value (values are not messages: numbers, ids).
std::string Message(Lang l, std::string_view key,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> args);

std::string TypeLabel(domain::ServiceType t, Lang l);
// A canonical region, area or prefecture name in the UI language.
std::string PlaceLabel(std::string_view name, Lang l);

}  // namespace proven::web
