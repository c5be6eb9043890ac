#pragma once
// The JavaScript handle of a producer: sends, serves the main queue (on the calling thread for a
// BaseProducer, on a PollThread for the threaded kinds), flushes, purges, closes. Mechanical:
// what a report means and which callback runs is decided in TypeScript.
#include <napi.h>

#include <functional>
#include <memory>
#include <vector>

#include "blocking_calls.h"
#include "bound_method.h"
#include "client.h"
#include "poll_thread.h"
#include "reaper.h"

namespace rdkafka_napi {

class Producer : public Napi::ObjectWrap<Producer>, public Closable {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Producer(const Napi::CallbackInfo& info);
  ~Producer() override;

  // Without JavaScript: stops the threads and destroys the handle. Reports not yet dispatched
  // and calls not started are dropped (environment teardown, garbage collection).
  void Close() override;

 private:
  Napi::Value Name(const Napi::CallbackInfo& info);
  Napi::Value RegisterTopic(const Napi::CallbackInfo& info);
  // The hot paths, bound to this object (bound_method.h): send(...) and poll(timeoutMs).
  static napi_value SendCallback(napi_env env, napi_callback_info info);
  static napi_value PollCallback(napi_env env, napi_callback_info info);
  napi_value Send(napi_env env, napi_value* argv);
  napi_value Poll(napi_env env, napi_value timeout);
  // librdkafka thread, queue locked: the main queue went from empty to non-empty.
  static void OnReportsWaiting(rd_kafka_t* rk, void* flag);
  Napi::Value FlushNow(const Napi::CallbackInfo& info);
  Napi::Value Flush(const Napi::CallbackInfo& info);
  Napi::Value Purge(const Napi::CallbackInfo& info);
  Napi::Value OutqLen(const Napi::CallbackInfo& info);
  Napi::Value SetActive(const Napi::CallbackInfo& info);
  Napi::Value StopPollThread(const Napi::CallbackInfo& info);
  Napi::Value Destroy(const Napi::CallbackInfo& info);
  Napi::Value FetchMetadata(const Napi::CallbackInfo& info);
  Napi::Value FetchWatermarks(const Napi::CallbackInfo& info);
  Napi::Value FatalError(const Napi::CallbackInfo& info);
  Napi::Value TestFatalError(const Napi::CallbackInfo& info);
  Napi::Value SetLogLevel(const Napi::CallbackInfo& info);
  Napi::Value InitTransactions(const Napi::CallbackInfo& info);
  Napi::Value BeginTransaction(const Napi::CallbackInfo& info);
  Napi::Value SendOffsetsToTransaction(const Napi::CallbackInfo& info);
  Napi::Value CommitTransaction(const Napi::CallbackInfo& info);
  Napi::Value AbortTransaction(const Napi::CallbackInfo& info);
  // Runs a transactional call on a thread of its own; resolves null or [code, message, fatal,
  // retriable, requiresAbort].
  Napi::Promise RunTransactional(Napi::Env env, std::function<rd_kafka_error_t*(rd_kafka_t*)> call);
  Napi::Value CloseMethod(const Napi::CallbackInfo& info);

  const std::shared_ptr<Client>& OpenClient(Napi::Env env);
  void Shutdown(Napi::Env env, const BlockingCalls::CancelError& cancel);
  // Runs a blocking call on a thread of its own, keeping this object alive until it settles.
  Napi::Promise RunBlocking(Napi::Env env, BlockingCalls::Work work);
  // JS thread: hands every batch the poll thread made to the `onReports` function.
  void DrainReports(Napi::Env env);

  // Shared with blocking calls in progress: a call that outlives close() keeps the handle until
  // it returns, and the last owner destroys it on that call's thread.
  std::shared_ptr<Client> client_;
  BlockingCalls calls_{"rdk:napi-calls"};
  std::unique_ptr<PollThread> poll_thread_;
  BoundTarget* bound_ = nullptr;
  // BaseProducer: a flag in an ArrayBuffer JS reads (as `reportsWaiting`), set by librdkafka when a
  // report arrives and cleared by poll, so poll(0) with nothing to serve does not enter native code.
  Napi::Reference<Napi::ArrayBuffer> reports_waiting_buffer_;
  int32_t* reports_waiting_ = nullptr;
  bool active_ = false;
  bool closed_ = true;
};

}  // namespace rdkafka_napi
