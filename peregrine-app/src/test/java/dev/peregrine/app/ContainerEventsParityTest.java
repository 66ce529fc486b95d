package dev.peregrine.app;

import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.ContainerJsonEvent;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventView;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Container events inside a capture, against sysdig 0.29.3: docker-k8s-capture.scap cut to its first 3000 events,
 * with container events written between its events, in both JSON layouts (CONTAINER_JSON_E, 16-bit parameter
 * lengths; CONTAINER_JSON_2_E, 32-bit): one describing a container none of the capture's own events described (its
 * processes' container fields change from then on), one for a container the capture already described (its processes
 * take the new description), and a failed lookup (libsinsp filters its event out). Peregrine must
 * print the events and the fields of the events after them exactly as sysdig does.
 */
class ContainerEventsParityTest {
    /** k8s-etcd's container: the capture's leading event describing it is left out of the cut capture. */
    private static final String ETCD = "4b44ae6e7bb7";
    /** k8s-api's container, which the capture's leading events describe. */
    private static final String API = "9e202e5f273e";
    private static final String FORMAT = "*%evt.num|%evt.type|%thread.tid|%proc.name|%container.id|%container.name"
            + "|%container.image|%container.image.id|%container.type|%container.privileged|%container.mounts"
            + "|%container.image.repository|%container.image.tag|%container.image.digest";

    @TempDir
    Path tmp;

    private static String json(String id, String name, boolean privileged, int lookupState) {
        return "{\"container\":{\"id\":\"" + id + "\",\"type\":0,\"name\":\"" + name + "\","
                + "\"image\":\"registry.example:5000/team/" + name + ":2.1\",\"imageid\":\"5acd1b9bc321\","
                + "\"imagerepo\":\"registry.example:5000/team/" + name + "\",\"imagetag\":\"2.1\","
                + "\"imagedigest\":\"sha256:b9ff6f23\",\"privileged\":" + privileged + ",\"lookup_state\":"
                + lookupState + ",\"Mounts\":[{\"Source\":\"/srv/" + name + "\",\"Destination\":\"/data\","
                + "\"Mode\":\"\",\"RW\":true,\"Propagation\":\"rprivate\"}],\"ip\":\"172.17.0.9\"}}";
    }

    /** A CONTAINER_JSON_E event (the older layout: one parameter with a 16-bit length) on tid -1. */
    private static EventView jsonV1(long ts, String json) {
        byte[] text = (json + "\0").getBytes(StandardCharsets.UTF_8);
        int len = EventView.HEADER_V2 + 2 + text.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ts).putLong(-1).putInt(len).putShort((short) EventIds.CONTAINER_JSON_E).putInt(1)
                .putShort((short) text.length).put(text);
        return view(b.array());
    }

    private static EventView view(byte[] bytes) {
        EventView v = new EventView();
        String bad = v.wrap(MemorySegment.ofArray(bytes), 0, EventView.HEADER_V2, false, 0, -1);
        assertThat(bad).isNull();
        return v;
    }

    private Path captureWithContainerEvents() throws Exception {
        Path out = tmp.resolve("container-events.scap");
        try (CaptureReader r = CaptureReader.open(SharedData.upstream("demo-traces/docker-k8s-capture.scap"));
             CaptureWriter w = CaptureWriter.create(out, r)) {
            EventView v = new EventView();
            int leadingLeftOut = 0;
            for (int i = 0; i < 3000 && r.next(v); i++) {
                if (HiddenEvents.isContainerEvent(v.type()) && paramText(v).contains(ETCD)) {
                    leadingLeftOut++;
                    continue;
                }
                long ts = v.timestamp();
                if (i == 1000) {
                    w.write(jsonV1(ts, json(ETCD, "etcd", true, 1)));
                } else if (i == 1500) {
                    w.write(view(ContainerJsonEvent.of(ts, json(API, "api-again", false, 1))));
                } else if (i == 2000) {
                    w.write(view(ContainerJsonEvent.of(ts, json("0123456789ab", "failed", false, 2))));
                }
                w.write(v);
            }
            assertThat(leadingLeftOut).as("the capture's own description of k8s-etcd").isEqualTo(1);
        }
        return out;
    }

    private static String paramText(EventView v) {
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < v.nparams(); p++) {
            s.append(v.paramString(p)).append('\n');
        }
        return s.toString();
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void containerEventsAndTheFieldsAfterThemAreAsSysdigShowsThem() throws Exception {
        Sysdig.require();
        Path capture = captureWithContainerEvents();
        List<String> sysdigDefault = Sysdig.run(capture);
        PrintedEvents.assertSameLines(sysdigDefault, PrintedEvents.lines(capture, null, SysdigTable.get()),
                capture.toString(), "default");
        List<String> sysdigFields = Sysdig.run(capture, "-p", FORMAT);
        List<String> ours = PrintedEvents.lines(capture, FORMAT, SysdigTable.get());
        PrintedEvents.assertSameLines(sysdigFields, ours, capture.toString(), FORMAT);

        // what the comparison covers: the two successful container events are printed, the failed one is not,
        // and etcd's processes have the metadata from its event on
        assertThat(sysdigDefault.stream().filter(l -> l.contains(" container json="))).hasSize(2);
        assertThat(ours.stream().filter(l -> l.contains("|container|"))).hasSize(2)
                .noneMatch(l -> l.contains("0123456789ab"));
        assertThat(ours).anyMatch(l -> l.contains("|" + ETCD + "|etcd|registry.example:5000/team/etcd:2.1|"
                + "5acd1b9bc321|docker|true|/srv/etcd:/data::true:rprivate|registry.example:5000/team/etcd|2.1|"
                + "sha256:b9ff6f23") && !l.contains("|container|"));
        // k8s-api's processes: the capture's own description, then the one of the later event
        int api = indexOf(ours, "|" + API + "|k8s-api|");
        int again = indexOf(ours, "|" + API + "|api-again|");
        assertThat(api).isNotNegative().isLessThan(again);
        assertThat(ours.subList(again, ours.size())).noneMatch(l -> l.contains("|" + API + "|k8s-api|"));
    }
}
