#pragma once
// Closes every native object still open when a Node environment (main thread or worker)
// shuts down, so no librdkafka thread outlives the environment it reports to.
#include <algorithm>
#include <chrono>
#include <thread>
#include <unordered_set>
#include <vector>

namespace rdkafka_napi {

class Closable {
 public:
  virtual ~Closable() = default;
  // Releases native resources; must be idempotent and callable from the JS thread only.
  virtual void Close() = 0;
  // Teardown only, before any Close(): starts work that needs the others still open (a consumer leaving its
  // group, through a mock cluster of the same environment, say). True when it started some.
  virtual bool BeginTeardown() { return false; }
  // Advances that work without blocking; true once it is done.
  virtual bool TeardownStep() { return true; }
};

class Reaper {
 public:
  void Add(Closable* object) { live_.insert(object); }
  void Remove(Closable* object) { live_.erase(object); }
  // Every object's teardown work runs at once, in turns, under one deadline (so one slow group does not
  // starve the others); then everything is closed, those that had work first.
  void CloseAll(std::chrono::milliseconds bound) {
    // Close() unregisters the object, so iterate over a snapshot.
    std::unordered_set<Closable*> snapshot;
    snapshot.swap(live_);
    const auto deadline = std::chrono::steady_clock::now() + bound;
    std::vector<Closable*> working;
    std::vector<Closable*> rest;
    for (Closable* object : snapshot) (object->BeginTeardown() ? working : rest).push_back(object);
    std::vector<Closable*> pending = working;
    while (!pending.empty() && std::chrono::steady_clock::now() < deadline) {
      pending.erase(std::remove_if(pending.begin(), pending.end(), [](Closable* object) { return object->TeardownStep(); }), pending.end());
      if (!pending.empty()) std::this_thread::sleep_for(kTurn);
    }
    for (Closable* object : working) object->Close();
    for (Closable* object : rest) object->Close();
  }

 private:
  static constexpr std::chrono::milliseconds kTurn{5};
  std::unordered_set<Closable*> live_;
};

}  // namespace rdkafka_napi
