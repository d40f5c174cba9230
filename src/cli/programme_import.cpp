#include "cli/programme_import.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/date.hpp"
#include "services/account_service.hpp"
#include "services/programme/programme_service.hpp"
#include "services/programme/verification_service.hpp"
#include "store/account_store.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/settings_store.hpp"
#include "web/programme/programme_json.hpp"
#include "web/programme/report_labels.hpp"

namespace proven::cli {
namespace {

using nlohmann::json;
constexpr std::int64_t kDay = 86400;

struct AccountSpec {
  std::string email;
  std::vector<domain::Role> roles;
  std::string organisation;
};
struct RelationshipSpec {
  std::string reviewer, organisation, note;
};
struct ApplicationSpec {
  std::string vendor;
  domain::ApplicationInput product;
  std::vector<json> answers;  // by question position; null: unanswered
  bool submit = true;
  bool withdraw = false;
};
struct ReviewSpec {
  std::string reviewer;
  std::size_t application = 0;
  bool conflict = false;
  std::string reason;
  std::vector<int> scores;  // by criterion position
  std::string comment;
};
struct DecisionSpec {
  std::size_t application = 0;
  domain::Outcome outcome = domain::Outcome::kNotSelected;
  std::string rationale;
};
// An item's result; `item` is the plan position.
struct ResultSpec {
  std::size_t item = 0;
  std::optional<domain::ItemResult> result;
  std::optional<domain::Metric> metric;
  std::string notes;
};
// A strong point; `items` are plan positions.
struct PointSpec {
  std::string text;
  std::vector<std::size_t> items;
};
// A correction published as the next version: its reason and what it changes.
struct CorrectionSpec {
  std::string reason;
  std::vector<ResultSpec> results;
  std::optional<std::vector<PointSpec>> strong_points;
};
// A selected application's verification, replayed to its publication (issue 10).
struct VerificationSpec {
  std::size_t application = 0;
  std::vector<std::string> verifiers;
  std::vector<services::PlanItemInput> plan;
  std::vector<ResultSpec> results;  // one per plan item
  std::string summary;
  std::vector<PointSpec> strong_points;
  std::optional<domain::Trial> trial;
  std::string changes_requested;  // the vendor's comments on a first submission (empty: approved at once)
  std::optional<CorrectionSpec> correction;
};
struct CallSpec {
  std::int64_t opens_at = 0, closes_at = 0;
  domain::CallInput input;
  std::vector<std::string> reviewers;
  std::vector<ApplicationSpec> applications;
  std::vector<ReviewSpec> reviews;
  std::vector<DecisionSpec> decisions;
  std::vector<VerificationSpec> verifications;
};
struct Plan {
  std::vector<AccountSpec> accounts;
  std::vector<RelationshipSpec> relationships;
  std::vector<CallSpec> calls;
};

tl::unexpected<Error> At(const std::string& path, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, message), {}, path);
}

// An error of a parser run on a part of the file, re-addressed to its place in the file.
tl::unexpected<Error> Within(const std::string& path, Error e) {
  e.message = fmt::format("{}: {}", path, e.message);
  e.field = e.field.empty() ? path : path + "." + e.field;
  return Fail(std::move(e));
}

Result<std::string> Str(const json& j, const std::string& key, const std::string& path, bool required = true) {
  if (!j.contains(key)) {
    if (required) return At(path + "." + key, "is required");
    return std::string();
  }
  if (!j[key].is_string()) return At(path + "." + key, "must be a string");
  return j[key].get<std::string>();
}

// An instant: "<key>" as ISO 8601 with an offset, or "<key without _at>_in_days" relative to today
// in Asia/Tokyo, at `hour` o'clock there (calls open at 10:00 and close at 17:00).
Result<std::int64_t> Instant(const json& j, const std::string& key, const std::string& path, std::int64_t now,
                             int hour) {
  const std::string rel = key.substr(0, key.size() - 3) + "_in_days";
  if (j.contains(rel)) {
    if (!j[rel].is_number_integer()) return At(path + "." + rel, "must be a whole number of days");
    const Date day = TokyoDateOf(now).AddDays(j[rel].get<std::int64_t>());
    return day.DaysSinceEpoch() * kDay + (hour - 9) * 3600;
  }
  auto s = Str(j, key, path);
  if (!s) return Fail(s.error());
  auto t = ParseIsoInstant(*s);
  if (!t) return At(path + "." + key, t.error().message);
  return *t;
}

const AccountSpec* FindAccount(const Plan& plan, const std::string& email) {
  for (const auto& a : plan.accounts) {
    if (a.email == email) return &a;
  }
  return nullptr;
}

Status RequireAccount(const Plan& plan, const std::string& email, domain::Role role, const std::string& path) {
  const AccountSpec* a = FindAccount(plan, email);
  if (!a || std::find(a->roles.begin(), a->roles.end(), role) == a->roles.end()) {
    return At(path, fmt::format("'{}' is not an account of the file with the role {}", email, domain::RoleCode(role)));
  }
  return {};
}

Result<ApplicationSpec> ParseApplication(const Plan& plan, const json& j, const std::string& path) {
  ApplicationSpec a;
  auto vendor = Str(j, "vendor", path);
  if (!vendor) return Fail(vendor.error());
  a.vendor = *vendor;
  if (auto st = RequireAccount(plan, a.vendor, domain::Role::kVendor, path + ".vendor"); !st) return Fail(st.error());
  if (!j.contains("product") || !j["product"].is_object()) return At(path + ".product", "must be an object");
  auto product = web::ApplicationInputFromJson(j["product"].dump());
  if (!product) return Within(path + ".product", product.error());
  a.product = std::move(*product);
  if (j.contains("answers")) {
    if (!j["answers"].is_array()) return At(path + ".answers", "must be a list (one answer per question, or null)");
    for (const auto& x : j["answers"]) a.answers.push_back(x);
  }
  if (j.contains("state")) {
    auto s = Str(j, "state", path);
    if (!s) return Fail(s.error());
    if (*s != "draft" && *s != "submitted" && *s != "withdrawn") {
      return At(path + ".state", "must be draft, submitted or withdrawn");
    }
    a.submit = *s == "submitted";
    a.withdraw = *s == "withdrawn";
  }
  return a;
}

// A plan position: a whole number below `count`.
Result<std::size_t> Position(const json& j, const std::string& path, std::size_t count, const char* what) {
  if (!j.is_number_unsigned() || j.get<std::size_t>() >= count) {
    return At(path, fmt::format("must be the position of one of the {} (0 to {})", what, count == 0 ? 0 : count - 1));
  }
  return j.get<std::size_t>();
}

// A result ("result", "metric", "notes") of the item at `item`.
Result<ResultSpec> ParseResult(const json& j, const std::string& path, std::size_t item) {
  ResultSpec r;
  r.item = item;
  if (j.contains("result")) {
    auto code = j["result"].is_string()
                    ? domain::ValueIn<domain::ItemResult>(domain::kItemResultCodes, j["result"].get<std::string>())
                    : std::nullopt;
    if (!code) return At(path + ".result", "must be pass, partial, fail or not_applicable");
    r.result = code;
  }
  if (j.contains("metric")) {
    const json& m = j["metric"];
    if (!m.is_object() || !m.contains("value") || !m["value"].is_string()) {
      return At(path + ".metric.value", "must be a decimal number as a string such as \"0.962\"");
    }
    domain::Metric metric{m["value"].get<std::string>(), "", std::nullopt};
    auto unit = Str(m, "unit", path + ".metric", false);
    if (!unit) return Fail(unit.error());
    metric.unit = *unit;
    if (m.contains("sample_size")) {
      if (!m["sample_size"].is_number_integer()) return At(path + ".metric.sample_size", "must be a whole number");
      metric.sample_size = m["sample_size"].get<std::int64_t>();
    }
    if (auto st = domain::CheckMetric(metric, path + ".metric"); !st) return Fail(st.error());
    r.metric = std::move(metric);
  }
  auto notes = Str(j, "notes", path, false);
  if (!notes) return Fail(notes.error());
  r.notes = *notes;
  return r;
}

Result<std::vector<PointSpec>> ParsePoints(const json& j, const std::string& path, std::size_t items) {
  if (!j.is_array()) return At(path, "must be a list of strong points");
  std::vector<PointSpec> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string at = fmt::format("{}[{}]", path, i);
    PointSpec p;
    auto text = Str(j[i], "text", at);
    if (!text) return Fail(text.error());
    p.text = *text;
    if (!j[i].contains("items") || !j[i]["items"].is_array() || j[i]["items"].empty()) {
      return At(at + ".items", "must list the plan positions of the items that support it");
    }
    for (std::size_t k = 0; k < j[i]["items"].size(); ++k) {
      auto pos = Position(j[i]["items"][k], fmt::format("{}.items[{}]", at, k), items, "plan items");
      if (!pos) return Fail(pos.error());
      p.items.push_back(*pos);
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<VerificationSpec> ParseVerification(const Plan& plan, const CallSpec& call, const json& j,
                                           const std::string& path) {
  if (!j.is_object()) return At(path, "must be an object");
  VerificationSpec v;
  if (!j.contains("application")) return At(path + ".application", "is required");
  auto app = Position(j["application"], path + ".application", call.applications.size(), "call's applications");
  if (!app) return Fail(app.error());
  v.application = *app;
  if (std::none_of(call.decisions.begin(), call.decisions.end(), [&](const DecisionSpec& d) {
        return d.application == v.application && d.outcome == domain::Outcome::kSelected;
      })) {
    return At(path + ".application", "must be an application the call's decisions select");
  }
  if (!j.contains("verifiers") || !j["verifiers"].is_array() || j["verifiers"].empty()) {
    return At(path + ".verifiers", "must list the e-mail addresses of the verifiers");
  }
  for (std::size_t i = 0; i < j["verifiers"].size(); ++i) {
    const std::string at = fmt::format("{}.verifiers[{}]", path, i);
    if (!j["verifiers"][i].is_string()) return At(at, "must be an e-mail address");
    v.verifiers.push_back(j["verifiers"][i].get<std::string>());
    if (auto st = RequireAccount(plan, v.verifiers.back(), domain::Role::kVerifier, at); !st) return Fail(st.error());
  }
  if (!j.contains("plan") || !j["plan"].is_array() || j["plan"].empty()) {
    return At(path + ".plan", "must list the verification items");
  }
  for (std::size_t i = 0; i < j["plan"].size(); ++i) {
    const std::string at = fmt::format("{}.plan[{}]", path, i);
    const json& x = j["plan"][i];
    if (!x.is_object()) return At(at, "must be an object");
    services::PlanItemInput item;
    for (auto [key, target] : {std::pair{"title", &item.title}, {"environment", &item.environment},
                               {"method", &item.method}, {"expected", &item.expected}}) {
      auto t = Str(x, key, at);
      if (!t) return Fail(t.error());
      *target = *t;
    }
    v.plan.push_back(std::move(item));
    auto result = ParseResult(x, at, i);
    if (!result) return Fail(result.error());
    if (!result->result) return At(at + ".result", "is required: a published report has a result for every item");
    v.results.push_back(std::move(*result));
  }
  auto summary = Str(j, "summary", path);
  if (!summary) return Fail(summary.error());
  v.summary = *summary;
  if (!j.contains("strong_points")) return At(path + ".strong_points", "is required");
  auto points = ParsePoints(j["strong_points"], path + ".strong_points", v.plan.size());
  if (!points) return Fail(points.error());
  v.strong_points = std::move(*points);
  if (j.contains("trial")) {
    const json& t = j["trial"];
    if (!t.is_object()) return At(path + ".trial", "must be an object");
    domain::Trial trial;
    for (auto [key, target] : {std::pair{"organisation", &trial.organisation}, {"period", &trial.period},
                               {"scope", &trial.scope}, {"findings", &trial.findings},
                               {"user_comments", &trial.user_comments}}) {
      auto x = Str(t, key, path + ".trial", std::string_view(key) != "user_comments");
      if (!x) return Fail(x.error());
      *target = *x;
    }
    v.trial = std::move(trial);
  }
  auto changes = Str(j, "changes_requested", path, false);
  if (!changes) return Fail(changes.error());
  v.changes_requested = *changes;
  if (j.contains("correction")) {
    const std::string at = path + ".correction";
    const json& c = j["correction"];
    if (!c.is_object()) return At(at, "must be an object");
    CorrectionSpec corr;
    auto reason = Str(c, "reason", at);
    if (!reason) return Fail(reason.error());
    corr.reason = *reason;
    for (std::size_t i = 0; c.contains("results") && i < c["results"].size(); ++i) {
      const std::string rat = fmt::format("{}.results[{}]", at, i);
      if (!c["results"][i].is_object() || !c["results"][i].contains("item")) return At(rat + ".item", "is required");
      auto item = Position(c["results"][i]["item"], rat + ".item", v.plan.size(), "plan items");
      if (!item) return Fail(item.error());
      auto result = ParseResult(c["results"][i], rat, *item);
      if (!result) return Fail(result.error());
      corr.results.push_back(std::move(*result));
    }
    if (c.contains("strong_points")) {
      auto cp = ParsePoints(c["strong_points"], at + ".strong_points", v.plan.size());
      if (!cp) return Fail(cp.error());
      corr.strong_points = std::move(*cp);
    }
    v.correction = std::move(corr);
  }
  return v;
}

Result<CallSpec> ParseCall(const Plan& plan, const json& j, const std::string& path, std::int64_t now) {
  CallSpec c;
  if (!j.is_object()) return At(path, "must be an object");
  auto opens = Instant(j, "opens_at", path, now, 10);
  if (!opens) return Fail(opens.error());
  auto closes = Instant(j, "closes_at", path, now, 17);
  if (!closes) return Fail(closes.error());
  c.opens_at = *opens;
  c.closes_at = *closes;
  if (c.closes_at <= c.opens_at) return At(path + ".closes_at", "must be after opens_at");
  if (!j.contains("call") || !j["call"].is_object()) return At(path + ".call", "must be an object");
  auto input = web::CallInputFromJson(j["call"].dump());
  if (!input) return Within(path + ".call", input.error());
  c.input = std::move(*input);
  const std::size_t criteria = c.input.criteria ? c.input.criteria->size() : 0;
  for (std::size_t i = 0; j.contains("reviewers") && i < j["reviewers"].size(); ++i) {
    const std::string at = fmt::format("{}.reviewers[{}]", path, i);
    if (!j["reviewers"][i].is_string()) return At(at, "must be an e-mail address");
    c.reviewers.push_back(j["reviewers"][i].get<std::string>());
    if (auto st = RequireAccount(plan, c.reviewers.back(), domain::Role::kReviewer, at); !st) return Fail(st.error());
  }
  for (std::size_t i = 0; j.contains("applications") && i < j["applications"].size(); ++i) {
    auto a = ParseApplication(plan, j["applications"][i], fmt::format("{}.applications[{}]", path, i));
    if (!a) return Fail(a.error());
    c.applications.push_back(std::move(*a));
  }
  const bool closed = c.closes_at <= now;
  for (std::size_t i = 0; j.contains("reviews") && i < j["reviews"].size(); ++i) {
    const std::string at = fmt::format("{}.reviews[{}]", path, i);
    const json& r = j["reviews"][i];
    if (!closed) return At(at, "a call that has not closed yet has no reviews");
    ReviewSpec spec;
    auto who = Str(r, "reviewer", at);
    if (!who) return Fail(who.error());
    spec.reviewer = *who;
    if (std::find(c.reviewers.begin(), c.reviewers.end(), spec.reviewer) == c.reviewers.end()) {
      return At(at + ".reviewer", "is not one of the call's reviewers");
    }
    if (!r.contains("application") || !r["application"].is_number_unsigned() ||
        r["application"].get<std::size_t>() >= c.applications.size()) {
      return At(at + ".application", "must be the position of one of the call's applications");
    }
    spec.application = r["application"].get<std::size_t>();
    spec.conflict = r.value("conflict", false);
    auto reason = Str(r, "reason", at, false);
    auto comment = Str(r, "comment", at, false);
    if (!reason) return Fail(reason.error());
    if (!comment) return Fail(comment.error());
    spec.reason = *reason;
    spec.comment = *comment;
    if (!spec.conflict) {
      if (!r.contains("scores") || !r["scores"].is_array() || r["scores"].size() != criteria) {
        return At(at + ".scores", fmt::format("must list {} scores, one per criterion", criteria));
      }
      for (const auto& s : r["scores"]) {
        if (!s.is_number_integer()) return At(at + ".scores", "must hold whole numbers");
        spec.scores.push_back(s.get<int>());
      }
    }
    c.reviews.push_back(std::move(spec));
  }
  for (std::size_t i = 0; j.contains("decisions") && i < j["decisions"].size(); ++i) {
    const std::string at = fmt::format("{}.decisions[{}]", path, i);
    const json& d = j["decisions"][i];
    if (!closed) return At(at, "a call that has not closed yet has no decisions");
    if (!d.contains("application") || !d["application"].is_number_unsigned() ||
        d["application"].get<std::size_t>() >= c.applications.size()) {
      return At(at + ".application", "must be the position of one of the call's applications");
    }
    auto body = web::DecisionFromJson(json{{"outcome", d.value("outcome", "")}, {"rationale", d.value("rationale", "")}}.dump());
    if (!body) return Within(at, body.error());
    c.decisions.push_back({d["application"].get<std::size_t>(), body->outcome, body->rationale});
  }
  if (j.contains("verifications") && !j["verifications"].is_array()) {
    return At(path + ".verifications", "must be a list");
  }
  for (std::size_t i = 0; j.contains("verifications") && i < j["verifications"].size(); ++i) {
    auto v = ParseVerification(plan, c, j["verifications"][i], fmt::format("{}.verifications[{}]", path, i));
    if (!v) return Fail(v.error());
    c.verifications.push_back(std::move(*v));
  }
  return c;
}

Result<Plan> ParsePlan(std::string_view text, std::int64_t now) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return At("(file)", "is not a JSON object");
  Plan plan;
  for (std::size_t i = 0; j.contains("accounts") && i < j["accounts"].size(); ++i) {
    const std::string at = fmt::format("accounts[{}]", i);
    const json& a = j["accounts"][i];
    AccountSpec spec;
    auto email = Str(a, "email", at);
    if (!email) return Fail(email.error());
    spec.email = *email;
    if (domain::NormaliseEmail(spec.email) != spec.email) return At(at + ".email", "must be an e-mail address in lower case");
    auto org = Str(a, "organisation", at, false);
    if (!org) return Fail(org.error());
    spec.organisation = *org;
    if (!a.contains("roles") || !a["roles"].is_array() || a["roles"].empty()) return At(at + ".roles", "must list roles");
    for (const auto& r : a["roles"]) {
      auto role = r.is_string() ? domain::RoleFromCode(r.get<std::string>()) : std::nullopt;
      if (!role) return At(at + ".roles", "holds an unknown role");
      spec.roles.push_back(*role);
    }
    plan.accounts.push_back(std::move(spec));
  }
  if (std::none_of(plan.accounts.begin(), plan.accounts.end(), [](const AccountSpec& a) {
        return std::find(a.roles.begin(), a.roles.end(), domain::Role::kAdmin) != a.roles.end();
      })) {
    return At("accounts", "must include an admin: the operator who runs the calls");
  }
  for (std::size_t i = 0; j.contains("relationships") && i < j["relationships"].size(); ++i) {
    const std::string at = fmt::format("relationships[{}]", i);
    const json& r = j["relationships"][i];
    RelationshipSpec spec;
    auto who = Str(r, "reviewer", at);
    auto org = Str(r, "organisation", at);
    auto note = Str(r, "note", at, false);
    if (!who) return Fail(who.error());
    if (!org) return Fail(org.error());
    if (!note) return Fail(note.error());
    if (auto st = RequireAccount(plan, *who, domain::Role::kReviewer, at + ".reviewer"); !st) return Fail(st.error());
    plan.relationships.push_back({*who, *org, *note});
  }
  for (std::size_t i = 0; j.contains("calls") && i < j["calls"].size(); ++i) {
    auto c = ParseCall(plan, j["calls"][i], fmt::format("calls[{}]", i), now);
    if (!c) return Fail(c.error());
    plan.calls.push_back(std::move(*c));
  }
  return plan;
}

Status Step(const std::string& what, const Status& st) {
  if (st) return st;
  Error e = st.error();
  e.message = fmt::format("{}: {}", what, e.message);
  return Fail(std::move(e));
}

template <typename T>
Status Step(const std::string& what, const Result<T>& r) {
  if (r) return {};
  return Step(what, Status(tl::unexpected<Error>(r.error())));
}

// The results and strong points of `spec` as the service takes them, with plan positions turned
// into the item ids of `v`.
services::RecordInput RecordOf(const domain::Verification& v, const std::vector<ResultSpec>& results,
                               const std::optional<std::vector<PointSpec>>& points) {
  services::RecordInput in;
  for (const auto& r : results) {
    in.results.push_back({v.items[r.item].id, r.result, r.metric, r.notes});
  }
  if (points) {
    std::vector<domain::StrongPoint> out;
    for (const auto& p : *points) {
      domain::StrongPoint sp;
      sp.text = p.text;
      for (auto pos : p.items) sp.item_ids.push_back(v.items[pos].id);
      out.push_back(std::move(sp));
    }
    in.strong_points = std::move(out);
  }
  return in;
}

// Replays a verification from its start to its publication (and a correction's), on the clock:
// started four weeks after the decisions, published about three months later.
Status ReplayVerification(services::VerificationService& verifications, ManualClock& clock, const domain::Actor& admin,
                          const std::map<std::string, domain::Actor>& actors, const domain::Actor& vendor,
                          std::int64_t application_id, std::int64_t start, const VerificationSpec& spec,
                          const std::string& path, ProgrammeImportReport& report) {
  const domain::Actor& verifier = actors.at(spec.verifiers.front());
  clock.Set(start);
  auto v = verifications.Start(admin, application_id);
  if (auto st = Step(path + " (start)", v); !st) return st;
  const std::int64_t id = v->id;
  for (const auto& email : spec.verifiers) {
    if (auto st = Step(path + " (appoint " + email + ")", verifications.AppointVerifier(admin, id, email)); !st) return st;
  }
  clock.Set(start + 7 * kDay);
  auto planned = verifications.EditPlan(verifier, id, spec.plan);
  if (auto st = Step(path + ".plan", planned); !st) return st;
  clock.Set(start + 14 * kDay);
  if (auto st = Step(path + " (agree the plan)", verifications.AgreePlan(vendor, id)); !st) return st;
  clock.Set(start + 45 * kDay);
  services::RecordInput record = RecordOf(*planned, spec.results, spec.strong_points);
  record.summary = spec.summary;
  record.trial = spec.trial;
  if (auto st = Step(path + " (results)", verifications.Record(verifier, id, record)); !st) return st;
  clock.Set(start + 60 * kDay);
  if (auto st = Step(path + " (submit)", verifications.Submit(verifier, id)); !st) return st;
  if (!spec.changes_requested.empty()) {
    clock.Set(start + 64 * kDay);
    if (auto st = Step(path + ".changes_requested", verifications.RequestChanges(vendor, id, spec.changes_requested));
        !st) {
      return st;
    }
    clock.Set(start + 68 * kDay);
    if (auto st = Step(path + " (resubmit)", verifications.Submit(verifier, id)); !st) return st;
  }
  clock.Set(start + 72 * kDay);
  if (auto st = Step(path + " (approve)", verifications.Approve(vendor, id)); !st) return st;
  clock.Set(start + 80 * kDay);
  if (auto st = Step(path + " (publish)", verifications.Publish(admin, id)); !st) return st;
  ++report.verifications;
  ++report.report_versions;
  if (!spec.correction) return {};
  const auto& c = *spec.correction;
  const std::string at = path + ".correction";
  clock.Set(start + 130 * kDay);
  auto correcting = verifications.StartCorrection(verifier, id, c.reason);
  if (auto st = Step(at, correcting); !st) return st;
  clock.Set(start + 132 * kDay);
  if (auto st = Step(at + " (results)", verifications.Record(verifier, id, RecordOf(*correcting, c.results, c.strong_points)));
      !st) {
    return st;
  }
  clock.Set(start + 133 * kDay);
  if (auto st = Step(at + " (submit)", verifications.Submit(verifier, id)); !st) return st;
  clock.Set(start + 137 * kDay);
  if (auto st = Step(at + " (approve)", verifications.Approve(vendor, id)); !st) return st;
  clock.Set(start + 140 * kDay);
  if (auto st = Step(at + " (publish)", verifications.Publish(admin, id)); !st) return st;
  ++report.report_versions;
  return {};
}

// Replays one call and the verifications of its selected applications; `actors` by e-mail.
Status ReplayCall(services::ProgrammeService& programme, services::VerificationService& verifications,
                  ManualClock& clock, const domain::Actor& admin,
                  const std::map<std::string, domain::Actor>& actors, const CallSpec& spec, const std::string& path,
                  ProgrammeImportReport& report) {
  domain::CallInput input = spec.input;
  input.opens_at = FormatTokyoIso(spec.opens_at);
  input.closes_at = FormatTokyoIso(spec.closes_at);
  clock.Set(spec.opens_at - 14 * kDay);
  auto call = programme.CreateCall(admin, input);
  if (auto st = Step(path, call); !st) return st;
  const std::int64_t call_id = call->call.id;
  clock.Set(spec.opens_at - 7 * kDay);
  if (auto st = Step(path + " (open)", programme.OpenCall(admin, call_id)); !st) return st;
  for (const auto& r : spec.reviewers) {
    if (auto st = Step(path + " (appoint " + r + ")", programme.AppointReviewer(admin, call_id, r)); !st) return st;
  }
  ++report.calls;
  std::vector<std::int64_t> app_ids;
  for (std::size_t i = 0; i < spec.applications.size(); ++i) {
    const auto& a = spec.applications[i];
    const std::string at = fmt::format("{}.applications[{}]", path, i);
    const domain::Actor& vendor = actors.at(a.vendor);
    clock.Set(spec.opens_at + kDay + static_cast<std::int64_t>(i) * 5 * 3600);
    domain::ApplicationInput product = a.product;
    std::map<std::int64_t, domain::Answer> answers;
    for (std::size_t q = 0; q < a.answers.size() && q < call->call.questions.size(); ++q) {
      const json& x = a.answers[q];
      if (x.is_string()) answers[call->call.questions[q].id] = x.get<std::string>();
      if (x.is_array()) answers[call->call.questions[q].id] = x.get<std::vector<std::string>>();
    }
    product.answers = std::move(answers);
    auto created = programme.CreateApplication(vendor, call_id, product);
    if (auto st = Step(at, created); !st) return st;
    app_ids.push_back(created->application.id);
    clock.Advance(3600);
    if (a.submit) {
      if (auto st = Step(at + " (submit)", programme.SubmitApplication(vendor, app_ids.back())); !st) return st;
    } else if (a.withdraw) {
      if (auto st = Step(at + " (withdraw)", programme.WithdrawApplication(vendor, app_ids.back())); !st) return st;
    }
    ++report.applications;
  }
  for (std::size_t i = 0; i < spec.reviews.size(); ++i) {
    const auto& r = spec.reviews[i];
    const std::string at = fmt::format("{}.reviews[{}]", path, i);
    clock.Set(spec.closes_at + kDay + static_cast<std::int64_t>(i) * 3600);
    const domain::Actor& reviewer = actors.at(r.reviewer);
    const auto app = app_ids[r.application];
    if (auto st = Step(at, programme.DeclareConflict(reviewer, app, r.conflict, r.reason)); !st) return st;
    if (r.conflict) continue;
    std::map<std::string, double> scores;
    for (std::size_t k = 0; k < r.scores.size(); ++k) {
      scores[std::to_string(call->call.criteria[k].id)] = r.scores[k];
    }
    if (auto st = Step(at, programme.Score(reviewer, app, scores, r.comment)); !st) return st;
    ++report.reviews;
  }
  for (std::size_t i = 0; i < spec.decisions.size(); ++i) {
    const auto& d = spec.decisions[i];
    clock.Set(spec.closes_at + 21 * kDay + static_cast<std::int64_t>(i) * 600);
    if (auto st = Step(fmt::format("{}.decisions[{}]", path, i),
                       programme.Decide(admin, app_ids[d.application], d.outcome, d.rationale));
        !st) {
      return st;
    }
    ++report.decisions;
  }
  for (std::size_t i = 0; i < spec.verifications.size(); ++i) {
    const auto& v = spec.verifications[i];
    const std::int64_t start = spec.closes_at + 28 * kDay + static_cast<std::int64_t>(i) * 2 * kDay;
    if (auto st = ReplayVerification(verifications, clock, admin, actors, actors.at(spec.applications[v.application].vendor),
                                     app_ids[v.application], start, v, fmt::format("{}.verifications[{}]", path, i),
                                     report);
        !st) {
      return st;
    }
  }
  return {};
}

}  // namespace

Result<ProgrammeImportReport> ImportProgramme(store::ConnectionPool& pool, std::string_view json_text) {
  const std::int64_t now = Clock::System().NowUnix();
  auto plan = ParsePlan(json_text, now);
  if (!plan) return Fail(plan.error());

  ManualClock clock(now);
  store::SqlProgrammeStore programme_store(pool, clock);
  services::ProgrammeService programme(programme_store, clock);
  // Reports are rendered as `serve` renders them: in Japanese, marked as samples in a sample database.
  store::SqlSettingsStore settings(pool);
  auto sample = settings.Get(store::kSettingSampleData);
  if (!sample) return Fail(sample.error());
  store::SqlVerificationStore verification_store(pool, clock);
  services::VerificationService verifications(
      verification_store, programme_store,
      [is_sample = sample->value_or("0") == "1"] { return web::ReportLabelsFor(web::Lang::kJa, is_sample); }, clock);
  bool empty = true;
  auto read = programme_store.Read([&](store::ProgrammeReader& r) -> Status {
    auto calls = r.Calls(true);
    if (!calls) return Fail(calls.error());
    empty = calls->empty();
    return {};
  });
  if (!read) return Fail(read.error());
  if (!empty) {
    return Fail(ErrorCode::kFailedPrecondition, "the database already holds calls; import a programme into a new one");
  }

  ProgrammeImportReport report;
  store::AccountStore account_store(pool);
  store::FailureCounts failures(pool);
  services::AccountService accounts(account_store, failures);
  for (const auto& a : plan->accounts) {
    // Demo accounts get a random password nobody knows: they own the data, they do not sign in.
    auto id = accounts.AddUser(a.email, RandomToken(24), a.roles, a.organisation, "cli");
    if (auto st = Step("accounts: " + a.email, id); !st) return Fail(st.error());
    ++report.accounts;
  }
  std::map<std::string, domain::Actor> actors;
  auto users = accounts.ListUsers();
  if (!users) return Fail(users.error());
  for (const auto& u : *users) actors[u.email] = u.ToActor();
  domain::Actor admin;
  for (const auto& a : plan->accounts) {
    if (std::find(a.roles.begin(), a.roles.end(), domain::Role::kAdmin) != a.roles.end()) {
      admin = actors.at(a.email);
      break;
    }
  }

  std::int64_t earliest = now;
  for (const auto& c : plan->calls) earliest = std::min(earliest, c.opens_at - 30 * kDay);
  clock.Set(earliest);
  for (std::size_t i = 0; i < plan->relationships.size(); ++i) {
    const auto& r = plan->relationships[i];
    if (auto st = Step(fmt::format("relationships[{}]", i),
                       programme.DeclareRelationship(actors.at(r.reviewer), r.organisation, r.note));
        !st) {
      return Fail(st.error());
    }
  }
  for (std::size_t i = 0; i < plan->calls.size(); ++i) {
    if (auto st = ReplayCall(programme, verifications, clock, admin, actors, plan->calls[i], fmt::format("calls[{}]", i),
                             report);
        !st) {
      return Fail(st.error());
    }
  }
  return report;
}

}  // namespace proven::cli
