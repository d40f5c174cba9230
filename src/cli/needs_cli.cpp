#include "cli/needs_cli.hpp"

#include <cstdio>

#include "core/date.hpp"
#include "services/matching/matching_service.hpp"
#include "services/matching/needs_service.hpp"
#include "services/programme/case_service.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/registry_service.hpp"
#include "store/matching/needs_store.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "web/mail_texts.hpp"

namespace proven::cli {

NeedsCommands AddNeedsCommands(CLI::App& app, std::string& db) {
  NeedsCommands c;
  auto* needs = app.add_subcommand("needs", "Saved needs (docs/adr/0011-matching.md)");
  needs->require_subcommand(1);
  c.notify = needs->add_subcommand(
      "notify", "Record the saved needs' new matches and queue their mail once (what serve does every --needs-interval)");
  c.notify->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  c.notify->add_option("--public-url", c.public_url, "The site's address for the links in the mail")->capture_default_str();
  c.notify->add_option("--today", c.today, "Pretend today (Asia/Tokyo) is this date, YYYY-MM-DD");
  return c;
}

bool NeedsCommandParsed(const NeedsCommands& c) { return c.notify && c.notify->parsed(); }

int RunNeedsCommand(const NeedsCommands& c, store::ConnectionPool& pool) {
  std::function<Date()> today = TodayInTokyo;
  if (!c.today.empty()) {
    auto d = ParseIsoDate(c.today);
    if (!d) {
      std::fprintf(stderr, "error: --today: %s\n", d.error().message.c_str());
      return 2;
    }
    today = [d = *d] { return d; };
  }
  auto fail = [](const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.message.c_str());
    if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
    return 1;
  };
  store::SqlServiceStore service_store(pool);
  services::RegistryService registry(service_store);
  if (auto st = registry.Reload(); !st) return fail(st.error());
  store::SqlProgrammeStore programme_store(pool);
  store::SqlVerificationStore verification_store(pool);
  services::ProductCatalogue catalogue(verification_store, programme_store);
  if (auto st = catalogue.Reload(); !st) return fail(st.error());
  store::SqlCaseStore case_store(pool);
  services::CaseService cases(case_store, verification_store);
  services::MatchingService matching(registry, catalogue, cases, today);
  store::SqlNeedsStore needs_store(pool);
  services::NeedsService needs(needs_store, matching, web::CatalogueMailComposer(), c.public_url);
  auto round = needs.NotifyNewMatches();
  if (!round) return fail(round.error());
  std::printf("checked %d saved need(s): %d new match(es), %d mail(s) queued\n", round->needs, round->new_matches,
              round->mails);
  return 0;
}

}  // namespace proven::cli
