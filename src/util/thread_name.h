#pragma once

namespace rdkafka_napi {

// Names the calling thread for debuggers and top -H (Linux: at most 15 characters; macOS: any).
// Does nothing where there is no portable call (Windows).
void NameThisThread(const char* name);

}  // namespace rdkafka_napi
