#include "cli/consultation_import.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "services/account_service.hpp"
#include "services/consultations/consultation_service.hpp"
#include "services/programme/case_service.hpp"
#include "store/account_store.hpp"
#include "store/consultations/consultation_store.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "web/mail_texts.hpp"

namespace proven::cli {
namespace {

using nlohmann::json;
constexpr std::int64_t kDay = 86400;

tl::unexpected<Error> At(const std::string& path, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, message), {}, path);
}

struct TimeSpec {
  int in_days = 0;
  std::string at;  // HH:MM, Japan time
};

struct StepSpec {
  std::string by;
  int in_days = 0;
  std::string action;
  std::vector<TimeSpec> times;
  std::size_t time = 0;
  std::string message, reason, outcome;
};

struct ConsultationSpec {
  std::string requester;
  std::string product;
  std::int64_t service = 0;
  std::string message;
  int requested_in_days = 0;
  std::vector<StepSpec> steps;
};

Result<std::string> Str(const json& j, const std::string& key, const std::string& path, bool required) {
  if (!j.contains(key)) {
    if (required) return At(path + "." + key, "is required");
    return std::string();
  }
  if (!j[key].is_string()) return At(path + "." + key, "must be a string");
  return j[key].get<std::string>();
}

Result<int> Days(const json& j, const std::string& key, const std::string& path, bool past_only) {
  if (!j.contains(key) || !j[key].is_number_integer()) return At(path + "." + key, "must be a whole number of days");
  const auto d = j[key].get<std::int64_t>();
  if (d < -3650 || d > 3650 || (past_only && d > 0)) {
    return At(path + "." + key, past_only ? "must be 0 or fewer days (before the import)" : "is out of range");
  }
  return static_cast<int>(d);
}

Status KeysIn(const json& j, const std::string& path, std::initializer_list<std::string_view> keys) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) return At(path + "." + it.key(), "is not a key here");
  }
  return {};
}

Result<std::vector<ConsultationSpec>> Parse(const json& file) {
  if (!file.is_object() || !file.contains("consultations") || !file["consultations"].is_array()) {
    return At("consultations", "must be a list");
  }
  std::vector<ConsultationSpec> out;
  for (std::size_t i = 0; i < file["consultations"].size(); ++i) {
    const std::string path = fmt::format("consultations[{}]", i);
    const json& j = file["consultations"][i];
    if (!j.is_object()) return At(path, "must be an object");
    if (auto st = KeysIn(j, path, {"requester", "product", "service", "message", "requested_in_days", "steps"}); !st) {
      return Fail(st.error());
    }
    ConsultationSpec c;
    auto requester = Str(j, "requester", path, true);
    if (!requester) return Fail(requester.error());
    c.requester = *requester;
    auto product = Str(j, "product", path, false);
    if (!product) return Fail(product.error());
    c.product = *product;
    if (j.contains("service")) {
      if (!j["service"].is_number_integer() || j["service"].get<std::int64_t>() <= 0) {
        return At(path + ".service", "must be a service's id");
      }
      c.service = j["service"].get<std::int64_t>();
    }
    if (c.product.empty() == (c.service == 0)) return At(path, "names either a product or a service");
    auto message = Str(j, "message", path, true);
    if (!message) return Fail(message.error());
    c.message = *message;
    auto requested = Days(j, "requested_in_days", path, true);
    if (!requested) return Fail(requested.error());
    c.requested_in_days = *requested;
    int last = c.requested_in_days;
    if (j.contains("steps")) {
      if (!j["steps"].is_array()) return At(path + ".steps", "must be a list");
      for (std::size_t k = 0; k < j["steps"].size(); ++k) {
        const std::string sp = fmt::format("{}.steps[{}]", path, k);
        const json& s = j["steps"][k];
        if (!s.is_object()) return At(sp, "must be an object");
        if (auto st = KeysIn(s, sp, {"by", "in_days", "do", "times", "time", "message", "reason", "outcome"}); !st) {
          return Fail(st.error());
        }
        StepSpec step;
        auto by = Str(s, "by", sp, true);
        if (!by) return Fail(by.error());
        step.by = *by;
        auto days = Days(s, "in_days", sp, true);
        if (!days) return Fail(days.error());
        if (*days < last) return At(sp + ".in_days", "is before the step before it");
        step.in_days = last = *days;
        auto action = Str(s, "do", sp, true);
        if (!action) return Fail(action.error());
        step.action = *action;
        static constexpr std::string_view kActions[] = {"accept", "decline", "confirm", "message", "outcome", "withdraw"};
        if (std::find(std::begin(kActions), std::end(kActions), step.action) == std::end(kActions)) {
          return At(sp + ".do", "must be accept, decline, confirm, message, outcome or withdraw");
        }
        if (s.contains("times")) {
          if (!s["times"].is_array()) return At(sp + ".times", "must be a list");
          for (std::size_t t = 0; t < s["times"].size(); ++t) {
            const std::string tp = fmt::format("{}.times[{}]", sp, t);
            const json& tj = s["times"][t];
            if (!tj.is_object()) return At(tp, "must be an object");
            auto in = Days(tj, "in_days", tp, false);
            if (!in) return Fail(in.error());
            auto at = Str(tj, "at", tp, true);
            if (!at) return Fail(at.error());
            if (at->size() != 5 || (*at)[2] != ':') return At(tp + ".at", "must be HH:MM");
            step.times.push_back({*in, *at});
          }
        }
        if (s.contains("time")) {
          if (!s["time"].is_number_unsigned()) return At(sp + ".time", "must be the index of a proposed time");
          step.time = s["time"].get<std::size_t>();
        }
        for (auto [key, target] : {std::pair{"message", &step.message}, {"reason", &step.reason}, {"outcome", &step.outcome}}) {
          auto v = Str(s, key, sp, false);
          if (!v) return Fail(v.error());
          *target = *v;
        }
        c.steps.push_back(std::move(step));
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

tl::unexpected<Error> Within(const std::string& path, Error e) {
  e.message = fmt::format("{}: {}", path, e.message);
  e.field = e.field.empty() ? path : path + "." + e.field;
  e.problems.clear();
  return Fail(std::move(e));
}

}  // namespace

Result<ConsultationImportReport> ImportConsultations(store::ConnectionPool& pool, const std::string& json_text,
                                                     std::int64_t now, const std::string& public_url) {
  const json file = json::parse(json_text, nullptr, false);
  if (file.is_discarded()) return At("consultations", "the file is not JSON");
  auto specs = Parse(file);
  if (!specs) return Fail(specs.error());

  ManualClock clock(now);
  store::AccountStore account_store(pool, clock);
  store::FailureCounts failures(pool);
  services::AccountService accounts(account_store, failures);
  std::map<std::string, domain::Actor> actors;
  auto users = accounts.ListUsers();
  if (!users) return Fail(users.error());
  for (const auto& u : *users) actors[u.email] = u.ToActor();
  store::SqlVerificationStore verification_store(pool, clock);
  std::map<std::string, std::int64_t> product_ids;
  if (auto st = verification_store.Read([&](store::VerificationReader& r) -> Status {
        auto products = r.Products();
        if (!products) return Fail(products.error());
        for (const auto& p : *products) product_ids[p.name] = p.id;
        return {};
      });
      !st) {
    return Fail(st.error());
  }
  // Everything the file names exists before anything is written.
  for (std::size_t i = 0; i < specs->size(); ++i) {
    const auto& c = (*specs)[i];
    const std::string path = fmt::format("consultations[{}]", i);
    if (!actors.contains(c.requester)) return At(path + ".requester", "no account " + c.requester);
    if (!c.product.empty() && !product_ids.contains(c.product)) return At(path + ".product", "no published product " + c.product);
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      if (!actors.contains(c.steps[k].by)) {
        return At(fmt::format("{}.steps[{}].by", path, k), "no account " + c.steps[k].by);
      }
    }
  }

  store::SqlServiceStore service_store(pool, clock);
  store::SqlCaseStore case_store(pool, clock);
  services::CaseService cases(case_store, verification_store, clock);
  store::SqlConsultationStore consultation_store(pool, clock);
  services::ConsultationService service(consultation_store, verification_store, service_store, cases,
                                        web::CatalogueMailComposer(), public_url, clock,
                                        [&clock] { return TokyoDateOf(clock.NowUnix()); });
  ConsultationImportReport report;
  for (std::size_t i = 0; i < specs->size(); ++i) {
    const auto& c = (*specs)[i];
    const std::string path = fmt::format("consultations[{}]", i);
    clock.Set(now + c.requested_in_days * kDay);
    services::ConsultationRequestInput in;
    in.kind = c.product.empty() ? domain::ConsultationKind::kService : domain::ConsultationKind::kProduct;
    in.id = c.product.empty() ? c.service : product_ids.at(c.product);
    in.message = c.message;
    auto made = service.Request(actors.at(c.requester), in);
    if (!made) return Within(path, made.error());
    const std::int64_t id = made->record.id;
    std::vector<std::string> proposed;
    ++report.consultations;
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const auto& s = c.steps[k];
      const std::string sp = fmt::format("{}.steps[{}]", path, k);
      clock.Set(now + s.in_days * kDay + static_cast<std::int64_t>(k + 1) * 60);
      const auto& actor = actors.at(s.by);
      Result<services::ConsultationView> done = tl::unexpected<Error>(MakeError(ErrorCode::kInternal, "no step"));
      if (s.action == "accept") {
        std::vector<std::string> times;
        for (const auto& t : s.times) {
          times.push_back(fmt::format("{}T{}:00+09:00", TokyoDateOf(now + t.in_days * kDay).ToIso(), t.at));
        }
        done = service.Accept(actor, id, times, s.message, "ja");
        if (done) proposed = done->record.proposed_times;
      } else if (s.action == "decline") {
        done = service.Decline(actor, id, s.reason, "ja");
      } else if (s.action == "confirm") {
        if (s.time >= proposed.size()) return At(sp + ".time", "is not the index of a proposed time");
        done = service.Confirm(actor, id, proposed[s.time], "ja");
      } else if (s.action == "message") {
        done = service.PostMessage(actor, id, s.message, "ja");
      } else if (s.action == "outcome") {
        done = service.RecordOutcome(actor, id, s.outcome, "ja");
      } else {
        done = service.Withdraw(actor, id, "ja");
      }
      if (!done) return Within(sp, done.error());
      ++report.steps;
    }
  }
  return report;
}

}  // namespace proven::cli
