#pragma once
// A real SMTP server for tests: tests/support/smtp_sink.py on Debian's python3-aiosmtpd, started
// on 127.0.0.1 and stopped on destruction. What it received is read back as Python's email
// package parsed it (an independent reader of the MIME Proven builds).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace proven::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (for a server started later on purpose).
int FreeTcpPort();

class SmtpSink {
 public:
  // Debian's python3 with aiosmtpd is there (make test-deps installs it).
  static bool Available();
  // Listens on `port` (0: a free one) and keeps messages in `dir`.
  explicit SmtpSink(std::filesystem::path dir, int port = 0);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  int port() const { return port_; }

  struct Received {
    std::string mail_from;
    std::vector<std::string> rcpt_tos;
    std::map<std::string, std::string> headers;  // decoded, by name as sent
    std::vector<std::string> defects;            // what Python's parser found wrong (none expected)
    std::string body;                            // the text part, decoded
    std::string raw;                             // the message as it arrived
  };
  // What arrived so far, in order, once at least `n` messages arrived or `timeout` passed.
  std::vector<Received> WaitFor(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace proven::testing
