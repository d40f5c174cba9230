#pragma once
// A complete service registration for tests (every field the register requires), shared by the
// service tests that register services on a real database (registrar, editions). Each test names
// what it is about and leaves the rest to these defaults.
#include <cstddef>
#include <string>

#include "domain/service_fields.hpp"

namespace proven::testing {

struct ServiceSpec {
  std::string name;
  std::string provider = "株式会社良";
  std::string type = "脆弱性診断";
  std::string registered = "2025-04-01";
  std::string expires = "2029-03-31";
  std::string registrar;  // "" = not given (the register defaults it to the actor's organisation)
  std::string address = "東京都港区芝公園1-1";
  std::string overview = "Webアプリケーションの脆弱性を診断します。";
  std::string url = "https://a.example/";
};

inline domain::ServiceCells CompleteService(const ServiceSpec& s) {
  using domain::ServiceField;
  domain::ServiceCells c;
  auto set = [&c](ServiceField f, const std::string& v) { c[static_cast<std::size_t>(f)] = v; };
  set(ServiceField::kName, s.name);
  set(ServiceField::kProvider, s.provider);
  set(ServiceField::kAddress, s.address);
  set(ServiceField::kOverview, s.overview);
  set(ServiceField::kIndustries, "全業種");
  set(ServiceField::kRegions, "日本全国");
  set(ServiceField::kRegisteredOn, s.registered);
  set(ServiceField::kExpiresOn, s.expires);
  set(ServiceField::kType, s.type);
  set(ServiceField::kUrl, s.url);
  if (!s.registrar.empty()) set(ServiceField::kRegistrar, s.registrar);
  return c;
}

}  // namespace proven::testing
