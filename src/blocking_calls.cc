#include "blocking_calls.h"

#include <pthread.h>

namespace rdkafka_napi {

struct BlockingCalls::Shared {
  Tsfn tsfn;
  size_t pending = 0;  // calls whose promise is not settled yet; the loop is kept alive while > 0
};

struct BlockingCalls::Call {
  Work work;
  Settle settle;
  Napi::Promise::Deferred deferred;
  std::shared_ptr<Shared> shared;
};

BlockingCalls::~BlockingCalls() {
  // Owners call Stop() first; this only guards against a thread left running.
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
}

Napi::Promise BlockingCalls::Run(Napi::Env env, Work work) {
  auto* call = new Call{std::move(work), nullptr, Napi::Promise::Deferred::New(env), nullptr};
  Napi::Promise promise = call->deferred.Promise();
  if (stopped_) {
    delete call;
    throw Napi::Error::New(env, "client is closed");
  }
  if (!shared_) {
    shared_ = std::make_shared<Shared>();
    shared_->tsfn = Tsfn::New(env, thread_name_, 0, 1, shared_.get());
    shared_->tsfn.Unref(env);
    thread_ = std::thread([this] { Loop(); });
  }
  call->shared = shared_;
  if (shared_->pending++ == 0) shared_->tsfn.Ref(env);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(call);
  }
  wake_.notify_one();
  return promise;
}

void BlockingCalls::Loop() {
  pthread_setname_np(pthread_self(), thread_name_.substr(0, 15).c_str());
  Tsfn tsfn = shared_->tsfn;
  for (;;) {
    Call* call;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_.load() || !queue_.empty(); });
      if (queue_.empty()) return;
      call = queue_.front();
      queue_.pop_front();
    }
    call->settle = call->work();
    if (tsfn.BlockingCall(call) != napi_ok) delete call;  // environment is going away
  }
}

void BlockingCalls::Deliver(Napi::Env env, Napi::Function, Shared* shared, Call* call) {
  std::unique_ptr<Call> owned(call);
  if (env == nullptr) return;  // the environment is being torn down
  try {
    owned->settle(env, owned->deferred);
  } catch (const Napi::Error&) {
    // Settling never throws by design; an exception here would only mean the environment is
    // shutting down, and there is nobody left to tell.
  }
  if (--shared->pending == 0) shared->tsfn.Unref(env);
}

void BlockingCalls::Stop(Napi::Env env, const CancelError& cancel) {
  if (stopped_) return;
  stopped_ = true;
  if (!shared_) return;
  std::deque<Call*> never_run;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    never_run.swap(queue_);
  }
  wake_.notify_all();
  thread_.join();
  for (Call* call : never_run) {
    std::unique_ptr<Call> owned(call);
    try {
      owned->deferred.Reject(cancel(env));
    } catch (const Napi::Error&) {
      // See Deliver().
    }
    shared_->pending--;
  }
  // Calls already handed to the thread-safe function are still delivered; it is released
  // here and finalized once they have been.
  if (shared_->pending == 0) shared_->tsfn.Unref(env);
  shared_->tsfn.Release();
}

}  // namespace rdkafka_napi
