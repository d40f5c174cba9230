-- Failed sign-ins per account and per client address ("account:EMAIL", "address:IP"), shared by
-- every instance on the database (services/account_service.hpp LoginThrottle).
CREATE TABLE login_failures (
  key      TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at  INTEGER NOT NULL  -- unix seconds
);
CREATE INDEX login_failures_last ON login_failures (last_at);
