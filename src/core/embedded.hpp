#pragma once
// Files compiled into the binary (see cmake/embed.cmake).
#include <span>
#include <string_view>

namespace proven {

struct EmbeddedFile {
  std::string_view name;  // path relative to its embedding root, e.g. "0001_init.sql"
  std::string_view data;
};

std::span<const EmbeddedFile> migrations_files();
std::span<const EmbeddedFile> templates_files();
std::span<const EmbeddedFile> static_files();
std::span<const EmbeddedFile> sbom_schemas_files();  // data/sbom/schemas/*.json (issue 15)
std::span<const EmbeddedFile> device_data_files();  // data/devices/*.json (issue 16)

}  // namespace proven
