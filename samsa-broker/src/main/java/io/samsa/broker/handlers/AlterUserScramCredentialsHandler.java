package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AlterUserScramCredentials (what {@code kafka-configs --entity-type users --add-config 'SCRAM-SHA-256=[...]'} and
 * Admin#alterUserScramCredentials send): needs ALTER on the cluster. The client sends a salt and a salted password;
 * the stored and server keys are derived from them here, so the password itself never reaches the broker. Users are
 * judged whole, with Kafka's errors and checks in Kafka's order: an empty name, an unknown mechanism or iterations
 * outside 4096..16384 fail the user; so does naming one user and mechanism twice, or deleting a credential that does
 * not exist. A user that passes is written in one ZooKeeper update, keeping its other keys (quotas).
 */
public final class AlterUserScramCredentialsHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(AlterUserScramCredentialsHandler.class);
    /** Kafka's upper bound (ZkAdminManager); the lower is the mechanism's own (4096). */
    static final int MAX_ITERATIONS = 16384;

    private final BrokerContext ctx;

    public AlterUserScramCredentialsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.ALTER);
        AlterUserScramCredentialsRequestData data = request.body(AlterUserScramCredentialsRequest.class).data();
        return BlockingCall.run(ctx, () -> alter(data.upsertions(), data.deletions()));
    }

    private AlterUserScramCredentialsResponseData alter(List<ScramCredentialUpsertion> upsertions,
                                                        List<ScramCredentialDeletion> deletions) {
        Map<String, AlterUserScramCredentialsResult> results = new LinkedHashMap<>();
        for (ScramCredentialDeletion d : deletions) {
            String problem = d.name().isEmpty() ? "Username must not be empty"
                    : mechanism(d.mechanism()) == null ? "Unknown SCRAM mechanism" : null;
            fail(results, d.name(), problem);
        }
        for (ScramCredentialUpsertion u : upsertions) {
            fail(results, u.name(), upsertionProblem(u));
        }
        // One user and mechanism named twice, among the users still valid, fails that user.
        Set<String> pairs = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (ScramCredentialDeletion d : deletions) {
            if (!results.containsKey(d.name()) && !pairs.add(d.name() + '\0' + d.mechanism())) {
                twice.add(d.name());
            }
        }
        for (ScramCredentialUpsertion u : upsertions) {
            if (!results.containsKey(u.name()) && !pairs.add(u.name() + '\0' + u.mechanism())) {
                twice.add(u.name());
            }
        }
        for (String user : twice) {
            results.put(user, result(user, Errors.DUPLICATE_RESOURCE,
                    "A user credential cannot be altered twice in the same request"));
        }
        Map<String, Map<ScramMechanism, ScramCredential>> changes = new LinkedHashMap<>();
        for (ScramCredentialDeletion d : deletions) {
            if (results.containsKey(d.name())) {
                continue;
            }
            ScramMechanism mechanism = mechanism(d.mechanism());
            if (ctx.scramCredentials().credential(d.name(), mechanism).isEmpty()) {
                results.put(d.name(), result(d.name(), Errors.RESOURCE_NOT_FOUND,
                        "Attempt to delete a user credential that does not exist"));
                changes.remove(d.name());
                continue;
            }
            changes.computeIfAbsent(d.name(), n -> new HashMap<>()).put(mechanism, null);
        }
        for (ScramCredentialUpsertion u : upsertions) {
            if (results.containsKey(u.name())) {
                continue;
            }
            try {
                ScramMechanism mechanism = mechanism(u.mechanism());
                ScramCredential credential = new ScramFormatter(mechanism)
                        .generateCredential(u.salt(), u.saltedPassword(), u.iterations());
                changes.computeIfAbsent(u.name(), n -> new EnumMap<>(ScramMechanism.class)).put(mechanism, credential);
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                log.info("Cannot derive the SCRAM credential of user {}: {}", u.name(), e.toString());
                results.put(u.name(), result(u.name(), Errors.UNACCEPTABLE_CREDENTIAL, "Invalid salted password"));
                changes.remove(u.name());
            }
        }
        changes.forEach((user, change) -> {
            try {
                ctx.scramCredentials().alter(user, change);
                results.put(user, result(user, Errors.NONE, null));
            } catch (RuntimeException e) {
                log.info("Altering the SCRAM credentials of user {} failed", user, e);
                Errors error = e instanceof ApiException ? Errors.forException(e) : Errors.UNKNOWN_SERVER_ERROR;
                results.put(user, result(user, error, error.message()));
            }
        });
        return new AlterUserScramCredentialsResponseData().setResults(List.copyOf(results.values()));
    }

    private static String upsertionProblem(ScramCredentialUpsertion u) {
        if (u.name().isEmpty()) {
            return "Username must not be empty";
        }
        ScramMechanism mechanism = mechanism(u.mechanism());
        if (mechanism == null) {
            return "Unknown SCRAM mechanism";
        }
        if (u.iterations() > MAX_ITERATIONS) {
            return "Too many iterations";
        }
        if (u.iterations() < mechanism.minIterations()) {
            return "Too few iterations";
        }
        if (u.salt().length == 0 || u.saltedPassword().length == 0) {
            return "Salt and salted password must not be empty";
        }
        return null;
    }

    /** Fails {@code user} with {@code problem}, the first one found for it; nothing when {@code problem} is null. */
    private static void fail(Map<String, AlterUserScramCredentialsResult> results, String user, String problem) {
        if (problem == null || results.containsKey(user)) {
            return;
        }
        Errors error = problem.equals("Unknown SCRAM mechanism") ? Errors.UNSUPPORTED_SASL_MECHANISM
                : Errors.UNACCEPTABLE_CREDENTIAL;
        results.put(user, result(user, error, problem));
    }

    private static AlterUserScramCredentialsResult result(String user, Errors error, String message) {
        return new AlterUserScramCredentialsResult().setUser(user).setErrorCode(error.code()).setErrorMessage(message);
    }

    /** The mechanism of Kafka's wire type byte (1 SHA-256, 2 SHA-512), or null for any other. */
    private static ScramMechanism mechanism(byte type) {
        for (ScramMechanism m : ScramMechanism.values()) {
            if (m.type() == type) {
                return m;
            }
        }
        return null;
    }
}
