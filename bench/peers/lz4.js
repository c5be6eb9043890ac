'use strict';
// An lz4 codec for kafkajs, which reads only gzip by itself: an application registers one, most often the
// kafkajs-lz4 package, whose `lz4` dependency is built from source by an install script. Here lz4-napi (lz4_flex
// through napi-rs, prebuilt binaries in the npm registry, no install script) instead, a native decoder as well. Kafka's
// lz4 is the lz4 frame format.
const { CompressionCodecs, CompressionTypes } = require('kafkajs');
const { compressFrameSync, decompressFrameSync } = require('lz4-napi');

function registerKafkajsCodec() {
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    // kafkajs hands compress() its Encoder, decompress() the batch's records as a Buffer; both may return promises.
    compress: async (encoder) => compressFrameSync(encoder.buffer),
    decompress: async (buffer) => decompressFrameSync(buffer),
  });
}

module.exports = { registerKafkajsCodec };
