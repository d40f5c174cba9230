#pragma once
// What the device service's files share (services/devices/*.cpp): sides, errors, audit payloads.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/devices/project.hpp"
#include "store/devices/device_store.hpp"

namespace proven::services::devices_detail {

// kInvalidArgument with every problem (the first one's field and reason), or ok when none.
Status Problems(std::vector<Problem> problems);


nlohmann::json ProjectJson(const store::DeviceProjectRow& p);
nlohmann::json FindingJson(const store::FindingRow& f);
nlohmann::json ItemJson(const store::TestItemRow& i);
std::string Dump(const nlohmann::json& j);

// A new id for Threat Dragon cells and threats: a random UUID (version 4).
std::string NewUuid();

}  // namespace proven::services::devices_detail
