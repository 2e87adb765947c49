package io.samsa.broker.auth;

import java.util.Optional;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ApiException;

/**
 * What became of one binding an {@link AclAuthorizer} was asked to create, or one binding a delete filter matched:
 * done, or the error to answer for it. Built by the authorizer, read by the ACL handlers.
 *
 * @param binding   the binding
 * @param exception why it was not created or removed; empty when it was
 */
public record AclChangeResult(AclBinding binding, Optional<ApiException> exception) {

    public static AclChangeResult done(AclBinding binding) {
        return new AclChangeResult(binding, Optional.empty());
    }

    public static AclChangeResult failed(AclBinding binding, ApiException e) {
        return new AclChangeResult(binding, Optional.of(e));
    }
}
