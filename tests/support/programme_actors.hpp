#pragma once
// A user with one role (and, when `org` is given, a new organisation of that name: a vendor's for
// Role::kVendor, a user company's otherwise) inserted straight into a migrated test database: the
// actors of the programme's service tests.
#include <cstdint>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "domain/auth.hpp"
#include "store/db.hpp"

namespace proven::testing {

inline domain::Actor InsertActor(store::ConnectionPool& pool, const std::string& email, domain::Role role,
                                 const std::string& org) {
  auto conn = pool.Acquire();
  std::optional<std::int64_t> org_id;
  if (!org.empty()) {
    auto ins = (*conn)->Prepare(
        "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z') RETURNING id");
    ins->Bind(1, org).Bind(2, role == domain::Role::kVendor ? "vendor" : "user_company");
    org_id = store::RunReturningId(*ins).value();
  }
  auto ins = (*conn)->Prepare(
      "INSERT INTO users (email, password_hash, organisation_id, created_at, password_changed_at) "
      "VALUES (?, 'x', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id");
  ins->Bind(1, email);
  if (org_id) ins->Bind(2, *org_id);
  const auto id = store::RunReturningId(*ins).value();
  auto role_ins = (*conn)->Prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
  role_ins->Bind(1, id).Bind(2, domain::RoleCode(role));
  EXPECT_TRUE(role_ins->Run());
  return domain::Actor{id, email, {role}, org, org_id};
}

}  // namespace proven::testing
