#include "services/service_record.hpp"

#include "domain/codes.hpp"

namespace proven::services {

using domain::Service;

void WriteServiceRecord(JsonWriter& w, const Service& s, std::optional<Date> status_as_of) {
  w.BeginObject();
  w.Key("id").Int(s.id);
  w.Key("name").String(s.name);
  w.Key("provider").String(s.provider);
  w.Key("address").String(s.address);
  w.Key("prefecture").String(s.prefecture);
  w.Key("overview").String(s.overview);
  w.Key("industries").BeginArray();
  for (const auto& i : s.industries) w.String(i);
  w.EndArray();
  w.Key("regions").BeginArray();
  for (const auto& r : s.regions) w.String(r);
  w.EndArray();
  w.Key("type").String(domain::TypeCode(s.type));
  w.Key("registrar").String(s.registrar);
  w.Key("registered_on").String(s.registered_on.ToIso());
  w.Key("expires_on").String(s.expires_on.ToIso());
  w.Key("url").String(s.url);
  w.Key("registration_number").String(s.registration_number);
  w.Key("state").String(domain::StateCode(s.state));
  if (s.state != domain::ServiceState::kActive) w.Key("state_reason").String(s.state_reason);
  if (status_as_of) w.Key("status").String(domain::StatusCode(domain::StatusAsOf(s, *status_as_of)));
  w.Key("provenance").BeginObject();
  for (const auto& [field, p] : s.provenance) {
    w.Key(field).BeginObject();
    w.Key("supplied_by").String(p.supplied_by);
    if (!p.vendor.empty()) w.Key("vendor").String(p.vendor);
    if (!p.vetted_by.empty()) w.Key("vetted_by").String(p.vetted_by);
    w.Key("at").String(p.at);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
}

std::string ServiceAuditJson(const Service& s) {
  std::string out;
  JsonWriter w(out);
  WriteServiceRecord(w, s, std::nullopt);
  return out;
}

std::string RegisteredEventDetail(const Service& s) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("registered_on").String(s.registered_on.ToIso());
  w.Key("expires_on").String(s.expires_on.ToIso());
  w.EndObject();
  return out;
}

}  // namespace proven::services
