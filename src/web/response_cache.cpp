#include "web/response_cache.hpp"

namespace proven::web {

std::shared_ptr<const std::string> ResponseCache::Get(const std::string& key, std::uint64_t generation) {
  if (cap_ == 0) return nullptr;
  std::lock_guard lock(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return nullptr;
  if (it->second.generation != generation) {
    used_ -= it->second.body->size() + key.size();
    order_.erase(it->second.pos);
    map_.erase(it);
    return nullptr;
  }
  order_.splice(order_.begin(), order_, it->second.pos);
  return it->second.body;
}

void ResponseCache::Put(const std::string& key, std::uint64_t generation, std::shared_ptr<const std::string> body) {
  const std::size_t bytes = body->size() + key.size();
  if (cap_ == 0 || bytes > cap_ / 8) return;
  std::lock_guard lock(mu_);
  if (auto it = map_.find(key); it != map_.end()) {
    used_ -= it->second.body->size() + key.size();
    order_.erase(it->second.pos);
    map_.erase(it);
  }
  order_.push_front(key);
  map_.emplace(key, Entry{std::move(body), generation, order_.begin()});
  used_ += bytes;
  while (used_ > cap_ && !order_.empty()) {
    auto victim = map_.find(order_.back());
    used_ -= victim->second.body->size() + victim->first.size();
    map_.erase(victim);
    order_.pop_back();
  }
}

}  // namespace proven::web
