#include "web/templates.hpp"

#include <fmt/core.h>

#include "core/embedded.hpp"

namespace proven::web {

Result<std::unique_ptr<Templates>> Templates::Load() {
  auto t = std::unique_ptr<Templates>(new Templates());
  for (const auto& f : templates_files()) {
    std::string name(f.name);
    if (name.ends_with(".mustache")) name.resize(name.size() - 9);
    auto tmpl = std::make_unique<kainjow::mustache::mustache>(std::string(f.data));
    if (!tmpl->is_valid()) {
      return Fail(ErrorCode::kInternal, "a template does not parse",
                  fmt::format("template {}: {}", f.name, tmpl->error_message()));
    }
    t->templates_.emplace(name, Entry{std::move(tmpl), std::make_unique<std::mutex>()});
  }
  if (!t->templates_.contains("layouts/base")) {
    return Fail(ErrorCode::kInternal, "the base layout is missing", "layouts/base.mustache");
  }
  return t;
}

Result<std::string> Templates::Render(const std::string& name, const kainjow::mustache::data& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) {
    return Fail(ErrorCode::kInternal, "template missing", fmt::format("no template {}", name));
  }
  std::lock_guard lock(*it->second.mu);
  std::string out = it->second.tmpl->render(data);
  if (!it->second.tmpl->is_valid()) {
    return Fail(ErrorCode::kInternal, "template render failed",
                fmt::format("template {}: {}", name, it->second.tmpl->error_message()));
  }
  return out;
}

Result<std::string> Templates::RenderPage(const std::string& page, const kainjow::mustache::data& page_data,
                                          kainjow::mustache::data layout_data) const {
  auto body = Render("pages/" + page, page_data);
  if (!body) return body;
  layout_data.set("body", *body);
  return Render("layouts/base", layout_data);
}

}  // namespace proven::web
