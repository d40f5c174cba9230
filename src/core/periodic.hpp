#pragma once
// A background thread that runs `round` every `interval` until destroyed (the destructor wakes
// it, lets the round in progress finish and joins). The services' watchers (saved needs, the
// transparency log's checkpointer) are built on it.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace proven {

class Periodic {
 public:
  enum class Start { kAfterInterval, kAtOnce };
  Periodic(std::chrono::milliseconds interval, std::function<void()> round, Start start = Start::kAfterInterval)
      : interval_(interval), round_(std::move(round)), start_(start), thread_([this] { Run(); }) {}
  ~Periodic() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  void Run() {
    std::unique_lock lock(mu_);
    if (start_ == Start::kAfterInterval && cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
    while (!stop_) {
      lock.unlock();
      round_();
      lock.lock();
      if (cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
    }
  }

  std::chrono::milliseconds interval_;
  std::function<void()> round_;
  Start start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

}  // namespace proven
