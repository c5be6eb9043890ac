#pragma once
// The named constants that cross the boundary, as one table the addon exports (`vocabulary`), so a
// test can check that ts/native.ts and ts/errors.ts name every one as this side does.
#include <napi.h>

namespace rdkafka_napi {

// { clientEventKinds, timestampTypes, sendShape, purgeFlags: { Name: number }, errorKinds: [name] }
Napi::Object Vocabulary(Napi::Env env);

}  // namespace rdkafka_napi
