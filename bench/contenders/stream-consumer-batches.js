'use strict';
// rdkafka-napi's StreamConsumer in its batch form: `for await` over batches(), each message of each batch checked
// (partition, offset, size). Its partitions are assigned, as the C floor's are.
const { StreamConsumer } = require('../..');
const { Measurement, run } = require('../lib/contender');
const { ConsumedCheck, allPartitions, consumerConfig } = require('../lib/consumed');

run(async (workload) => {
  const { topic, partitions, messages, size } = workload;
  const consumer = new StreamConsumer(consumerConfig(workload, 'stream-consumer-batches'));
  consumer.assign(allPartitions(topic, partitions));
  const check = new ConsumedCheck(partitions, size);
  const measurement = new Measurement();
  for await (const batch of consumer.batches()) {
    if (check.count === 0) measurement.start();
    for (const message of batch) check.add(message.partition, message.offset, message.payload.length);
    if (check.count >= messages) break;
  }
  measurement.stop();
  await consumer.close();
  measurement.report({ consumed: check.count });
});
