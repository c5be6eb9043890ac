#pragma once
// The JavaScript handle of a producer client. This step exposes what every producer kind
// shares (creation from a configuration, metadata, close); sending and polling build on it.
#include <napi.h>

#include <memory>

#include "blocking_calls.h"
#include "client.h"
#include "reaper.h"

namespace rdkafka_napi {

class Producer : public Napi::ObjectWrap<Producer>, public Closable {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Producer(const Napi::CallbackInfo& info);
  ~Producer() override;

  void Close() override;

 private:
  Napi::Value Name(const Napi::CallbackInfo& info);
  Napi::Value FetchMetadata(const Napi::CallbackInfo& info);
  Napi::Value CloseMethod(const Napi::CallbackInfo& info);

  Client& OpenClient(Napi::Env env);

  std::unique_ptr<Client> client_;
  BlockingCalls calls_{"rdk:napi-calls"};
  bool closed_ = true;
};

}  // namespace rdkafka_napi
