#pragma once
// A registered information-security service (基準適合サービス) and its six types.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace proven::domain {

enum class ServiceType {
  kAudit,
  kVulnerabilityAssessment,
  kPenetrationTest,
  kForensics,
  kMonitoring,
  kDeviceVerification,
};

inline constexpr std::array<ServiceType, 6> kServiceTypes{
    ServiceType::kAudit,      ServiceType::kVulnerabilityAssessment,
    ServiceType::kPenetrationTest, ServiceType::kForensics,
    ServiceType::kMonitoring, ServiceType::kDeviceVerification};

std::string_view TypeCode(ServiceType t);     // audit, vulnerability_assessment, ...
std::string_view TypeLabelJa(ServiceType t);  // 情報セキュリティ監査, ...
std::string_view TypeLabelEn(ServiceType t);  // Information security audit, ...
std::optional<ServiceType> TypeFromCode(std::string_view code);
// Accepts the API code or the Japanese label (NFKC-tolerant, e.g. half-width ｾｷｭﾘﾃｨ).
std::optional<ServiceType> TypeFromText(std::string_view text);

// Registration state, set by the registration body; independent of validity by dates.
enum class ServiceState { kActive, kSuspended, kRevoked };
std::string_view StateCode(ServiceState s);  // active, suspended, revoked
std::optional<ServiceState> StateFromCode(std::string_view code);

// Who supplied a field's current value and who vetted it: a vendor's proposal approved by its
// registration body, or the registration body itself.
struct FieldProvenance {
  std::string supplied_by;  // "vendor" or "registrar"
  std::string vendor;       // the vendor organisation (vendor-supplied only)
  std::string vetted_by;    // the registration body (or operator) that accepted the value
  std::string at;           // UTC, ISO 8601
  bool operator==(const FieldProvenance&) const = default;
};

struct Service {
  std::int64_t id = 0;  // assigned by the store; 0 until stored
  std::string name;
  std::string provider;
  std::string address;
  std::string prefecture;  // derived from address
  std::string overview;
  std::vector<std::string> industries;
  std::vector<std::string> regions;  // canonical: 日本全国, an area, or a prefecture
  Date registered_on;
  Date expires_on;
  std::string registrar;
  ServiceType type = ServiceType::kAudit;
  std::string url;
  // Given by the registration body (登録番号, e.g. JASA-A-0123); empty when it gave none. Stored
  // NFKC-normalised and trimmed; unique within the body (case-insensitively) when not empty.
  std::string registration_number;
  ServiceState state = ServiceState::kActive;
  std::string state_reason;  // why it is suspended or revoked; empty when active
  // By field key (overview, industries, ...); fields without an entry came with the
  // registration or an import.
  std::map<std::string, FieldProvenance> provenance;
  // The organisations (by id) that are `registrar` and `provider`, when they have accounts: kept
  // by the store from the names. Ownership is decided on these, never on names.
  std::optional<std::int64_t> registrar_org_id;
  std::optional<std::int64_t> provider_org_id;

  bool operator==(const Service&) const = default;
};

enum class Validity { kValid, kExpired, kNotYetValid };
Validity ValidityAsOf(const Service& s, Date as_of);
std::string_view ValidityCode(Validity v);  // valid, expired, not_yet_valid

// The status users see: the state first (a suspended or revoked service is never "valid"),
// then validity by dates as of a date. Expiring soon: valid and expiring within
// kExpiringSoonDays days of that date (inclusive).
enum class ServiceStatus { kValid, kExpiringSoon, kExpired, kNotYetValid, kSuspended, kRevoked };
inline constexpr int kExpiringSoonDays = 90;
ServiceStatus StatusAsOf(const Service& s, Date as_of);
// valid, expiring_soon, expired, not_yet_valid, suspended, revoked
std::string_view StatusCode(ServiceStatus status);

}  // namespace proven::domain
