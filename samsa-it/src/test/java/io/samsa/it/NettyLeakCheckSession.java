package io.samsa.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link NettyLeakCheck} when the test run starts. Installing it from {@link TestBroker} alone was too late
 * whenever the first test class to run started brokers some other way (the in-process cluster, kcat tests): Netty's
 * buffer leak detector then already existed, and every later leak check failed. Registered through
 * {@code META-INF/services}; JUnit calls it.
 */
public final class NettyLeakCheckSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NettyLeakCheck.install();
    }
}
