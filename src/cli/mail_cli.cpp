#include "cli/mail_cli.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "core/clock.hpp"
#include "domain/codes.hpp"
#include "store/mail_outbox.hpp"
#include "web/i18n.hpp"

namespace proven::cli {

namespace {

int Report(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

// Two lines: the user name and the password.
Result<std::pair<std::string, std::string>> ReadCredentials(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--smtp-credentials: cannot read {}", path), {},
                "smtp-credentials");
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--smtp-credentials: {} may be read by others (mode {:o}); make it private: chmod 600 {}",
                            path, st.st_mode & 0777, path),
                {}, "smtp-credentials");
  }
  std::ifstream in(path);
  std::string user, password;
  std::getline(in, user);
  std::getline(in, password);
  if (!user.empty() && user.back() == '\r') user.pop_back();
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (user.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--smtp-credentials: {} line 1 must hold the user name (line 2 the password)", path), {},
                "smtp-credentials");
  }
  return std::pair{user, password};
}

}  // namespace

void AddSmtpFlags(CLI::App& serve, SmtpFlags& flags) {
  serve.add_option("--smtp-url", flags.url,
                   "Mail relay, smtp://host:port (STARTTLS) or smtps://host:port (TLS); without it mail stays in "
                   "the outbox for the admin");
  serve.add_option("--mail-from", flags.from, "Sender of the mail, e.g. 'Proven <noreply@example.jp>'");
  serve.add_option("--smtp-starttls", flags.starttls, "With smtp://: opportunistic, required or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"opportunistic", "required", "off"}));
  serve.add_option("--smtp-credentials", flags.credentials_file,
                   "File with the relay's user name and password on two lines (mode 600); or set "
                   "PROVEN_SMTP_USERNAME and PROVEN_SMTP_PASSWORD");
}

Result<std::optional<MailRelay>> ResolveMailRelay(const SmtpFlags& flags) {
  if (flags.url.empty()) {
    if (!flags.credentials_file.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "--smtp-credentials needs --smtp-url", {}, "smtp-url");
    }
    return std::optional<MailRelay>();
  }
  MailRelay relay;
  relay.smtp.url = flags.url;
  relay.smtp.starttls = flags.starttls == "required" ? mail::StartTls::kRequired
                        : flags.starttls == "off"    ? mail::StartTls::kOff
                                                     : mail::StartTls::kOpportunistic;
  if (auto st = mail::CheckSmtpOptions(relay.smtp); !st) {
    Error e = st.error();
    e.message = "--" + e.field + ": " + e.message;
    return Fail(std::move(e));
  }
  if (flags.from.empty()) return Fail(ErrorCode::kInvalidArgument, "--smtp-url needs --mail-from", {}, "mail-from");
  auto from = mail::ParseMailbox(flags.from);
  if (!from) return Fail(ErrorCode::kInvalidArgument, "--mail-from: " + from.error().message, {}, "mail-from");
  relay.from = *from;
  if (!flags.credentials_file.empty()) {
    auto creds = ReadCredentials(flags.credentials_file);
    if (!creds) return Fail(creds.error());
    relay.smtp.username = creds->first;
    relay.smtp.password = creds->second;
  } else if (const char* user = std::getenv("PROVEN_SMTP_USERNAME"); user && *user) {
    relay.smtp.username = user;
    const char* password = std::getenv("PROVEN_SMTP_PASSWORD");
    relay.smtp.password = password ? password : "";
  }
  return std::optional<MailRelay>(std::move(relay));
}

MailCommands AddMailCommands(CLI::App& app, std::string& db) {
  MailCommands m;
  auto* mail = app.add_subcommand("mail", "The mail outbox");
  mail->require_subcommand(1);
  m.test = mail->add_subcommand("test", "Queue a test message (to check the relay that serve sends through)");
  m.test->add_option("ADDRESS", m.to, "Recipient")->required();
  m.test->add_option("--lang", m.lang, "ja or en")->capture_default_str()->check(CLI::IsMember({"ja", "en"}));
  m.test->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  m.list = mail->add_subcommand("list", "List the outbox, newest first");
  m.list->add_option("--state", m.state, "queued, sent or dead")->check(CLI::IsMember({"queued", "sent", "dead"}));
  m.list->add_option("--limit", m.limit, "At most this many")->capture_default_str()->check(CLI::Range(1, 100000));
  m.list->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  m.retry = mail->add_subcommand("retry", "Queue a dead letter again");
  m.retry->add_option("ID", m.id, "The message's id (see mail list)")->required();
  m.retry->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  return m;
}

bool MailCommandParsed(const MailCommands& m) { return m.test->parsed() || m.list->parsed() || m.retry->parsed(); }

int RunMailCommand(const MailCommands& m, store::ConnectionPool& pool) {
  store::MailOutbox outbox(pool);
  if (m.test->parsed()) {
    const web::Lang lang = m.lang == "en" ? web::Lang::kEn : web::Lang::kJa;
    domain::MailMessage msg;
    msg.kind = "mail.test";
    msg.to = m.to;
    msg.lang = m.lang;
    msg.subject = web::Message(lang, "mail.test.subject");
    msg.text = web::Message(lang, "mail.test.body", {{"at", Clock::System().NowIso()}});
    auto id = outbox.Enqueue(msg);
    if (!id) return Report(id.error());
    std::printf("queued mail %lld to %s\n", static_cast<long long>(*id), m.to.c_str());
    return 0;
  }
  if (m.list->parsed()) {
    std::optional<domain::MailState> state;
    if (!m.state.empty()) state = domain::ValueIn<domain::MailState>(domain::kMailStateCodes, m.state);
    auto entries = outbox.List(state, m.limit, 0);
    if (!entries) return Report(entries.error());
    for (const auto& e : *entries) {
      std::printf("%lld\t%s\t%s\t%s\t%d\t%s\t%s\n", static_cast<long long>(e.id), e.created_at.c_str(),
                  std::string(domain::CodeIn<domain::MailState>(domain::kMailStateCodes, e.state)).c_str(),
                  e.message.to.c_str(), e.attempts, e.message.subject.c_str(), e.last_error.c_str());
    }
    return 0;
  }
  if (auto st = outbox.Requeue(m.id, store::AuditRecord("cli", domain::AuditAction::kMailRequeue).On("mail", m.id)); !st) {
    return Report(st.error());
  }
  std::printf("mail %lld queued again\n", static_cast<long long>(m.id));
  return 0;
}

}  // namespace proven::cli
