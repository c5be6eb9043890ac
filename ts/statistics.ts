// librdkafka's statistics (STATISTICS.md), as emitted every `statistics.interval.ms`. Fields a given
// librdkafka version adds are kept (the object is the parsed JSON); these are the ones it documents.

export interface Window {
  min: number;
  max: number;
  avg: number;
  sum: number;
  cnt: number;
  stddev: number;
  hdrsize: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p99_99: number;
  outofrange: number;
}

export interface BrokerTopicPartition {
  topic: string;
  partition: number;
}

export interface BrokerStatistics {
  name: string;
  nodeid: number;
  nodename: string;
  source: string;
  state: string;
  stateage: number;
  outbuf_cnt: number;
  outbuf_msg_cnt: number;
  waitresp_cnt: number;
  waitresp_msg_cnt: number;
  tx: number;
  txbytes: number;
  txerrs: number;
  txretries: number;
  txidle?: number;
  req_timeouts: number;
  rx: number;
  rxbytes: number;
  rxerrs: number;
  rxcorriderrs: number;
  rxpartial: number;
  rxidle?: number;
  zbuf_grow: number;
  buf_grow: number;
  wakeups?: number;
  connects?: number;
  disconnects?: number;
  int_latency?: Window;
  outbuf_latency?: Window;
  rtt?: Window;
  throttle?: Window;
  req?: Record<string, number>;
  toppars?: Record<string, BrokerTopicPartition>;
}

export interface PartitionStatistics {
  partition: number;
  broker: number;
  leader: number;
  desired: boolean;
  unknown: boolean;
  msgq_cnt: number;
  msgq_bytes: number;
  xmit_msgq_cnt: number;
  xmit_msgq_bytes: number;
  fetchq_cnt: number;
  fetchq_size: number;
  fetch_state: string;
  query_offset: number;
  next_offset: number;
  app_offset: number;
  stored_offset: number;
  committed_offset: number;
  eof_offset: number;
  lo_offset: number;
  hi_offset: number;
  ls_offset: number;
  consumer_lag: number;
  consumer_lag_stored: number;
  txmsgs: number;
  txbytes: number;
  rxmsgs: number;
  rxbytes: number;
  msgs: number;
  rx_ver_drops: number;
  msgs_inflight: number;
  next_ack_seq: number;
  next_err_seq: number;
  acked_msgid: number;
}

export interface TopicStatistics {
  topic: string;
  age: number;
  metadata_age: number;
  batchsize: Window;
  batchcnt: Window;
  partitions: Record<string, PartitionStatistics>;
}

export interface ConsumerGroupStatistics {
  state: string;
  stateage: number;
  join_state: string;
  rebalance_age: number;
  rebalance_cnt: number;
  rebalance_reason: string;
  assignment_size: number;
}

export interface ExactlyOnceStatistics {
  idemp_state: string;
  idemp_stateage: number;
  txn_state: string;
  txn_stateage: number;
  txn_may_enq: boolean;
  producer_id: number;
  producer_epoch: number;
  epoch_cnt: number;
}

export interface Statistics {
  name: string;
  client_id: string;
  type: string;
  ts: number;
  time: number;
  age: number;
  replyq: number;
  msg_cnt: number;
  msg_size: number;
  msg_max: number;
  msg_size_max: number;
  tx: number;
  tx_bytes: number;
  rx: number;
  rx_bytes: number;
  txmsgs: number;
  txmsg_bytes: number;
  rxmsgs: number;
  rxmsg_bytes: number;
  simple_cnt: number;
  metadata_cache_cnt: number;
  brokers: Record<string, BrokerStatistics>;
  topics: Record<string, TopicStatistics>;
  cgrp?: ConsumerGroupStatistics;
  eos?: ExactlyOnceStatistics;
  [field: string]: unknown;
}
