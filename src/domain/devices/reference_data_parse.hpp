#pragma once
// Parsers behind reference_data.hpp, exposed for tests: each takes a file's name (relative to
// data/devices) and its text, and throws std::logic_error naming the file and the JSON pointer of
// the first malformed value. The data is compiled in and checked by unit tests, so a throw here is
// a build defect, not an expected failure.
#include <string_view>
#include <vector>

#include "domain/devices/reference_data.hpp"

namespace proven::domain::devices {

// {"<list_key>": [{"code", "ja", "en"}, …]}
std::vector<Coded> ParseCodedList(std::string_view file, std::string_view text, std::string_view list_key);
// {"id", "title": {ja, en}, "version", "source_url", "requirements": [{code, category,
// category_title, title, mandatory}, …]}
Baseline ParseBaseline(std::string_view file, std::string_view text);
// {"items": [{code, title, method, tools, evidence, stride: [], interfaces: [], requirements: []}, …]}
std::vector<CatalogueItem> ParseCatalogue(std::string_view file, std::string_view text);

}  // namespace proven::domain::devices
