package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check that every test class of this module passes through must itself catch a leak. */
class NettyLeaksTest {

    @Test
    void aBufferNeverReleasedFailsTheCheck() throws Exception {
        NettyLeaks.assertNoLeaks(); // whatever earlier classes left is theirs, not this test's
        leak();
        assertThatThrownBy(NettyLeaks::assertNoLeaks).isInstanceOf(AssertionError.class)
                .hasMessageContaining("leak").hasMessageContaining("NettyLeaksTest.leak");
        NettyLeaks.assertNoLeaks(); // reported once, then cleared
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(1);
    }
}
