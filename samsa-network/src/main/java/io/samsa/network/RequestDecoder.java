package io.samsa.network;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Turns one frame (without its 4-byte size) into a {@link Request}, or says why the connection must close.
 *
 * <pre>
 * +-----------------------------+------------------------------+
 * | request header (v0/v1/v2)   | request body (api, version)  |
 * +-----------------------------+------------------------------+
 * </pre>
 * The header version follows from the api key and version ({@code ApiKeys.requestHeaderVersion}).
 * Bodies are parsed by kafka-clients; record sets in a Produce body stay slices of the frame buffer.
 *
 * <p>Stateless and thread-safe.
 */
final class RequestDecoder {

    /** Outcome of decoding: a request to handle, or an ApiVersions request of a version we do not speak. */
    record Decoded(RequestHeader header, AbstractRequest body, boolean unsupportedApiVersions) {
    }

    private final ApiRegistry registry;

    /**
     * Whether a parsed body of {@code key} still points into its frame. kafka-clients copies every field out of the
     * buffer except {@code records} fields (Produce), which are slices of it, and bytes fields its schemas mark
     * zero-copy (Envelope); so every other request's frame can be released as soon as it is parsed.
     * ({@code RequestDecoderTest} fails if a request schema with records appears that is not listed here.)
     */
    static boolean bodyReferencesFrame(ApiKeys key) {
        return key == ApiKeys.PRODUCE || key == ApiKeys.ENVELOPE;
    }

    RequestDecoder(ApiRegistry registry) {
        this.registry = registry;
    }

    /**
     * @throws InvalidRequestException for anything that must close the connection: unknown or unimplemented api
     *                                 key, unsupported version, a body that does not parse
     */
    Decoded decode(ByteBuf frame) {
        ByteBuffer buffer = frame.nioBuffer();
        if (buffer.remaining() < 4) {
            throw new InvalidRequestException("Frame of " + buffer.remaining() + " bytes is too short for a header");
        }
        short apiKeyId = buffer.getShort(0);
        short version = buffer.getShort(2);
        if (!ApiKeys.hasId(apiKeyId)) {
            throw new InvalidRequestException("Unknown API key " + apiKeyId);
        }
        ApiKeys apiKey = ApiKeys.forId(apiKeyId);
        ApiRegistry.Entry entry = registry.entry(apiKey);
        if (entry == null) {
            throw new InvalidRequestException("API " + apiKey + " is not supported by this broker");
        }
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Malformed request header for " + apiKey + " v" + version, e);
        }
        if (!entry.supports(version)) {
            if (apiKey == ApiKeys.API_VERSIONS) {
                // Clients send the newest ApiVersions they know; the body may be of a schema we cannot read.
                return new Decoded(header, new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0), true);
            }
            throw new InvalidRequestException("Unsupported version " + version + " of " + apiKey
                    + " (supported " + entry.minVersion() + ".." + entry.maxVersion() + ")");
        }
        // Before kafka-clients' parser, whose cost with repeated keys would stall this network thread.
        DuplicateKeyGuard.check(apiKey, version, buffer);
        AbstractRequest body;
        try {
            body = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(buffer)).request;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Malformed " + apiKey + " v" + version + " request body", e);
        }
        return new Decoded(header, body, false);
    }
}
