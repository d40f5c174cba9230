#include "web/vocabulary.hpp"

#include <algorithm>

#include "domain/programme/deployment_case.hpp"
#include "domain/regions.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

mst::data RegionOptionGroups(Lang lang, const std::vector<std::string>& selected) {
  std::vector<std::string> canonical;
  for (const auto& s : selected) {
    if (auto r = domain::FindRegion(s)) canonical.push_back(r->name);
  }
  auto option = [&](std::string_view name) {
    mst::data o;
    o.set("value", std::string(name));
    o.set("label", PlaceLabel(name, lang));
    o.set("selected", std::find(canonical.begin(), canonical.end(), name) != canonical.end());
    return o;
  };
  auto group = [&](std::string_view label_key, mst::data options) {
    mst::data g;
    g.set("label", Message(lang, label_key));
    g.set("options", options);
    return g;
  };
  mst::data groups{mst::data::type::list};
  mst::data nationwide{mst::data::type::list};
  nationwide.push_back(option(domain::kNationwide));
  groups.push_back(group("nationwide", nationwide));
  mst::data areas{mst::data::type::list};
  for (const auto& a : domain::Areas()) areas.push_back(option(a.name));
  groups.push_back(group("areas", areas));
  mst::data prefectures{mst::data::type::list};
  for (const auto& p : domain::Prefectures()) {
    const bool also_area = std::any_of(domain::Areas().begin(), domain::Areas().end(),
                                       [&](const auto& a) { return a.name == p.name; });
    if (!also_area) prefectures.push_back(option(p.name));
  }
  groups.push_back(group("prefectures", prefectures));
  return groups;
}

std::string IndustryLabel(std::string_view name_ja, Lang lang) {
  if (lang == Lang::kJa) return std::string(name_ja);
  if (name_ja == kAllIndustries) return Message(lang, "industry_all");
  if (const auto* i = domain::FindIndustry(name_ja)) return std::string(i->name_en);
  return std::string(name_ja);
}

mst::data IndustryOptions(Lang lang, const std::vector<std::string>& selected, bool with_all) {
  auto is_selected = [&](std::string_view v) {
    return std::find(selected.begin(), selected.end(), v) != selected.end();
  };
  mst::data list{mst::data::type::list};
  auto add = [&](std::string_view value) {
    mst::data o;
    o.set("value", std::string(value));
    o.set("label", IndustryLabel(value, lang));
    o.set("selected", is_selected(value));
    list.push_back(o);
  };
  std::vector<std::string_view> offered;
  if (with_all) offered.push_back(kAllIndustries);
  for (const auto& i : domain::kIndustryVocabulary) offered.push_back(i.name_ja);
  for (auto v : offered) add(v);
  for (const auto& s : selected) {
    if (std::find(offered.begin(), offered.end(), s) == offered.end()) add(s);
  }
  return list;
}

}  // namespace proven::web
