// The Producer's transactional methods. Each blocking one runs on a thread of its own (ClientWrap's
// blocking calls) and resolves with what its rd_kafka_error_t said, for TypeScript to judge.
#include <string>

#include "producer/producer.h"

namespace rdkafka_napi {
namespace {

// What a transactional call's rd_kafka_error_t says, copied so it can cross threads.
struct TxnOutcome {
  bool failed = false;
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string message;
  bool fatal = false;
  bool retriable = false;
  bool requires_abort = false;

  explicit TxnOutcome(ErrorPtr error) {
    if (!error) return;
    failed = true;
    code = rd_kafka_error_code(error.get());
    message = rd_kafka_error_string(error.get());
    fatal = rd_kafka_error_is_fatal(error.get());
    retriable = rd_kafka_error_is_retriable(error.get());
    requires_abort = rd_kafka_error_txn_requires_abort(error.get());
  }

  // null, or [code, message, fatal, retriable, requiresAbort] (NativeTxnError in ts/native.ts).
  Napi::Value ToJs(Napi::Env env) const {
    if (!failed) return env.Null();
    Napi::Array result = Napi::Array::New(env, 5);
    result.Set(0u, Napi::Number::New(env, code));
    result.Set(1u, Napi::String::New(env, message));
    result.Set(2u, Napi::Boolean::New(env, fatal));
    result.Set(3u, Napi::Boolean::New(env, retriable));
    result.Set(4u, Napi::Boolean::New(env, requires_abort));
    return result;
  }
};

}  // namespace

Napi::Promise Producer::RunTransactional(Napi::Env env, std::function<rd_kafka_error_t*(rd_kafka_t*)> call) {
  std::shared_ptr<Client> client = OpenClient(env);
  return RunBlocking(env, [client, call = std::move(call)](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    auto outcome = std::make_shared<TxnOutcome>(ErrorPtr(call(client->handle())));
    return [outcome](Napi::Env env, Napi::Promise::Deferred& deferred) { deferred.Resolve(outcome->ToJs(env)); };
  });
}

Napi::Value Producer::JsInitTransactions(const Napi::CallbackInfo& info) {
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(info.Env(), [timeout_ms](rd_kafka_t* rk) { return rd_kafka_init_transactions(rk, timeout_ms); });
}

// beginTransaction() -> null | error tuple. Does not block.
Napi::Value Producer::JsBeginTransaction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return TxnOutcome(ErrorPtr(rd_kafka_begin_transaction(OpenClient(env)->handle()))).ToJs(env);
}

// sendOffsetsToTransaction([[topic, partition, offset], ...], group, timeoutMs), where group is a group id,
// or a consumer's [groupId, generationId, memberId, groupInstanceId | null] (then the broker checks the
// member too, and fences a zombie).
Napi::Value Producer::JsSendOffsetsToTransaction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  // Shared, so the call owns it whichever way it ends.
  std::shared_ptr<rd_kafka_topic_partition_list_t> offsets = ToPartitionOffsets(info[0], "offsets");
  std::shared_ptr<rd_kafka_consumer_group_metadata_t> group;
  if (info[1].IsArray()) {
    Napi::Array fields = info[1].As<Napi::Array>();
    std::string group_id = ToString(fields.Get(0u), "groupMetadata.groupId");
    int32_t generation = ToInt32InRange(fields.Get(1u), "groupMetadata.generationId", -1, INT32_MAX);
    std::string member_id = ToString(fields.Get(2u), "groupMetadata.memberId");
    Napi::Value instance = fields.Get(3u);
    std::string instance_id = instance.IsString() ? instance.As<Napi::String>().Utf8Value() : std::string();
    group = GroupMetadataPtr(rd_kafka_consumer_group_metadata_new_with_genid(group_id.c_str(), generation, member_id.c_str(),
                                                                             instance.IsString() ? instance_id.c_str() : nullptr));
  } else {
    group = GroupMetadataPtr(rd_kafka_consumer_group_metadata_new(ToString(info[1], "groupId").c_str()));
  }
  int timeout_ms = ToInt32InRange(info[2], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(env, [offsets, group, timeout_ms](rd_kafka_t* rk) {
    return rd_kafka_send_offsets_to_transaction(rk, offsets.get(), group.get(), timeout_ms);
  });
}

Napi::Value Producer::JsCommitTransaction(const Napi::CallbackInfo& info) {
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(info.Env(), [timeout_ms](rd_kafka_t* rk) { return rd_kafka_commit_transaction(rk, timeout_ms); });
}

Napi::Value Producer::JsAbortTransaction(const Napi::CallbackInfo& info) {
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(info.Env(), [timeout_ms](rd_kafka_t* rk) { return rd_kafka_abort_transaction(rk, timeout_ms); });
}

}  // namespace rdkafka_napi
