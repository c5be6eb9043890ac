#pragma once
// A blocking librdkafka call with a long timeout, made as a series of short ones, so that closing the
// client ends it within one slice instead of after its whole timeout. Only for calls that can be
// repeated, or that librdkafka resumes when called again after a timeout (flush, init/commit/abort of
// transactions).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace rdkafka_napi {

class TimeoutSlices {
 public:
  // timeout_ms: -1 for none.
  TimeoutSlices(int timeout_ms, int slice_ms)
      : infinite_(timeout_ms < 0), slice_ms_(slice_ms), deadline_(Clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0))) {}

  // The timeout of the next call: one slice, or what is left if that is less.
  int Next() const {
    if (infinite_) return slice_ms_;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    return static_cast<int>(std::clamp<int64_t>(left, 0, slice_ms_));
  }

  // After a call timed out: whether to make another (time is left, and the client is not closing).
  bool Again(const std::atomic<bool>& stopping) const {
    return !stopping.load(std::memory_order_acquire) && (infinite_ || Clock::now() < deadline_);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool infinite_;
  int slice_ms_;
  Clock::time_point deadline_;
};

}  // namespace rdkafka_napi
