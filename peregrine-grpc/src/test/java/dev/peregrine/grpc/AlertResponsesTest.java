package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.response;
import dev.peregrine.grpc.proto.SchemaProto;
import dev.peregrine.outputs.Alert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertResponsesTest {

    @Test
    void priorityIsTheSeverity() {
        for (int severity = 0; severity <= 7; severity++) {
            Alert alert = Alert.of(0, severity, "r", "syscall", "h", List.of(), "line");
            assertThat(AlertResponses.of(alert).getPriority().getNumber()).isEqualTo(severity);
        }
        assertThat(AlertResponses.of(Alert.of(0, 6, "r", "syscall", "h", List.of(), "line")).getPriority())
                .isEqualTo(SchemaProto.priority.INFORMATIONAL);
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedSourceFollowsFalco() {
        assertThat(AlertResponses.deprecatedSource("syscall")).isEqualTo(SchemaProto.source.SYSCALL);
        assertThat(AlertResponses.deprecatedSource("k8s_audit")).isEqualTo(SchemaProto.source.K8S_AUDIT);
        assertThat(AlertResponses.deprecatedSource("internal")).isEqualTo(SchemaProto.source.INTERNAL);
        assertThat(AlertResponses.deprecatedSource("aws_cloudtrail")).isEqualTo(SchemaProto.source.PLUGIN);
        response r = AlertResponses.of(Alert.of(0, 4, "r", "k8s_audit", "h", List.of(), "line"));
        assertThat(r.getSourceDeprecated()).isEqualTo(SchemaProto.source.K8S_AUDIT);
        assertThat(r.getSource()).isEqualTo("k8s_audit");
    }

    @Test
    void timeBeforeTheEpochKeepsNanosPositive() {
        var time = AlertResponses.timestamp(-1);
        assertThat(time.getSeconds()).isEqualTo(-1);
        assertThat(time.getNanos()).isEqualTo(999_999_999);
    }

    @Test
    void emptyAlertHasNoFieldsOrTags() {
        response r = AlertResponses.of(Alert.of(5_000_000_001L, 0, "r", "syscall", "h", null, "line"));
        assertThat(r.getOutputFieldsMap()).isEmpty();
        assertThat(r.getTagsList()).isEmpty();
        assertThat(r.getTime().getSeconds()).isEqualTo(5);
        assertThat(r.getTime().getNanos()).isEqualTo(1);
    }
}
