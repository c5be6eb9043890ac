// librdkafka's syslog-style log levels.

/** The level of a librdkafka log line (`context.log`), syslog's: lower is more severe. */
export enum RDKafkaLogLevel {
  /** The system is unusable. */
  Emerg = 0,
  /** Action must be taken at once. */
  Alert = 1,
  /** Critical conditions. */
  Critical = 2,
  /** Errors. */
  Error = 3,
  /** Warnings: the default level delivered. */
  Warning = 4,
  /** Normal but significant conditions. */
  Notice = 5,
  /** Informational. */
  Info = 6,
  /** Debugging (what the `debug` property turns on). */
  Debug = 7,
}
