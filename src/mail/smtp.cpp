#include "mail/smtp.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

#include <curl/curl.h>
#include <fmt/core.h>

namespace proven::mail {

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t n = std::min(room, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

}  // namespace

Status CheckSmtpOptions(const SmtpOptions& o) {
  const bool smtp = o.url.starts_with("smtp://"), smtps = o.url.starts_with("smtps://");
  if (!smtp && !smtps) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an smtp:// or smtps:// URL", o.url), {},
                "smtp-url");
  }
  const std::string rest = o.url.substr(smtp ? 7 : 8);
  if (rest.empty() || rest.front() == ':' || rest.front() == '/') {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' names no host", o.url), {}, "smtp-url");
  }
  if (smtps && o.starttls == StartTls::kRequired) {
    return Fail(ErrorCode::kInvalidArgument, "smtps:// is TLS from the start; STARTTLS does not apply", {},
                "smtp-starttls");
  }
  return {};
}

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) { GlobalInit(); }

MailTransport::Outcome SmtpTransport::Send(const std::string& envelope_from, const std::string& to,
                                           const std::string& message) {
  CURL* curl = curl_easy_init();
  if (!curl) return {domain::MailOutcome::kTransient, "libcurl could not start a transfer"};
  Upload up{&message};
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  char error[CURL_ERROR_SIZE] = {0};
  const std::string from = "<" + envelope_from + ">";
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  if (options_.url.starts_with("smtp://")) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, options_.starttls == StartTls::kRequired        ? CURLUSESSL_ALL
                                            : options_.starttls == StartTls::kOpportunistic ? CURLUSESSL_TRY
                                                                                            : CURLUSESSL_NONE);
  }
  if (!options_.verify_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return {domain::MailOutcome::kSent, fmt::format("{}", code)};
  const std::string what = error[0] ? error : curl_easy_strerror(rc);
  // A 5xx answer is the relay's final word (no such recipient, sender refused, message refused);
  // anything else — no connection, a 4xx, a timeout, a TLS failure — may pass later.
  // Refused credentials and TLS failures are the operator's to fix, not the message's fault.
  if (rc == CURLE_LOGIN_DENIED) return {domain::MailOutcome::kTransient, "the relay refused the credentials: " + what};
  if (code >= 500 && code < 600) {
    return {domain::MailOutcome::kPermanent, fmt::format("the relay answered {}: {}", code, what)};
  }
  if (code >= 400) return {domain::MailOutcome::kTransient, fmt::format("the relay answered {}: {}", code, what)};
  return {domain::MailOutcome::kTransient, what};
}

}  // namespace proven::mail
