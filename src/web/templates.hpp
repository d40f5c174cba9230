#pragma once
// The HTML templates compiled into the binary, parsed once at startup. A template that does
// not parse stops the server from starting; a render error is a bug and becomes a 500.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <kainjow/mustache.hpp>

#include "core/result.hpp"

namespace proven::web {

class Templates {
 public:
  // Parses every embedded template; fails naming the first that does not parse.
  static Result<std::unique_ptr<Templates>> Load();

  // Renders pages/<page>.mustache with `page`, then wraps it in layouts/base.mustache with
  // `layout` (which receives the page as {{{body}}}).
  Result<std::string> RenderPage(const std::string& page, const kainjow::mustache::data& page_data,
                                 kainjow::mustache::data layout_data) const;

  std::size_t size() const { return templates_.size(); }

 private:
  struct Entry {
    std::unique_ptr<kainjow::mustache::mustache> tmpl;
    // kainjow's render is not const and keeps error state: one render at a time per template.
    std::unique_ptr<std::mutex> mu;
  };
  Result<std::string> Render(const std::string& name, const kainjow::mustache::data& data) const;
  std::map<std::string, Entry> templates_;
};

}  // namespace proven::web
