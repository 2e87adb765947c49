package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsRequest;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * DescribeUserScramCredentials: needs DESCRIBE on the cluster; answers, from this broker's copy of the stored
 * credentials, each user's mechanisms and iterations (never a salt or key). With Kafka's per-user errors: an empty
 * name, a user named twice, a user without credentials.
 */
public final class DescribeUserScramCredentialsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeUserScramCredentialsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.DESCRIBE);
        List<UserName> users = request.body(DescribeUserScramCredentialsRequest.class).data().users();
        DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData();
        if (users == null || users.isEmpty()) {
            ctx.scramCredentials().all().forEach((user, credentials) ->
                    response.results().add(found(user, credentials)));
            return CompletableFuture.completedFuture(response);
        }
        Set<String> seen = new HashSet<>();
        Set<String> named = new LinkedHashSet<>();
        Set<String> twice = new HashSet<>();
        for (UserName u : users) {
            if (!seen.add(u.name())) {
                twice.add(u.name());
            }
            named.add(u.name());
        }
        for (String user : named) {
            DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
            Map<ScramMechanism, ScramCredential> credentials = ctx.scramCredentials().of(user);
            if (user.isEmpty()) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code()).setErrorMessage("Username must not be empty");
            } else if (twice.contains(user)) {
                result.setErrorCode(Errors.DUPLICATE_RESOURCE.code()).setErrorMessage(
                        "Cannot describe SCRAM credentials for the same user twice in a single request: " + user);
            } else if (credentials.isEmpty()) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code()).setErrorMessage(
                        "Attempt to describe a user credential that does not exist: " + user);
            } else {
                result = found(user, credentials);
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static DescribeUserScramCredentialsResult found(String user,
                                                            Map<ScramMechanism, ScramCredential> credentials) {
        List<CredentialInfo> infos = new ArrayList<>();
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            ScramCredential credential = credentials.get(mechanism);
            if (credential != null) {
                infos.add(new CredentialInfo().setMechanism(mechanism.type()).setIterations(credential.iterations()));
            }
        }
        return new DescribeUserScramCredentialsResult().setUser(user).setCredentialInfos(infos);
    }
}
