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
#include "store/account_store.hpp"
#include "store/programme/programme_store.hpp"
#include "web/programme/programme_json.hpp"

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
struct CallSpec {
  std::int64_t opens_at = 0, closes_at = 0;
  domain::CallInput input;
  std::vector<std::string> reviewers;
  std::vector<ApplicationSpec> applications;
  std::vector<ReviewSpec> reviews;
  std::vector<DecisionSpec> decisions;
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

// Replays one call; `actors` by e-mail.
Status ReplayCall(services::ProgrammeService& programme, ManualClock& clock, const domain::Actor& admin,
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
    if (auto st = ReplayCall(programme, clock, admin, actors, plan->calls[i], fmt::format("calls[{}]", i), report); !st) {
      return Fail(st.error());
    }
  }
  return report;
}

}  // namespace proven::cli
