// One-time notices after an action (docs/api.md "Notices after an action (flash)"): kept per session
// and page by the account store; the session id is hashed as everywhere else.
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "services/account_service.hpp"

namespace proven::services {

namespace {
constexpr std::size_t kMaxKeyBytes = 100;
constexpr std::size_t kMaxPathBytes = 500;
constexpr std::size_t kMaxArgsBytes = 2000;
}  // namespace

Status AccountService::AddFlash(const std::string& session_id, const std::string& path, const std::string& key,
                                const MessageArgs& args) {
  if (session_id.empty()) return Fail(ErrorCode::kUnauthenticated, "no session");
  nlohmann::json a = nlohmann::json::array();
  for (const auto& [name, value] : args) a.push_back({name, value});
  std::string args_json = a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (key.empty() || key.size() > kMaxKeyBytes || path.size() > kMaxPathBytes || args_json.size() > kMaxArgsBytes) {
    return Fail(ErrorCode::kInvalidArgument, "a notice must have a key of at most 100 bytes, a path of at most 500 "
                                             "and values of at most 2000");
  }
  return store_.AddFlash({Sha256Hex(session_id), path, key, std::move(args_json), clock_.NowUnix()});
}

Result<std::vector<AccountService::Flash>> AccountService::TakeFlashes(const std::string& session_id,
                                                                       const std::string& path) {
  if (session_id.empty()) return std::vector<Flash>{};
  auto rows = store_.TakeFlashes(Sha256Hex(session_id), path, clock_.NowUnix());
  if (!rows) return Fail(rows.error());
  std::vector<Flash> out;
  for (const auto& r : *rows) {
    Flash f{r.message_key, {}};
    const auto a = nlohmann::json::parse(r.args_json, nullptr, false);
    if (a.is_array()) {
      for (const auto& pair : a) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
          f.args.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
        }
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace proven::services
