#pragma once
// Matching needs to services and products, and saved needs (issue 11): the API
// (matching_api.cpp: POST /api/v1/match, /api/v1/needs, the per-need Atom feed) and the pages
// (matching_pages.cpp: the needs form /needs with its results, my saved needs /needs/saved, the
// mail's unsubscribe page). Thin handlers: parse, call MatchingService or NeedsService, render.
#include <string>
#include <vector>

#include "services/matching/matching_service.hpp"
#include "web/app.hpp"

namespace proven::web {

// A condition's explanation in `lang` (catalogue match.cond.<code>.<met|unmet|na>[.<kind>]), with
// what matched and what was missing named in that language (types, fields, places).
std::string ConditionExplanation(AppContext& app, Lang lang, const domain::Condition& c, domain::Candidate::Kind kind,
                                 const domain::Needs& needs);
// `matched`/`missing` values as a person reads them: type:<code> → the type's name, field:<id>
// → the field's name, places in the language; others as they are.
std::string MatchValueLabel(AppContext& app, Lang lang, const std::string& value);
// The consultation request's link for a match (served by the consultations' pages).
std::string ConsultationPath(domain::Candidate::Kind kind, std::int64_t id);
std::string CandidatePath(domain::Candidate::Kind kind, std::int64_t id);

void HandleApiMatch(AppContext& app, const Request& req, Response& res);
void HandleApiNeedSave(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiNeeds(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiNeed(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiNeedDelete(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleNeedsFeed(AppContext& app, const Request& req, Response& res);

void HandleNeedsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleNeedSaveForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSavedNeedsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleNeedDeleteForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleUnsubscribePage(AppContext& app, const Request& req, Response& res);
void HandleUnsubscribe(AppContext& app, const Request& req, Response& res);

}  // namespace proven::web
