#pragma once
// librdkafka calls that block (metadata, watermarks, flush, transactions, destroy), each on a thread of
// its own and settled as a Promise on the JS thread. Nothing is parked on libuv's thread pool (a call may
// take minutes), and no call waits behind another, so each keeps its own timeout.
#include <napi.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace rdkafka_napi {

class BlockingCalls {
 public:
  // Runs on the JS thread after the blocking part: resolves or rejects the promise.
  using Settle = std::function<void(Napi::Env, Napi::Promise::Deferred&)>;
  // Set once Stop() has begun, so that calls made in slices can give up early.
  using Stopping = std::atomic<bool>;
  // Runs on the call's thread; must not touch JavaScript, nor its owner, which may be gone before it
  // returns. Whatever it captures is released on that thread, before the settle step runs (so the last
  // owner of a client destroys it there).
  using Work = std::function<Settle(const Stopping&)>;
  // Runs on the JS thread once the call has ended in any way (settled, or canceled by Stop).
  using Done = std::function<void()>;
  using CancelError = std::function<Napi::Value(Napi::Env)>;

  explicit BlockingCalls(std::string thread_name);
  ~BlockingCalls();
  BlockingCalls(const BlockingCalls&) = delete;
  BlockingCalls& operator=(const BlockingCalls&) = delete;

  Napi::Promise Run(Napi::Env env, Work work, Done done = nullptr);

  // Stops taking calls and ends every call still running: its promise is rejected with `cancel`'s error
  // (JS thread) or, with `cancel` empty (environment teardown, garbage collection), left alone without
  // touching JavaScript. Their threads are not waited for: each finishes its librdkafka call and drops
  // the result. (Closing must not wait out a metadata request with a long timeout.)
  void Stop(Napi::Env env, const CancelError& cancel);

 private:
  struct Call;
  struct State;
  static void Deliver(Napi::Env env, Napi::Function, State* state, Call* call);
  static void RunOnThread(std::shared_ptr<State> state, Call* call);
  void EnsureState(Napi::Env env);

  std::string thread_name_;
  // Shared with the threads, which may outlive this object by the length of their call.
  std::shared_ptr<State> state_;
  bool stopped_ = false;
};

}  // namespace rdkafka_napi
