#include "web/programme/programme_api.hpp"

#include <fmt/core.h>

#include "services/programme/programme_records.hpp"
#include "services/query_params.hpp"
#include "web/http_parse.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

namespace {

using nlohmann::ordered_json;

// Sends `result` mapped by `to_json`, or its error.
template <typename T, typename F>
void Send(Response& res, const Result<T>& result, F to_json, int status = 200) {
  if (!result) return SetJsonError(res, result.error());
  SetJson(res, status, Dump(to_json(*result)));
}

ordered_json Items(ordered_json items) { return {{"items", std::move(items)}}; }

std::optional<domain::Actor> ActorOf(const Auth& auth) {
  return auth.actor ? std::optional<domain::Actor>(*auth.actor) : std::nullopt;
}

auto AppJson = [](const services::ApplicationView& v) { return ApplicationJson(v); };
auto FullCall = [](const services::CallView& v) { return CallJson(v, true); };

}  // namespace

void HandleApiFields(AppContext& app, const Request&, Response& res) {
  auto fields = app.programme.Fields();
  if (!fields) return SetJsonError(res, fields.error());
  auto history = app.programme.FieldHistory();
  if (!history) return SetJsonError(res, history.error());
  ordered_json j;
  j["items"] = ordered_json::array();
  for (const auto& f : *fields) j["items"].push_back(FieldJson(f));
  j["history"] = ordered_json::array();
  for (const auto& e : *history) j["history"].push_back(FieldEventJson(e));
  SetJson(res, 200, Dump(j));
}

void HandleApiFieldCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto input = FieldInputFromJson(req.body);
  if (!input) return SetJsonError(res, input.error());
  auto field = app.programme.CreateField(*auth.actor, *input);
  if (field) res.set_header("Location", fmt::format("/api/v1/fields/{}", field->id));
  Send(res, field, FieldJson, 201);
}

void HandleApiFieldChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto input = FieldInputFromJson(req.body);
  if (!input) return SetJsonError(res, input.error());
  Send(res, app.programme.ChangeField(*auth.actor, PathId(req), *input), FieldJson);
}

void HandleApiCalls(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto calls = app.programme.ListCalls(ActorOf(auth), req.get_param_value("drafts") == "1");
  Send(res, calls, [](const std::vector<services::CallView>& list) {
    ordered_json items = ordered_json::array();
    for (const auto& v : list) items.push_back(CallJson(v, false));
    return Items(std::move(items));
  });
}

void HandleApiCall(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.GetCall(ActorOf(auth), PathId(req)), FullCall);
}

void HandleApiCallCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto input = CallInputFromJson(req.body);
  if (!input) return SetJsonError(res, input.error());
  auto call = app.programme.CreateCall(*auth.actor, *input);
  if (call) res.set_header("Location", fmt::format("/api/v1/calls/{}", call->call.id));
  Send(res, call, FullCall, 201);
}

void HandleApiCallChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto input = CallInputFromJson(req.body);
  if (!input) return SetJsonError(res, input.error());
  Send(res, app.programme.ChangeCall(*auth.actor, PathId(req), *input), FullCall);
}

void HandleApiCallOpen(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.OpenCall(*auth.actor, PathId(req)), FullCall);
}

void HandleApiCallApplications(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.CallApplications(*auth.actor, PathId(req)), [](const std::vector<domain::Application>& list) {
    ordered_json items = ordered_json::array();
    for (const auto& a : list) {
      services::ApplicationView v;
      v.application = a;
      v.outcome_visible = a.outcome.has_value();
      items.push_back(ApplicationJson(v));
    }
    return Items(std::move(items));
  });
}

void HandleApiCallReviewers(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = StringsFromJson(req.body, {"email"});
  if (!body) return SetJsonError(res, body.error());
  Send(res, app.programme.AppointReviewer(*auth.actor, PathId(req), (*body)["email"]), ReviewerJson, 201);
}

void HandleApiCallCommittee(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.Committee(*auth.actor, PathId(req)), CommitteeJson);
}

void HandleApiCallRanking(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.Ranking(*auth.actor, PathId(req)), RankingJson);
}

void HandleApiApply(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto input = ApplicationInputFromJson(req.body);
  if (!input) return SetJsonError(res, input.error());
  auto view = app.programme.CreateApplication(*auth.actor, PathId(req), *input);
  if (view) res.set_header("Location", fmt::format("/api/v1/applications/{}", view->application.id));
  Send(res, view, AppJson, 201);
}

void HandleApiApplications(AppContext& app, const Auth& auth, const Request&, Response& res) {
  Send(res, app.programme.VendorApplications(*auth.actor), [](const std::vector<services::ApplicationView>& list) {
    ordered_json items = ordered_json::array();
    for (const auto& v : list) items.push_back(ApplicationJson(v));
    return Items(std::move(items));
  });
}

void HandleApiApplication(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.GetApplication(*auth.actor, PathId(req)), AppJson);
}

void HandleApiApplicationChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto input = ApplicationInputFromJson(req.body);
  if (!input) return SetJsonError(res, input.error());
  Send(res, app.programme.ChangeApplication(*auth.actor, PathId(req), *input), AppJson);
}

void HandleApiApplicationSubmit(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.SubmitApplication(*auth.actor, PathId(req)), AppJson);
}

void HandleApiApplicationWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.programme.WithdrawApplication(*auth.actor, PathId(req)), AppJson);
}

// multipart/form-data with a `file` part, or the raw bytes with ?filename=.
void HandleApiAttachmentUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  std::string filename = req.get_param_value("filename");
  std::string_view content = req.body;
  if (!req.parts.empty() || MultipartBoundary(req.get_header_value("Content-Type"))) {
    const FormPart* part = req.part("file");
    if (!part) {
      return SetJsonError(res, MakeError(Reason{"error.attachment.no_file", {}}, ErrorCode::kInvalidArgument,
                                         "send the file as the multipart part named 'file'", {}, "file"));
    }
    filename = part->filename;
    content = part->content;
  }
  auto record = app.programme.AddAttachment(*auth.actor, PathId(req), filename, content);
  if (record) res.set_header("Location", fmt::format("/api/v1/attachments/{}", record->id));
  Send(res, record, [](const store::Attachment& a) {
    auto j = services::AttachmentRecord(a);
    j["url"] = fmt::format("/api/v1/attachments/{}", a.id);
    return j;
  }, 201);
}

void HandleApiAttachment(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto file = app.programme.GetAttachment(*auth.actor, PathId(req));
  if (!file) return SetJsonError(res, file.error());
  // Always a download, never rendered in the site's origin; the name is ASCII-safe and also
  // given in UTF-8 (RFC 6266 / 5987).
  std::string ascii;
  for (unsigned char c : file->first.filename) ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? char(c) : '_';
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii,
                                                    services::PercentEncode(file->first.filename)));
  res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
  res.status = 200;
  res.set_content(file->second, file->first.content_type);
}

void HandleApiConflict(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = ConflictFromJson(req.body);
  if (!body) return SetJsonError(res, body.error());
  Send(res, app.programme.DeclareConflict(*auth.actor, PathId(req), body->conflict, body->reason), ConflictJson);
}

void HandleApiScores(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = ScoresFromJson(req.body);
  if (!body) return SetJsonError(res, body.error());
  Send(res, app.programme.Score(*auth.actor, PathId(req), body->scores, body->comment), AppJson);
}

void HandleApiDecision(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = DecisionFromJson(req.body);
  if (!body) return SetJsonError(res, body.error());
  Send(res, app.programme.Decide(*auth.actor, PathId(req), body->outcome, body->rationale), AppJson);
}

void HandleApiReviewerQueue(AppContext& app, const Auth& auth, const Request&, Response& res) {
  Send(res, app.programme.ReviewerQueue(*auth.actor),
       [](const std::vector<services::QueueItem>& items) { return Items(QueueJson(items)); });
}

void HandleApiRelationships(AppContext& app, const Auth& auth, const Request&, Response& res) {
  Send(res, app.programme.Relationships(*auth.actor), [](const std::vector<domain::Relationship>& list) {
    ordered_json items = ordered_json::array();
    for (const auto& r : list) items.push_back(RelationshipJson(r));
    return Items(std::move(items));
  });
}

void HandleApiRelationshipCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = StringsFromJson(req.body, {"organisation", "note"});
  if (!body) return SetJsonError(res, body.error());
  Send(res, app.programme.DeclareRelationship(*auth.actor, (*body)["organisation"], (*body)["note"]), RelationshipJson,
       201);
}

}  // namespace proven::web
