#include "services/matching/needs_service.hpp"

#include <charconv>
#include <set>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace proven::services {

namespace {

using domain::Actor;
using domain::AuditAction;
using nlohmann::json;
using nlohmann::ordered_json;

tl::unexpected<Error> NoNeed(std::int64_t id) {
  return Fail(Reason{"error.need.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no saved need {}", id));
}

Result<domain::Needs> ParseStored(const std::string& text, std::int64_t id) {
  const json j = json::parse(text, nullptr, false);
  auto n = j.is_discarded() ? Result<domain::Needs>(Fail(ErrorCode::kInternal, "bad JSON")) : NeedsFromJson(j);
  if (!n) {
    return Fail(MakeError(ErrorCode::kInternal, "stored needs are corrupt", fmt::format("saved need {}", id)));
  }
  return n;
}

Result<SavedNeed> FromRow(const store::SavedNeedRow& row) {
  auto needs = ParseStored(row.needs, row.id);
  if (!needs) return Fail(needs.error());
  return SavedNeed{row.id, row.user_id, std::move(*needs), row.lang, row.feed_key, row.unsubscribe_token,
                   row.mail,  row.created_at, row.checked_at};
}

std::string NeedRecord(const SavedNeed& n) {
  return ordered_json{{"id", n.id}, {"user_id", n.user_id}, {"needs", NeedsToJson(n.needs)}, {"lang", n.lang},
                      {"mail", n.mail}}
      .dump();
}

store::SeenMatch Seen(const MatchResult& r, bool initial) {
  return {std::string(domain::CandidateKindCode(r.match.kind)), r.match.id, r.match.name, r.organisation,
          r.match.score, initial, ""};
}

}  // namespace

std::string NeedsQueryString(const domain::Needs& n) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const ordered_json j = NeedsToJson(n);
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_array()) {
      for (const auto& v : *it) pairs.emplace_back(it.key(), v.is_string() ? v.get<std::string>() : v.dump());
    } else {
      pairs.emplace_back(it.key(), it->get<std::string>());
    }
  }
  return EncodeQuery(pairs);
}

Result<domain::Needs> NeedsFromQuery(const QueryParams& params) {
  // The same checks as the JSON: the query becomes that object first.
  json j = json::object();
  for (const char* key : {"industry", "size", "budget", "urgency", "text"}) {
    const auto values = Values(params, key);
    for (const auto& v : values) {
      if (!Trim(v).empty()) j[key] = v;
    }
  }
  for (const char* key : {"regions", "types", "problems"}) {
    json list = json::array();
    for (const auto& v : Values(params, key)) {
      if (!Trim(v).empty()) list.push_back(v);
    }
    if (!list.empty()) j[key] = list;
  }
  json fields = json::array();
  std::size_t i = 0;
  for (const auto& v : Values(params, "fields")) {
    if (Trim(v).empty()) continue;
    const std::string_view text = Trim(v);
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id < 1) {
      return Fail(Reason{"error.match.field", {{"value", Ellipsize(v, 40)}}}, ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not a field id", Ellipsize(v, 40)), {}, fmt::format("fields[{}]", i));
    }
    fields.push_back(id);
    ++i;
  }
  if (!fields.empty()) j["fields"] = fields;
  return NeedsFromJson(j);
}

void NeedsService::SetPublicUrl(std::string url) {
  std::lock_guard lock(url_mu_);
  public_url_ = std::move(url);
}

std::string NeedsService::PublicUrl() const {
  std::lock_guard lock(url_mu_);
  return public_url_;
}

std::string NeedsService::FeedUrl(const SavedNeed& n) const {
  return fmt::format("{}/feeds/needs/{}.atom?key={}", PublicUrl(), n.id, n.feed_key);
}

std::string NeedsService::UnsubscribeUrl(const SavedNeed& n) const {
  return fmt::format("{}/needs/unsubscribe?token={}", PublicUrl(), n.unsubscribe_token);
}

Result<SavedNeed> NeedsService::Save(const Actor& actor, const domain::Needs& needs, const std::string& lang) {
  if (auto st = domain::Authorize(actor, domain::Action::kSaveNeeds); !st) return Fail(st.error());
  if (NeedsEmpty(needs)) {
    return Fail(Reason{"error.need.empty", {}}, ErrorCode::kInvalidArgument, "the needs ask nothing: nothing to watch");
  }
  if (auto st = matching_.Check(needs); !st) return Fail(st.error());
  // What matches now is recorded as seen: only what appears later is news.
  auto set = matching_.Candidates();
  if (!set) return Fail(set.error());
  const auto current = matching_.MatchAgainst(needs, *set);
  SavedNeed out;
  out.user_id = actor.user_id;
  out.needs = needs;
  out.lang = lang == "en" ? "en" : "ja";
  out.feed_key = RandomToken(24);
  out.unsubscribe_token = RandomToken(24);
  out.mail = true;
  auto st = store_.Write([&](store::NeedsWriter& w) -> Status {
    store::SavedNeedRow row;
    row.user_id = out.user_id;
    row.needs = NeedsToJson(out.needs).dump();
    row.lang = out.lang;
    row.feed_key = out.feed_key;
    row.unsubscribe_token = out.unsubscribe_token;
    row.mail = true;
    auto id = w.InsertNeed(row);
    if (!id) return Fail(id.error());
    out.id = *id;
    out.created_at = w.Now();
    for (const auto& m : current) {
      if (auto r = w.RecordMatch(out.id, Seen(m, true)); !r) return Fail(r.error());
    }
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kNeedSave).On("need", out.id).After(NeedRecord(out)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<SavedNeed>> NeedsService::Mine(const Actor& actor) {
  if (auto st = domain::Authorize(actor, domain::Action::kSaveNeeds); !st) return Fail(st.error());
  std::vector<SavedNeed> out;
  auto st = store_.Read([&](store::NeedsReader& r) -> Status {
    auto rows = r.NeedsOfUser(actor.user_id);
    if (!rows) return Fail(rows.error());
    for (const auto& row : *rows) {
      auto n = FromRow(row);
      if (!n) return Fail(n.error());
      out.push_back(std::move(*n));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<SavedNeed> NeedsService::Own(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, domain::Action::kSaveNeeds); !st) return Fail(st.error());
  std::optional<store::SavedNeedRow> row;
  auto st = store_.Read([&](store::NeedsReader& r) -> Status {
    auto found = r.FindNeed(id);
    if (!found) return Fail(found.error());
    row = std::move(*found);
    return {};
  });
  if (!st) return Fail(st.error());
  // Another person's need is as absent as one that never was.
  if (!row || row->user_id != actor.user_id) return NoNeed(id);
  return FromRow(*row);
}

Result<SavedNeed> NeedsService::Get(const Actor& actor, std::int64_t id) { return Own(actor, id); }

Status NeedsService::Delete(const Actor& actor, std::int64_t id) {
  auto need = Own(actor, id);
  if (!need) return Fail(need.error());
  return store_.Write([&](store::NeedsWriter& w) -> Status {
    auto found = w.FindNeed(id);
    if (!found) return Fail(found.error());
    if (!*found || (*found)->user_id != actor.user_id) return NoNeed(id);
    if (auto done = w.DeleteNeed(id); !done) return done;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kNeedDelete).On("need", id).Before(NeedRecord(*need)));
  });
}

Result<NeedFeed> NeedsService::Feed(std::int64_t id, const std::string& key) {
  NeedFeed out;
  bool found_need = false;
  auto st = store_.Read([&](store::NeedsReader& r) -> Status {
    auto found = r.FindNeed(id);
    if (!found) return Fail(found.error());
    // The key is compared in constant time; a wrong one looks like no need at all.
    if (!*found || key.size() != (*found)->feed_key.size() || !SecretsEqual(key, (*found)->feed_key)) return {};
    auto need = FromRow(**found);
    if (!need) return Fail(need.error());
    out.need = std::move(*need);
    auto entries = r.Matches(id, true);
    if (!entries) return Fail(entries.error());
    out.entries = std::move(*entries);
    found_need = true;
    return {};
  });
  if (!st) return Fail(st.error());
  if (!found_need) return NoNeed(id);
  return out;
}

Result<SavedNeed> NeedsService::ByUnsubscribeToken(const std::string& token) {
  std::optional<store::SavedNeedRow> row;
  if (!token.empty()) {
    auto st = store_.Read([&](store::NeedsReader& r) -> Status {
      auto found = r.NeedByUnsubscribeToken(token);
      if (!found) return Fail(found.error());
      row = std::move(*found);
      return {};
    });
    if (!st) return Fail(st.error());
  }
  if (!row) {
    return Fail(Reason{"error.need.unsubscribe_token", {}}, ErrorCode::kNotFound,
                "this unsubscribe link is not valid (the need may have been deleted)");
  }
  return FromRow(*row);
}

Result<SavedNeed> NeedsService::Unsubscribe(const std::string& token) {
  auto need = ByUnsubscribeToken(token);
  if (!need) return Fail(need.error());
  if (!need->mail) return need;  // once is enough; the audit log keeps the first
  auto st = store_.Write([&](store::NeedsWriter& w) -> Status {
    const std::string before = NeedRecord(*need);
    if (auto done = w.SetMail(need->id, false); !done) return done;
    need->mail = false;
    return w.Audit(store::AuditRecord(fmt::format("unsubscribe-link need:{}", need->id), AuditAction::kNeedUnsubscribe)
                       .On("need", need->id)
                       .Before(before)
                       .After(NeedRecord(*need)));
  });
  if (!st) return Fail(st.error());
  return need;
}

Status NeedsService::NotifyOne(const store::SavedNeedRow& row, const CandidateSet& set, NotifyRound& round) {
  auto need = FromRow(row);
  if (!need) return Fail(need.error());
  const auto current = matching_.MatchAgainst(need->needs, set);
  std::set<std::pair<std::string, std::int64_t>> seen;
  auto read = store_.Read([&](store::NeedsReader& r) -> Status {
    auto matches = r.Matches(row.id, false);
    if (!matches) return Fail(matches.error());
    for (const auto& m : *matches) seen.emplace(m.kind, m.candidate_id);
    return {};
  });
  if (!read) return read;
  std::vector<const MatchResult*> fresh;
  for (const auto& m : current) {
    if (!seen.contains({std::string(domain::CandidateKindCode(m.match.kind)), m.match.id})) fresh.push_back(&m);
  }
  if (fresh.empty()) return {};
  int recorded = 0;
  bool mailed = false;
  auto st = store_.Write([&](store::NeedsWriter& w) -> Status {
    recorded = 0;
    mailed = false;
    auto still = w.FindNeed(row.id);
    if (!still) return Fail(still.error());
    if (!*still) return {};  // deleted meanwhile
    std::string list;
    for (const MatchResult* m : fresh) {
      auto inserted = w.RecordMatch(row.id, Seen(*m, false));
      if (!inserted) return Fail(inserted.error());
      if (!*inserted) continue;  // another instance recorded (and told of) it first
      ++recorded;
      const std::string kind(domain::CandidateKindCode(m->match.kind));
      list += fmt::format("- {}{}\n  {}/{}s/{}\n", m->match.name, m->organisation.empty() ? "" : "（" + m->organisation + "）",
                          PublicUrl(), kind, m->match.id);
    }
    if (auto done = w.MarkChecked(row.id); !done) return done;
    if (recorded == 0 || !(*still)->mail) return {};
    const MailText text = compose_(kNeedsMailKind, need->lang,
                                   {{"count", std::to_string(recorded)},
                                    {"matches", list},
                                    {"needs_url", fmt::format("{}/needs?{}", PublicUrl(), NeedsQueryString(need->needs))},
                                    {"saved_url", PublicUrl() + "/needs/saved"},
                                    {"feed_url", FeedUrl(*need)},
                                    {"unsubscribe_url", UnsubscribeUrl(*need)}});
    domain::MailMessage m{kNeedsMailKind, (*still)->email, need->lang, text.subject, text.text, UnsubscribeUrl(*need)};
    auto id = w.EnqueueMail(m);
    if (!id) return Fail(id.error());
    mailed = true;
    return {};
  });
  if (!st) return st;
  round.new_matches += recorded;
  round.mails += mailed ? 1 : 0;
  return {};
}

Result<NotifyRound> NeedsService::NotifyNewMatches() {
  NotifyRound round;
  std::vector<store::SavedNeedRow> rows;
  auto st = store_.Read([&](store::NeedsReader& r) -> Status {
    auto all = r.AllNeeds();
    if (!all) return Fail(all.error());
    rows = std::move(*all);
    return {};
  });
  if (!st) return Fail(st.error());
  if (rows.empty()) return round;
  auto set = matching_.Candidates();
  if (!set) return Fail(set.error());
  for (const auto& row : rows) {
    ++round.needs;
    // One need that cannot be checked (corrupt, or a failed write) does not stop the others.
    if (auto done = NotifyOne(row, *set, round); !done) {
      spdlog::warn("saved need {}: {} ({})", row.id, done.error().message, done.error().detail);
    }
  }
  return round;
}

}  // namespace proven::services
