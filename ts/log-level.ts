// librdkafka's syslog-style log levels.
export enum RDKafkaLogLevel {
  Emerg = 0,
  Alert = 1,
  Critical = 2,
  Error = 3,
  Warning = 4,
  Notice = 5,
  Info = 6,
  Debug = 7,
}
