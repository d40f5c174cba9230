#pragma once
// The programme's JSON: request bodies → the domain's inputs (strict: an unknown key or a value
// of the wrong type is kInvalidArgument naming the key), and the services' views → response
// bodies. Pure (no I/O).
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/programme/programme.hpp"
#include "services/programme/programme_service.hpp"

namespace proven::web {

Result<domain::FieldInput> FieldInputFromJson(std::string_view body);
Result<domain::CallInput> CallInputFromJson(std::string_view body);
Result<domain::ApplicationInput> ApplicationInputFromJson(std::string_view body);
struct ScoresBody {
  std::map<std::string, double> scores;
  std::string comment;
};
Result<ScoresBody> ScoresFromJson(std::string_view body);
struct ConflictBody {
  bool conflict = false;
  std::string reason;
};
Result<ConflictBody> ConflictFromJson(std::string_view body);
struct DecisionBody {
  domain::Outcome outcome = domain::Outcome::kNotSelected;
  std::string rationale;
};
Result<DecisionBody> DecisionFromJson(std::string_view body);
// {"<key>": "<string>", …} with exactly the keys given (each optional), e.g. {"email": …}.
Result<std::map<std::string, std::string>> StringsFromJson(std::string_view body,
                                                           std::initializer_list<std::string_view> keys);

nlohmann::ordered_json FieldJson(const domain::Field& f);
nlohmann::ordered_json FieldEventJson(const domain::FieldEvent& e);
// `full`: with questions and criteria (a call's page); lists show the summary.
nlohmann::ordered_json CallJson(const services::CallView& v, bool full);
nlohmann::ordered_json ApplicationJson(const services::ApplicationView& v);
nlohmann::ordered_json ConflictJson(const domain::ConflictView& c);
nlohmann::ordered_json CommitteeJson(const services::CommitteeView& v);
nlohmann::ordered_json RankingJson(const services::RankingView& v);
nlohmann::ordered_json QueueJson(const std::vector<services::QueueItem>& items);
nlohmann::ordered_json RelationshipJson(const domain::Relationship& r);
nlohmann::ordered_json ReviewerJson(const domain::Reviewer& r);

std::string Dump(const nlohmann::ordered_json& j);

}  // namespace proven::web
