// A WAF run's summary as an item keeps it (src/waf/summary.hpp): written once, read back by the API,
// the verification page, the product page and the PDF; reading it back loses nothing.
#include <gtest/gtest.h>

#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "waf/report.hpp"
#include "waf/summary.hpp"

namespace proven {
namespace {

waf::ReportSummary Sample(int miss, int fp_every) {
  auto s = testing_waf::MakeSampleRun(miss, fp_every);
  s.settings.ruleset = "OWASP_CRS/3.3.4 PL1";
  const auto text =
      waf::ReportJson(s.plan, s.target, s.settings, s.run, waf::Score(s.plan, s.run), {"0.1.0", "", ""}).dump();
  auto r = waf::ReadReport(text);
  EXPECT_TRUE(r) << r.error().message;
  return *r;
}

TEST(WafSummary, ReadingBackGivesTheSameJson) {
  for (auto [miss, fp] : {std::pair{4, 0}, {2, 3}, {9, 2}}) {
    const auto report = Sample(miss, fp);
    auto s = waf::SummaryOf(report, "ab12");
    const auto written = waf::SummaryJson(s);
    EXPECT_FALSE(written.contains("evidence_id"));
    auto back = waf::ReadSummaryText(written.dump());
    ASSERT_TRUE(back);
    EXPECT_EQ(waf::SummaryJson(*back).dump(), written.dump()) << "miss " << miss << " fp " << fp;
    EXPECT_EQ(back->grade, report.grade);
    ASSERT_TRUE(back->headline.ba);
    EXPECT_DOUBLE_EQ(*back->headline.ba, *report.headline.ba);
    EXPECT_EQ(back->ruleset, "OWASP_CRS/3.3.4 PL1");
    ASSERT_EQ(back->categories.size(), report.slices.categories.size());
    for (std::size_t i = 0; i < back->categories.size(); ++i) {
      EXPECT_EQ(back->categories[i].tpr, report.slices.categories[i].tpr);
      EXPECT_EQ(back->categories[i].scored, report.slices.categories[i].scored);
    }
    s.evidence_id = 42;
    auto with_id = waf::ReadSummaryText(waf::SummaryJson(s).dump());
    ASSERT_TRUE(with_id);
    EXPECT_EQ(with_id->evidence_id, 42);
  }
}

TEST(WafSummary, AnythingButASummaryReadsAsNone) {
  EXPECT_FALSE(waf::ReadSummaryText(""));
  EXPECT_FALSE(waf::ReadSummaryText("not json"));
  EXPECT_FALSE(waf::ReadSummaryText("[1,2]"));
  EXPECT_FALSE(waf::ReadSummaryText("{\"grade\": 3}"));
  auto bare = waf::ReadSummaryText("{\"grade\": \"I\", \"balanced_accuracy\": \"x\"}");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->grade, "I");
  EXPECT_FALSE(bare->headline.ba);
  EXPECT_FALSE(bare->evidence_id);
}

}  // namespace
}  // namespace proven
