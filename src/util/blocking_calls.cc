#include "util/blocking_calls.h"

#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_set>

#include "util/js_boundary.h"
#include "util/thread_name.h"

namespace rdkafka_napi {

struct BlockingCalls::Call {
  Work work;
  Done done;
  Settle settle;
  Napi::Promise::Deferred deferred;
  bool ended = false;  // JS thread: settled or canceled; a late result is dropped
};

struct BlockingCalls::State {
  using Tsfn = Napi::TypedThreadSafeFunction<State, Call, Deliver>;
  std::string thread_name;
  std::atomic<bool> stopping{false};
  Tsfn tsfn;
  // JS thread: calls not ended yet. The event loop is kept alive while there are any.
  std::unordered_set<Call*> running;
  // Environment teardown finalizes the thread-safe function whatever threads still hold it; it is
  // touched only under this lock, while alive.
  std::mutex tsfn_mutex;
  bool tsfn_alive = true;

  // Call thread: hands a finished call to the JS thread; false if there is no JS thread any more.
  bool Post(Call* call) {
    std::lock_guard<std::mutex> lock(tsfn_mutex);
    return tsfn_alive && tsfn.BlockingCall(call) == napi_ok;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(tsfn_mutex);
    if (tsfn_alive) tsfn.Release();
  }
  // JS thread: whether the event loop waits for the calls still running.
  void HoldLoop(Napi::Env env, bool hold) {
    std::lock_guard<std::mutex> lock(tsfn_mutex);
    if (!tsfn_alive) return;
    if (hold) {
      tsfn.Ref(env);
    } else {
      tsfn.Unref(env);
    }
  }
};

namespace {

void Finish(BlockingCalls::Done& done) {
  if (done) done();
}

}  // namespace

BlockingCalls::BlockingCalls(std::string thread_name) : thread_name_(std::move(thread_name)) {}

// Owners call Stop() first; a call still running then finds its result unwanted.
BlockingCalls::~BlockingCalls() {
  if (state_) state_->stopping = true;
}

void BlockingCalls::EnsureState(Napi::Env env) {
  if (state_) return;
  auto state = std::make_shared<State>();
  state->thread_name = thread_name_.substr(0, 15);
  // The finalizer (JS thread, also at environment teardown) keeps the state alive until it has run.
  auto* keep = new std::shared_ptr<State>(state);
  // One thread count for this object, released by Stop(); one more per call while it runs.
  state->tsfn = State::Tsfn::New(env, thread_name_, 0, 1, state.get(),
                                 [](Napi::Env, std::shared_ptr<State>* kept, State*) {
                                   {
                                     std::lock_guard<std::mutex> lock((*kept)->tsfn_mutex);
                                     (*kept)->tsfn_alive = false;
                                   }
                                   delete kept;
                                 },
                                 keep);
  state->tsfn.Unref(env);
  state_ = std::move(state);
}

Napi::Promise BlockingCalls::Run(Napi::Env env, Work work, Done done) {
  if (stopped_) throw Napi::Error::New(env, "the client is closed");
  EnsureState(env);
  auto* call = new Call{std::move(work), std::move(done), nullptr, Napi::Promise::Deferred::New(env)};
  Napi::Promise promise = call->deferred.Promise();
  if (state_->tsfn.Acquire() != napi_ok) {
    delete call;
    throw Napi::Error::New(env, "the client is closed");
  }
  try {
    std::thread(RunOnThread, state_, call).detach();
  } catch (const std::system_error& error) {
    state_->Release();
    delete call;
    throw Napi::Error::New(env, std::string("could not start a thread: ") + error.what());
  }
  if (state_->running.empty()) state_->HoldLoop(env, true);
  state_->running.insert(call);
  return promise;
}

// Detached: Stop() never waits for a call that cannot be interrupted (a metadata request with a long
// timeout). The state, shared with the thread, outlives the object as long as needed.
void BlockingCalls::RunOnThread(std::shared_ptr<State> state, Call* call) {
  NameThisThread(state->thread_name.c_str());
  try {
    call->settle = call->work(state->stopping);
  } catch (...) {
    call->settle = nullptr;  // out of memory, say: Deliver rejects the promise
  }
  call->work = nullptr;  // release what the work captured here, not on the JS thread
  if (state->Post(call)) {
    state->Release();
  } else {
    // The environment is going away: nobody can settle the call, so it is dropped here. A refused
    // post has already given up this thread's hold on the thread-safe function.
    delete call;
  }
}

void BlockingCalls::Deliver(Napi::Env env, Napi::Function, State* state, Call* call) {
  std::unique_ptr<Call> owned(call);
  if (env == nullptr || owned->ended) return;  // the environment is going away, or Stop() ended it
  owned->ended = true;
  state->running.erase(call);
  AtBoundary(env, [&] {
    try {
      if (!owned->settle) throw Napi::Error::New(env, "the call failed on its thread (out of memory?)");
      owned->settle(env, owned->deferred);
    } catch (const Napi::Error& error) {
      // A settle step that failed (out of memory while converting, say) still settles the promise.
      owned->deferred.Reject(error.Value());
    }
  });
  AtBoundary(env, [&] { Finish(owned->done); });
  if (state->running.empty() && !state->stopping) AtBoundary(env, [&] { state->HoldLoop(env, false); });
}

void BlockingCalls::Stop(Napi::Env env, const CancelError& cancel) {
  if (stopped_) return;
  stopped_ = true;
  if (!state_) return;
  state_->stopping = true;
  std::unordered_set<Call*> running;
  running.swap(state_->running);
  // Without `cancel` the environment is being torn down: the calls' threads may already have found
  // their posts refused and deleted them, so they are not touched (nor will they be delivered).
  if (cancel) {
    for (Call* call : running) {
      // Its thread still owns it: its result, when it comes, finds it ended and is dropped.
      call->ended = true;
      AtBoundary(env, [&] { call->deferred.Reject(cancel(env)); });
      AtBoundary(env, [&] { Finish(call->done); });
    }
  }
  // The thread-safe function goes once the running calls have let go of it; until then it must not
  // hold the event loop open.
  AtBoundary(env, [&] { state_->HoldLoop(env, false); });
  state_->Release();
}

}  // namespace rdkafka_napi
