#include "domain/matching/matching.hpp"

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "core/collation.hpp"
#include "core/normalize.hpp"
#include "core/text.hpp"

namespace proven::domain {

namespace {

using T = ServiceType;

// The seeded field map (migration 0006): 1 脅威の可視化, 2 脆弱性の可視化, 3 IT資産管理,
// 4 脅威インテリジェンスの整理・管理, 5 マルウェア感染/被害の重篤度判定, 6 教育・トレーニング,
// 7 ハイレベルセキュリティ検証.
constexpr T kForensics[] = {T::kForensics};
constexpr T kForensicsMonitoring[] = {T::kForensics, T::kMonitoring};
constexpr T kWebDiagnosis[] = {T::kVulnerabilityAssessment, T::kPenetrationTest};
constexpr T kPentest[] = {T::kPenetrationTest};
constexpr T kMonitoring[] = {T::kMonitoring};
constexpr T kAudit[] = {T::kAudit};
constexpr T kVulnerability[] = {T::kVulnerabilityAssessment};
constexpr T kDevice[] = {T::kDeviceVerification};
constexpr std::span<const T> kNoType;

constexpr std::int64_t kF1[] = {1}, kF2[] = {2}, kF3[] = {3}, kF4[] = {4}, kF6[] = {6}, kF7[] = {7};
constexpr std::int64_t kF5[] = {5}, kF15[] = {1, 5};
constexpr std::span<const std::int64_t> kNoField;

constexpr std::string_view kInfection[] = {"マルウェア", "ウイルス", "感染", "検体", "隔離"};
constexpr std::string_view kIncident[] = {"不正アクセス", "漏えい", "侵入", "原因", "影響範囲"};
constexpr std::string_view kWeb[] = {"脆弱性", "Web", "診断"};
constexpr std::string_view kAttack[] = {"侵入", "攻撃", "ペネトレーション"};
constexpr std::string_view kWatch[] = {"監視", "検知", "通知", "異常"};
constexpr std::string_view kAuditWords[] = {"監査", "管理策", "規程"};
constexpr std::string_view kAssets[] = {"資産", "棚卸", "端末", "未登録"};
constexpr std::string_view kSoftware[] = {"脆弱性", "パッチ", "CVE", "更新"};
constexpr std::string_view kIot[] = {"機器", "IoT", "ファームウェア"};
constexpr std::string_view kTraining[] = {"訓練", "教育", "標的型", "メール"};
constexpr std::string_view kIntel[] = {"脅威情報", "インテリジェンス", "通知"};
constexpr std::string_view kWireless[] = {"無線", "Wi-Fi", "アクセスポイント", "不正"};

constexpr std::array<ProblemStatement, 12> kProblems{{
    {"suspected_infection", kForensics, kF5, kInfection},
    {"incident_investigation", kForensicsMonitoring, kF15, kIncident},
    {"website_vulnerabilities", kWebDiagnosis, kF2, kWeb},
    {"attack_simulation", kPentest, kF7, kAttack},
    {"round_the_clock_monitoring", kMonitoring, kF1, kWatch},
    {"audit_for_customers", kAudit, kNoField, kAuditWords},
    {"asset_inventory", kNoType, kF3, kAssets},
    {"software_vulnerabilities", kVulnerability, kF2, kSoftware},
    {"device_security", kDevice, kF7, kIot},
    {"staff_training", kNoType, kF6, kTraining},
    {"threat_information", kNoType, kF4, kIntel},
    {"wireless_misuse", kNoType, kF1, kWireless},
}};

std::size_t CharCount(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) NextCodePoint(s, pos);
  return n;
}

bool ContainsNormalised(const std::vector<std::string>& haystack_normalised, const std::string& needle) {
  return std::any_of(haystack_normalised.begin(), haystack_normalised.end(),
                     [&](const std::string& h) { return h.find(needle) != std::string::npos; });
}

// The free text's words: split on white space, the ideographic space and ,.、。，．; normalised; at
// least two characters; each once.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string w = NormalizeForSearch(word);
    if (CharCount(w) >= 2 && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
    word.clear();
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t at = pos;
    const char32_t cp = NextCodePoint(text, pos);
    const bool separator = cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U',' || cp == U'.' ||
                           cp == U'\u3000' || cp == U'、' || cp == U'。' || cp == U'，' || cp == U'．';
    if (separator) {
      flush();
    } else {
      word.append(text.substr(at, pos - at));
    }
  }
  flush();
  return out;
}

Condition NewCondition(std::string code) {
  Condition c;
  c.code = std::move(code);
  return c;
}

std::string FieldLabel(std::int64_t id) { return fmt::format("field:{}", id); }
std::string TypeLabel(ServiceType t) { return fmt::format("type:{}", TypeCode(t)); }

}  // namespace

std::span<const ProblemStatement> ProblemStatements() { return kProblems; }

const ProblemStatement* FindProblem(std::string_view code) {
  for (const auto& p : kProblems) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

Status CheckNeeds(const Needs& n) {
  for (auto [value, field] : {std::pair{&n.text, "text"}, {&n.industry, "industry"}}) {
    if (auto bad = FindInvalidUtf8(*value)) {
      return Fail(Reason{"error.text.invalid_utf8", {{"offset", std::to_string(*bad)}, {"byte", fmt::format("{:02X}", static_cast<unsigned char>((*value)[*bad]))}}},
                  ErrorCode::kInvalidArgument, fmt::format("is not valid UTF-8 (byte offset {})", *bad), {}, field);
    }
  }
  for (std::size_t i = 0; i < n.regions.size(); ++i) {
    if (!FindRegion(n.regions[i])) {
      return Fail(Reason{"error.match.region", {{"value", n.regions[i]}}}, ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not 日本全国, an area or a prefecture", n.regions[i]), {},
                  fmt::format("regions[{}]", i));
    }
  }
  for (std::size_t i = 0; i < n.problems.size(); ++i) {
    if (!FindProblem(n.problems[i])) {
      return Fail(Reason{"error.match.problem", {{"value", n.problems[i]}}}, ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not one of the problems", n.problems[i]), {}, fmt::format("problems[{}]", i));
    }
  }
  if (CharCount(n.text) > kNeedsTextMax) {
    return Fail(Reason{"error.text.too_long", {{"chars", std::to_string(CharCount(n.text))},
                                               {"max", std::to_string(kNeedsTextMax)}}},
                ErrorCode::kInvalidArgument, fmt::format("is longer than {} characters", kNeedsTextMax), {}, "text");
  }
  return {};
}

std::vector<Match> MatchNeeds(const Needs& needs, std::span<const Candidate> candidates, Date today) {
  const std::span<const Candidate> groups[] = {candidates};
  return MatchNeeds(needs, groups, today);
}

void PrepareCandidate(Candidate& c) {
  c.sort_key = JapaneseSortKey(c.name);
  c.normalised_name = NormalizeForSearch(c.name);
  c.normalised_overview = NormalizeForSearch(c.overview);
  c.normalised_industries.clear();
  for (const auto& i : c.industries) c.normalised_industries.push_back(NormalizeForSearch(i));
  c.prepared = true;
}

std::vector<Match> MatchNeeds(const Needs& needs, std::span<const std::span<const Candidate>> groups, Date today) {
  // What the needs ask, resolved once.
  RegionMask needed = 0;
  std::vector<std::string> needed_names;
  for (const auto& r : needs.regions) {
    if (auto region = FindRegion(r)) {
      needed |= region->mask;
      needed_names.push_back(region->name);
    }
  }
  std::vector<ServiceType> types = needs.types;
  std::vector<std::int64_t> fields = needs.fields;
  std::vector<const ProblemStatement*> problems;
  for (const auto& code : needs.problems) {
    const ProblemStatement* p = FindProblem(code);
    if (!p) continue;
    problems.push_back(p);
    for (auto t : p->types) {
      if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    }
    for (auto f : p->fields) {
      if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
    }
  }
  const bool category_asked = !types.empty() || !fields.empty();
  const std::string industry = NormalizeForSearch(needs.industry);
  static const std::string kAllIndustries = NormalizeForSearch("全業種");
  const std::vector<std::string> words = Words(needs.text);

  std::vector<Match> out;
  std::vector<std::string> keys;  // each match's collation key, from its candidate when prepared
  for (const auto& candidates : groups) {
    for (const Candidate& c : candidates) {
      const bool service = c.kind == Candidate::Kind::kService;
      Match m;
      m.kind = c.kind;
      m.id = c.id;
      m.name = c.name;
      m.organisation = c.organisation;
      bool passes = true;
      auto hard = [&](Condition cond) {
        cond.hard = true;
        if (cond.applies && !cond.met) passes = false;
        m.conditions.push_back(std::move(cond));
      };
      auto soft = [&](Condition cond) {
        if (cond.applies && cond.met) m.score += cond.points;
        m.conditions.push_back(std::move(cond));
      };

      // Hard: valid today. Products in the catalogue are published; services by state and dates.
      {
        Condition cond = NewCondition("valid_today");
        cond.met = !service || (c.state == ServiceState::kActive && c.registered_on <= today && today <= c.expires_on);
        hard(std::move(cond));
      }
      // Hard: every needed region covered (services only).
      {
        Condition cond = NewCondition("region");
        cond.applies = service && needed != 0;
        if (cond.applies) {
          for (const auto& name : needed_names) {
            const auto region = FindRegion(name);
            ((region->mask & ~c.coverage) == 0 ? cond.matched : cond.missing).push_back(name);
          }
          cond.met = cond.missing.empty();
        }
        hard(std::move(cond));
      }
      // Hard: a named type (services) or field (products).
      {
        Condition cond = NewCondition("category");
        cond.applies = category_asked;
        if (cond.applies) {
          if (service) {
            if (c.type && std::find(types.begin(), types.end(), *c.type) != types.end()) {
              cond.matched.push_back(TypeLabel(*c.type));
            }
            if (c.type && cond.matched.empty()) cond.missing.push_back(TypeLabel(*c.type));
          } else {
            for (auto f : c.fields) {
              (std::find(fields.begin(), fields.end(), f) != fields.end() ? cond.matched : cond.missing)
                  .push_back(FieldLabel(f));
            }
          }
          cond.met = !cond.matched.empty();
        }
        hard(std::move(cond));
      }
      if (!passes) continue;

      // Soft: the industry served (services), or deployment cases in it (products, below).
      {
        Condition cond = NewCondition("industry");
        cond.applies = service && !industry.empty();
        if (cond.applies) {
          for (std::size_t k = 0; k < c.industries.size(); ++k) {
            const std::string& i = c.industries[k];
            const std::string n = c.prepared ? c.normalised_industries[k] : NormalizeForSearch(i);
            if (n == industry) {
              cond.met = true;
              cond.points = kPointsIndustry;
              cond.matched = {i};
              break;
            }
            if (n == kAllIndustries && !cond.met) {
              cond.met = true;
              cond.points = kPointsAllIndustries;
              cond.matched = {i};
            }
          }
        }
        soft(std::move(cond));
      }
      // Soft: a published verification (every product in the catalogue has one).
      {
        Condition cond = NewCondition("verified");
        cond.applies = !service;
        cond.met = !service;
        cond.points = cond.met ? kPointsVerified : 0;
        soft(std::move(cond));
      }
      // Soft: a strong point relevant to a named problem.
      {
        Condition cond = NewCondition("strong_point");
        cond.applies = !service && !problems.empty();
        if (cond.applies) {
          for (const auto& sp : c.strong_points) {
            const std::vector<std::string> text{NormalizeForSearch(sp)};
            const bool relevant = std::any_of(problems.begin(), problems.end(), [&](const ProblemStatement* p) {
              return std::any_of(p->keywords.begin(), p->keywords.end(),
                                 [&](std::string_view k) { return ContainsNormalised(text, NormalizeForSearch(k)); });
            });
            if (relevant) {
              cond.met = true;
              cond.points = kPointsStrongPoint;
              cond.matched.push_back(sp);
              break;
            }
          }
        }
        soft(std::move(cond));
      }
      // Soft: deployment cases in the same industry.
      {
        Condition cond = NewCondition("cases");
        cond.applies = !service && !industry.empty();
        if (cond.applies) {
          for (const auto& i : c.case_industries) {
            if (NormalizeForSearch(i) == industry) {
              cond.met = true;
              cond.points = kPointsCases;
              cond.matched = {i};
              break;
            }
          }
        }
        soft(std::move(cond));
      }
      // Soft: the free text's words in the name, overview or strong points.
      {
        Condition cond = NewCondition("text");
        cond.applies = !words.empty();
        if (cond.applies) {
          std::vector<std::string> haystack{c.prepared ? c.normalised_name : NormalizeForSearch(c.name),
                                            c.prepared ? c.normalised_overview : NormalizeForSearch(c.overview)};
          for (const auto& sp : c.strong_points) haystack.push_back(NormalizeForSearch(sp));
          for (const auto& w : words) (ContainsNormalised(haystack, w) ? cond.matched : cond.missing).push_back(w);
          cond.met = !cond.matched.empty();
          cond.points = std::min<int>(kMaxTextWords, static_cast<int>(cond.matched.size())) * kPointsTextWord;
        }
        soft(std::move(cond));
      }
      keys.push_back(c.prepared ? c.sort_key : JapaneseSortKey(c.name));
      out.push_back(std::move(m));
    }
  }
  // Each name's collation key once (not once per comparison: thousands of matches sort in
  // tens of thousands of comparisons), then the order of the ADR.
  std::vector<std::size_t> order(out.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    const Match& a = out[i];
    const Match& b = out[j];
    if (a.score != b.score) return a.score > b.score;
    if (a.kind != b.kind) return a.kind == Candidate::Kind::kProduct;
    if (keys[i] != keys[j]) return keys[i] < keys[j];
    if (a.id != b.id) return a.id < b.id;
    return i < j;
  });
  std::vector<Match> sorted;
  sorted.reserve(out.size());
  for (std::size_t i : order) sorted.push_back(std::move(out[i]));
  return sorted;
}

}  // namespace proven::domain
