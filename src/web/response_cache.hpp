#pragma once
// Cached bodies of search responses, keyed by the canonical request and stamped with the
// registry's generation: an entry is served only while nothing has changed since it was made.
// Bounded by bytes, least recently used out first. Popular searches and facet clicks repeat,
// so most traffic is served from here; `serve --response-cache-mb 0` turns it off.
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace proven::web {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t cap_bytes) : cap_(cap_bytes) {}
  std::shared_ptr<const std::string> Get(const std::string& key, std::uint64_t generation);
  void Put(const std::string& key, std::uint64_t generation, std::shared_ptr<const std::string> body);
  bool enabled() const { return cap_ > 0; }

 private:
  struct Entry {
    std::shared_ptr<const std::string> body;
    std::uint64_t generation;
    std::list<std::string>::iterator pos;
  };
  std::size_t cap_;
  std::mutex mu_;
  std::list<std::string> order_;
  std::unordered_map<std::string, Entry> map_;
  std::size_t used_ = 0;
};

}  // namespace proven::web
