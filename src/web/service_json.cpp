#include "web/service_json.hpp"

#include "services/service_record.hpp"

namespace proven::web {

void WriteServiceJson(JsonWriter& w, const domain::Service& s, Date as_of) {
  services::WriteServiceRecord(w, s, as_of);
}

nlohmann::ordered_json ServiceToJson(const domain::Service& s, Date as_of) {
  // One shape, written in one place; this is for callers that want a tree.
  std::string out;
  JsonWriter w(out);
  WriteServiceJson(w, s, as_of);
  return nlohmann::ordered_json::parse(out);
}

}  // namespace proven::web
