#pragma once
// The JavaScript object of any client kind (Producer; later Consumer): owns the lifecycle of its
// librdkafka handle, and the methods every kind has. A kind derives from ClientWrap<Kind> and adds its
// own methods and its own way of serving events.
//
// Teardown verbs, each named for what it does:
//   close()    (JsClose)   JS thread: rejects blocking calls still running with Closed, stops serving
//                          events, drops the handle (destroyed here, or by a call still holding it).
//   stopPollThread()       JS thread: stops and joins the kind's poll thread, if it has one, and dispatches
//              (JsStopPollThread) what it gathered.
//   destroy()  (JsDestroy) JS thread, after stopPollThread(): stops serving events, destroys the handle on
//                          a thread of its own (it may take a while) and resolves then; afterwards only
//                          close() remains.
//   Close()    (Closable)  without JavaScript (the environment's teardown, garbage collection): as
//                          close(), but calls still running are left unsettled and events dropped.
// The kind provides kNoun, its name in errors ("producer": "this producer is closed"), StopPollThread(env) (join, then dispatch what was gathered; nothing without a poll
// thread), HasPollThread(), and ReleaseEvents(): stop whatever serves its queues and drop the events it
// holds, idempotent; after it, nothing of the kind touches the handle. Its destructor calls Close() first.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "addon.h"
#include "client/client.h"
#include "client/convert.h"
#include "client/errors.h"
#include "util/blocking_calls.h"
#include "util/js_boundary.h"
#include "util/js_values.h"
#include "util/reaper.h"

namespace rdkafka_napi {

template <typename Kind>
class ClientWrap : public Napi::ObjectWrap<Kind>, public Closable {
 public:
  void Close() override {
    AtBoundary(this->Env(), [&] { CloseNow(this->Env(), nullptr); });
  }

 protected:
  // new Kind(configEntries, ...): the entries are [key, value] string pairs.
  ClientWrap(const Napi::CallbackInfo& info, rd_kafka_type_t type) : Napi::ObjectWrap<Kind>(info) {
    Napi::Env env = info.Env();
    ClientError error;
    client_ = Client::Create(type, ToStringPairs(info[0], "config entries"), error);
    if (!client_) throw MakeKafkaError(env, error.kind, error.code, error.message);
    closed_ = false;
    Addon::Of(env).reaper.Add(this);
  }

  // Only what is the base's: the kind's destructor has already called Close() (and if the kind's
  // constructor threw, there is nothing of the kind to release).
  ~ClientWrap() override {
    AtBoundary(this->Env(), [&] { ReleaseClient(this->Env(), nullptr); });
  }

  // The methods every kind has, for its DefineClass.
  static std::vector<Napi::ClassPropertyDescriptor<Kind>> ClientMethods() {
    using Wrap = Napi::ObjectWrap<Kind>;
    return {
        Wrap::InstanceMethod("name", &ClientWrap::JsName),
        Wrap::InstanceMethod("fetchMetadata", &ClientWrap::JsFetchMetadata),
        Wrap::InstanceMethod("fetchWatermarks", &ClientWrap::JsFetchWatermarks),
        Wrap::InstanceMethod("fatalError", &ClientWrap::JsFatalError),
        Wrap::InstanceMethod("testFatalError", &ClientWrap::JsTestFatalError),
        Wrap::InstanceMethod("setLogLevel", &ClientWrap::JsSetLogLevel),
        Wrap::InstanceMethod("configValue", &ClientWrap::JsConfigValue),
        Wrap::InstanceMethod("stopPollThread", &ClientWrap::JsStopPollThread),
        Wrap::InstanceMethod("destroy", &ClientWrap::JsDestroy),
        Wrap::InstanceMethod("close", &ClientWrap::JsClose),
    };
  }

  bool closed() const { return closed_ || !client_; }

  // The client, or a Closed error once close() or destroy() has begun.
  const std::shared_ptr<Client>& OpenClient(Napi::Env env) const {
    if (closed()) throw ClosedError(env);
    return client_;
  }

  // Static: the kind's bound hot-path functions may find their object gone.
  static Napi::Error ClosedError(Napi::Env env) { return rdkafka_napi::ClosedError(env, std::string("this ") + Kind::kNoun + " is closed"); }

  // Runs a blocking call on a thread of its own, keeping this object alive until it settles.
  Napi::Promise RunBlocking(Napi::Env env, BlockingCalls::Work work) {
    Napi::Promise promise = calls_.Run(env, std::move(work), [this]() { this->Unref(); });
    this->Ref();
    return promise;
  }

  // While held, this object (and so its handle) is not garbage collected: its events are still coming.
  void Hold(bool hold) {
    if (hold == held_) return;
    held_ = hold;
    if (hold) {
      this->Ref();
    } else {
      this->Unref();
    }
  }

  // Environment teardown: the handle's destruction may wait on the network (a consumer that could not leave its
  // group in time), so it happens on a thread of its own, which nobody waits for (the module stays loaded).
  void ReleaseClientElsewhere() {
    if (client_) std::thread([client = std::move(client_)]() mutable { client.reset(); }).detach();
  }

 private:
  Kind& kind() { return static_cast<Kind&>(*this); }

  void CloseNow(Napi::Env env, const BlockingCalls::CancelError& cancel) {
    if (closed_) return;
    kind().ReleaseEvents();
    ReleaseClient(env, cancel);
  }

  void ReleaseClient(Napi::Env env, const BlockingCalls::CancelError& cancel) {
    if (!closed_) {
      closed_ = true;
      Addon::Of(env).reaper.Remove(this);
    }
    calls_.Stop(env, cancel);
    client_.reset();  // destroyed here, or by a blocking call still running, on its thread
  }

  Napi::Value JsName(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), OpenClient(info.Env())->Name()); }

  // fetchMetadata(topic | null, timeoutMs) -> Promise<metadata>
  Napi::Value JsFetchMetadata(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::shared_ptr<Client> client = OpenClient(env);
    std::shared_ptr<std::string> topic;
    if (!info[0].IsNull() && !info[0].IsUndefined()) topic = std::make_shared<std::string>(ToTopicName(info[0], "topic"));
    int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
    return RunBlocking(env, [client, topic, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
      MetadataPtr owned;
      rd_kafka_resp_err_t err = client->FetchMetadata(topic.get(), timeout_ms, &owned);
      // Freed whichever way the call ends, including when it is never delivered.
      std::shared_ptr<const rd_kafka_metadata_t> metadata(std::move(owned));
      return [err, metadata](Napi::Env env, Napi::Promise::Deferred& deferred) {
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
          deferred.Reject(MakeKafkaError(env, ErrorKind::MetadataFetch, err).Value());
          return;
        }
        deferred.Resolve(MetadataToJs(env, *metadata));
      };
    });
  }

  // fetchWatermarks(topic, partition, timeoutMs) -> Promise<{ low, high }>
  Napi::Value JsFetchWatermarks(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::shared_ptr<Client> client = OpenClient(env);
    std::string topic = ToTopicName(info[0], "topic");
    int32_t partition = ToInt32InRange(info[1], "partition", 0, INT32_MAX);
    int timeout_ms = ToInt32InRange(info[2], "timeoutMs", -1, INT32_MAX);
    return RunBlocking(env, [client, topic, partition, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
      int64_t low = 0;
      int64_t high = 0;
      rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(client->handle(), topic.c_str(), partition, &low, &high, timeout_ms);
      return [err, low, high](Napi::Env env, Napi::Promise::Deferred& deferred) {
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
          deferred.Reject(MakeKafkaError(env, ErrorKind::MetadataFetch, err).Value());
          return;
        }
        Napi::Object result = Napi::Object::New(env);
        result.Set("low", Napi::Number::New(env, static_cast<double>(low)));
        result.Set("high", Napi::Number::New(env, static_cast<double>(high)));
        deferred.Resolve(result);
      };
    });
  }

  // fatalError() -> null | [code, reason]
  Napi::Value JsFatalError(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    char reason[512];
    rd_kafka_resp_err_t err = rd_kafka_fatal_error(OpenClient(env)->handle(), reason, sizeof(reason));
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return env.Null();
    Napi::Array result = Napi::Array::New(env, 2);
    result.Set(0u, Napi::Number::New(env, err));
    result.Set(1u, Napi::String::New(env, reason));
    return result;
  }

  // testFatalError(code, reason): librdkafka's test hook that raises a fatal error.
  Napi::Value JsTestFatalError(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    rd_kafka_t* rk = OpenClient(env)->handle();
    auto code = static_cast<rd_kafka_resp_err_t>(ToInt32InRange(info[0], "code", INT32_MIN, INT32_MAX));
    std::string reason = ToString(info[1], "reason");
    return Napi::Number::New(env, rd_kafka_test_fatal_error(rk, code, reason.c_str()));
  }

  Napi::Value JsSetLogLevel(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    rd_kafka_set_log_level(OpenClient(env)->handle(), ToInt32InRange(info[0], "logLevel", 0, 7));
    return env.Undefined();
  }

  // configValue(key) -> the effective value of a property (librdkafka's default when not set), or null for a
  // name librdkafka does not know.
  Napi::Value JsConfigValue(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string key = ToString(info[0], "key");
    const rd_kafka_conf_t* conf = rd_kafka_conf(OpenClient(env)->handle());
    size_t size = 0;
    if (rd_kafka_conf_get(conf, key.c_str(), nullptr, &size) != RD_KAFKA_CONF_OK) return env.Null();
    std::string value(size, '\0');
    if (rd_kafka_conf_get(conf, key.c_str(), value.data(), &size) != RD_KAFKA_CONF_OK) return env.Null();
    value.resize(size > 0 ? size - 1 : 0);  // without the terminating NUL
    return Napi::String::New(env, value);
  }

  Napi::Value JsStopPollThread(const Napi::CallbackInfo& info) {
    kind().StopPollThread(info.Env());
    return info.Env().Undefined();
  }

  // destroy() -> Promise<undefined>. Refused while a poll thread runs: what it gathered would be dropped
  // undispatched, and delivered messages reported as lost.
  Napi::Value JsDestroy(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::shared_ptr<Client> client = OpenClient(env);
    if (kind().HasPollThread()) throw Napi::Error::New(env, "stop the poll thread before destroying the " + std::string(Kind::kNoun));
    kind().ReleaseEvents();
    client_.reset();
    // Moved into the work, which is then the last owner (or a running call is): released on the call's
    // thread, never on this one, whichever thread is quicker.
    return RunBlocking(env, [client = std::move(client)](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
      return [](Napi::Env env, Napi::Promise::Deferred& deferred) { deferred.Resolve(env.Undefined()); };
    });
  }

  Napi::Value JsClose(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Hold(false);
    const std::string detail = std::string("the ") + Kind::kNoun + " was closed before this call finished";
    // A call still running when the client is closed ends with this; its librdkafka call finishes on
    // its own thread and the result is dropped.
    CloseNow(env, [detail](Napi::Env env) { return rdkafka_napi::ClosedError(env, detail).Value(); });
    return env.Undefined();
  }

  // Shared with blocking calls in progress: a call that outlives close() keeps the handle until it
  // returns, and the last owner destroys it on that call's thread.
  std::shared_ptr<Client> client_;
  BlockingCalls calls_{"rdk:napi-calls"};
  bool held_ = false;
  bool closed_ = true;
};

}  // namespace rdkafka_napi
