#include "domain/programme/deployment_case.hpp"

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/limits.hpp"

namespace proven::domain {

bool CasePublished(const CaseConsent& c) {
  return c.vendor && c.user && c.vendor->Complete() && c.user->Complete();
}

CaseChecklist DisclosedBoth(const CaseChecklist& a, const CaseChecklist& b) {
  CaseChecklist d;
  for (const auto& q : kChecklistQuestions) d.*q.member = a.*q.member && b.*q.member;
  return d;
}

const Industry* FindIndustry(std::string_view name_ja) {
  for (const auto& i : kIndustryVocabulary) {
    if (i.name_ja == name_ja) return &i;
  }
  return nullptr;
}

CaseConsent DeploymentCase::Consent() const {
  CaseConsent c;
  if (vendor_consent) c.vendor = vendor_consent->checklist;
  if (user_consent) c.user = user_consent->checklist;
  return c;
}

CaseState DeploymentCase::State() const {
  if (CasePublished(Consent())) return CaseState::kPublished;
  if (vendor_consent || user_consent) return CaseState::kAwaitingConsents;
  if (!withdrawn_at.empty()) return CaseState::kWithdrawn;
  return CaseState::kDraft;
}

DisclosedCase Disclose(const DeploymentCase& c, const CaseChecklist& vendor, const CaseChecklist& user) {
  const CaseChecklist both = DisclosedBoth(vendor, user);
  DisclosedCase d;
  d.id = c.id;
  d.product_id = c.product_id;
  d.product_name = c.product_name;
  d.vendor = c.vendor;
  d.named = both.disclose_company_name;
  d.organisation = both.disclose_company_name ? c.content.user_org_name : c.content.anonymised_label;
  if (both.disclose_industry) d.industry = c.content.industry;
  if (both.disclose_size) d.company_size = c.content.company_size;
  d.period = c.content.period;
  d.deployed = c.content.deployed;
  d.results = c.content.results;
  if (both.disclose_figures) d.figures = c.content.figures;
  if (both.disclose_quote && !c.content.quote.empty()) d.quote = c.content.quote;
  d.published_at = c.published_at;
  return d;
}

namespace {

// A plain decimal: digits, at most one point between digits, an optional leading minus.
bool IsDecimal(std::string_view v) {
  if (v.empty() || v.size() > 30) return false;
  std::size_t i = v[0] == '-' ? 1 : 0;
  bool digits = false, point = false;
  for (; i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') {
      digits = true;
    } else if (v[i] == '.' && !point && digits) {
      point = true;
    } else {
      return false;
    }
  }
  return digits && v.back() != '.';
}

}  // namespace

Result<CaseContent> ApplyCaseInput(const std::optional<CaseContent>& existing, const CaseInput& in) {
  const CaseContent base = existing.value_or(CaseContent{});
  CaseContent out = base;
  std::vector<Problem> problems;
  auto add = [&](std::string field, std::string message, Reason reason) {
    problems.push_back({std::move(field), std::move(message), std::move(reason)});
  };
  // Held to its limit first, then trimmed; `required` refuses what is empty after that.
  auto text = [&](const std::string& field, const std::optional<std::string>& value, std::string& target,
                  std::size_t max, bool breaks, bool required) {
    if (value) {
      if (auto p = TextProblem(TextLimit{field, max, breaks}, *value)) {
        add(field, p->message, p->reason);
        return;
      }
      target = std::string(Trim(*value));
    }
    if (required && target.empty()) add(field, "is required", {"error.field.required", {}});
  };
  text("user_org_name", in.user_org_name, out.user_org_name, kCaseNameChars, false, true);
  text("anonymised_label", in.anonymised_label, out.anonymised_label, kCaseNameChars, false, true);
  text("period", in.period, out.period, kCasePeriodChars, false, true);
  text("deployed", in.deployed, out.deployed, kCaseTextChars, true, true);
  text("results", in.results, out.results, kCaseTextChars, true, true);
  text("quote", in.quote, out.quote, kCaseQuoteChars, true, false);

  std::string industry = base.industry;
  text("industry", in.industry, industry, kCaseNameChars, false, true);
  if (in.industry && !industry.empty()) {
    if (FindIndustry(industry)) {
      out.industry = industry;
    } else {
      add("industry", fmt::format("'{}' is not an industry of the service list", Ellipsize(industry, 40)),
          {"error.case.unknown_industry", {{"value", Ellipsize(industry, 40)}}});
    }
  }

  if (in.company_size) {
    if (auto size = ValueIn<CompanySize>(kCompanySizeCodes, Trim(*in.company_size))) {
      out.company_size = *size;
    } else {
      add("company_size",
          fmt::format("'{}' is not a company size (micro, small, medium, large)",
                      Ellipsize(*in.company_size, 40)),
          {"error.case.unknown_company_size", {{"value", Ellipsize(*in.company_size, 40)}}});
    }
  } else if (!existing) {
    add("company_size", "is required", {"error.field.required", {}});
  }

  if (in.figures) {
    if (in.figures->size() > kMaxCaseFigures) {
      add("figures", fmt::format("at most {} figures", kMaxCaseFigures),
          {"error.case.too_many_figures", {{"max", std::to_string(kMaxCaseFigures)}}});
    } else {
      std::vector<CaseFigure> figures;
      for (std::size_t i = 0; i < in.figures->size(); ++i) {
        const auto& f = (*in.figures)[i];
        const std::string at = fmt::format("figures[{}]", i);
        CaseFigure g;
        const std::size_t before = problems.size();
        text(at + ".label", f.label, g.label, kCaseFigureLabelChars, false, true);
        text(at + ".unit", f.unit, g.unit, kCaseFigureUnitChars, false, false);
        const std::string value(Trim(f.value));
        if (!IsDecimal(value)) {
          add(at + ".value", fmt::format("'{}' is not a decimal number such as 30 or 0.962", Ellipsize(value, 30)),
              {"error.case.bad_figure", {{"value", Ellipsize(value, 30)}}});
        }
        g.value = value;
        if (problems.size() == before) figures.push_back(std::move(g));
      }
      out.figures = std::move(figures);
    }
  }

  if (problems.empty()) return out;
  std::vector<std::string> parts;
  for (const auto& p : problems) parts.push_back(fmt::format("{}: {}", p.field, p.message));
  Error e = MakeError(ErrorCode::kInvalidArgument, Join(parts, "; "), {}, problems.front().field);
  if (problems.size() == 1) e.reason = problems.front().reason;
  e.problems = std::move(problems);
  return tl::unexpected<Error>(std::move(e));
}

}  // namespace proven::domain
