package io.samsa.broker;

import io.samsa.broker.handlers.AddOffsetsToTxnHandler;
import io.samsa.broker.handlers.AddPartitionsToTxnHandler;
import io.samsa.broker.handlers.AlterConfigsHandler;
import io.samsa.broker.handlers.AlterClientQuotasHandler;
import io.samsa.broker.handlers.AlterUserScramCredentialsHandler;
import io.samsa.broker.handlers.DescribeClientQuotasHandler;
import io.samsa.broker.quota.ClientQuotaThrottle;
import io.samsa.broker.handlers.DescribeUserScramCredentialsHandler;
import io.samsa.broker.handlers.DescribeTransactionsHandler;
import io.samsa.broker.handlers.EndTxnHandler;
import io.samsa.broker.handlers.ListTransactionsHandler;
import io.samsa.broker.handlers.AlterPartitionReassignmentsHandler;
import io.samsa.broker.handlers.ElectLeadersHandler;
import io.samsa.broker.handlers.ListPartitionReassignmentsHandler;
import io.samsa.broker.handlers.ConsumerGroupDescribeHandler;
import io.samsa.broker.handlers.ConsumerGroupHeartbeatHandler;
import io.samsa.broker.handlers.CreatePartitionsHandler;
import io.samsa.broker.handlers.CreateTopicsHandler;
import io.samsa.broker.handlers.DeleteRecordsHandler;
import io.samsa.broker.handlers.DeleteTopicsHandler;
import io.samsa.broker.handlers.DeleteGroupsHandler;
import io.samsa.broker.handlers.DescribeClusterHandler;
import io.samsa.broker.handlers.DescribeGroupsHandler;
import io.samsa.broker.handlers.FindCoordinatorHandler;
import io.samsa.broker.handlers.HeartbeatHandler;
import io.samsa.broker.handlers.JoinGroupHandler;
import io.samsa.broker.handlers.LeaveGroupHandler;
import io.samsa.broker.handlers.ListGroupsHandler;
import io.samsa.broker.handlers.OffsetCommitHandler;
import io.samsa.broker.handlers.OffsetDeleteHandler;
import io.samsa.broker.handlers.OffsetFetchHandler;
import io.samsa.broker.handlers.SyncGroupHandler;
import io.samsa.broker.handlers.TxnOffsetCommitHandler;
import io.samsa.broker.handlers.DescribeConfigsHandler;
import io.samsa.broker.handlers.DescribeLogDirsHandler;
import io.samsa.broker.handlers.DescribeProducersHandler;
import io.samsa.broker.handlers.DescribeTopicPartitionsHandler;
import io.samsa.broker.handlers.FetchHandler;
import io.samsa.broker.handlers.IncrementalAlterConfigsHandler;
import io.samsa.broker.handlers.InitProducerIdHandler;
import io.samsa.broker.handlers.ListOffsetsHandler;
import io.samsa.broker.handlers.MetadataHandler;
import io.samsa.broker.handlers.OffsetForLeaderEpochHandler;
import io.samsa.broker.handlers.ProduceHandler;
import io.samsa.broker.handlers.WriteTxnMarkersHandler;
import io.samsa.broker.handlers.CreateAclsHandler;
import io.samsa.broker.handlers.DeleteAclsHandler;
import io.samsa.broker.handlers.DescribeAclsHandler;
import io.samsa.network.ApiRegistry;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The table of APIs this broker serves. ApiVersions advertises exactly this table, so adding an API here is the one
 * step that makes clients use it.
 */
final class ApiHandlers {
    /** Kafka's feature flag for the transaction protocol. */
    static final String TRANSACTION_VERSION_FEATURE = "transaction.version";

    private ApiHandlers() {
    }

    static ApiRegistry registry(BrokerContext ctx) {
        return new ApiRegistry()
                .register(ApiKeys.PRODUCE, new ProduceHandler(ctx))
                .register(ApiKeys.FETCH, new FetchHandler(ctx))
                .register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(ctx))
                .register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(ctx))
                .register(ApiKeys.METADATA, new MetadataHandler(ctx))
                .register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(ctx))
                .register(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(ctx))
                .register(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(ctx))
                .register(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(ctx))
                .register(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(ctx))
                .register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(ctx))
                .register(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(ctx))
                .register(ApiKeys.ALTER_CONFIGS, new AlterConfigsHandler(ctx))
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(ctx))
                .register(ApiKeys.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(ctx))
                .register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(ctx))
                .register(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, new DescribeUserScramCredentialsHandler(ctx))
                .register(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, new AlterUserScramCredentialsHandler(ctx))
                .register(ApiKeys.DESCRIBE_CLIENT_QUOTAS, new DescribeClientQuotasHandler(ctx))
                .register(ApiKeys.ALTER_CLIENT_QUOTAS, new AlterClientQuotasHandler(ctx))
                .register(ApiKeys.ELECT_LEADERS, new ElectLeadersHandler(ctx))
                .register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, new AlterPartitionReassignmentsHandler(ctx))
                .register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, new ListPartitionReassignmentsHandler(ctx))
                .register(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(ctx))
                .register(ApiKeys.JOIN_GROUP, new JoinGroupHandler(ctx))
                .register(ApiKeys.SYNC_GROUP, new SyncGroupHandler(ctx))
                .register(ApiKeys.HEARTBEAT, new HeartbeatHandler(ctx))
                .register(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(ctx))
                .register(ApiKeys.OFFSET_COMMIT, new OffsetCommitHandler(ctx))
                .register(ApiKeys.OFFSET_FETCH, new OffsetFetchHandler(ctx))
                .register(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(ctx))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler(ctx))
                .register(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(ctx))
                .register(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(ctx))
                .register(ApiKeys.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatHandler(ctx))
                .register(ApiKeys.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(ctx))
                .register(ApiKeys.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(ctx))
                .register(ApiKeys.DESCRIBE_PRODUCERS, new DescribeProducersHandler(ctx))
                .register(ApiKeys.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(ctx))
                .register(ApiKeys.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(ctx))
                .register(ApiKeys.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(ctx))
                .register(ApiKeys.END_TXN, new EndTxnHandler(ctx))
                .register(ApiKeys.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(ctx))
                .register(ApiKeys.LIST_TRANSACTIONS, new ListTransactionsHandler(ctx))
                .register(ApiKeys.CREATE_ACLS, new CreateAclsHandler(ctx))
                .register(ApiKeys.DESCRIBE_ACLS, new DescribeAclsHandler(ctx))
                .register(ApiKeys.DELETE_ACLS, new DeleteAclsHandler(ctx))
                // Kafka 4 producers use transactions v2 (KIP-890) when this is finalized at 2.
                .feature(new ApiRegistry.Feature(TRANSACTION_VERSION_FEATURE, (short) 0, (short) 2,
                        ctx.config().transactionVersion()))
                .throttle(new ClientQuotaThrottle(ctx.clientQuotas(), ctx.time(),
                        ctx.config().quotaWindowSizeSeconds() * 1000L));
    }
}
