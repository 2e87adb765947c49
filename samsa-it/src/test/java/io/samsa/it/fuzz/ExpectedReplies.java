package io.samsa.it.fuzz;

import io.samsa.network.DuplicateKeyGuard;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What a broker must do with a stream of bytes, frame by frame, decided from the bytes alone, as the protocol
 * (ARCHITECTURE.md, "Wire protocol") and Kafka's behaviour dictate:
 * <ul>
 *   <li>a size below zero or above {@code socket.request.max.bytes}: close;</li>
 *   <li>an unknown or unadvertised API key, or a header that does not parse: close;</li>
 *   <li>an unadvertised version: close, except ApiVersions, which is answered at v0 with the supported ranges;</li>
 *   <li>a body that kafka-clients cannot parse at that version: close;</li>
 *   <li>a body that repeats one key of a keyed collection more than {@link DuplicateKeyGuard#MAX_EQUAL_KEYS} times:
 *       close (Samsa refuses it before parsing, whose cost grows with the cube of the repeats);</li>
 *   <li>Produce with acks=0: no answer (or a close, if it failed);</li>
 *   <li>anything else: an answer, at that version, with that correlation id.</li>
 * </ul>
 * A stream that ends inside a frame leaves the broker waiting for the rest; the client then shuts its output, and
 * the broker must close. Stateless.
 */
final class ExpectedReplies {

    /** What the broker must do with one frame. */
    sealed interface Reply permits Answer, Silence, Close {
    }

    /** A response frame: this correlation id, parsing as {@code api} at {@code responseVersion}. */
    record Answer(ApiKeys api, short requestVersion, short responseVersion, int correlationId) implements Reply {
    }

    /** No response (Produce with acks=0); the broker may close instead, if the produce failed. */
    record Silence() implements Reply {
    }

    /** The connection closed, with nothing sent for this frame. */
    record Close(String why) implements Reply {
    }

    /**
     * @param replies        one per complete frame, up to and including the first {@link Close}
     * @param incompleteTail the stream ends inside a frame (or its size), with no Close before
     */
    record Plan(List<Reply> replies, boolean incompleteTail) {
        boolean endsInClose() {
            return !replies.isEmpty() && replies.get(replies.size() - 1) instanceof Close;
        }
    }

    private final AdvertisedApis apis;
    private final int maxFrameBytes;

    ExpectedReplies(AdvertisedApis apis, int maxFrameBytes) {
        this.apis = apis;
        this.maxFrameBytes = maxFrameBytes;
    }

    Plan plan(byte[] stream) {
        List<Reply> replies = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(stream);
        while (b.remaining() >= Frames.SIZE_BYTES) {
            int size = b.getInt();
            if (size < 0 || size > maxFrameBytes) {
                replies.add(new Close("frame size " + size));
                return new Plan(replies, false);
            }
            if (b.remaining() < size) {
                return new Plan(replies, true);
            }
            byte[] frame = new byte[size];
            b.get(frame);
            Reply reply = reply(frame);
            replies.add(reply);
            if (reply instanceof Close) {
                return new Plan(replies, false);
            }
        }
        return new Plan(replies, b.hasRemaining());
    }

    /** What the broker must do with one frame (without its size). */
    Reply reply(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (b.remaining() < 4) {
            return new Close("frame of " + b.remaining() + " bytes");
        }
        short apiKey = b.getShort(0);
        short version = b.getShort(2);
        if (!ApiKeys.hasId(apiKey) || apis.range(ApiKeys.forId(apiKey)) == null) {
            return new Close("api key " + apiKey);
        }
        ApiKeys api = ApiKeys.forId(apiKey);
        RequestHeader header;
        try {
            header = RequestHeader.parse(b);
        } catch (RuntimeException e) {
            return new Close("header: " + e);
        }
        if (!apis.supports(api, version)) {
            return api == ApiKeys.API_VERSIONS
                    ? new Answer(api, version, (short) 0, header.correlationId())
                    : new Close(api + " v" + version + " is not advertised");
        }
        if (DuplicateKeyGuard.refuses(api, version, b)) {
            return new Close(api + " v" + version + " repeats a key too often");
        }
        AbstractRequest body;
        try {
            body = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(b)).request;
        } catch (RuntimeException e) {
            return new Close("body: " + e);
        }
        if (body instanceof ProduceRequest produce && produce.acks() == 0) {
            return new Silence();
        }
        return new Answer(api, version, version, header.correlationId());
    }
}
