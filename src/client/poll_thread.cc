#include "client/poll_thread.h"

#include "util/js_boundary.h"
#include "util/thread_name.h"

namespace rdkafka_napi {

PollThreadBase::PollThreadBase(Napi::Env env, Drain drain) : drain_(std::move(drain)) {
  tsfn_ = Tsfn::New(env, "rdkafka-napi poll thread", 0, 1, this);
  tsfn_.Unref(env);
}

// The derived class has stopped the thread in its destructor (Interrupt is its own); only a derived
// constructor that threw before Start() leaves anything here.
PollThreadBase::~PollThreadBase() {
  if (!stopped_) tsfn_.Abort();
}

void PollThreadBase::Start() { thread_ = std::thread([this] { Loop(); }); }

void PollThreadBase::Loop() {
  NameThisThread("rdk:napi-poll");
  while (!stopping_.load(std::memory_order_acquire)) {
    // Blocks until there is something to gather, or Stop() interrupts it.
    if (!GatherBatch()) continue;
    if (!wake_pending_.exchange(true, std::memory_order_acq_rel)) {
      OnWake();
      if (tsfn_.NonBlockingCall(nullptr) != napi_ok) return;  // the environment is shutting down
    }
  }
}

void PollThreadBase::Wake(Napi::Env env, Napi::Function, PollThreadBase* self, std::nullptr_t*) {
  if (env == nullptr) return;  // thread-safe function torn down; `self` may be gone
  // Clear before taking: a batch pushed after this point triggers a new wake-up (by hand: once JavaScript is back
  // in the event loop).
  if (!self->RearmsByHand()) self->wake_pending_.store(false, std::memory_order_release);
  AtBoundary(env, [&] { self->drain_(env); });
}

void PollThreadBase::Rearm() {
  wake_pending_.store(false, std::memory_order_release);
  // A batch gathered while the flag was set woke nobody.
  if (stopping_.load(std::memory_order_acquire) || !HasGathered()) return;
  if (!wake_pending_.exchange(true, std::memory_order_acq_rel)) {
    OnWake();
    tsfn_.NonBlockingCall(nullptr);
  }
}

void PollThreadBase::SetActive(Napi::Env env, bool active) {
  if (stopped_ || active == active_) return;
  active_ = active;
  if (active) {
    tsfn_.Ref(env);
  } else {
    tsfn_.Unref(env);
  }
}

void PollThreadBase::Stop() {
  if (stopped_) return;
  stopped_ = true;
  stopping_.store(true, std::memory_order_release);
  Interrupt();
  if (thread_.joinable()) thread_.join();
  // Abort: wake-ups still queued are dropped (Wake sees no environment); callers drain with Take().
  tsfn_.Abort();
}

}  // namespace rdkafka_napi
