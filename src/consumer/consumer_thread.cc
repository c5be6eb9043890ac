#include "consumer/consumer_thread.h"

#include "consumer/batch_read.h"

#include <algorithm>
#include <chrono>

namespace rdkafka_napi {
namespace {

// How often an empty consumer queue is polled while JavaScript waits on it (see Want()).
constexpr auto kKeepAlive = std::chrono::milliseconds(200);

// A read takes at most max_messages, and about this many bytes of keys, payloads and header values (going by the
// sizes of the last read): large messages come fewer at a time, so what is read ahead stays bounded in bytes too.
constexpr size_t kReadBytes = size_t{1} << 20;

}  // namespace

ConsumerThread::ConsumerThread(Napi::Env env, rd_kafka_queue_t* main_queue, rd_kafka_queue_t* consumer_queue, size_t max_messages,
                               ReadMode read_mode, RebalanceLedger& ledger, Drain drain)
    : PollThreadBase(env, std::move(drain)), main_queue_(main_queue), max_messages_(max_messages), read_mode_(read_mode), ledger_(ledger) {
  rd_kafka_queue_cb_event_enable(main_queue_, &ConsumerThread::OnMainQueue, this);
  if (consumer_queue != nullptr) {
    auto source = std::make_shared<Source>(Source{this, 0, consumer_queue, nullptr, nullptr});
    rd_kafka_queue_cb_event_enable(consumer_queue, &ConsumerThread::OnSourceQueue, source.get());
    sources_.push_back(std::move(source));
  }
  Start();
}

ConsumerThread::~ConsumerThread() {
  Stop();
  // Takes each queue's lock: once these return, librdkafka no longer calls us.
  rd_kafka_queue_cb_event_enable(main_queue_, nullptr, nullptr);
  for (const auto& source : sources_) {
    rd_kafka_queue_cb_event_enable(source->queue, nullptr, nullptr);
    if (source->followed) rd_kafka_queue_cb_event_enable(source->followed.get(), nullptr, nullptr);
  }
}

void ConsumerThread::Follow(uint32_t id, QueuePtr queue) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& source : sources_) {
    if (source->id != id || source->followed) continue;
    // Polling the source still works (librdkafka pops from where it forwards); only the signal moves.
    rd_kafka_queue_cb_event_enable(queue.get(), &ConsumerThread::OnSourceQueue, source.get());
    source->followed = std::move(queue);
    source->signalled = true;
    changed_.notify_one();
    return;
  }
}

QueuePtr ConsumerThread::TakeFollowed(uint32_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& source : sources_) {
    if (source->id != id || !source->followed) continue;
    rd_kafka_queue_cb_event_enable(source->followed.get(), nullptr, nullptr);
    return std::move(source->followed);
  }
  return nullptr;
}

void ConsumerThread::OnMainQueue(rd_kafka_t*, void* self) {
  auto* thread = static_cast<ConsumerThread*>(self);
  std::lock_guard<std::mutex> lock(thread->mutex_);
  thread->main_waiting_ = true;
  thread->changed_.notify_one();
}

void ConsumerThread::OnSourceQueue(rd_kafka_t*, void* opaque) {
  auto* source = static_cast<Source*>(opaque);
  ConsumerThread* thread = source->thread;
  std::lock_guard<std::mutex> lock(thread->mutex_);
  source->signalled = true;
  thread->changed_.notify_one();
}

void ConsumerThread::Interrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  interrupted_ = true;
  changed_.notify_one();
}

void ConsumerThread::Want(uint32_t id, bool waiting) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& source : sources_) {
    if (source->id != id) continue;
    source->wanted = true;
    source->waiting = waiting;
    changed_.notify_one();
  }
}

void ConsumerThread::AddSource(uint32_t id, QueuePtr queue) {
  auto source = std::make_shared<Source>(Source{this, id, queue.get(), std::move(queue), nullptr});
  rd_kafka_queue_cb_event_enable(source->queue, &ConsumerThread::OnSourceQueue, source.get());
  std::lock_guard<std::mutex> lock(mutex_);
  sources_.push_back(std::move(source));
  changed_.notify_one();
}

QueuePtr ConsumerThread::RemoveSource(uint32_t id) {
  std::shared_ptr<Source> removed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = sources_.begin(); it != sources_.end(); ++it) {
      if ((*it)->id != id) continue;
      removed = std::move(*it);
      sources_.erase(it);
      break;
    }
  }
  if (!removed) return nullptr;
  rd_kafka_queue_cb_event_enable(removed->queue, nullptr, nullptr);
  // An extraction under way may still be popping it: wait for it, so the queue is the caller's alone.
  std::lock_guard<std::mutex> extraction(extraction_);
  return std::move(removed->owned);
}

uint64_t ConsumerThread::HoldExtraction() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    holds_++;
  }
  // Waits for an extraction under way; none starts while held.
  std::lock_guard<std::mutex> extraction(extraction_);
  return ++epoch_;
}

void ConsumerThread::ReleaseExtraction() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (holds_ > 0) holds_--;
  changed_.notify_one();
}

std::deque<std::unique_ptr<ConsumeBatch>> ConsumerThread::Take() {
  std::deque<std::unique_ptr<ConsumeBatch>> taken;
  std::lock_guard<std::mutex> lock(batches_mutex_);
  taken.swap(batches_);
  return taken;
}

std::deque<std::unique_ptr<ConsumeBatch>> ConsumerThread::TakeAll() {
  std::deque<std::unique_ptr<ConsumeBatch>> taken = Take();
  // Held batches were read after every batch gathered for JavaScript.
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& source : sources_) {
    for (auto& batch : source->held) taken.push_back(std::move(batch));
    source->held.clear();
  }
  return taken;
}

std::vector<std::unique_ptr<ConsumeBatch>> ConsumerThread::Extract(Source& source, bool* left) {
  std::vector<std::unique_ptr<ConsumeBatch>> batches;
  const size_t count = source.bytes_per_message == 0 ? max_messages_ : std::clamp<size_t>(kReadBytes / source.bytes_per_message, 1, max_messages_);
  const size_t read = ReadQueue(source.queue, count, 0, read_mode_, epoch_, source.id, batches, left);
  if (read > 0) {
    size_t bytes = 0;
    for (const auto& batch : batches) bytes += batch->slab_size();
    source.bytes_per_message = std::max<size_t>(1, bytes / read);
  }
  return batches;
}

bool ConsumerThread::GatherBatch() {
  bool serve_main = false;
  std::vector<std::shared_ptr<Source>> ready;
  std::vector<std::unique_ptr<ConsumeBatch>> made;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto any_ready = [&] {
      for (const auto& source : sources_) {
        if (Ready(*source)) return true;
      }
      return false;
    };
    const bool woken = changed_.wait_for(lock, kKeepAlive, [&] { return interrupted_ || main_waiting_ || any_ready(); });
    if (interrupted_) {
      interrupted_ = false;
      return false;
    }
    // Cleared before popping: an event queued after a queue is found empty signals again.
    serve_main = main_waiting_;
    main_waiting_ = false;
    for (const auto& source : sources_) {
      if (holds_ == 0 && source->wanted && !source->held.empty()) {
        // What was read ahead of this Want() answers it; the next batch may be read ahead again.
        for (auto& batch : source->held) made.push_back(std::move(batch));
        source->held.clear();
        source->wanted = false;
        source->may_prefetch = true;
      }
      const bool keep_alive = !woken && source->id == 0 && source->wanted && source->waiting && holds_ == 0;
      if (!Ready(*source) && !keep_alive) continue;
      source->signalled = false;
      ready.push_back(source);
    }
    if (!serve_main && ready.empty() && made.empty()) return false;
  }

  if (!ready.empty()) {
    std::lock_guard<std::mutex> extraction(extraction_);
    for (const auto& source : ready) {
      bool left = false;
      std::vector<std::unique_ptr<ConsumeBatch>> batches = Extract(*source, &left);
      std::lock_guard<std::mutex> lock(mutex_);
      if (left) source->signalled = true;
      bool any = false;
      bool rebalance = false;
      for (auto& batch : batches) {
        if (batch->consumer_event_count() == 0) continue;
        bool revoke = false;
        const rd_kafka_topic_partition_list_t* partitions = nullptr;
        if (batch->Rebalance(&revoke, &partitions)) {
          ledger_.HandedOut(revoke, partitions);
          rebalance = true;
        }
        any = true;
      }
      if (!any) continue;
      if (source->wanted) {
        // One read per Want(); then one ahead, unless this one ended at a rebalance (what follows waits for
        // its answer).
        for (auto& batch : batches) {
          if (batch->consumer_event_count() > 0) made.push_back(std::move(batch));
        }
        source->wanted = false;
        source->may_prefetch = !rebalance;
      } else {
        for (auto& batch : batches) {
          if (batch->consumer_event_count() > 0) source->held.push_back(std::move(batch));
        }
        source->may_prefetch = false;
      }
    }
  }
  if (serve_main) {
    auto batch = std::make_unique<ConsumeBatch>();
    if (!batch->TakeMainEvents(main_queue_)) {
      std::lock_guard<std::mutex> lock(mutex_);
      main_waiting_ = true;
    }
    // Before the messages gathered with it: commit results and logs are not held back by them.
    if (!batch->empty()) made.insert(made.begin(), std::move(batch));
  }
  if (made.empty()) return false;
  std::lock_guard<std::mutex> lock(batches_mutex_);
  for (auto& batch : made) batches_.push_back(std::move(batch));
  return true;
}

}  // namespace rdkafka_napi
