// The transparency log's pages name every kind of entry in words, in both languages
// (web/log/log_messages.cpp): each kind the workflows and the checkpointer append
// (services/log/log_service.cpp: "service." + every event kind, proposals approved as "changed";
// expiries, baselines, report and case publications, audit heads) and each record type.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "domain/codes.hpp"
#include "web/i18n.hpp"

namespace proven {
namespace {

using web::Lang;

std::string KindKey(std::string kind) {
  std::replace(kind.begin(), kind.end(), '.', '_');
  return "log_kind_" + kind;
}

TEST(LogPages, EveryKindOfEntryAndRecordTypeHasWordsInBothLanguages) {
  std::vector<std::string> kinds{"service.expired",  "service.baseline", "report.published", "report.baseline",
                                 "case.published",   "case.withdrawn",   "case.baseline",    "audit.head"};
  for (const auto& k : domain::kEventKindCodes) {
    const std::string code(k.code);
    kinds.push_back("service." + (code == "proposal_approved" ? std::string("changed") : code));
  }
  for (const auto& kind : kinds) {
    const std::string key = KindKey(kind);
    ASSERT_TRUE(web::HasMessage(key)) << "no words for " << kind;
    EXPECT_NE(web::Message(Lang::kJa, key), web::Message(Lang::kEn, key)) << key;
  }
  for (const char* type : {"service", "report", "case", "audit"}) {
    const std::string key = std::string("log_type_") + type;
    ASSERT_TRUE(web::HasMessage(key)) << key;
    EXPECT_NE(web::Message(Lang::kJa, key), web::Message(Lang::kEn, key)) << key;
  }
  EXPECT_EQ(web::Message(Lang::kEn, "log_entry_of", {{"index", "12"}}), "entry #12 of the public log");
  EXPECT_EQ(web::Message(Lang::kJa, "log_entry_of", {{"index", "12"}}), "公開ログのエントリー #12");
}

}  // namespace
}  // namespace proven
