// Threat Dragon v2 import and export against Threat Dragon's own sample models
// (tests/fixtures/devices/threat-dragon, SOURCES.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "threat/threat_model.hpp"
#include "threat_test_support.hpp"

namespace proven::threat {
namespace {

using nlohmann::json;
using testing::Dump;
using testing::ReadFixture;

constexpr const char* kDemo = "threat-dragon/demo-threat-model.json";
constexpr const char* kNew = "threat-dragon/v2-new-model.json";

Model MustRead(const std::string& text) {
  auto m = ReadThreatDragon(text);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message + " " + m.error().field);
  return m ? *m : Model{};
}

TEST(ThreatDragon, ReadsTheDemoModel) {
  const Model m = MustRead(ReadFixture(kDemo));
  EXPECT_EQ(m.title, "Demo Threat Model");
  EXPECT_EQ(m.owner, "Mike Goodwin");
  EXPECT_EQ(m.reviewer, "Jane Smith");
  ASSERT_EQ(m.diagrams.size(), 1u);
  EXPECT_EQ(m.diagrams[0].id, "0");
  EXPECT_EQ(m.diagrams[0].title, "Main Request Data Flow");
  ASSERT_EQ(m.diagrams[0].elements.size(), 20u);
  int threats = 0;
  int flows = 0;
  int boundaries = 0;
  for (const auto& e : m.diagrams[0].elements) {
    threats += static_cast<int>(e.threats.size());
    flows += e.kind == ElementKind::kFlow;
    boundaries += e.kind == ElementKind::kBoundary;
  }
  EXPECT_EQ(threats, 14);
  EXPECT_EQ(flows, 10);
  EXPECT_EQ(boundaries, 3) << "the demo spells the shape trust-broundary-curve; data.type says tm.Boundary";

  const Element* store = m.FindElement("ec574fb4-87e7-494b-88dc-2a3c99172067");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->kind, ElementKind::kStore);
  EXPECT_EQ(store->name, "Message Queue");
  EXPECT_DOUBLE_EQ(store->x, 502);
  EXPECT_DOUBLE_EQ(store->y, 13);
  EXPECT_DOUBLE_EQ(store->width, 160);
  ASSERT_EQ(store->threats.size(), 3u);
  EXPECT_EQ(store->threats[0].category, Stride::kInformationDisclosure);
  EXPECT_EQ(store->threats[1].category, Stride::kTampering);
  EXPECT_EQ(store->threats[2].category, Stride::kSpoofing);
  EXPECT_EQ(store->threats[2].status, "mitigated");
  EXPECT_EQ(store->threats[0].likelihood, 0) << "Threat Dragon has no likelihood: not rated";

  const Element* flow = m.FindElement("2d84bfae-f1ed-49e5-8542-10a02f4a1c57");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->kind, ElementKind::kFlow);
  EXPECT_EQ(flow->source, "b394f9f7-07ca-42bc-b616-ad77c6fbfcce");
  EXPECT_EQ(flow->target, "0d9909ea-1398-4898-be81-cf1c808324dc");
  ASSERT_EQ(flow->points.size(), 1u);
  EXPECT_DOUBLE_EQ(flow->points[0].x, 245);

  const Element* curve = m.FindElement("6767506f-3d7f-4a5f-bbe2-ea03689d30fc");
  ASSERT_NE(curve, nullptr);
  ASSERT_EQ(curve->points.size(), 4u) << "source, two vertices, target";
  EXPECT_DOUBLE_EQ(curve->points.front().x, 350);
  EXPECT_DOUBLE_EQ(curve->points.back().y, 156);

  const Element* config = m.FindElement("bdd3e115-4b92-4020-90b7-c3351dba292b");
  ASSERT_NE(config, nullptr);
  EXPECT_TRUE(config->out_of_scope);
  EXPECT_EQ(m.ElementOfThreat("3c8033db-0e51-42c0-afd0-d01d2ced4a14")->name, "Background\nWorker Process");
  EXPECT_EQ(m.FindThreat("72b9712b-2c08-40b1-aea6-57604e82f5f4")->title, "Man in the middle attack");
  EXPECT_EQ(m.FindThreat("no-such-threat"), nullptr);
}

TEST(ThreatDragon, PublishedSamplesWriteBackEqualAsJson) {
  for (const char* name : {kDemo, kNew}) {
    const std::string text = ReadFixture(name);
    const Model m = MustRead(text);
    const std::string written = WriteThreatDragon(m);
    EXPECT_EQ(json::parse(written), json::parse(text)) << name;
    EXPECT_EQ(Dump(MustRead(written)), Dump(m)) << name;
  }
}

TEST(ThreatDragon, TheBlankModelHasNoElementsButKeepsItsTextBlock) {
  const Model m = MustRead(ReadFixture(kNew));
  ASSERT_EQ(m.diagrams.size(), 1u);
  EXPECT_TRUE(m.diagrams[0].elements.empty());
  const json out = json::parse(WriteThreatDragon(m));
  EXPECT_EQ(out["detail"]["diagrams"][0]["cells"][0]["shape"], "td-text-block");
}

Model Modified(Model m) {
  Diagram& d = m.diagrams[0];
  Element uart;
  uart.id = "uart-0001";
  uart.kind = ElementKind::kProcess;
  uart.name = "UART console <debug>";
  uart.entry_point = true;
  uart.x = 700;
  uart.y = 550;
  uart.width = 100;
  uart.height = 100;
  Threat shell{"threat-uart-1", "Root shell on the UART", Stride::kElevationOfPrivilege, "open",
               "The boot console gives a root shell without a password.", "Disable the console in production.", 3, 3};
  uart.threats.push_back(shell);
  d.elements.push_back(uart);
  Element flow;
  flow.id = "flow-uart";
  flow.kind = ElementKind::kFlow;
  flow.name = "Console";
  flow.source = "uart-0001";
  flow.target = "3e75b596-9c70-41b6-a2cf-a15899c254d3";
  flow.points = {{650.5, 500.25}};
  d.elements.push_back(flow);
  Element* config = m.FindElement("a25bbb4e-093f-4238-a620-31efdee452dc");
  config->asset = true;
  config->threats[0].likelihood = 2;
  config->threats[0].impact = 3;
  config->threats[0].status = "mitigated";
  Element* queue = m.FindElement("ec574fb4-87e7-494b-88dc-2a3c99172067");
  queue->threats.erase(queue->threats.begin() + 1);
  m.attack_paths.push_back({"path-1", "Console to DB credentials", "From the UART to the worker's config.",
                            {"uart-0001", "3e75b596-9c70-41b6-a2cf-a15899c254d3", "a25bbb4e-093f-4238-a620-31efdee452dc"},
                            {"threat-uart-1", "7df716cd-a982-48a5-b4ed-800ccb670734"}, 3, 3});
  m.title = "Demo Threat Model (router)";
  return m;
}

TEST(ThreatDragon, ModifiedModelWrittenAndReadAgainIsTheSame) {
  const Model m = Modified(MustRead(ReadFixture(kDemo)));
  const std::string written = WriteThreatDragon(m);
  const Model again = MustRead(written);
  EXPECT_EQ(Dump(again), Dump(m));
  EXPECT_EQ(WriteThreatDragon(again), written) << "writing is stable";

  const json doc = json::parse(written);
  const json& cells = doc["detail"]["diagrams"][0]["cells"];
  const json& uart = cells[cells.size() - 2];
  EXPECT_EQ(uart["shape"], "process");
  EXPECT_EQ(uart["data"]["type"], "tm.Process");
  EXPECT_EQ(uart["data"]["proven"]["entryPoint"], true);
  EXPECT_EQ(uart["data"]["hasOpenThreats"], true);
  EXPECT_EQ(uart["data"]["threats"][0]["type"], "Elevation of privilege");
  EXPECT_EQ(uart["data"]["threats"][0]["modelType"], "STRIDE");
  EXPECT_EQ(uart["data"]["threats"][0]["severity"], "High") << "critical is Threat Dragon's High";
  EXPECT_EQ(uart["data"]["threats"][0]["number"], 51) << "after threatTop 50";
  EXPECT_EQ(uart["data"]["threats"][0]["proven"], json({{"likelihood", 3}, {"impact", 3}}));
  EXPECT_EQ(doc["detail"]["threatTop"], 51);
  EXPECT_EQ(uart["zIndex"], 11);
  const json& flow = cells.back();
  EXPECT_EQ(flow["source"], json({{"cell", "uart-0001"}}));
  EXPECT_EQ(flow["labels"][0]["attrs"]["labelText"]["text"], "Console") << "a new flow is labelled as Threat Dragon 2.3 does";
  EXPECT_EQ(flow["vertices"], json::parse(R"([{"x": 650.5, "y": 500.25}])"));

  const json& config = cells[0];
  EXPECT_EQ(config["data"]["proven"], json({{"asset", true}}));
  EXPECT_EQ(config["data"]["threats"][0]["status"], "Mitigated");
  EXPECT_EQ(config["data"]["threats"][0]["severity"], "High") << "2 x 3 = 6: high";
  EXPECT_EQ(config["data"]["hasOpenThreats"], false);
  EXPECT_EQ(config["attrs"], json::parse(ReadFixture(kDemo))["detail"]["diagrams"][0]["cells"][0]["attrs"])
      << "Threat Dragon's own styles are kept";
  EXPECT_EQ(cells[3]["data"]["threats"].size(), 2u) << "the deleted threat is gone";
  EXPECT_EQ(doc["detail"]["proven"]["attackPaths"][0]["steps"].size(), 3u);
  EXPECT_EQ(doc["summary"]["title"], "Demo Threat Model (router)");
}

TEST(ThreatDragon, RenamingAFlowKeepsItsLabelStyle) {
  json doc = json::parse(ReadFixture(kDemo));
  Model m = MustRead(doc.dump());
  m.FindElement("c779a822-d4ec-4237-9191-fe7170b32956")->name = "Put signed message";
  json out = json::parse(WriteThreatDragon(m));
  json expected = doc;
  json& cell = expected["detail"]["diagrams"][0]["cells"][10];
  cell["data"]["name"] = "Put signed message";
  cell["labels"][0]["attrs"]["label"]["text"] = "Put signed message";
  EXPECT_EQ(out, expected) << "2.0 labels stay 2.0 labels, and nothing else changes";

  // A 2.3 flow label (markup with labelText), as in Threat Dragon's iot-device demo.
  doc["detail"]["diagrams"][0]["cells"][10]["labels"] = json::parse(R"([{
      "markup": [{"tagName": "ellipse", "selector": "labelBody"}, {"tagName": "text", "selector": "labelText"}],
      "attrs": {"labelText": {"text": "", "textAnchor": "middle", "textVerticalAnchor": "middle"},
                "labelBody": {"ref": "labelText", "refRx": "50%", "refRy": "60%", "fill": "#fff", "strokeWidth": 0}},
      "position": {"distance": 0.5, "args": {"keepGradient": true, "ensureLegibility": true}}}])");
  m = MustRead(doc.dump());
  m.FindElement("c779a822-d4ec-4237-9191-fe7170b32956")->name = "Put signed message";
  out = json::parse(WriteThreatDragon(m));
  const json& labels = out["detail"]["diagrams"][0]["cells"][10]["labels"];
  EXPECT_EQ(labels[0]["attrs"]["labelText"]["text"], "Put signed message");
  EXPECT_FALSE(labels[0]["attrs"].contains("label"));
  EXPECT_EQ(labels[0]["markup"].size(), 2u);
}

TEST(ThreatDragon, ANewModelIsAThreatDragonDocument) {
  Model m;
  m.title = "Smart lock";
  Diagram d;
  d.id = "0";
  d.title = "Lock";
  Element app;
  app.id = "app";
  app.kind = ElementKind::kActor;
  app.name = "Companion app";
  Element box;
  box.id = "home";
  box.kind = ElementKind::kBoundary;
  box.name = "Home network";
  box.x = 10;
  box.y = 10;
  box.width = 300;
  box.height = 200;
  d.elements = {app, box};
  m.diagrams.push_back(d);
  const std::string written = WriteThreatDragon(m);
  const json doc = json::parse(written);
  EXPECT_EQ(doc["version"], "2.3.0");
  EXPECT_EQ(doc["detail"]["diagrams"][0]["id"], 0);
  EXPECT_EQ(doc["detail"]["diagramTop"], 1);
  EXPECT_EQ(doc["detail"]["diagrams"][0]["cells"][1]["shape"], "trust-boundary-box");
  EXPECT_EQ(doc["detail"]["diagrams"][0]["cells"][1]["data"]["type"], "tm.BoundaryBox");
  const Model again = MustRead(written);
  EXPECT_EQ(Dump(again), Dump(m));
}

// Threats of other methods are not modelled but stay where they were, also when the element's
// STRIDE threats change.
TEST(ThreatDragon, ThreatsOfOtherMethodsSurvive) {
  json doc = json::parse(ReadFixture(kDemo));
  json& threats = doc["detail"]["diagrams"][0]["cells"][1]["data"]["threats"];
  const json linddun = {{"status", "Open"},       {"severity", "Medium"},       {"title", "Linkable queries"},
                        {"type", "Linkability"}, {"description", "Queries link users."}, {"mitigation", ""},
                        {"modelType", "LINDDUN"}, {"id", "linddun-1"}};
  const json cia = {{"status", "Open"},        {"severity", "Low"},     {"title", "Backups"},
                    {"type", "Availability"}, {"modelType", "CIA"},    {"id", "cia-1"}};
  threats.insert(threats.begin() + 1, linddun);
  threats.push_back(cia);
  const std::string text = doc.dump(2);
  Model m = MustRead(text);
  const Element* db = m.FindElement("936557f9-22e2-4bac-bb70-0089c5c2fbe1");
  ASSERT_EQ(db->threats.size(), 2u) << "only the STRIDE threats are modelled";
  EXPECT_EQ(json::parse(WriteThreatDragon(m)), doc);

  Element* edit = m.FindElement("936557f9-22e2-4bac-bb70-0089c5c2fbe1");
  edit->threats[0].title = "Unauthorised DB access";
  edit->threats.push_back({"new-1", "Log tampering", Stride::kTampering, "open", "", "", 1, 2});
  const json out = json::parse(WriteThreatDragon(m));
  const json& written = out["detail"]["diagrams"][0]["cells"][1]["data"]["threats"];
  ASSERT_EQ(written.size(), 5u);
  EXPECT_EQ(written[0]["title"], "Unauthorised DB access");
  EXPECT_EQ(written[1], linddun);
  EXPECT_EQ(written[2]["id"], "e12765bf-ec61-47d8-8e9f-6bb3f5adab47");
  EXPECT_EQ(written[3], cia);
  EXPECT_EQ(written[4]["id"], "new-1");
  EXPECT_EQ(written[4]["severity"], "Low") << "1 x 2 = 2: low";
}

TEST(ThreatDragon, StrideTypesAsThreatDragonVersionsSpellThem) {
  json doc = json::parse(ReadFixture(kDemo));
  json& threats = doc["detail"]["diagrams"][0]["cells"][4]["data"]["threats"];
  threats[0]["type"] = "Elevation of Privilege";  // 1.x and some 2.x files capitalise
  threats[1]["type"] = "Denial Of Service";
  threats[1].erase("modelType");  // early 2.x threats have no modelType
  const Model m = MustRead(doc.dump());
  const Element* worker = m.FindElement("3e75b596-9c70-41b6-a2cf-a15899c254d3");
  ASSERT_EQ(worker->threats.size(), 2u);
  EXPECT_EQ(worker->threats[0].category, Stride::kElevationOfPrivilege);
  EXPECT_EQ(worker->threats[1].category, Stride::kDenialOfService);
  EXPECT_EQ(json::parse(WriteThreatDragon(m)), doc);
}

// Threat Dragon saves the type in its interface's language; these are its Japanese names
// (td.vue/src/i18n/ja.js).
TEST(ThreatDragon, StrideTypesFromThreatDragonInJapanese) {
  json doc = json::parse(ReadFixture(kDemo));
  json& queue = doc["detail"]["diagrams"][0]["cells"][3]["data"]["threats"];
  queue[0]["type"] = "情報漏洩";
  queue[1]["type"] = "改竄";
  queue[2]["type"] = "なりすまし";
  json& worker = doc["detail"]["diagrams"][0]["cells"][4]["data"]["threats"];
  worker[0]["type"] = "サービス拒否";
  worker[1]["type"] = "特権の昇格";
  doc["detail"]["diagrams"][0]["cells"][0]["data"]["threats"][0]["type"] = "否認";
  const Model m = MustRead(doc.dump());
  const Element* q = m.FindElement("ec574fb4-87e7-494b-88dc-2a3c99172067");
  ASSERT_EQ(q->threats.size(), 3u);
  EXPECT_EQ(q->threats[0].category, Stride::kInformationDisclosure);
  EXPECT_EQ(q->threats[1].category, Stride::kTampering);
  EXPECT_EQ(q->threats[2].category, Stride::kSpoofing);
  const Element* w = m.FindElement("3e75b596-9c70-41b6-a2cf-a15899c254d3");
  EXPECT_EQ(w->threats[0].category, Stride::kDenialOfService);
  EXPECT_EQ(w->threats[1].category, Stride::kElevationOfPrivilege);
  EXPECT_EQ(m.diagrams[0].elements[0].threats[0].category, Stride::kRepudiation);
  EXPECT_EQ(json::parse(WriteThreatDragon(m)), doc) << "the Japanese names are kept";
}

TEST(ThreatDragon, ThreatsWithoutIdsKeepTheirPlace) {
  json doc = json::parse(ReadFixture(kDemo));
  doc["detail"]["diagrams"][0]["cells"][1]["data"]["threats"][1].erase("id");
  Model m = MustRead(doc.dump());
  const Element* db = m.FindElement("936557f9-22e2-4bac-bb70-0089c5c2fbe1");
  EXPECT_EQ(db->threats[1].id, "936557f9-22e2-4bac-bb70-0089c5c2fbe1/threats/1");
  EXPECT_EQ(json::parse(WriteThreatDragon(m)), doc);
  m.FindThreat("936557f9-22e2-4bac-bb70-0089c5c2fbe1/threats/1")->impact = 2;
  const json out = json::parse(WriteThreatDragon(m));
  const json& t = out["detail"]["diagrams"][0]["cells"][1]["data"]["threats"][1];
  EXPECT_FALSE(t.contains("id"));
  EXPECT_EQ(t["proven"]["impact"], 2);
}

TEST(ThreatDragon, VersionOneModelsAreRefused) {
  // The shape of a Threat Dragon 1.x file: no version, each diagram in diagramJson.
  const std::string v1 = R"({"summary": {"title": "Old"}, "detail": {"contributors": [], "diagrams": [
      {"title": "Main", "thumbnail": "./public/content/images/thumbnail.jpg", "id": 0,
       "diagramJson": {"cells": []}}], "reviewer": ""}})";
  auto m = ReadThreatDragon(v1);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(m.error().field, "/detail/diagrams/0/diagramJson");
  EXPECT_NE(m.error().message.find("v1"), std::string::npos) << m.error().message;

  json doc = json::parse(ReadFixture(kDemo));
  doc["version"] = "1.6.1";
  auto old = ReadThreatDragon(doc.dump());
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().field, "/version");
  EXPECT_NE(old.error().message.find("v1"), std::string::npos);
  doc["version"] = "3.0.0";
  auto future = ReadThreatDragon(doc.dump());
  ASSERT_FALSE(future);
  EXPECT_NE(future.error().message.find("3.0.0"), std::string::npos);
}

std::string ErrorField(const json& doc) {
  auto m = ReadThreatDragon(doc.dump());
  EXPECT_FALSE(m.has_value());
  return m ? std::string("(read)") : m.error().field;
}

TEST(ThreatDragon, ErrorsNameTheJsonPointer) {
  const json demo = json::parse(ReadFixture(kDemo));
  json doc = demo;
  doc["detail"]["diagrams"][0]["cells"][3]["data"]["threats"][1]["title"] = 5;
  EXPECT_EQ(ErrorField(doc), "/detail/diagrams/0/cells/3/data/threats/1/title");
  doc = demo;
  doc["detail"]["diagrams"][0]["cells"][3]["data"]["threats"][1]["type"] = 7;
  EXPECT_EQ(ErrorField(doc), "/detail/diagrams/0/cells/3/data/threats/1/type");
  doc = demo;
  doc["detail"]["diagrams"][0]["cells"][0]["data"]["threats"][0]["proven"] = {{"likelihood", 4}};
  EXPECT_EQ(ErrorField(doc), "/detail/diagrams/0/cells/0/data/threats/0/proven/likelihood");
  doc = demo;
  doc["detail"]["diagrams"][0]["cells"][9]["vertices"][0]["x"] = "245";
  EXPECT_EQ(ErrorField(doc), "/detail/diagrams/0/cells/9/vertices/0/x");
  doc = demo;
  doc["detail"]["diagrams"][0]["cells"] = {{"a", 1}};
  EXPECT_EQ(ErrorField(doc), "/detail/diagrams/0/cells");
  doc = demo;
  doc["detail"]["diagrams"][0]["cells"][2].erase("id");
  EXPECT_EQ(ErrorField(doc), "/detail/diagrams/0/cells/2/id");
  doc = demo;
  doc.erase("summary");
  EXPECT_EQ(ErrorField(doc), "/summary");
  doc = demo;
  doc["detail"]["proven"] = {{"attackPaths", {{{"id", "p"}, {"steps", {"a", 3}}}}}};
  EXPECT_EQ(ErrorField(doc), "/detail/proven/attackPaths/0/steps/1");
  doc = demo;
  doc["detail"]["diagrams"][0]["cells"][0]["data"]["na/me~"] = 1;  // unknown keys are kept, not errors
  EXPECT_TRUE(ReadThreatDragon(doc.dump()).has_value());
}

TEST(ThreatDragon, TextThatIsNotJsonGivesLineAndColumn) {
  auto m = ReadThreatDragon("{\n  \"summary\": {\n    \"title\": ,\n  }\n}");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(m.error().message.find("line 3, column 14"), std::string::npos) << m.error().message;
  auto empty = ReadThreatDragon("");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("line 1"), std::string::npos);
  auto huge = ReadThreatDragon(R"({"summary": {"title": "x"}, "detail": {"diagrams": [], "n": 1e999}})");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::kInvalidArgument);
  const std::string deep = R"({"summary": {"title": "x"}, "detail": {"diagrams": [], "n": )" + std::string(5000, '[') +
                           std::string(5000, ']') + "}}";
  auto nested = ReadThreatDragon(deep);
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("nested"), std::string::npos) << nested.error().message;
  EXPECT_NE(nested.error().message.find("column 123"), std::string::npos) << nested.error().message;
  auto brackets_in_text = ReadThreatDragon(R"({"summary": {"title": ")" + std::string(100, '[') +
                                           R"(\"{"}, "detail": {"diagrams": []}})");
  ASSERT_TRUE(brackets_in_text.has_value()) << brackets_in_text.error().message;
  EXPECT_EQ(brackets_in_text->title, std::string(100, '[') + "\"{");
  auto array = ReadThreatDragon("[1, 2]");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().field, "");
}

// Whatever the input, reading returns a model or an error, and what it returns can be written,
// validated and drawn.
void Exercise(const Result<Model>& m) {
  if (!m) {
    EXPECT_FALSE(m.error().message.empty());
    return;
  }
  const std::string written = WriteThreatDragon(*m);
  auto again = ReadThreatDragon(written);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(Dump(*again), Dump(*m));
  (void)Validate(*m);
  for (std::size_t d = 0; d <= m->diagrams.size(); ++d) {
    EXPECT_FALSE(RenderSvg(*m, d, SvgLabels{"out of scope", "asset", "entry point", "threats"}).empty());
  }
}

void Exercise(const std::string& text) { Exercise(ReadThreatDragon(text)); }

TEST(ThreatDragonRobustness, EveryPrefixOfASample) {
  const std::string text = ReadFixture(kDemo);
  for (std::size_t n = 0; n < text.size(); n += 17) Exercise(text.substr(0, n));
  Exercise(text);
}

TEST(ThreatDragonRobustness, ByteMutations) {
  const std::string text = ReadFixture(kDemo);
  const std::string replacements = "\"{}[],:0-a\\\n\xff";
  std::uint32_t state = 12345;
  for (int i = 0; i < 1500; ++i) {
    state = state * 1103515245u + 12345u;
    std::string mutated = text;
    mutated[(state >> 8) % mutated.size()] = replacements[(state >> 4) % replacements.size()];
    Exercise(mutated);
  }
}

// Every value of the document replaced by each other JSON type: a typed error at a pointer or a
// model, never a crash.
TEST(ThreatDragonRobustness, EveryValueReplacedByOtherTypes) {
  const json doc = json::parse(ReadFixture(kDemo));
  const json flat = doc.flatten();
  const json replacements = json::array({nullptr, -1.5, "x", json::array(), json::object()});
  int errors = 0;
  for (const auto& [pointer, value] : flat.items()) {
    // Styles and labels are Threat Dragon's alone: Proven never reads them.
    if (pointer.find("/attrs/") != std::string::npos || pointer.find("/labels/") != std::string::npos) continue;
    for (const auto& r : replacements) {
      json mutated = doc;
      mutated[json::json_pointer(pointer)] = r;
      auto m = ReadThreatDragon(mutated.dump());
      if (!m) {
        ++errors;
        EXPECT_EQ(pointer.rfind(m.error().field, 0), 0u)
            << "the error names " << m.error().field << " for a change at " << pointer;
        continue;
      }
      Exercise(m);
    }
  }
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace proven::threat
