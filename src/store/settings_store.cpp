#include "store/settings_store.hpp"

namespace proven::store {

Result<std::optional<std::string>> SqlSettingsStore::Get(const std::string& key) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT value FROM settings WHERE key = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, key);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->Text(0));
}

Status SqlSettingsStore::Set(const std::string& key, const std::string& value) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st) return Fail(st.error());
  st->Bind(1, key).Bind(2, value);
  return st->Run();
}

}  // namespace proven::store
