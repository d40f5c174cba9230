#pragma once
// Choosing a verification provider (issue 16, docs/devices.md "Provider profiles"): the public
// profiles of organisations that provide a 機器検証 service in the registry — device kinds and
// techniques covered, staff skills (the IPA guide's skill list), tools and lab, past published
// projects, and the guide's trust criteria answered with evidence — searchable with the same
// search engine as services and products (a catalogue of search/engine.hpp).
// (Interface completed by the provider-profiles work; wired in cli/app.cpp and web/server.cpp.)
#include "core/clock.hpp"
#include "store/devices/device_store.hpp"

namespace proven::services {

class ProviderService {
 public:
  explicit ProviderService(store::DeviceStore& store, const Clock& clock = Clock::System())
      : store_(store), clock_(clock) {}

 private:
  store::DeviceStore& store_;
  [[maybe_unused]] const Clock& clock_;
};

}  // namespace proven::services
