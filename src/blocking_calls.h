#pragma once
// A client's own thread for librdkafka calls that block (metadata, watermarks, flush, destroy).
// Each call returns a Promise settled on the JS thread; nothing is parked on libuv's thread pool,
// and the thread exists only once a call has been made.
#include <napi.h>

#include <functional>
#include <memory>
#include <string>

namespace rdkafka_napi {

class BlockingCalls {
 public:
  // Runs on the JS thread after the blocking part: resolves or rejects the promise.
  using Settle = std::function<void(Napi::Env, Napi::Promise::Deferred&)>;
  // Runs on the client's thread; must not touch JavaScript. Whatever it captures is released
  // on that thread, before the settle step runs.
  using Work = std::function<Settle()>;
  // Runs on the JS thread once the call has ended in any way (settled, or canceled by Stop).
  using Done = std::function<void()>;

  explicit BlockingCalls(std::string thread_name);
  ~BlockingCalls();
  BlockingCalls(const BlockingCalls&) = delete;
  BlockingCalls& operator=(const BlockingCalls&) = delete;

  Napi::Promise Run(Napi::Env env, Work work, Done done = nullptr);

  // Stops taking calls. Queued calls that have not started are rejected with `cancel`'s error
  // (JS thread) or, with `cancel` empty (environment teardown, garbage collection), dropped
  // without touching JavaScript. A call in progress is not waited for: it finishes on its
  // thread, which then exits; its result is delivered if the environment is still there.
  using CancelError = std::function<Napi::Value(Napi::Env)>;
  void Stop(Napi::Env env, const CancelError& cancel);

  // For long calls made in slices: true once Stop() has begun, so they can give up early.
  bool stopping() const;

 private:
  struct Call;
  struct State;
  static void Deliver(Napi::Env env, Napi::Function, State* state, Call* call);
  static void Loop(std::shared_ptr<State> state);

  std::string thread_name_;
  // Shared with the thread, which may outlive this object by the length of one call.
  std::shared_ptr<State> state_;
  bool stopped_ = false;
};

}  // namespace rdkafka_napi
