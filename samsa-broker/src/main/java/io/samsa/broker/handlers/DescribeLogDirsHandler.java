package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.LogDirUsage;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.io.File;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;

/** DescribeLogDirs (v1+): per log dir, the partitions in it with their sizes, and the dir's total and usable bytes. */
public final class DescribeLogDirsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeLogDirsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.DESCRIBE);
        DescribeLogDirsRequestData data = request.body(DescribeLogDirsRequest.class).data();
        Map<String, Set<Integer>> wanted = null;
        if (data.topics() != null) {
            wanted = new HashMap<>();
            for (DescribeLogDirsRequestData.DescribableLogDirTopic t : data.topics()) {
                wanted.computeIfAbsent(t.topic(), k -> new java.util.HashSet<>()).addAll(t.partitions());
            }
        }
        Map<String, Set<Integer>> filter = wanted;
        Map<File, List<LogDirUsage.ReplicaSize>> byDir = ctx.logDirs().replicasByDir(tp -> filter == null
                || filter.getOrDefault(tp.topic(), Set.of()).contains(tp.partition()));
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        for (Map.Entry<File, List<LogDirUsage.ReplicaSize>> e : byDir.entrySet()) {
            Map<String, DescribeLogDirsTopic> topics = new LinkedHashMap<>();
            for (LogDirUsage.ReplicaSize replica : e.getValue()) {
                TopicPartition tp = replica.topicPartition();
                topics.computeIfAbsent(tp.topic(), n -> new DescribeLogDirsTopic().setName(n)).partitions()
                        .add(new DescribeLogDirsPartition().setPartitionIndex(tp.partition())
                                .setPartitionSize(replica.sizeInBytes()).setOffsetLag(0).setIsFutureKey(false));
            }
            DescribeLogDirsResult r = new DescribeLogDirsResult().setLogDir(e.getKey().getPath())
                    .setErrorCode(Errors.NONE.code())
                    .setTotalBytes(e.getKey().getTotalSpace()).setUsableBytes(e.getKey().getUsableSpace());
            r.topics().addAll(topics.values());
            response.results().add(r);
        }
        return CompletableFuture.completedFuture(response);
    }
}
