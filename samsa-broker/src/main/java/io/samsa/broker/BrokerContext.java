package io.samsa.broker;

import io.samsa.broker.auth.Authorization;
import io.samsa.broker.auth.ScramCredentials;
import io.samsa.broker.quota.ClientQuotas;
import io.samsa.broker.txn.TransactionVerifier;
import io.samsa.common.config.BrokerConfig;
import io.samsa.coordinator.group.GroupCoordinator;
import io.samsa.coordinator.txn.TransactionCoordinator;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.controller.Controller;
import io.samsa.replication.ReplicaManager;
import java.util.concurrent.Executor;
import org.apache.kafka.common.utils.Time;

/**
 * What request handlers may use: the broker's identity and config, and its services. Built once by
 * {@link Broker}; immutable.
 *
 * @param brokerId       this broker's {@code broker.id}
 * @param clusterId      the cluster id from ZooKeeper
 * @param config         static broker config
 * @param metadata       cluster metadata (ZooKeeper)
 * @param logDirs        the log dirs and the replicas in them (handlers never see a Log)
 * @param replicaManager hosted partitions
 * @param topics         topic administration shared by CreateTopics, Metadata auto-creation and others
 * @param producerIds    producer id allocation
 * @param groups         the group coordinator
 * @param offsetsTopic   the {@code __consumer_offsets} topic
 * @param transactions   the transaction coordinator
 * @param transactionStateTopic the {@code __transaction_state} topic
 * @param transactionVerifier asks transaction coordinators about partitions before a transactional append
 * @param blockingExecutor where handlers run work that may block (ZooKeeper writes), never the network threads
 * @param time           the clock
 * @param controller     this broker's controller (active or not: its operator APIs answer NOT_CONTROLLER when not)
 * @param dynamicConfigCheck checks a dynamic broker config change against this broker's services before it is stored
 * @param authorization  the ACL checks every handler makes (answers yes to all when authorization is off)
 * @param scramCredentials the cluster's SCRAM credentials (AlterUserScramCredentials changes them)
 * @param entityConfigs  users', client ids' and IPs' stored configs (AlterClientQuotas changes them)
 * @param clientQuotas   the client quotas in force, and their measurement
 */
public record BrokerContext(int brokerId, String clusterId, BrokerConfig config, MetadataStore metadata,
                            LogDirUsage logDirs, ReplicaManager replicaManager, TopicAdmin topics,
                            ProducerIdManager producerIds, GroupCoordinator groups, InternalTopic offsetsTopic,
                            TransactionCoordinator transactions, InternalTopic transactionStateTopic,
                            TransactionVerifier transactionVerifier,
                            Executor blockingExecutor, Time time, Controller controller,
                            DynamicConfigCheck dynamicConfigCheck, Authorization authorization,
                            ScramCredentials scramCredentials, EntityConfigs entityConfigs,
                            ClientQuotas clientQuotas) {
}
