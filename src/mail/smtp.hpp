#pragma once
// Sending a built message to a relay over SMTP with libcurl (Debian's libcurl4-openssl-dev):
// smtp:// with STARTTLS when the relay offers it (or required), smtps:// for TLS from the start,
// optional AUTH credentials, timeouts so that a relay that hangs never stalls the dispatcher.
#include <chrono>
#include <string>

#include "core/result.hpp"
#include "domain/mail.hpp"

namespace proven::mail {

enum class StartTls {
  kOpportunistic,  // smtp://: upgrade when the relay offers STARTTLS, plain otherwise
  kRequired,       // smtp://: refuse to send without STARTTLS
  kOff,            // smtp://: never upgrade (a relay on the loopback)
};

struct SmtpOptions {
  std::string url;  // smtp://host:port or smtps://host:port (libcurl's form)
  StartTls starttls = StartTls::kOpportunistic;
  std::string username, password;  // empty: no AUTH
  bool verify_tls = true;           // check the relay's certificate and name
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{60};
};

// kInvalidArgument when the URL is not smtp:// or smtps:// with a host.
Status CheckSmtpOptions(const SmtpOptions& o);

// Where a message goes; the dispatcher sends through one.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // One attempt: the envelope sender and recipient, and the message as built by BuildMime.
  // kSent, or kTransient/kPermanent with what the relay (or the connection) said in `detail`.
  struct Outcome {
    domain::MailOutcome outcome = domain::MailOutcome::kTransient;
    std::string detail;
  };
  virtual Outcome Send(const std::string& envelope_from, const std::string& to, const std::string& message) = 0;
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options);
  Outcome Send(const std::string& envelope_from, const std::string& to, const std::string& message) override;

 private:
  SmtpOptions options_;
};

}  // namespace proven::mail
