#include "domain/service.hpp"

#include "core/normalize.hpp"
#include "core/text.hpp"

namespace proven::domain {

std::string_view TypeCode(ServiceType t) {
  switch (t) {
    case ServiceType::kAudit: return "audit";
    case ServiceType::kVulnerabilityAssessment: return "vulnerability_assessment";
    case ServiceType::kPenetrationTest: return "penetration_test";
    case ServiceType::kForensics: return "forensics";
    case ServiceType::kMonitoring: return "monitoring";
    case ServiceType::kDeviceVerification: return "device_verification";
  }
  return "audit";
}

std::string_view TypeLabelJa(ServiceType t) {
  switch (t) {
    case ServiceType::kAudit: return "情報セキュリティ監査";
    case ServiceType::kVulnerabilityAssessment: return "脆弱性診断";
    case ServiceType::kPenetrationTest: return "ペネトレーションテスト";
    case ServiceType::kForensics: return "デジタルフォレンジック";
    case ServiceType::kMonitoring: return "セキュリティ監視・運用";
    case ServiceType::kDeviceVerification: return "機器検証";
  }
  return "";
}

std::string_view TypeLabelEn(ServiceType t) {
  switch (t) {
    case ServiceType::kAudit: return "Information security audit";
    case ServiceType::kVulnerabilityAssessment: return "Vulnerability assessment";
    case ServiceType::kPenetrationTest: return "Penetration testing";
    case ServiceType::kForensics: return "Digital forensics";
    case ServiceType::kMonitoring: return "Security monitoring and operation";
    case ServiceType::kDeviceVerification: return "Device verification";
  }
  return "";
}

std::optional<ServiceType> TypeFromCode(std::string_view code) {
  for (auto t : kServiceTypes) {
    if (TypeCode(t) == code) return t;
  }
  return std::nullopt;
}

std::optional<ServiceType> TypeFromText(std::string_view text) {
  const std::string n = NormalizeForSearch(Trim(text));
  for (auto t : kServiceTypes) {
    if (n == TypeCode(t) || n == NormalizeForSearch(TypeLabelJa(t)) ||
        n == NormalizeForSearch(TypeLabelEn(t))) {
      return t;
    }
  }
  // The list sometimes writes the middle dot as a half-width ･ (NFKC → ・) or leaves it out.
  if (n == NormalizeForSearch("セキュリティ監視運用")) return ServiceType::kMonitoring;
  return std::nullopt;
}

Validity ValidityAsOf(const Service& s, Date as_of) {
  if (as_of < s.registered_on) return Validity::kNotYetValid;
  if (s.expires_on < as_of) return Validity::kExpired;
  return Validity::kValid;
}

std::string_view ValidityCode(Validity v) {
  switch (v) {
    case Validity::kValid: return "valid";
    case Validity::kExpired: return "expired";
    case Validity::kNotYetValid: return "not_yet_valid";
  }
  return "valid";
}

std::string_view StateCode(ServiceState s) {
  switch (s) {
    case ServiceState::kActive: return "active";
    case ServiceState::kSuspended: return "suspended";
    case ServiceState::kRevoked: return "revoked";
  }
  return "active";
}

std::optional<ServiceState> StateFromCode(std::string_view code) {
  for (auto s : {ServiceState::kActive, ServiceState::kSuspended, ServiceState::kRevoked}) {
    if (StateCode(s) == code) return s;
  }
  return std::nullopt;
}

ServiceStatus StatusAsOf(const Service& s, Date as_of) {
  if (s.state == ServiceState::kRevoked) return ServiceStatus::kRevoked;
  if (s.state == ServiceState::kSuspended) return ServiceStatus::kSuspended;
  switch (ValidityAsOf(s, as_of)) {
    case Validity::kNotYetValid: return ServiceStatus::kNotYetValid;
    case Validity::kExpired: return ServiceStatus::kExpired;
    case Validity::kValid: break;
  }
  return s.expires_on.DaysSinceEpoch() - as_of.DaysSinceEpoch() <= kExpiringSoonDays ? ServiceStatus::kExpiringSoon
                                                                                       : ServiceStatus::kValid;
}

std::string_view StatusCode(ServiceStatus status) {
  switch (status) {
    case ServiceStatus::kValid: return "valid";
    case ServiceStatus::kExpiringSoon: return "expiring_soon";
    case ServiceStatus::kExpired: return "expired";
    case ServiceStatus::kNotYetValid: return "not_yet_valid";
    case ServiceStatus::kSuspended: return "suspended";
    case ServiceStatus::kRevoked: return "revoked";
  }
  return "valid";
}

}  // namespace proven::domain
