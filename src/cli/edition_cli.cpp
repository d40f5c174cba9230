#include "cli/edition_cli.hpp"

#include <cstdio>

#include "core/date.hpp"
#include "services/edition_service.hpp"
#include "services/registry_service.hpp"
#include "store/edition_store.hpp"
#include "store/service_store.hpp"

namespace proven::cli {

EditionCommands AddEditionCommands(CLI::App& app, std::string& db) {
  EditionCommands c;
  auto* editions = app.add_subcommand("editions", "Dated editions of the published list (docs/adr/0016-list-editions.md)");
  editions->require_subcommand(1);
  c.publish = editions->add_subcommand(
      "publish", "Freeze the list valid on a date as that date's edition (serve publishes one each month by itself)");
  c.publish->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  c.publish->add_option("--date", c.date,
                        "The edition's date, YYYY-MM-DD (default: today in Asia/Tokyo); the list valid on that date "
                        "as the register holds it now");
  c.list = editions->add_subcommand("list", "List the editions: date, services, SHA-256 of the CSV");
  c.list->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  return c;
}

bool EditionCommandParsed(const EditionCommands& c) {
  return (c.publish && c.publish->parsed()) || (c.list && c.list->parsed());
}

int RunEditionCommand(const EditionCommands& c, store::ConnectionPool& pool) {
  auto fail = [](const Error& e, int code) {
    std::fprintf(stderr, "error: %s\n", e.message.c_str());
    if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
    return code;
  };
  Date date = TodayInTokyo();
  if (!c.date.empty()) {
    auto d = ParseIsoDate(c.date);
    if (!d) return fail(MakeError(ErrorCode::kInvalidArgument, "--date: " + d.error().message), 2);
    date = *d;
  }
  store::SqlServiceStore service_store(pool);
  services::RegistryService registry(service_store);
  if (auto st = registry.Reload(); !st) return fail(st.error(), 1);
  store::SqlEditionStore store(pool);
  services::EditionService editions(store, registry);
  if (c.list && c.list->parsed()) {
    auto all = editions.Editions();
    if (!all) return fail(all.error(), 1);
    for (const auto& e : *all) {
      std::printf("%s  %6lld services  sha256 %s  by %s at %s\n", e.date.ToIso().c_str(),
                  static_cast<long long>(e.total), e.sha256.c_str(), e.created_by.c_str(), e.created_at.c_str());
    }
    if (all->empty()) std::printf("no edition has been published\n");
    return 0;
  }
  auto e = editions.Publish(date, "cli");
  if (!e) return fail(e.error(), e.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
  std::printf("published the edition of %s: %lld services, sha256 %s\n", e->date.ToIso().c_str(),
              static_cast<long long>(e->total), e->sha256.c_str());
  return 0;
}

}  // namespace proven::cli
