#pragma once
// A registered information-security service (基準適合サービス) and its six types.
#include <array>
#include <cstdint>
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

  bool operator==(const Service&) const = default;
};

enum class Validity { kValid, kExpired, kNotYetValid };
Validity ValidityAsOf(const Service& s, Date as_of);
std::string_view ValidityCode(Validity v);  // valid, expired, not_yet_valid

}  // namespace proven::domain
