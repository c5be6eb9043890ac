// Every error code librdkafka 2.12 defines (rd_kafka_resp_err_t), named as rust-rdkafka names them.
// Negative codes are local to the client; positive ones come from the broker. test/client/errors.test.ts
// checks this list against the linked librdkafka's own table, so a librdkafka upgrade cannot leave a code out.

/**
 * The code of a `KafkaError`: librdkafka's `rd_kafka_resp_err_t`, named as rust-rdkafka names them. Negative codes
 * are the client's own ("Local: ..."), positive ones come from the broker.
 *
 * @example
 * if (error instanceof KafkaError && error.code === RDKafkaErrorCode.QueueFull) producer.poll(100);
 */
export enum RDKafkaErrorCode {
  /** Local: Bad message format */
  BadMessage = -199,
  /** Local: Invalid compressed data */
  BadCompression = -198,
  /** Local: Broker handle destroyed for termination */
  BrokerDestroy = -197,
  /** Local: Communication failure with broker */
  Fail = -196,
  /** Local: Broker transport failure */
  BrokerTransportFailure = -195,
  /** Local: Critical system resource failure */
  CriticalSystemResource = -194,
  /** Local: Host resolution failure */
  Resolve = -193,
  /** Local: Message timed out */
  MessageTimedOut = -192,
  /** Broker: No more messages */
  PartitionEOF = -191,
  /** Local: Unknown partition */
  UnknownPartition = -190,
  /** Local: File or filesystem error */
  FileSystem = -189,
  /** Local: Unknown topic */
  UnknownTopic = -188,
  /** Local: All broker connections are down */
  AllBrokersDown = -187,
  /** Local: Invalid argument or configuration */
  InvalidArgument = -186,
  /** Local: Timed out */
  OperationTimedOut = -185,
  /** Local: Queue full */
  QueueFull = -184,
  /** Local: ISR count insufficient */
  ISRInsufficient = -183,
  /** Local: Broker node update */
  NodeUpdate = -182,
  /** Local: SSL error */
  SSL = -181,
  /** Local: Waiting for coordinator */
  WaitingForCoordinator = -180,
  /** Local: Unknown group */
  UnknownGroup = -179,
  /** Local: Operation in progress */
  InProgress = -178,
  /** Local: Previous operation in progress */
  PreviousInProgress = -177,
  /** Local: Existing subscription */
  ExistingSubscription = -176,
  /** Local: Assign partitions */
  AssignPartitions = -175,
  /** Local: Revoke partitions */
  RevokePartitions = -174,
  /** Local: Conflicting use */
  Conflict = -173,
  /** Local: Erroneous state */
  State = -172,
  /** Local: Unknown protocol */
  UnknownProtocol = -171,
  /** Local: Not implemented */
  NotImplemented = -170,
  /** Local: Authentication failure */
  Authentication = -169,
  /** Local: No offset stored */
  NoOffset = -168,
  /** Local: Outdated */
  Outdated = -167,
  /** Local: Timed out in queue */
  TimedOutQueue = -166,
  /** Local: Required feature not supported by broker */
  UnsupportedFeature = -165,
  /** Local: Awaiting cache update */
  WaitCache = -164,
  /** Local: Operation interrupted */
  Interrupted = -163,
  /** Local: Key serialization error */
  KeySerialization = -162,
  /** Local: Value serialization error */
  ValueSerialization = -161,
  /** Local: Key deserialization error */
  KeyDeserialization = -160,
  /** Local: Value deserialization error */
  ValueDeserialization = -159,
  /** Local: Partial response */
  Partial = -158,
  /** Local: Read-only object */
  ReadOnly = -157,
  /** Local: No such entry */
  NoEnt = -156,
  /** Local: Read underflow */
  Underflow = -155,
  /** Local: Invalid type */
  InvalidType = -154,
  /** Local: Retry operation */
  Retry = -153,
  /** Local: Purged in queue */
  PurgeQueue = -152,
  /** Local: Purged in flight */
  PurgeInflight = -151,
  /** Local: Fatal error */
  Fatal = -150,
  /** Local: Inconsistent state */
  Inconsistent = -149,
  /** Local: Gap-less ordering would not be guaranteed if proceeding */
  GaplessGuarantee = -148,
  /** Local: Maximum application poll interval (max.poll.interval.ms) exceeded */
  PollExceeded = -147,
  /** Local: Unknown broker */
  UnknownBroker = -146,
  /** Local: Functionality not configured */
  NotConfigured = -145,
  /** Local: This instance has been fenced by a newer instance */
  Fenced = -144,
  /** Local: Application generated error */
  Application = -143,
  /** Local: Group partition assignment lost */
  AssignmentLost = -142,
  /** Local: No operation performed */
  Noop = -141,
  /** Local: No offset to automatically reset to */
  AutoOffsetReset = -140,
  /** Local: Partition log truncation detected */
  LogTruncation = -139,
  /** Local: an invalid record in the same batch caused the failure of this message too */
  InvalidDifferentRecord = -138,
  /** Local: Broker handle destroyed without termination */
  DestroyBroker = -137,
  /** Unknown broker error */
  Unknown = -1,
  /** Success */
  NoError = 0,
  /** Broker: Offset out of range */
  OffsetOutOfRange = 1,
  /** Broker: Invalid message */
  InvalidMessage = 2,
  /** Broker: Unknown topic or partition */
  UnknownTopicOrPartition = 3,
  /** Broker: Invalid message size */
  InvalidMessageSize = 4,
  /** Broker: Leader not available */
  LeaderNotAvailable = 5,
  /** Broker: Not leader for partition */
  NotLeaderForPartition = 6,
  /** Broker: Request timed out */
  RequestTimedOut = 7,
  /** Broker: Broker not available */
  BrokerNotAvailable = 8,
  /** Broker: Replica not available */
  ReplicaNotAvailable = 9,
  /** Broker: Message size too large */
  MessageSizeTooLarge = 10,
  /** Broker: StaleControllerEpochCode */
  StaleControllerEpoch = 11,
  /** Broker: Offset metadata string too large */
  OffsetMetadataTooLarge = 12,
  /** Broker: Broker disconnected before response received */
  NetworkException = 13,
  /** Broker: Coordinator load in progress */
  CoordinatorLoadInProgress = 14,
  /** Broker: Coordinator not available */
  CoordinatorNotAvailable = 15,
  /** Broker: Not coordinator */
  NotCoordinator = 16,
  /** Broker: Invalid topic */
  InvalidTopic = 17,
  /** Broker: Message batch larger than configured server segment size */
  MessageBatchTooLarge = 18,
  /** Broker: Not enough in-sync replicas */
  NotEnoughReplicas = 19,
  /** Broker: Message(s) written to insufficient number of in-sync replicas */
  NotEnoughReplicasAfterAppend = 20,
  /** Broker: Invalid required acks value */
  InvalidRequiredAcks = 21,
  /** Broker: Specified group generation id is not valid */
  IllegalGeneration = 22,
  /** Broker: Inconsistent group protocol */
  InconsistentGroupProtocol = 23,
  /** Broker: Invalid group.id */
  InvalidGroupId = 24,
  /** Broker: Unknown member */
  UnknownMemberId = 25,
  /** Broker: Invalid session timeout */
  InvalidSessionTimeout = 26,
  /** Broker: Group rebalance in progress */
  RebalanceInProgress = 27,
  /** Broker: Commit offset data size is not valid */
  InvalidCommitOffsetSize = 28,
  /** Broker: Topic authorization failed */
  TopicAuthorizationFailed = 29,
  /** Broker: Group authorization failed */
  GroupAuthorizationFailed = 30,
  /** Broker: Cluster authorization failed */
  ClusterAuthorizationFailed = 31,
  /** Broker: Invalid timestamp */
  InvalidTimestamp = 32,
  /** Broker: Unsupported SASL mechanism */
  UnsupportedSASLMechanism = 33,
  /** Broker: Request not valid in current SASL state */
  IllegalSASLState = 34,
  /** Broker: API version not supported */
  UnsupportedVersion = 35,
  /** Broker: Topic already exists */
  TopicAlreadyExists = 36,
  /** Broker: Invalid number of partitions */
  InvalidPartitions = 37,
  /** Broker: Invalid replication factor */
  InvalidReplicationFactor = 38,
  /** Broker: Invalid replica assignment */
  InvalidReplicaAssignment = 39,
  /** Broker: Configuration is invalid */
  InvalidConfig = 40,
  /** Broker: Not controller for cluster */
  NotController = 41,
  /** Broker: Invalid request */
  InvalidRequest = 42,
  /** Broker: Message format on broker does not support request */
  UnsupportedForMessageFormat = 43,
  /** Broker: Policy violation */
  PolicyViolation = 44,
  /** Broker: Broker received an out of order sequence number */
  OutOfOrderSequenceNumber = 45,
  /** Broker: Broker received a duplicate sequence number */
  DuplicateSequenceNumber = 46,
  /** Broker: Producer attempted an operation with an old epoch */
  InvalidProducerEpoch = 47,
  /** Broker: Producer attempted a transactional operation in an invalid state */
  InvalidTransactionalState = 48,
  /** Broker: Producer attempted to use a producer id which is not currently assigned to its transactional id */
  InvalidProducerIdMapping = 49,
  /** Broker: Transaction timeout is larger than the maximum value allowed by the broker's max.transaction.timeout.ms */
  InvalidTransactionTimeout = 50,
  /** Broker: Producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing */
  ConcurrentTransactions = 51,
  /** Broker: Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer */
  TransactionCoordinatorFenced = 52,
  /** Broker: Transactional Id authorization failed */
  TransactionalIdAuthorizationFailed = 53,
  /** Broker: Security features are disabled */
  SecurityDisabled = 54,
  /** Broker: Operation not attempted */
  OperationNotAttempted = 55,
  /** Broker: Disk error when trying to access log file on disk */
  KafkaStorageError = 56,
  /** Broker: The user-specified log directory is not found in the broker config */
  LogDirNotFound = 57,
  /** Broker: SASL Authentication failed */
  SaslAuthenticationFailed = 58,
  /** Broker: Unknown Producer Id */
  UnknownProducerId = 59,
  /** Broker: Partition reassignment is in progress */
  ReassignmentInProgress = 60,
  /** Broker: Delegation Token feature is not enabled */
  DelegationTokenAuthDisabled = 61,
  /** Broker: Delegation Token is not found on server */
  DelegationTokenNotFound = 62,
  /** Broker: Specified Principal is not valid Owner/Renewer */
  DelegationTokenOwnerMismatch = 63,
  /** Broker: Delegation Token requests are not allowed on this connection */
  DelegationTokenRequestNotAllowed = 64,
  /** Broker: Delegation Token authorization failed */
  DelegationTokenAuthorizationFailed = 65,
  /** Broker: Delegation Token is expired */
  DelegationTokenExpired = 66,
  /** Broker: Supplied principalType is not supported */
  InvalidPrincipalType = 67,
  /** Broker: The group is not empty */
  NonEmptyGroup = 68,
  /** Broker: The group id does not exist */
  GroupIdNotFound = 69,
  /** Broker: The fetch session ID was not found */
  FetchSessionIdNotFound = 70,
  /** Broker: The fetch session epoch is invalid */
  InvalidFetchSessionEpoch = 71,
  /** Broker: No matching listener */
  ListenerNotFound = 72,
  /** Broker: Topic deletion is disabled */
  TopicDeletionDisabled = 73,
  /** Broker: Leader epoch is older than broker epoch */
  FencedLeaderEpoch = 74,
  /** Broker: Leader epoch is newer than broker epoch */
  UnknownLeaderEpoch = 75,
  /** Broker: Unsupported compression type */
  UnsupportedCompressionType = 76,
  /** Broker: Broker epoch has changed */
  StaleBrokerEpoch = 77,
  /** Broker: Leader high watermark is not caught up */
  OffsetNotAvailable = 78,
  /** Broker: Group member needs a valid member ID */
  MemberIdRequired = 79,
  /** Broker: Preferred leader was not available */
  PreferredLeaderNotAvailable = 80,
  /** Broker: Consumer group has reached maximum size */
  GroupMaxSizeReached = 81,
  /** Broker: Static consumer fenced by other consumer with same group.instance.id */
  FencedInstanceId = 82,
  /** Broker: Eligible partition leaders are not available */
  EligibleLeadersNotAvailable = 83,
  /** Broker: Leader election not needed for topic partition */
  ElectionNotNeeded = 84,
  /** Broker: No partition reassignment is in progress */
  NoReassignmentInProgress = 85,
  /** Broker: Deleting offsets of a topic while the consumer group is subscribed to it */
  GroupSubscribedToTopic = 86,
  /** Broker: Broker failed to validate record */
  InvalidRecord = 87,
  /** Broker: There are unstable offsets that need to be cleared */
  UnstableOffsetCommit = 88,
  /** Broker: Throttling quota has been exceeded */
  ThrottlingQuotaExceeded = 89,
  /** Broker: There is a newer producer with the same transactionalId which fences the current one */
  ProducerFenced = 90,
  /** Broker: Request illegally referred to resource that does not exist */
  ResourceNotFound = 91,
  /** Broker: Request illegally referred to the same resource twice */
  DuplicateResource = 92,
  /** Broker: Requested credential would not meet criteria for acceptability */
  UnacceptableCredential = 93,
  /** Broker: Indicates that the either the sender or recipient of a voter-only request is not one of the expected voters */
  InconsistentVoterSet = 94,
  /** Broker: Invalid update version */
  InvalidUpdateVersion = 95,
  /** Broker: Unable to update finalized features due to server error */
  FeatureUpdateFailed = 96,
  /** Broker: Request principal deserialization failed during forwarding */
  PrincipalDeserializationFailure = 97,
  /** Broker: Unknown topic id */
  UnknownTopicId = 100,
  /** Broker: The member epoch is fenced by the group coordinator */
  FencedMemberEpoch = 110,
  /** Broker: The instance ID is still used by another member in the consumer group */
  UnreleasedInstanceId = 111,
  /** Broker: The assignor or its version range is not supported by the consumer group */
  UnsupportedAssignor = 112,
  /** Broker: The member epoch is stale */
  StaleMemberEpoch = 113,
  /** Broker: Client sent a push telemetry request with an invalid or outdated subscription ID */
  UnknownSubscriptionId = 117,
  /** Broker: Client sent a push telemetry request larger than the maximum size the broker will accept */
  TelemetryTooLarge = 118,
  /** Broker: Client metadata is stale, client should rebootstrap to obtain new metadata */
  RebootstrapRequired = 129,
}
