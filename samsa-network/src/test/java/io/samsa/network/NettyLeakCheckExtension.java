package io.samsa.network;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaked a Netty buffer (see {@link NettyLeaks}). Registered for every test of this module
 * through {@code META-INF/services} and {@code junit-platform.properties}, so JUnit loads it before any test class
 * touches Netty, which is when the recording detector must be installed.
 */
public final class NettyLeakCheckExtension implements AfterAllCallback {
    static {
        NettyLeaks.install();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        NettyLeaks.assertNoLeaks();
    }
}
