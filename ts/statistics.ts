// librdkafka's statistics (STATISTICS.md), as emitted every `statistics.interval.ms`. Fields a given
// librdkafka version adds are kept (the object is the parsed JSON); these are the ones it documents.

/** Rolling statistics of a latency or size over the last statistics interval (times in microseconds). */
export interface Window {
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Average. */
  avg: number;
  /** Sum of the values. */
  sum: number;
  /** How many values. */
  cnt: number;
  /** Standard deviation. */
  stddev: number;
  /** Memory of the underlying histogram, in bytes. */
  hdrsize: number;
  /** 50th percentile. */
  p50: number;
  /** 75th percentile. */
  p75: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** 99.99th percentile. */
  p99_99: number;
  /** Values beyond the histogram's range. */
  outofrange: number;
}

/** A partition led by (assigned to) a broker. */
export interface BrokerTopicPartition {
  /** The topic. */
  topic: string;
  /** The partition. */
  partition: number;
}

/** One broker, as this client sees it. */
export interface BrokerStatistics {
  /** `host:port/id`. */
  name: string;
  /** The broker id (-1 for bootstrap brokers). */
  nodeid: number;
  /** `host:port`. */
  nodename: string;
  /** Where it was learned: `configured`, `learned`, `internal` or `logical`. */
  source: string;
  /** Connection state, e.g. `UP`, `DOWN`, `CONNECT`. */
  state: string;
  /** Time in that state, in microseconds. */
  stateage: number;
  /** Requests waiting to be sent. */
  outbuf_cnt: number;
  /** Messages in those requests. */
  outbuf_msg_cnt: number;
  /** Requests sent, awaiting a response. */
  waitresp_cnt: number;
  /** Messages in those requests. */
  waitresp_msg_cnt: number;
  /** Requests sent. */
  tx: number;
  /** Bytes sent. */
  txbytes: number;
  /** Send errors. */
  txerrs: number;
  /** Requests retried. */
  txretries: number;
  /** Microseconds since the last send (-1 when none). */
  txidle?: number;
  /** Requests that timed out. */
  req_timeouts: number;
  /** Responses received. */
  rx: number;
  /** Bytes received. */
  rxbytes: number;
  /** Receive errors. */
  rxerrs: number;
  /** Responses whose correlation id matched no request. */
  rxcorriderrs: number;
  /** Partial message sets received. */
  rxpartial: number;
  /** Microseconds since the last receive (-1 when none). */
  rxidle?: number;
  /** Times the decompression buffer grew. */
  zbuf_grow: number;
  /** Times a buffer grew (deprecated). */
  buf_grow: number;
  /** Times the broker thread was woken. */
  wakeups?: number;
  /** Connection attempts. */
  connects?: number;
  /** Disconnections. */
  disconnects?: number;
  /** Time messages spend in the local queue before being sent. */
  int_latency?: Window;
  /** Time requests spend in the send buffer. */
  outbuf_latency?: Window;
  /** Round-trip time of requests. */
  rtt?: Window;
  /** Broker throttling time. */
  throttle?: Window;
  /** Requests sent, by request type. */
  req?: Record<string, number>;
  /** The partitions this broker leads, by `topic-partition`. */
  toppars?: Record<string, BrokerTopicPartition>;
}

/** One partition of a topic. */
export interface PartitionStatistics {
  /** The partition (-1 for the internal unassigned one). */
  partition: number;
  /** The broker this client talks to for it. */
  broker: number;
  /** Its leader's broker id. */
  leader: number;
  /** Explicitly wanted by the application. */
  desired: boolean;
  /** Not in the cluster's metadata. */
  unknown: boolean;
  /** Messages waiting in the partition's first queue. */
  msgq_cnt: number;
  /** Bytes of those messages. */
  msgq_bytes: number;
  /** Messages ready to be sent to the broker. */
  xmit_msgq_cnt: number;
  /** Bytes of those messages. */
  xmit_msgq_bytes: number;
  /** Pre-fetched messages (consumers). */
  fetchq_cnt: number;
  /** Bytes pre-fetched (consumers). */
  fetchq_size: number;
  /** Consumer fetch state. */
  fetch_state: string;
  /** Offset being queried (consumers). */
  query_offset: number;
  /** Next offset to fetch (consumers). */
  next_offset: number;
  /** Offset of the last message passed to the application, plus one (consumers). */
  app_offset: number;
  /** Offset to be committed (consumers). */
  stored_offset: number;
  /** Last committed offset (consumers). */
  committed_offset: number;
  /** Last offset an end-of-partition was reported at (consumers). */
  eof_offset: number;
  /** The partition's low watermark. */
  lo_offset: number;
  /** The partition's high watermark. */
  hi_offset: number;
  /** The last stable offset (transactions). */
  ls_offset: number;
  /** High watermark minus the committed offset (consumers). */
  consumer_lag: number;
  /** High watermark minus the stored offset (consumers). */
  consumer_lag_stored: number;
  /** Messages sent. */
  txmsgs: number;
  /** Bytes of messages sent. */
  txbytes: number;
  /** Messages received (consumers). */
  rxmsgs: number;
  /** Bytes received (consumers). */
  rxbytes: number;
  /** Messages produced or consumed in all. */
  msgs: number;
  /** Messages dropped as outdated (consumers). */
  rx_ver_drops: number;
  /** Messages in flight to the broker awaiting a response. */
  msgs_inflight: number;
  /** Next expected acknowledged sequence (idempotence). */
  next_ack_seq: number;
  /** Next expected errored sequence (idempotence). */
  next_err_seq: number;
  /** Last acknowledged internal message id (idempotence). */
  acked_msgid: number;
}

/** One topic. */
export interface TopicStatistics {
  /** Its name. */
  topic: string;
  /** Microseconds since this client first used it. */
  age: number;
  /** Age of its metadata, in milliseconds. */
  metadata_age: number;
  /** Sizes of the batches sent, in bytes. */
  batchsize: Window;
  /** Messages per batch sent. */
  batchcnt: Window;
  /** Its partitions, by number. */
  partitions: Record<string, PartitionStatistics>;
}

/** The consumer group (consumers only). */
export interface ConsumerGroupStatistics {
  /** Coordinator state. */
  state: string;
  /** Milliseconds in that state. */
  stateage: number;
  /** Join state. */
  join_state: string;
  /** Milliseconds since the last rebalance. */
  rebalance_age: number;
  /** Rebalances so far. */
  rebalance_cnt: number;
  /** Why the last rebalance happened. */
  rebalance_reason: string;
  /** Partitions assigned. */
  assignment_size: number;
}

/** Idempotence and transactions. */
export interface ExactlyOnceStatistics {
  /** Idempotent producer state. */
  idemp_state: string;
  /** Milliseconds in that state. */
  idemp_stateage: number;
  /** Transaction state. */
  txn_state: string;
  /** Milliseconds in that state. */
  txn_stateage: number;
  /** Whether messages may be enqueued in the current transaction state. */
  txn_may_enq: boolean;
  /** The producer id (-1 before one is assigned). */
  producer_id: number;
  /** The producer epoch. */
  producer_epoch: number;
  /** Producer id and epoch assignments so far. */
  epoch_cnt: number;
}

/** Everything one statistics event reports (`context.stats`), every `statistics.interval.ms`: librdkafka's STATISTICS.md, parsed. */
export interface Statistics {
  /** The client's handle name. */
  name: string;
  /** The configured `client.id`. */
  client_id: string;
  /** `producer` or `consumer`. */
  type: string;
  /** librdkafka's monotonic clock, in microseconds. */
  ts: number;
  /** Wall clock, in seconds since the epoch. */
  time: number;
  /** Microseconds since the client was created. */
  age: number;
  /** Events waiting in the main queue to be polled. */
  replyq: number;
  /** Messages in the producer queues. */
  msg_cnt: number;
  /** Bytes of those messages. */
  msg_size: number;
  /** `queue.buffering.max.messages`. */
  msg_max: number;
  /** `queue.buffering.max.kbytes`, in bytes. */
  msg_size_max: number;
  /** Requests sent to all brokers. */
  tx: number;
  /** Bytes sent to all brokers. */
  tx_bytes: number;
  /** Responses received from all brokers. */
  rx: number;
  /** Bytes received from all brokers. */
  rx_bytes: number;
  /** Messages sent to all brokers. */
  txmsgs: number;
  /** Bytes of messages sent. */
  txmsg_bytes: number;
  /** Messages received (consumers). */
  rxmsgs: number;
  /** Bytes of messages received (consumers). */
  rxmsg_bytes: number;
  /** Legacy simple-consumer count. */
  simple_cnt: number;
  /** Topics in the metadata cache. */
  metadata_cache_cnt: number;
  /** Every broker, by name. */
  brokers: Record<string, BrokerStatistics>;
  /** Every topic in use, by name. */
  topics: Record<string, TopicStatistics>;
  /** The consumer group (consumers). */
  cgrp?: ConsumerGroupStatistics;
  /** Idempotence and transactions (producers). */
  eos?: ExactlyOnceStatistics;
  /** Fields other librdkafka versions add. */
  [field: string]: unknown;
}
