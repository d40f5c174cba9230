// The qualitative severity rating scale (CVSS v3.1 specification §5, v4.0 specification §6).
#include "cvss/cvss.hpp"

namespace proven::cvss {

std::string_view Severity(double score) {
  if (score <= 0.0) return "NONE";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  if (score < 9.0) return "HIGH";
  return "CRITICAL";
}

}  // namespace proven::cvss
