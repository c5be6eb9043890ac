// The consumer's broker round trips, each a blocking call on a thread of its own (never the JS thread, never
// libuv's pool), settled with [code, result]; TypeScript makes the KafkaErrors.
#include "client/convert.h"
#include "consumer/consumer.h"

namespace rdkafka_napi {
namespace {

// A sync commit waits for its answer in slices this long, so closing the consumer ends the wait.
constexpr int kSliceMs = 100;

using SharedList = std::shared_ptr<rd_kafka_topic_partition_list_t>;

BlockingCalls::Settle SettleCodeAndList(rd_kafka_resp_err_t code, SharedList list, std::string message = std::string()) {
  return [code, list, message](Napi::Env env, Napi::Promise::Deferred& deferred) {
    Napi::Array result = Napi::Array::New(env, 3);
    result.Set(0u, Napi::Number::New(env, code));
    result.Set(1u, PartitionListToJs(env, list.get()));
    result.Set(2u, Napi::String::New(env, message));
    deferred.Resolve(result);
  };
}

SharedList SharedListOrNull(Napi::Value value, const char* what) {
  if (value.IsNull() || value.IsUndefined()) return nullptr;
  return SharedList(ToPartitionOffsets(value, what));
}

}  // namespace

// commitSync(list | null) -> Promise<[code, committed list]>: the broker's answer.
Napi::Value Consumer::JsCommitSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  SharedList list = SharedListOrNull(info[0], "offsets");
  return RunBlocking(env, [client, list](const BlockingCalls::Stopping& stopping) -> BlockingCalls::Settle {
    // The answer comes to a queue of this call's own, so it is not mistaken for anyone else's.
    QueuePtr reply(rd_kafka_queue_new(client->handle()));
    rd_kafka_resp_err_t code = rd_kafka_commit_queue(client->handle(), list.get(), reply.get(), nullptr, nullptr);
    SharedList committed;
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR) {
      // A commit without a coordinator waits for one: as long as it takes, unless the consumer closes.
      code = RD_KAFKA_RESP_ERR__DESTROY;
      while (!stopping.load(std::memory_order_acquire)) {
        EventPtr event(rd_kafka_queue_poll(reply.get(), kSliceMs));
        if (!event) continue;
        if (rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_OFFSET_COMMIT) continue;
        code = rd_kafka_event_error(event.get());
        const rd_kafka_topic_partition_list_t* answered = rd_kafka_event_topic_partition_list(event.get());
        if (answered != nullptr) committed.reset(rd_kafka_topic_partition_list_copy(answered), rd_kafka_topic_partition_list_destroy);
        break;
      }
    }
    return SettleCodeAndList(code, committed);
  });
}

// committed(list, timeoutMs) -> Promise<[code, list]>
Napi::Value Consumer::JsCommitted(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  SharedList list(ToPartitionOffsets(info[0], "partitions"));
  int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, list, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    rd_kafka_resp_err_t code = rd_kafka_committed(client->handle(), list.get(), timeout_ms);
    return SettleCodeAndList(code, list);
  });
}

// offsetsForTimes(list of timestamps, timeoutMs) -> Promise<[code, list of offsets]>
Napi::Value Consumer::JsOffsetsForTimes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  SharedList list(ToPartitionOffsets(info[0], "timestamps"));
  int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, list, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    rd_kafka_resp_err_t code = rd_kafka_offsets_for_times(client->handle(), list.get(), timeout_ms);
    return SettleCodeAndList(code, list);
  });
}

// seek(list, timeoutMs) -> Promise<[code, list with per-partition errors, message]>
Napi::Value Consumer::JsSeek(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  SharedList list(ToPartitionOffsets(info[0], "partitions"));
  int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, list, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    ErrorPtr error(rd_kafka_seek_partitions(client->handle(), list.get(), timeout_ms));
    if (error) return SettleCodeAndList(rd_kafka_error_code(error.get()), list, rd_kafka_error_string(error.get()));
    return SettleCodeAndList(RD_KAFKA_RESP_ERR_NO_ERROR, list);
  });
}

// fetchGroupList(group | null, timeoutMs) -> Promise<[code, [{ name, state, protocol, protocolType, error,
//   broker: { id, host, port }, members: [{ id, clientId, clientHost }] }]]>
Napi::Value Consumer::JsFetchGroupList(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  std::shared_ptr<std::string> group;
  if (!info[0].IsNull() && !info[0].IsUndefined()) group = std::make_shared<std::string>(ToString(info[0], "group"));
  int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, group, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    const rd_kafka_group_list* raw = nullptr;
    rd_kafka_resp_err_t code = rd_kafka_list_groups(client->handle(), group ? group->c_str() : nullptr, &raw, timeout_ms);
    std::shared_ptr<const rd_kafka_group_list> groups{GroupListPtr(raw)};
    return [code, groups](Napi::Env env, Napi::Promise::Deferred& deferred) {
      Napi::Array list = Napi::Array::New(env);
      for (int i = 0; groups && i < groups->group_cnt; i++) {
        const rd_kafka_group_info& source = groups->groups[i];
        Napi::Object entry = Napi::Object::New(env);
        entry.Set("name", Napi::String::New(env, source.group != nullptr ? source.group : ""));
        entry.Set("state", Napi::String::New(env, source.state != nullptr ? source.state : ""));
        entry.Set("protocol", Napi::String::New(env, source.protocol != nullptr ? source.protocol : ""));
        entry.Set("protocolType", Napi::String::New(env, source.protocol_type != nullptr ? source.protocol_type : ""));
        entry.Set("error", Napi::Number::New(env, source.err));
        Napi::Object broker = Napi::Object::New(env);
        broker.Set("id", Napi::Number::New(env, source.broker.id));
        broker.Set("host", Napi::String::New(env, source.broker.host != nullptr ? source.broker.host : ""));
        broker.Set("port", Napi::Number::New(env, source.broker.port));
        entry.Set("broker", broker);
        Napi::Array members = Napi::Array::New(env, static_cast<size_t>(source.member_cnt));
        for (int j = 0; j < source.member_cnt; j++) {
          const rd_kafka_group_member_info& member = source.members[j];
          Napi::Object item = Napi::Object::New(env);
          item.Set("id", Napi::String::New(env, member.member_id != nullptr ? member.member_id : ""));
          item.Set("clientId", Napi::String::New(env, member.client_id != nullptr ? member.client_id : ""));
          item.Set("clientHost", Napi::String::New(env, member.client_host != nullptr ? member.client_host : ""));
          members.Set(static_cast<uint32_t>(j), item);
        }
        entry.Set("members", members);
        list.Set(list.Length(), entry);
      }
      Napi::Array result = Napi::Array::New(env, 2);
      result.Set(0u, Napi::Number::New(env, code));
      result.Set(1u, list);
      deferred.Resolve(result);
    };
  });
}

}  // namespace rdkafka_napi
