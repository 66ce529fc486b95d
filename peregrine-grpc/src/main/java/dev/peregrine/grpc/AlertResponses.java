package dev.peregrine.grpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import dev.peregrine.grpc.proto.OutputsProto.response;
import dev.peregrine.grpc.proto.SchemaProto;
import dev.peregrine.outputs.Alert;

import java.util.Map;

/** Turns an {@link Alert} into the {@code falco.outputs.response} Falco's gRPC output sent for it. */
public final class AlertResponses {

    /** What Falco's outputs show for a field without a value. */
    public static final String NO_VALUE = "<NA>";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AlertResponses() {
    }

    @SuppressWarnings("deprecation") // source_deprecated: Falco still set it for clients built before `source`
    public static response of(Alert alert) {
        response.Builder b = response.newBuilder()
                .setTime(timestamp(alert.timeNs()))
                .setPriority(SchemaProto.priority.forNumber(alert.severity()))
                .setSourceDeprecated(deprecatedSource(alert.source()))
                .setRule(alert.rule())
                .setOutput(alert.line())
                .setHostname(alert.hostname())
                .addAllTags(alert.tags())
                .setSource(alert.source());
        for (Map.Entry<String, Object> field : alert.fields().entrySet()) {
            Object value = field.getValue();
            b.putOutputFields(field.getKey(), value == null ? NO_VALUE : String.valueOf(value));
        }
        return b.build();
    }

    static Timestamp timestamp(long timeNs) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(timeNs, NANOS_PER_SECOND))
                .setNanos((int) Math.floorMod(timeNs, NANOS_PER_SECOND))
                .build();
    }

    /** The enum by any of its spellings ("syscall", "k8s_audit", "internal"); any other source is a plugin's. */
    static SchemaProto.source deprecatedSource(String source) {
        EnumValueDescriptor value = SchemaProto.source.getDescriptor().findValueByName(source);
        return value == null ? SchemaProto.source.PLUGIN : SchemaProto.source.valueOf(value);
    }
}
