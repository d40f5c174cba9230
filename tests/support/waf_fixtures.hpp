#pragma once
// Hand-built WAF plans for the scores, reports and compare tests (issue 14, builder C): requests of a
// category with ids, previews and codes as the plan compiler gives them.
#include <cstdio>
#include <string>

#include "waf/model.hpp"

namespace proven::testing_waf {

inline void AddRequests(waf::Plan& p, const std::string& category, waf::Expect expect, int n,
                        waf::Placement placement = waf::Placement::kQuery,
                        waf::Encoder encoder = waf::Encoder::kPlain, bool headline = true) {
  for (int i = 0; i < n; ++i) {
    waf::CompiledRequest r;
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(p.requests.size()) * 2654435761ull);
    r.id = id;
    r.case_id = "test/" + category + "/" + std::string(waf::Code(expect)) + "-" + std::to_string(i);
    r.source = expect == waf::Expect::kBlock ? "gotestwaf" : "proven";
    r.category = category;
    r.expect = expect;
    r.placement = placement;
    r.encoder = encoder;
    r.headline = headline;
    r.preview = expect == waf::Expect::kBlock ? "' OR 1=1 -- " + std::to_string(i)
                                              : std::string(static_cast<std::size_t>(i % 7 + 1), 'a') + " O'Reilly";
    p.requests.push_back(r);
  }
}

}  // namespace proven::testing_waf
