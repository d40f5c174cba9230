#pragma once
// Saved needs and their watch (issue 11; the rule is docs/adr/0011-matching.md "Watching"). A
// signed-in person saves needs; they are theirs alone (anyone else, the admin included, finds
// nothing: kNotFound). Saving records the current matches as seen, so nothing already there is
// ever notified. NotifyNewMatches recomputes every saved need's matches against one candidate set
// and, in one write transaction per need, records each match not seen before (the store's unique
// key decides, so two instances never notify twice) and queues one mail listing them in the
// need's language (unless its owner unsubscribed). The Atom feed of a need lists the same new
// matches; it is read with the need's secret feed key, compared in constant time.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/matching/matching.hpp"
#include "services/events/event_service.hpp"  // MailComposer
#include "services/matching/matching_service.hpp"
#include "store/matching/needs_store.hpp"

namespace proven::services {

struct SavedNeed {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  domain::Needs needs;
  std::string lang;  // of its mail
  std::string feed_key;
  std::string unsubscribe_token;
  bool mail = true;
  std::string created_at, checked_at;
};

struct NeedFeed {
  SavedNeed need;
  std::vector<store::SeenMatch> entries;  // matches found after saving, newest first
};

struct NotifyRound {
  int needs = 0;        // saved needs checked
  int new_matches = 0;  // recorded in this round
  int mails = 0;        // queued
};

// The mail's kind: its texts are mail.needs.new_matches.subject and .body.
inline constexpr const char* kNeedsMailKind = "needs.new_matches";

class NeedsService {
 public:
  NeedsService(store::NeedsStore& store, MatchingService& matching, MailComposer compose, std::string public_url,
               const Clock& clock = Clock::System())
      : store_(store), matching_(matching), compose_(std::move(compose)), public_url_(std::move(public_url)),
        clock_(clock) {}

  // Checked as POST /api/v1/match checks them; needs that ask nothing are refused (kInvalidArgument).
  // `lang`: "ja" or "en", the language of its mail.
  Result<SavedNeed> Save(const domain::Actor& actor, const domain::Needs& needs, const std::string& lang);
  Result<std::vector<SavedNeed>> Mine(const domain::Actor& actor);
  Result<SavedNeed> Get(const domain::Actor& actor, std::int64_t id);
  Status Delete(const domain::Actor& actor, std::int64_t id);

  // The feed, when `key` is the need's feed key; kNotFound otherwise (an unknown id alike).
  Result<NeedFeed> Feed(std::int64_t id, const std::string& key);
  // The need a mail's unsubscribe token belongs to (kNotFound otherwise), and stopping its mail.
  Result<SavedNeed> ByUnsubscribeToken(const std::string& token);
  Result<SavedNeed> Unsubscribe(const std::string& token);

  // One round of the watch over every saved need.
  Result<NotifyRound> NotifyNewMatches();

  // Absolute links (mail and API): the site's address, set by the server once it is bound.
  void SetPublicUrl(std::string url);
  std::string PublicUrl() const;
  std::string FeedUrl(const SavedNeed& n) const;
  std::string UnsubscribeUrl(const SavedNeed& n) const;

 private:
  Result<SavedNeed> Own(const domain::Actor& actor, std::int64_t id);
  Status NotifyOne(const store::SavedNeedRow& row, const CandidateSet& set, NotifyRound& round);

  store::NeedsStore& store_;
  MatchingService& matching_;
  MailComposer compose_;
  mutable std::mutex url_mu_;
  std::string public_url_;
  const Clock& clock_;
};

// The needs page's query string (/needs?…): industry, regions (repeated), types, fields,
// problems (repeated), size, budget, urgency, text; empty values ignored. Errors name the
// parameter as the JSON does ("regions[1]", "size").
std::string NeedsQueryString(const domain::Needs& n);
Result<domain::Needs> NeedsFromQuery(const QueryParams& params);

}  // namespace proven::services
