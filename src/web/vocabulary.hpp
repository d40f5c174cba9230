#pragma once
// The choice lists that forms share with search: the regions a service covers (日本全国, the areas,
// the prefectures — 北海道 once, as an area) and the industries of its customers. Search, the
// service form, the vendor's proposal form and the needs form all offer the same lists, in the
// page's language, with the stored (Japanese) names as values.
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "web/i18n.hpp"

namespace proven::web {

// The industry every service list names for "all industries"; not an organisation's industry
// (domain::kIndustryVocabulary leaves it out), so forms for services add it.
inline constexpr std::string_view kAllIndustries = "全業種";

// Three option groups (nationwide, areas, prefectures): [{label, options: [{value, label,
// selected}]}]. A selected value is matched by its canonical region (全国 selects 日本全国).
// 北海道 is both an area and a prefecture with the same coverage: it is offered once, as the area.
kainjow::mustache::data RegionOptionGroups(Lang lang, const std::vector<std::string>& selected);

// The industries: 全業種 first (when `with_all`), then domain::kIndustryVocabulary, each
// {value (Japanese), label (page's language), selected}; selected values not in the vocabulary
// (imported data) follow as extra options, so that saving a form keeps them.
kainjow::mustache::data IndustryOptions(Lang lang, const std::vector<std::string>& selected, bool with_all = true);

// An industry's name in the page's language (the stored Japanese name when it has no English one).
std::string IndustryLabel(std::string_view name_ja, Lang lang);

}  // namespace proven::web
