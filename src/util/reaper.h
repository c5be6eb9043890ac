#pragma once
// Closes every native object still open when a Node environment (main thread or worker)
// shuts down, so no librdkafka thread outlives the environment it reports to.
#include <unordered_set>

namespace rdkafka_napi {

class Closable {
 public:
  virtual ~Closable() = default;
  // Releases native resources; must be idempotent and callable from the JS thread only.
  virtual void Close() = 0;
};

class Reaper {
 public:
  void Add(Closable* object) { live_.insert(object); }
  void Remove(Closable* object) { live_.erase(object); }
  void CloseAll() {
    // Close() unregisters the object, so iterate over a snapshot.
    std::unordered_set<Closable*> snapshot;
    snapshot.swap(live_);
    for (Closable* object : snapshot) object->Close();
  }

 private:
  std::unordered_set<Closable*> live_;
};

}  // namespace rdkafka_napi
