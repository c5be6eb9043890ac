#include "blocking_calls.h"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace rdkafka_napi {

struct BlockingCalls::Call {
  Work work;
  Done done;
  Settle settle;
  Napi::Promise::Deferred deferred;
};

struct BlockingCalls::State {
  using Tsfn = Napi::TypedThreadSafeFunction<State, Call, Deliver>;
  std::string thread_name;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Call*> queue;
  std::atomic<bool> stopping{false};
  Tsfn tsfn;
  size_t pending = 0;  // JS thread: calls not ended yet; the event loop is kept alive while > 0
  // The thread may outlive the environment, whose teardown finalizes the thread-safe function
  // whatever threads still hold it: the thread touches it only under this lock, while alive.
  std::mutex tsfn_mutex;
  bool tsfn_alive = true;

  // Thread: hands a finished call to the JS thread; false if there is no JS thread any more.
  bool Post(Call* call) {
    std::lock_guard<std::mutex> lock(tsfn_mutex);
    return tsfn_alive && tsfn.BlockingCall(call) == napi_ok;
  }
  void ReleaseFromThread() {
    std::lock_guard<std::mutex> lock(tsfn_mutex);
    if (tsfn_alive) tsfn.Release();
  }
};

namespace {

void Finish(BlockingCalls::Done& done) {
  if (done) done();
}

}  // namespace

BlockingCalls::BlockingCalls(std::string thread_name) : thread_name_(std::move(thread_name)) {}

BlockingCalls::~BlockingCalls() {
  // Owners call Stop() first; without a JS thread to reject on, queued calls are dropped.
  if (state_ && !stopped_) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    for (Call* call : state_->queue) delete call;
    state_->queue.clear();
    state_->wake.notify_all();
  }
}

bool BlockingCalls::stopping() const { return state_ && state_->stopping.load(std::memory_order_acquire); }

Napi::Promise BlockingCalls::Run(Napi::Env env, Work work, Done done) {
  if (stopped_) throw Napi::Error::New(env, "the client is closed");
  if (!state_) {
    auto state = std::make_shared<State>();
    state->thread_name = thread_name_;
    // The finalizer (JS thread; also at environment teardown) keeps the state alive until it ran.
    auto* keep = new std::shared_ptr<State>(state);
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
    try {
      std::thread(Loop, state).detach();
    } catch (const std::system_error& error) {
      state->tsfn.Release();
      throw Napi::Error::New(env, std::string("could not start a thread: ") + error.what());
    }
    state_ = std::move(state);
  }
  auto* call = new Call{std::move(work), std::move(done), nullptr, Napi::Promise::Deferred::New(env)};
  Napi::Promise promise = call->deferred.Promise();
  if (state_->pending++ == 0) state_->tsfn.Ref(env);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->queue.push_back(call);
  }
  state_->wake.notify_one();
  return promise;
}

// The thread is detached and owns the state with the object: Stop() never waits for a call that
// cannot be interrupted (a metadata request with a long timeout, librdkafka's destroy).
void BlockingCalls::Loop(std::shared_ptr<State> state) {
  pthread_setname_np(pthread_self(), state->thread_name.substr(0, 15).c_str());
  for (;;) {
    Call* call;
    {
      std::unique_lock<std::mutex> lock(state->mutex);
      state->wake.wait(lock, [&] { return state->stopping.load() || !state->queue.empty(); });
      if (state->queue.empty()) break;
      call = state->queue.front();
      state->queue.pop_front();
    }
    call->settle = call->work();
    call->work = nullptr;  // release what the work captured here, not on the JS thread
    if (!state->Post(call)) delete call;  // the environment is going away
  }
  state->ReleaseFromThread();
}

void BlockingCalls::Deliver(Napi::Env env, Napi::Function, State* state, Call* call) {
  std::unique_ptr<Call> owned(call);
  if (env == nullptr) return;  // the environment is being torn down
  try {
    owned->settle(env, owned->deferred);
  } catch (const Napi::Error& error) {
    // A settle step that failed (out of memory while converting, say) still settles the promise.
    owned->deferred.Reject(error.Value());
  }
  Finish(owned->done);
  if (!state->stopping && --state->pending == 0) state->tsfn.Unref(env);
}

void BlockingCalls::Stop(Napi::Env env, const CancelError& cancel) {
  if (stopped_) return;
  stopped_ = true;
  if (!state_) return;
  std::deque<Call*> never_run;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    never_run.swap(state_->queue);
  }
  state_->wake.notify_all();
  for (Call* call : never_run) {
    std::unique_ptr<Call> owned(call);
    if (!cancel) continue;
    try {
      owned->deferred.Reject(cancel(env));
    } catch (const Napi::Error&) {
      // Nothing left to tell.
    }
    Finish(owned->done);
  }
  state_->pending = 0;
  // The thread-safe function goes when the thread has released it; until then it must not hold
  // the event loop open on its own.
  state_->tsfn.Unref(env);
}

}  // namespace rdkafka_napi
