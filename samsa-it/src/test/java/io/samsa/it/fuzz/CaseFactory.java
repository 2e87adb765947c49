package io.samsa.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Builds the bytes of a {@link FuzzCase} from its seed: the realistic request of the (API, version)
 * ({@link RequestTemplates}), then the kind's mutation. Stateless apart from what it was given.
 */
final class CaseFactory {
    /** A field mutation that cannot be written at the version, or changes nothing there, is drawn again. */
    private static final int FIELD_ATTEMPTS = 20;
    private static final int MAX_RANDOM_BODY = 2_048;

    private final Supplier<FuzzTargets> targets;
    private final AdvertisedApis apis;
    private final int pipelineDepth;

    /** @param targets the resources as they are now (a recreated topic has a new id) */
    CaseFactory(Supplier<FuzzTargets> targets, AdvertisedApis apis, int pipelineDepth) {
        this.targets = targets;
        this.apis = apis;
        this.pipelineDepth = pipelineDepth;
    }

    FuzzCase make(long number, long seed, CaseKind kind, ApiKeys api, short version) {
        Random r = new Random(seed);
        FuzzTargets now = targets.get();
        Builder b = new Builder(number, r, now, new FieldMutator(new MutationValues(now)));
        String mutation = switch (kind) {
            case VALID -> b.add(api, version, b.valid(api, version, r, number));
            case FIELD -> b.field(api, version);
            case LENGTH -> b.length(api, version);
            case BYTES -> b.bytes(api, version);
            case TRUNCATED -> b.truncated(api, version);
            case RANDOM_BODY -> b.randomBody(api, version);
            case WRONG_VERSION -> b.wrongVersion(api, version);
            case LYING_SIZE -> b.lyingSize(api, version);
            case PIPELINE_UNREAD -> b.pipeline(api, version);
            case PIPELINED -> b.pipelined(api, version);
        };
        return new FuzzCase(number, kind, api, version, mutation, b.out.toByteArray(), b.frames,
                kind != CaseKind.PIPELINE_UNREAD);
    }


    /** Accumulates a case's frames; each frame gets the next correlation id. */
    private final class Builder {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long number;
        final Random r;
        final FuzzTargets targets;
        final FieldMutator fields;
        int frames;
        int correlationId;

        Builder(long number, Random r, FuzzTargets targets, FieldMutator fields) {
            this.number = number;
            this.r = r;
            this.targets = targets;
            this.fields = fields;
            this.correlationId = r.nextInt(1 << 20);
        }

        byte[] valid(ApiKeys api, short version, Random random, long caseNo) {
            return Frames.bodyBytes(template(api, version, random.nextLong(), caseNo), version);
        }

        ApiMessage template(ApiKeys api, short version, long templateSeed, long caseNo) {
            return RequestTemplates.build(api, version, new TemplateInput(targets, new Random(templateSeed), caseNo));
        }

        byte[] header(ApiKeys api, short version) {
            return Frames.headerBytes(Frames.header(api, version, ++correlationId));
        }

        String add(ApiKeys api, short version, byte[] body) {
            write(Frames.frame(Frames.payload(header(api, version), WaitCaps.clampRaw(api, version, body))));
            return "";
        }

        void write(byte[] frame) {
            out.writeBytes(frame);
            frames++;
        }

        String field(ApiKeys api, short version) {
            long templateSeed = r.nextLong();
            byte[] original = Frames.bodyBytes(template(api, version, templateSeed, number), version);
            for (int attempt = 0; attempt < FIELD_ATTEMPTS; attempt++) {
                ApiMessage m = template(api, version, templateSeed, number);
                String what = fields.mutate(m, r);
                if (what == null) {
                    break;
                }
                WaitCaps.clamp(m);
                byte[] body;
                try {
                    body = Frames.bodyBytes(m, version);
                } catch (RuntimeException e) {
                    continue; // not writable at this version (a null where none is allowed, a field it lacks)
                }
                if (!Arrays.equals(body, original)) {
                    add(api, version, body);
                    return what;
                }
            }
            // A message without a field that matters at this version (ApiVersions v0): change its bytes instead.
            return bytes(api, version);
        }

        String length(ApiKeys api, short version) {
            byte[] body = valid(api, version, r, number);
            String[] what = new String[1];
            byte[] lied = LengthMutator.mutate(api, version, body, r, what);
            if (lied == null) {
                return truncated(api, version);
            }
            add(api, version, lied);
            return what[0];
        }

        String bytes(ApiKeys api, short version) {
            byte[] body = valid(api, version, r, number);
            if (body.length == 0) {
                return randomBody(api, version);
            }
            int n = 1 + r.nextInt(4);
            StringBuilder what = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int at = r.nextInt(body.length);
                byte to = (byte) r.nextInt(256);
                what.append(i == 0 ? "" : ", ").append("body[").append(at).append("] = ").append(to & 0xFF);
                body[at] = to;
            }
            add(api, version, body);
            return what.toString();
        }

        String truncated(ApiKeys api, short version) {
            byte[] body = valid(api, version, r, number);
            int cut = body.length == 0 ? 0 : r.nextInt(body.length);
            add(api, version, Arrays.copyOf(body, cut));
            return "body cut to " + cut + " of " + body.length + " bytes";
        }

        String randomBody(ApiKeys api, short version) {
            byte[] body = new byte[r.nextInt(MAX_RANDOM_BODY)];
            r.nextBytes(body);
            add(api, version, body);
            return body.length + " random bytes";
        }

        String wrongVersion(ApiKeys api, short version) {
            ApiVersion range = apis.range(api);
            List<Short> others = new ArrayList<>();
            for (short v = range.minVersion(); v <= range.maxVersion(); v++) {
                if (v != version) {
                    others.add(v);
                }
            }
            others.addAll(List.of((short) (range.minVersion() - 1), (short) (range.maxVersion() + 1), (short) -1,
                    Short.MAX_VALUE));
            short claimed = others.get(r.nextInt(others.size()));
            byte[] body = valid(api, version, r, number);
            write(Frames.frame(Frames.payload(header(api, claimed), WaitCaps.clampRaw(api, claimed, body))));
            return "header says v" + claimed;
        }

        String lyingSize(ApiKeys api, short version) {
            byte[] payload = Frames.payload(header(api, version), valid(api, version, r, number));
            int size = switch (r.nextInt(7)) {
                case 0 -> payload.length + 1;
                case 1 -> payload.length + 1 + r.nextInt(1 << 20);
                case 2 -> Integer.MAX_VALUE;
                case 3 -> -1 - r.nextInt(Integer.MAX_VALUE);
                case 4 -> 0;
                default -> r.nextInt(payload.length);
            };
            write(Frames.frame(size, payload));
            return "size " + size + " for " + payload.length + " bytes";
        }

        String pipeline(ApiKeys api, short version) {
            int n = 2 + r.nextInt(Math.max(1, pipelineDepth - 1));
            for (int i = 0; i < n; i++) {
                add(api, version, valid(api, version, r, number));
            }
            return n + " requests, never read";
        }

        String pipelined(ApiKeys api, short version) {
            int before = r.nextInt(4);
            int after = 1 + r.nextInt(3);
            for (int i = 0; i < before; i++) {
                addOther();
            }
            String what = switch (r.nextInt(3)) {
                case 0 -> field(api, version);
                case 1 -> bytes(api, version);
                default -> "valid" + add(api, version, valid(api, version, r, number));
            };
            for (int i = 0; i < after; i++) {
                addOther();
            }
            return before + " valid requests, then " + what + ", then " + after + " valid requests";
        }

        private void addOther() {
            ApiKeys other = apis.randomApi(r);
            ApiVersion range = apis.range(other);
            short v = (short) (range.minVersion() + r.nextInt(range.maxVersion() - range.minVersion() + 1));
            add(other, v, valid(other, v, r, number));
        }
    }
}
