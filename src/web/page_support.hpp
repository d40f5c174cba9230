#pragma once
// What every module of pages needs (web/programme/*_pages.cpp, web/events/*, …): empty lists and
// optional texts for templates, the Post/Redirect/Get answer, times for people, and the page for an
// error that leaves nothing else to show.
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "core/result.hpp"
#include "web/app.hpp"

namespace proven::web {

// An empty list for a template section.
kainjow::mustache::data EmptyList();
// Mustache treats "" as true: an optional text is false when empty, so that {{#x}} hides it (and a
// missing name would not fall through to an outer one).
kainjow::mustache::data OptionalText(const std::string& s);
// 303 See Other to `location` (a path of this site).
void SeeOther(Response& res, const std::string& location);
// Notices after an action (docs/api.md "Notices after an action (flash)"): a successful form POST
// remembers a notice for the page it redirects to, in the signed-in session (a one-time flash in
// the database, never text or codes in the URL), and that page shows it once.
// RedirectWithNotice: remember `key` (a catalogue key; its {placeholders} filled from `args`) for
// the path of `location` (query and fragment ignored), then 303 to `location`. Without a session
// (Bearer-token clients) it only redirects.
void RedirectWithNotice(AppContext& app, const Auth& auth, Response& res, const std::string& location,
                        std::string_view key, const MessageArgs& args = {});
// The notices waiting for this request's path in its session, taken (a reload shows none), as texts
// in `lang`, oldest first; [] without a session. Works for public handlers too (reads the cookie).
std::vector<std::string> TakeNotices(AppContext& app, const Request& req, Lang lang);
// The same, joined into one text ("" when none): what `{{#notice}}` blocks show.
std::string TakeNotice(AppContext& app, const Request& req, Lang lang);

// A stored UTC timestamp (ISO 8601) for people, in Asia/Tokyo: "2026-12-01 17:00 JST"; as stored when
// it does not parse; "" for "".
std::string JstText(const std::string& iso);

// The request's own parameters minus some keys (and empty values), in a stable order.
std::vector<std::pair<std::string, std::string>> ParamsWithout(const Request& req,
                                                               std::initializer_list<std::string_view> drop);
// `path` with `params` as its query string (percent-encoded).
std::string UrlWith(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params);
// Page links for a paged list at `path` (the request's other parameters kept): prev/next, the
// first, the last and two either side of the current one; false when everything fits on one page.
kainjow::mustache::data Pagination(const Request& req, const std::string& path, std::size_t total, int page,
                                   int per_page);

// An error as a form shows it: a summary above the form (the one problem, or "N problems" with
// their list), and each problem's text by the field it is about. `scope` picks field labels.
struct FormErrors {
  std::string summary;
  std::vector<std::string> list;
  std::map<std::string, std::vector<std::string>> by_field;
};
FormErrors FormErrorsOf(Lang lang, const Error& e, std::string_view scope = {});

// 404 → the not-found page; 5xx → the one error mapping (Retry-After and all); otherwise the error
// page with the status and the error's text in the page's language (`scope` picks field labels:
// ErrorText). A 403 says "not allowed" in general words unless `explain_forbidden`.
void ErrorPage(AppContext& app, const Auth* auth, const Request& req, Response& res, const Error& e,
               std::string_view scope = {}, bool explain_forbidden = false);

}  // namespace proven::web
