#pragma once
// The JavaScript object of a producer (every kind: what differs is decided in TypeScript): sends,
// serves the main queue (on the calling thread for a BaseProducer, on a PollThread for the threaded
// kinds), flushes, purges, and runs transactions. Lifecycle and client methods: ClientWrap.
#include <napi.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "client/client_wrap.h"
#include "client/poll_thread.h"
#include "client/queue_signal.h"
#include "producer/delivery_batch.h"
#include "producer/send_scratch.h"
#include "util/bound_method.h"

namespace rdkafka_napi {

class Producer final : public ClientWrap<Producer> {
 public:
  static Napi::Function Define(Napi::Env env);
  // new Producer(configEntries, withPollThread)
  explicit Producer(const Napi::CallbackInfo& info);
  ~Producer() override;

 private:
  friend class ClientWrap<Producer>;
  static constexpr const char* kNoun = "producer";
  // ClientWrap's hooks (see client_wrap.h).
  void StopPollThread(Napi::Env env);
  bool HasPollThread() const { return poll_thread_ != nullptr; }
  void ReleaseEvents();

  Napi::Value JsRegisterTopic(const Napi::CallbackInfo& info);
  // The hot paths, bound to this object (bound_method.h): send(...), sendMany(...) and poll(timeoutMs).
  static napi_value SendCallback(napi_env env, napi_callback_info info);
  static napi_value SendManyCallback(napi_env env, napi_callback_info info);
  static napi_value PollCallback(napi_env env, napi_callback_info info);
  napi_value Send(napi_env env, napi_value* argv);
  napi_value SendMany(napi_env env, const napi_value* argv, size_t argc);
  napi_value Poll(napi_env env, napi_value timeout);
  Napi::Value JsFlushNow(const Napi::CallbackInfo& info);
  Napi::Value JsFlush(const Napi::CallbackInfo& info);
  Napi::Value JsPurge(const Napi::CallbackInfo& info);
  Napi::Value JsOutqLen(const Napi::CallbackInfo& info);
  Napi::Value JsDispatchGathered(const Napi::CallbackInfo& info);
  Napi::Value JsSetActive(const Napi::CallbackInfo& info);
  // JS thread: hands every batch the poll thread made to the `onReports` function.
  void DrainReports(Napi::Env env);

  // Transactions (producer/transactions.cc).
  Napi::Value JsInitTransactions(const Napi::CallbackInfo& info);
  Napi::Value JsBeginTransaction(const Napi::CallbackInfo& info);
  Napi::Value JsSendOffsetsToTransaction(const Napi::CallbackInfo& info);
  Napi::Value JsCommitTransaction(const Napi::CallbackInfo& info);
  Napi::Value JsAbortTransaction(const Napi::CallbackInfo& info);
  // Runs a transactional call on a thread of its own; resolves null or [code, message, fatal,
  // retriable, requiresAbort].
  Napi::Promise RunTransactional(Napi::Env env, std::function<rd_kafka_error_t*(rd_kafka_t*)> call);

  BoundTarget* bound_ = nullptr;
  std::unique_ptr<SendScratch> scratch_ = std::make_unique<SendScratch>();
  // Threaded kinds.
  std::unique_ptr<PollThread<DeliveryBatch>> poll_thread_;
  // BaseProducer: JS reads it as `reportsWaiting`.
  std::optional<QueueSignal> reports_waiting_;
};

}  // namespace rdkafka_napi
