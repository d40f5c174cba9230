#pragma once
// The reference data of high-level device verification (issue 16, docs/devices.md), read from
// data/devices/*.json compiled into the binary: device kinds, device interfaces, the baselines a
// project's results are mapped to (ETSI EN 303 645, JC-STAR ★1), the default test item catalogue
// the admin starts from, and the IPA guide's skill list and trust criteria for provider profiles.
// Codes are stable (stored in projects, checklists and profiles); texts come in Japanese and English.
// Parsing happens once, on first use; the data files are checked by unit tests.
#include <string>
#include <string_view>
#include <vector>

namespace proven::domain::devices {

struct Text {
  std::string ja;
  std::string en;
  const std::string& In(std::string_view lang) const { return lang == "en" ? en : ja; }
};

struct Coded {
  std::string code;
  Text label;
};

// data/devices/device_kinds.json: "router", "utm", "smart_lock", …
const std::vector<Coded>& DeviceKinds();
// data/devices/interfaces.json: "network_service", "wifi", "bluetooth", "usb", "uart", "jtag",
// "cloud_api", "companion_app", …
const std::vector<Coded>& Interfaces();

struct Requirement {
  std::string code;      // the baseline's own numbering: "5.1-1" (ETSI), "S1.1-01" (JC-STAR), …
  std::string category;  // the provision's clause or group: "5.1", …
  Text category_title;
  Text title;            // a short statement of the requirement in our words
  bool mandatory = true; // ETSI's M / M C (false for R / R C); JC-STAR: true
};
struct Baseline {
  std::string id;  // "etsi-en-303-645", "jc-star-1"
  Text title;
  std::string version;     // "V2.1.1 (2020-06)", …
  std::string source_url;  // where the baseline is published
  std::vector<Requirement> requirements;
};
// data/devices/baselines/*.json
const std::vector<Baseline>& Baselines();
const Baseline* FindBaseline(std::string_view id);

struct CatalogueItem {
  std::string code;  // "TI-NET-01", …
  Text title;
  Text method;
  std::string tools;    // tool names, comma separated (tool names are not translated)
  Text evidence;        // the evidence expected
  std::vector<std::string> stride;      // StrideCode()s the item tests for
  std::vector<std::string> interfaces;  // Interfaces() codes it applies to (empty = any)
  std::vector<std::string> requirements;  // "<baseline id>:<code>" it gives evidence for
};
// data/devices/test_items.json: the catalogue a fresh database starts from.
const std::vector<CatalogueItem>& DefaultCatalogue();

// data/devices/provider_criteria.json: the guide's skill list for verification staff and its
// criteria for judging a trustworthy verification provider.
const std::vector<Coded>& StaffSkills();
const std::vector<Coded>& TrustCriteria();
// data/devices/techniques.json: verification techniques a provider offers ("fuzzing", …).
const std::vector<Coded>& Techniques();

}  // namespace proven::domain::devices
