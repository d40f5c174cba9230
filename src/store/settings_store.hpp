#pragma once
// Instance-wide key/value settings (the settings table).
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::store {

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
  virtual Status Set(const std::string& key, const std::string& value) = 0;
};

class SqlSettingsStore final : public SettingsStore {
 public:
  explicit SqlSettingsStore(ConnectionPool& pool) : pool_(pool) {}
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Set(const std::string& key, const std::string& value) override;

 private:
  ConnectionPool& pool_;
};

inline constexpr const char* kSettingSampleData = "sample_data";

}  // namespace proven::store
