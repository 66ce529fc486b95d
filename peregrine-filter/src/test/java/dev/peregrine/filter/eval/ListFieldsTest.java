package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.FieldType;
import dev.peregrine.fields.ListExtractor;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.fields.TextList;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.PluginEvents;
import dev.peregrine.state.SystemState;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fields declared as lists (plugins' list fields, such as ka.req.role.rules.verbs): in holds when every item is a
 * value, intersects when one is, a one-value operator when one item compares true, and a field with no item has
 * no value. The compiled form and the interpreter agree.
 */
class ListFieldsTest {
    /** The items the test field gives for the next evaluation; empty means no value. */
    private List<String> items = List.of();

    private FieldRegistry registry() {
        FieldRegistry r = new FieldRegistry();
        r.add(new FieldDef("test.verbs", FieldType.CHARBUF, "a list", FieldDef.Arg.NONE, a -> new ListExtractor() {
            @Override
            public boolean extractItems(EventContext ctx, TextList out) {
                out.clear();
                items.forEach(i -> out.add(i.getBytes(StandardCharsets.UTF_8)));
                return out.size() > 0;
            }

            @Override
            public boolean print(EventContext ctx, TextBuffer out) {
                out.append("(" + String.join(",", items) + ")");
                return !items.isEmpty();
            }
        }, true));
        return r;
    }

    /** A plugin event for the filters to run on (the test field ignores it). */
    private static EventContext context() {
        MemorySegment buf = MemorySegment.ofArray(new byte[64]);
        PluginEvents.write(buf, 0, 1, 999, new byte[] {'{', '}'}, 0, 2);
        EventView view = new EventView();
        PluginEvents.wrap(view, buf, 0);
        EventContext ctx = new EventContext(new SystemState(new CaptureMetadata()), view);
        ctx.advance(1);
        return ctx;
    }

    private boolean holds(String condition, String... values) {
        items = List.of(values);
        Filter f = Filter.compile(condition, registry());
        EventContext ctx = context();
        boolean compiled = f.matches(ctx);
        assertThat(f.interpreter().matches(ctx)).as("interpreter on " + condition).isEqualTo(compiled);
        return compiled;
    }

    @Test
    void inNeedsEveryItemIntersectsOne() {
        assertThat(holds("test.verbs in (get, list)", "get", "list")).isTrue();
        assertThat(holds("test.verbs in (get, list)", "get", "delete")).isFalse();
        assertThat(holds("test.verbs intersects (create, delete)", "get", "delete")).isTrue();
        assertThat(holds("test.verbs intersects (create, patch)", "get", "delete")).isFalse();
    }

    @Test
    void oneValueOperatorsHoldWhenAnItemDoes() {
        assertThat(holds("test.verbs contains \"pods/exec\"", "pods", "pods/exec")).isTrue();
        assertThat(holds("test.verbs contains \"pods/exec\"", "pods", "services")).isFalse();
        assertThat(holds("test.verbs = delete", "get", "delete")).isTrue();
        assertThat(holds("test.verbs startswith del", "get")).isFalse();
    }

    @Test
    void noItemIsNoValue() {
        assertThat(holds("test.verbs exists")).isFalse();
        assertThat(holds("test.verbs in (get)")).isFalse();
        assertThat(holds("not test.verbs intersects (get)")).isTrue();
        assertThat(holds("test.verbs exists", "get")).isTrue();
    }

    @Test
    void getoptListsKeepLibsinspsOperatorCheck() {
        assertThatThrownBy(() -> Filter.compile("getopt((\"-n\"), \"n\") = n", registry()))
                .hasMessageContaining("'=' operator not supported list filters");
    }
}
