// The reference data of device verification (data/devices/*.json, docs/devices-reference-data.md):
// it parses, its codes are unique and well formed, every cross-reference resolves, and the
// baselines hold as many requirements as their published sources.
#include "domain/devices/reference_data.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/embedded.hpp"
#include "domain/devices/reference_data_parse.hpp"

namespace proven::domain::devices {
namespace {

// Product, protocol and interface names that are written the same in Japanese and English.
const std::set<std::string> kSameInBothLanguages = {"Zigbee", "Thread / Matter", "NFC / RFID", "USB", "JTAG"};

void ExpectText(const Text& t, const std::string& where) {
  EXPECT_FALSE(t.ja.empty()) << where;
  EXPECT_FALSE(t.en.empty()) << where;
  if (!kSameInBothLanguages.contains(t.en)) {
    EXPECT_NE(t.ja, t.en) << where << ": ja is a copy of en";
  }
  EXPECT_EQ(t.In("en"), t.en) << where;
  EXPECT_EQ(t.In("ja"), t.ja) << where;
}

void ExpectCodedList(const std::vector<Coded>& list, const std::string& name) {
  const std::regex code_form("[a-z][a-z0-9_]*");
  std::set<std::string> seen;
  EXPECT_FALSE(list.empty()) << name;
  for (const auto& c : list) {
    EXPECT_TRUE(std::regex_match(c.code, code_form)) << name << ": code '" << c.code << "'";
    EXPECT_TRUE(seen.insert(c.code).second) << name << ": duplicate code " << c.code;
    ExpectText(c.label, name + "/" + c.code);
  }
}

std::set<std::string> Codes(const std::vector<Coded>& list) {
  std::set<std::string> out;
  for (const auto& c : list) out.insert(c.code);
  return out;
}

TEST(DeviceReferenceData, EveryEmbeddedFileParses) {
  std::set<std::string> names;
  for (const auto& f : device_data_files()) names.insert(std::string(f.name));
  for (const char* expected : {"device_kinds.json", "interfaces.json", "techniques.json", "provider_criteria.json",
                               "test_items.json", "baselines/etsi-en-303-645.json", "baselines/jc-star-1.json"}) {
    EXPECT_TRUE(names.contains(expected)) << expected << " is not embedded";
  }
  EXPECT_NO_THROW({
    DeviceKinds();
    Interfaces();
    Baselines();
    DefaultCatalogue();
    StaffSkills();
    TrustCriteria();
    Techniques();
  });
}

TEST(DeviceReferenceData, CodedListsAreWellFormed) {
  ExpectCodedList(DeviceKinds(), "device_kinds.json");
  ExpectCodedList(Interfaces(), "interfaces.json");
  ExpectCodedList(Techniques(), "techniques.json");
  ExpectCodedList(StaffSkills(), "provider_criteria.json skills");
  ExpectCodedList(TrustCriteria(), "provider_criteria.json trust_criteria");
}

TEST(DeviceReferenceData, KindsIncludeThePilotDevices) {
  // IPA's pilots: router, UTM, tablet, smart lock (2019); drone, switch, robot vacuum, notebook PC (2020).
  const auto kinds = Codes(DeviceKinds());
  for (const char* pilot : {"router", "utm", "tablet", "smart_lock", "drone", "switch", "robot_vacuum", "notebook_pc"}) {
    EXPECT_TRUE(kinds.contains(pilot)) << pilot;
  }
}

TEST(DeviceReferenceData, InterfacesCoverTheGuidesEntryPoints) {
  const auto interfaces = Codes(Interfaces());
  for (const char* code : {"network_service", "wifi", "bluetooth", "usb", "uart", "jtag", "cloud_api", "companion_app",
                           "web_ui", "physical_button", "sd_card"}) {
    EXPECT_TRUE(interfaces.contains(code)) << code;
  }
}

TEST(DeviceReferenceData, BaselinesAreSortedAndFindable) {
  const auto& baselines = Baselines();
  ASSERT_EQ(baselines.size(), 2u);
  EXPECT_EQ(baselines[0].id, "etsi-en-303-645");
  EXPECT_EQ(baselines[1].id, "jc-star-1");
  EXPECT_EQ(FindBaseline("jc-star-1"), &baselines[1]);
  EXPECT_EQ(FindBaseline("nist-ir-8425"), nullptr);
  for (const auto& b : baselines) {
    ExpectText(b.title, b.id);
    EXPECT_EQ(b.source_url.rfind("https://", 0), 0u) << b.id;
    EXPECT_FALSE(b.version.empty()) << b.id;
  }
}

// ETSI EN 303 645 V2.1.1, Table B.1: 62 provisions in clause 5 (5.1-1 … 5.13-1) and 5 in clause 6
// (6-1 … 6-5); 32 of them have status M or M C.
TEST(DeviceReferenceData, EtsiHoldsEveryProvisionOfClauses5And6) {
  const Baseline* etsi = FindBaseline("etsi-en-303-645");
  ASSERT_NE(etsi, nullptr);
  EXPECT_EQ(etsi->version, "V2.1.1 (2020-06)");
  EXPECT_EQ(etsi->requirements.size(), 67u);
  const std::regex code_form("(5\\.(1[0-3]|[1-9])|6)-[0-9]{1,2}");
  std::set<std::string> codes;
  int mandatory = 0;
  for (const auto& r : etsi->requirements) {
    EXPECT_TRUE(std::regex_match(r.code, code_form)) << r.code;
    EXPECT_EQ(r.code.substr(0, r.code.find('-')), r.category) << r.code;
    EXPECT_TRUE(codes.insert(r.code).second) << "duplicate " << r.code;
    ExpectText(r.title, r.code);
    ExpectText(r.category_title, r.code);
    mandatory += r.mandatory ? 1 : 0;
  }
  EXPECT_EQ(mandatory, 32);
  // Spot checks against Table B.1: M, M C, R and R C.
  auto status = [&](const std::string& code) {
    for (const auto& r : etsi->requirements) {
      if (r.code == code) return r.mandatory ? 1 : 0;
    }
    return -1;
  };
  EXPECT_EQ(status("5.1-1"), 1);
  EXPECT_EQ(status("5.3-13"), 1);
  EXPECT_EQ(status("5.6-4"), 1);
  EXPECT_EQ(status("5.8-1"), 0);
  EXPECT_EQ(status("5.10-1"), 0);
  EXPECT_EQ(status("6-4"), 0);
  EXPECT_EQ(status("6-5"), 1);
}

// JC-STAR ★1 適合基準・評価手法 1.1版 (IPA, 2024-12): 16 requirements, S1.1-01 … S1.1-16, all of
// which a product must meet for the ★1 label.
TEST(DeviceReferenceData, JcStarHoldsAllSixteenStarOneRequirements) {
  const Baseline* jc = FindBaseline("jc-star-1");
  ASSERT_NE(jc, nullptr);
  ASSERT_EQ(jc->requirements.size(), 16u);
  for (std::size_t i = 0; i < jc->requirements.size(); ++i) {
    const auto& r = jc->requirements[i];
    const std::string expected = std::string("S1.1-") + (i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
    EXPECT_EQ(r.code, expected);
    EXPECT_TRUE(r.mandatory) << r.code;
    ExpectText(r.title, r.code);
    ExpectText(r.category_title, r.code);
  }
}

TEST(DeviceReferenceData, CatalogueReferencesResolve) {
  const std::set<std::string> stride = {"spoofing",          "tampering",         "repudiation",
                                        "information_disclosure", "denial_of_service", "elevation_of_privilege"};
  const auto interfaces = Codes(Interfaces());
  std::set<std::string> requirement_refs;
  for (const auto& b : Baselines()) {
    for (const auto& r : b.requirements) requirement_refs.insert(b.id + ":" + r.code);
  }
  const std::regex code_form("TI-[A-Z]+-[0-9]{2}");
  std::set<std::string> codes;
  const auto& items = DefaultCatalogue();
  EXPECT_GE(items.size(), 25u);
  EXPECT_LE(items.size(), 40u);
  for (const auto& it : items) {
    EXPECT_TRUE(std::regex_match(it.code, code_form)) << it.code;
    EXPECT_TRUE(codes.insert(it.code).second) << "duplicate " << it.code;
    ExpectText(it.title, it.code + " title");
    ExpectText(it.method, it.code + " method");
    ExpectText(it.evidence, it.code + " evidence");
    EXPECT_FALSE(it.tools.empty()) << it.code;
    EXPECT_FALSE(it.stride.empty()) << it.code;
    EXPECT_FALSE(it.requirements.empty()) << it.code;
    for (const auto& s : it.stride) {
      EXPECT_TRUE(stride.contains(s)) << it.code << ": stride " << s;
    }
    for (const auto& i : it.interfaces) {
      EXPECT_TRUE(interfaces.contains(i)) << it.code << ": interface " << i;
    }
    for (const auto& r : it.requirements) {
      EXPECT_TRUE(requirement_refs.contains(r)) << it.code << ": requirement " << r;
    }
  }
}

TEST(DeviceReferenceData, CatalogueCoversEveryStrideCategoryAndBothBaselines) {
  std::set<std::string> stride, baselines;
  for (const auto& it : DefaultCatalogue()) {
    stride.insert(it.stride.begin(), it.stride.end());
    for (const auto& r : it.requirements) baselines.insert(r.substr(0, r.find(':')));
  }
  EXPECT_EQ(stride.size(), 6u);
  EXPECT_EQ(baselines, (std::set<std::string>{"etsi-en-303-645", "jc-star-1"}));
}

std::string ThrownMessage(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "";
}

TEST(DeviceReferenceDataParse, MalformedDataNamesFileAndPointer) {
  EXPECT_EQ(ThrownMessage([] { ParseCodedList("interfaces.json", "{", "interfaces"); }),
            "data/devices/interfaces.json at /: not valid JSON");
  EXPECT_EQ(ThrownMessage([] { ParseCodedList("interfaces.json", R"({"list": []})", "interfaces"); }),
            "data/devices/interfaces.json at /interfaces: missing");
  EXPECT_EQ(ThrownMessage([] {
              ParseCodedList("interfaces.json", R"({"interfaces": [{"code": "usb", "ja": "USB", "en": ""}]})",
                             "interfaces");
            }),
            "data/devices/interfaces.json at /interfaces/0/en: expected a non-empty string");
  EXPECT_EQ(ThrownMessage([] {
              ParseBaseline("baselines/x.json", R"({"id": "x", "title": {"ja": "ア", "en": "A"}, "version": "1",
                "source_url": "https://example.org", "requirements": [{"code": "1", "category": "1",
                "category_title": {"ja": "ア", "en": "A"}, "title": {"ja": "イ", "en": "B"}, "mandatory": "yes"}]})");
            }),
            "data/devices/baselines/x.json at /requirements/0/mandatory: expected true or false");
  EXPECT_EQ(ThrownMessage([] { ParseCatalogue("test_items.json", R"({"items": {}})"); }),
            "data/devices/test_items.json at /items: expected an array");
}

TEST(DeviceReferenceDataParse, WellFormedDataParses) {
  const auto list = ParseCodedList("t.json", R"({"k": [{"code": "a", "ja": "あ", "en": "A"}]})", "k");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].code, "a");
  EXPECT_EQ(list[0].label.In("ja"), "あ");
  const auto items = ParseCatalogue("t.json", R"({"items": [{"code": "TI-X-01", "title": {"ja": "あ", "en": "A"},
    "method": {"ja": "い", "en": "B"}, "tools": "nmap", "evidence": {"ja": "う", "en": "C"},
    "stride": ["spoofing"], "interfaces": [], "requirements": ["jc-star-1:S1.1-01"]}]})");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].interfaces.empty());
  EXPECT_EQ(items[0].requirements, std::vector<std::string>{"jc-star-1:S1.1-01"});
}

}  // namespace
}  // namespace proven::domain::devices
