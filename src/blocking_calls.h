#pragma once
// A client's own thread for librdkafka calls that block (metadata, watermarks, and later
// flush and transactions). Each call returns a Promise settled on the JS thread; nothing is
// parked on libuv's thread pool, and the thread exists only once a call has been made.
#include <napi.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace rdkafka_napi {

class BlockingCalls {
 public:
  // Runs on the JS thread after the blocking part: resolves or rejects the promise.
  using Settle = std::function<void(Napi::Env, Napi::Promise::Deferred&)>;
  // Runs on the client's thread; must not touch JavaScript.
  using Work = std::function<Settle()>;

  explicit BlockingCalls(std::string thread_name) : thread_name_(std::move(thread_name)) {}
  ~BlockingCalls();

  Napi::Promise Run(Napi::Env env, Work work);

  // JS thread. Waits for the call in progress, rejects the queued ones with `cancel`'s error,
  // and stops the thread. Later Run() calls reject at once.
  using CancelError = std::function<Napi::Value(Napi::Env)>;
  void Stop(Napi::Env env, const CancelError& cancel);

  // For long calls made in slices: true once Stop() has begun, so they can give up early.
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

 private:
  struct Call;
  struct Shared;
  static void Deliver(Napi::Env env, Napi::Function, Shared* shared, Call* call);
  using Tsfn = Napi::TypedThreadSafeFunction<Shared, Call, Deliver>;

  void Loop();

  std::string thread_name_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Call*> queue_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  // JS-thread state, shared with calls still travelling through the thread-safe function.
  std::shared_ptr<Shared> shared_;
  Tsfn tsfn_;
  bool stopped_ = false;
};

}  // namespace rdkafka_napi
