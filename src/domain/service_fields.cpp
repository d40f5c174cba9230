#include "domain/service_fields.hpp"

#include <fmt/core.h>

#include "core/normalize.hpp"
#include "core/scan.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "domain/regions.hpp"

namespace proven::domain {

const std::array<ServiceFieldInfo, kServiceFieldCount>& ServiceFields() {
  static const std::array<ServiceFieldInfo, kServiceFieldCount> kFields{{
      {ServiceField::kName, "サービス名", "name", true},
      {ServiceField::kProvider, "事業者名称", "provider", true},
      {ServiceField::kAddress, "事業者所在地", "address", true},
      {ServiceField::kOverview, "サービスの概要", "overview", false},
      {ServiceField::kIndustries, "主な顧客対象の分野・業種", "industries", false},
      {ServiceField::kRegions, "対象とする地域", "regions", false},
      {ServiceField::kRegisteredOn, "登録年月日", "registered_on", true},
      {ServiceField::kExpiresOn, "有効期限", "expires_on", true},
      {ServiceField::kRegistrar, "審査登録機関名", "registrar", true},
      {ServiceField::kType, "サービス種別", "type", true},
      {ServiceField::kUrl, "ホームページ", "url", false},
      {ServiceField::kRegistrationNumber, "登録番号", "registration_number", false},
  }};
  return kFields;
}

const ServiceFieldInfo& FieldInfo(ServiceField f) {
  return ServiceFields()[static_cast<std::size_t>(f)];
}

std::optional<ServiceField> FieldFromHeader(std::string_view header) {
  const std::string h = NormalizeForSearch(Trim(header));
  for (const auto& info : ServiceFields()) {
    if (h == NormalizeForSearch(info.header_ja) || h == info.key) return info.field;
  }
  return std::nullopt;
}

bool IsExportOnlyHeader(std::string_view header) {
  const std::string h = NormalizeForSearch(Trim(header));
  for (std::string_view known : kExportOnlyHeaders) {
    if (h == NormalizeForSearch(known)) return true;
  }
  return h == "id" || h == "status" || h == "page_url";
}

std::vector<std::string> SplitListCell(std::string_view cell) {
  static const std::vector<std::string_view> kSeps{"\r\n", "\n", "\r", "、", ",", "，", ";", "；"};
  return SplitList(cell, kSeps);
}

std::string NormalizeRegistrationNumber(std::string_view number) { return std::string(Trim(Nfkc(Trim(number)))); }

std::string RegistrationNumberKey(std::string_view number) {
  std::string out;
  for (const char c : NormalizeForSearch(Trim(number))) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

bool IsHttpUrl(std::string_view url) {
  // Case-insensitively: https?:// HOST (: \d{1,5})? (/ [^\s]*)?  where HOST is letters, digits,
  // dots and hyphens, starting and ending with a letter or digit.
  Scanner in(url);
  if (!in.EatIgnoreCase("http")) return false;
  in.EatIgnoreCase("s");
  if (!in.Eat("://")) return false;
  const std::size_t host_start = in.pos();
  while (IsAsciiLetterOrDigit(in.Peek()) || in.Peek() == '.' || in.Peek() == '-') in.Advance();
  const std::string_view host = url.substr(host_start, in.pos() - host_start);
  if (host.empty() || !IsAsciiLetterOrDigit(host.front()) || !IsAsciiLetterOrDigit(host.back())) return false;
  if (in.Eat(":") && !in.Number(1, 5)) return false;
  if (in.AtEnd()) return true;
  if (!in.Eat("/")) return false;
  for (const char c : in.Rest()) {
    if (IsAsciiWhiteSpace(c)) return false;
  }
  return true;
}

std::variant<Service, std::vector<FieldProblem>> ServiceFromCells(const ServiceCells& cells) {
  std::vector<FieldProblem> problems;
  // The trimmed cell. Its length and characters are checked before anything else reads it; a
  // cell that fails is reported and read as empty, so nothing parses it further.
  auto text = [&](ServiceField f) -> std::string {
    const auto& c = cells[static_cast<std::size_t>(f)];
    const std::string_view given = c ? std::string_view(*c) : std::string_view();
    if (auto problem = TextProblem(LimitOf(f), given)) {
      problems.push_back({f, std::move(problem->message), std::move(problem->reason)});
      return {};
    }
    const std::string_view v = Trim(given);
    if (v.empty() && FieldInfo(f).required) {
      problems.push_back({f, "is required but empty", {"error.field.required", {}}});
    }
    return std::string(v);
  };
  // The items of a list cell, each within kMaxListItemChars.
  auto list = [&](ServiceField f) {
    std::vector<std::string> items;
    std::size_t number = 0;
    for (auto& item : SplitListCell(text(f))) {
      ++number;
      if (const std::size_t chars = CountChars(item); chars > kMaxListItemChars) {
        const std::string n = WithThousandsSeparators(chars), max = std::to_string(kMaxListItemChars);
        problems.push_back({f, fmt::format("item {} is {} characters long; at most {} are allowed", number, n, max),
                            {"error.list.item_too_long", {{"item", std::to_string(number)}, {"chars", n}, {"max", max}}}});
      } else {
        items.push_back(std::move(item));
      }
    }
    return items;
  };

  Service s;
  s.name = text(ServiceField::kName);
  s.provider = text(ServiceField::kProvider);
  s.address = text(ServiceField::kAddress);
  s.overview = text(ServiceField::kOverview);
  s.registrar = text(ServiceField::kRegistrar);
  s.url = text(ServiceField::kUrl);
  s.registration_number = NormalizeRegistrationNumber(text(ServiceField::kRegistrationNumber));

  if (!s.address.empty()) {
    if (auto p = PrefectureOfAddress(s.address)) {
      s.prefecture = std::string(Prefectures()[static_cast<std::size_t>(*p)].name);
    } else {
      const std::string shown = Ellipsize(s.address, 30);
      problems.push_back({ServiceField::kAddress,
                          fmt::format("'{}' does not start with one of the 47 prefectures "
                                      "(e.g. 東京都, 大阪府, 北海道)",
                                      shown),
                          {"error.address.no_prefecture", {{"value", shown}}}});
    }
  }

  const std::string type_text = text(ServiceField::kType);
  if (!type_text.empty()) {
    if (auto t = TypeFromText(type_text)) {
      s.type = *t;
    } else {
      std::vector<std::string> labels;
      for (auto t2 : kServiceTypes) labels.emplace_back(TypeLabelJa(t2));
      problems.push_back({ServiceField::kType,
                          fmt::format("unknown service type '{}' (expected one of: {})", type_text, Join(labels, ", ")),
                          {"error.type.unknown", {{"value", Ellipsize(type_text, 60)}}}});
    }
  }

  s.industries = list(ServiceField::kIndustries);

  for (const auto& item : list(ServiceField::kRegions)) {
    if (auto r = FindRegion(item)) {
      if (std::find(s.regions.begin(), s.regions.end(), r->name) == s.regions.end()) {
        s.regions.push_back(r->name);
      }
    } else {
      problems.push_back({ServiceField::kRegions,
                          fmt::format("unknown region '{}' (expected 日本全国, an area such as 関東 "
                                      "or 九州・沖縄, or a prefecture)",
                                      item),
                          {"error.region.unknown", {{"value", item}}}});
    }
  }

  bool dates_ok = true;
  auto date = [&](ServiceField f) -> Date {
    const std::string v = text(f);
    if (v.empty()) {
      dates_ok = false;
      return {};
    }
    auto d = ParseListDate(v);
    if (!d) {
      dates_ok = false;
      problems.push_back({f, d.error().message, d.error().reason});
      return {};
    }
    return *d;
  };
  s.registered_on = date(ServiceField::kRegisteredOn);
  s.expires_on = date(ServiceField::kExpiresOn);
  if (dates_ok && s.expires_on < s.registered_on) {
    problems.push_back({ServiceField::kExpiresOn,
                        fmt::format("expiry {} is before registration {}", s.expires_on.ToIso(),
                                    s.registered_on.ToIso()),
                        {"error.expires_on.before_registration",
                         {{"expires_on", s.expires_on.ToIso()}, {"registered_on", s.registered_on.ToIso()}}}});
  }

  if (!s.url.empty() && !IsHttpUrl(s.url)) {
    const std::string shown = Ellipsize(s.url, 60);
    problems.push_back({ServiceField::kUrl, fmt::format("'{}' is not an http:// or https:// address", shown),
                        {"error.url.not_http", {{"value", shown}}}});
  }

  // Letters, digits, signs and single spaces: nothing a list could not print on one line.
  if (!s.registration_number.empty()) {
    const bool tab = s.registration_number.find('\t') != std::string::npos;
    const bool too_long = CountChars(s.registration_number) > kRegistrationNumberLimit.max_chars;
    if (tab || too_long) {
      const std::string shown = Ellipsize(s.registration_number, 30);
      problems.push_back({ServiceField::kRegistrationNumber,
                          fmt::format("'{}' is not a registration number (letters, digits and signs on one line, at "
                                      "most {} characters)",
                                      shown, kRegistrationNumberLimit.max_chars),
                          {"error.registration_number.invalid",
                           {{"value", shown}, {"max", std::to_string(kRegistrationNumberLimit.max_chars)}}}});
    }
  }

  if (!problems.empty()) return problems;
  return s;
}

std::array<std::string, kServiceFieldCount> CellsFromService(const Service& s) {
  std::array<std::string, kServiceFieldCount> out;
  auto set = [&](ServiceField f, std::string v) { out[static_cast<std::size_t>(f)] = std::move(v); };
  set(ServiceField::kName, s.name);
  set(ServiceField::kProvider, s.provider);
  set(ServiceField::kAddress, s.address);
  set(ServiceField::kOverview, s.overview);
  set(ServiceField::kIndustries, Join(s.industries, "、"));
  set(ServiceField::kRegions, Join(s.regions, "、"));
  set(ServiceField::kRegisteredOn, s.registered_on.ToIso());
  set(ServiceField::kExpiresOn, s.expires_on.ToIso());
  set(ServiceField::kRegistrar, s.registrar);
  set(ServiceField::kType, std::string(TypeLabelJa(s.type)));
  set(ServiceField::kUrl, s.url);
  set(ServiceField::kRegistrationNumber, s.registration_number);
  return out;
}

std::vector<ServiceField> ChangedFields(const Service& before, const Service& after) {
  const auto a = CellsFromService(before);
  const auto b = CellsFromService(after);
  std::vector<ServiceField> out;
  for (const auto& info : ServiceFields()) {
    const auto i = static_cast<std::size_t>(info.field);
    if (a[i] != b[i]) out.push_back(info.field);
  }
  return out;
}

}  // namespace proven::domain
