#include "consumer/consumer_thread.h"

#include <chrono>

namespace rdkafka_napi {
namespace {

// Main-queue events taken in one go (logs and statistics can come in bursts).
constexpr size_t kMaxMainEvents = 1024;

// How often an empty consumer queue is polled while JavaScript waits on it (see Want()).
constexpr auto kKeepAlive = std::chrono::milliseconds(200);

}  // namespace

ConsumerThread::ConsumerThread(Napi::Env env, rd_kafka_queue_t* main_queue, rd_kafka_queue_t* consumer_queue, size_t max_messages, Drain drain)
    : PollThreadBase(env, std::move(drain)), main_queue_(main_queue), consumer_queue_(consumer_queue), max_messages_(max_messages) {
  rd_kafka_queue_cb_event_enable(main_queue_, &ConsumerThread::OnMainQueue, this);
  if (consumer_queue_ != nullptr) rd_kafka_queue_cb_event_enable(consumer_queue_, &ConsumerThread::OnConsumerQueue, this);
  Start();
}

ConsumerThread::~ConsumerThread() {
  Stop();
  // Takes each queue's lock: once these return, librdkafka no longer calls us.
  rd_kafka_queue_cb_event_enable(main_queue_, nullptr, nullptr);
  if (consumer_queue_ != nullptr) rd_kafka_queue_cb_event_enable(consumer_queue_, nullptr, nullptr);
}

void ConsumerThread::OnMainQueue(rd_kafka_t*, void* self) { static_cast<ConsumerThread*>(self)->Signal(&ConsumerThread::main_waiting_); }

void ConsumerThread::OnConsumerQueue(rd_kafka_t*, void* self) {
  static_cast<ConsumerThread*>(self)->Signal(&ConsumerThread::consumer_waiting_);
}

void ConsumerThread::Signal(bool ConsumerThread::*flag) {
  std::lock_guard<std::mutex> lock(mutex_);
  this->*flag = true;
  changed_.notify_one();
}

void ConsumerThread::Interrupt() { Signal(&ConsumerThread::interrupted_); }

void ConsumerThread::Want(bool waiting) {
  std::lock_guard<std::mutex> lock(mutex_);
  wanted_ = true;
  waiting_ = waiting;
  changed_.notify_one();
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

bool ConsumerThread::GatherBatch() {
  bool serve_main = false;
  bool serve_consumer = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto may_pull = [&] { return consumer_queue_ != nullptr && wanted_ && holds_ == 0; };
    auto consumer_ready = [&] { return may_pull() && consumer_waiting_; };
    const bool woken = changed_.wait_for(lock, kKeepAlive, [&] { return interrupted_ || main_waiting_ || consumer_ready(); });
    if (interrupted_) {
      interrupted_ = false;
      return false;
    }
    // Cleared before popping: an event queued after the queue is found empty signals again.
    serve_main = main_waiting_;
    main_waiting_ = false;
    serve_consumer = consumer_ready() || (!woken && may_pull() && waiting_);
    if (serve_consumer) consumer_waiting_ = false;
    if (!serve_main && !serve_consumer) return false;
  }

  std::unique_ptr<ConsumeBatch> batch;
  bool main_left = false;
  bool consumer_left = false;
  if (serve_consumer) {
    std::lock_guard<std::mutex> extraction(extraction_);
    batch = std::make_unique<ConsumeBatch>(epoch_);
    while (batch->message_count() < max_messages_) {
      rd_kafka_event_t* event = rd_kafka_queue_poll(consumer_queue_, 0);
      if (event == nullptr) break;
      if (!batch->AddConsumerEvent(EventPtr(event))) {
        consumer_left = true;  // a rebalance ends the batch; what follows waits for its answer
        break;
      }
    }
    if (batch->message_count() >= max_messages_) consumer_left = true;
  } else {
    batch = std::make_unique<ConsumeBatch>();  // main-queue events only: no epoch to speak of
  }
  if (serve_main) {
    size_t taken = 0;
    for (; taken < kMaxMainEvents; taken++) {
      rd_kafka_event_t* event = rd_kafka_queue_poll(main_queue_, 0);
      if (event == nullptr) break;
      batch->AddMainEvent(EventPtr(event));
    }
    main_left = taken == kMaxMainEvents;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (main_left) main_waiting_ = true;
    if (consumer_left) consumer_waiting_ = true;
    // One batch of the consumer queue per Want().
    if (batch->consumer_event_count() > 0) wanted_ = false;
  }
  if (batch->empty()) return false;
  std::lock_guard<std::mutex> lock(batches_mutex_);
  batches_.push_back(std::move(batch));
  return true;
}

}  // namespace rdkafka_napi
