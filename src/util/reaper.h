#pragma once
// Closes every native object still open when a Node environment (main thread or worker)
// shuts down, so no librdkafka thread outlives the environment it reports to.
#include <chrono>
#include <unordered_set>
#include <vector>

namespace rdkafka_napi {

class Closable {
 public:
  virtual ~Closable() = default;
  // Releases native resources; must be idempotent and callable from the JS thread only.
  virtual void Close() = 0;
  // Teardown only, before any Close(): starts work that needs the others still open (a consumer leaving its
  // group through a mock cluster of the same environment), to finish in its Close() by `deadline`. True
  // when it started some.
  virtual bool BeginTeardown(std::chrono::steady_clock::time_point /*deadline*/) { return false; }
};

class Reaper {
 public:
  void Add(Closable* object) { live_.insert(object); }
  void Remove(Closable* object) { live_.erase(object); }
  // Every object's teardown work runs at once, under one deadline; those doing some close first.
  void CloseAll(std::chrono::milliseconds bound) {
    // Close() unregisters the object, so iterate over a snapshot.
    std::unordered_set<Closable*> snapshot;
    snapshot.swap(live_);
    const auto deadline = std::chrono::steady_clock::now() + bound;
    std::vector<Closable*> working;
    std::vector<Closable*> rest;
    for (Closable* object : snapshot) (object->BeginTeardown(deadline) ? working : rest).push_back(object);
    for (Closable* object : working) object->Close();
    for (Closable* object : rest) object->Close();
  }

 private:
  std::unordered_set<Closable*> live_;
};

}  // namespace rdkafka_napi
