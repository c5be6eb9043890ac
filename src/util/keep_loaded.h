#pragma once

namespace rdkafka_napi {

// Keeps this module's code mapped until the process exits, whoever unloads it. Node unloads an addon
// with the last environment that loaded it (a worker's, say), but threads this module started may
// still run its code then: librdkafka's, and blocking calls that outlive a closed client until their
// librdkafka call returns. Unmapping code under them is a crash. Idempotent.
void KeepLoaded();

}  // namespace rdkafka_napi
