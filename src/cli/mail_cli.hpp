#pragma once
// The mail relay's flags of `proven serve` and the `proven mail` commands (docs/mail.md):
//   serve --smtp-url smtp://host:port --mail-from 'Proven <noreply@example.jp>'
//         [--smtp-starttls opportunistic|required|off] [--smtp-credentials FILE]
//   mail test ADDRESS [--lang ja|en] · mail list [--state queued|sent|dead] · mail retry ID
#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/result.hpp"
#include "mail/mime.hpp"
#include "mail/smtp.hpp"
#include "store/db.hpp"

namespace proven::cli {

struct SmtpFlags {
  std::string url;
  std::string from;
  std::string starttls = "opportunistic";
  std::string credentials_file;
};
void AddSmtpFlags(CLI::App& serve, SmtpFlags& flags);

// What serve sends mail with; nullopt when no relay is configured (mail stays in the outbox).
struct MailRelay {
  mail::SmtpOptions smtp;
  mail::Mailbox from;
};
// The flags checked, the credentials read from --smtp-credentials (two lines: user name, password;
// a file others may read is refused) or else PROVEN_SMTP_USERNAME / PROVEN_SMTP_PASSWORD.
Result<std::optional<MailRelay>> ResolveMailRelay(const SmtpFlags& flags);

struct MailCommands {
  CLI::App* test = nullptr;
  CLI::App* list = nullptr;
  CLI::App* retry = nullptr;
  std::string to, lang = "ja", state;
  std::int64_t id = 0;
  int limit = 50;
};
MailCommands AddMailCommands(CLI::App& app, std::string& db);
bool MailCommandParsed(const MailCommands& m);
// Runs the parsed mail command on `pool`; its exit status (0 ok, 1 failure, 2 bad input).
int RunMailCommand(const MailCommands& m, store::ConnectionPool& pool);

}  // namespace proven::cli
