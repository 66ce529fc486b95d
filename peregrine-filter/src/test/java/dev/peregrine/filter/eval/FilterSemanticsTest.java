package dev.peregrine.filter.eval;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.FilterSyntaxException;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What sysdig 0.29.3 cannot check (operators and transformers newer than it, IPv6 networks), each checked against
 * an equivalent expression it does support, or against values read by hand from the capture; plus load-time
 * errors and the event-type sets.
 */
class FilterSemanticsTest {
    private static Path cat() {
        return SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
    }

    private static List<String> run(Path capture, String expr) throws Exception {
        return FilterReplay.matching(capture, expr);
    }

    private static void sameEvents(Path capture, String newer, String equivalent) throws Exception {
        List<String> expected = run(capture, equivalent);
        assertThat(expected).as("the equivalent expression selects something").isNotEmpty();
        assertThat(run(capture, newer)).as(newer + " vs " + equivalent).isEqualTo(expected);
    }

    @Test
    void doubleEqualsIsEquals() throws Exception {
        sameEvents(cat(), "evt.type==open", "evt.type=open");
    }

    /** An empty list (what a rules file's empty list expands to) holds for no value, of a number or of a text. */
    @Test
    void emptyListsHoldForNoValue() throws Exception {
        assertThat(run(cat(), "fd.num in ()")).isEmpty();
        assertThat(run(cat(), "proc.name in ()")).isEmpty();
        sameEvents(cat(), "fd.num exists and not fd.num in ()", "fd.num exists");
        sameEvents(cat(), "not proc.name in () and evt.type=open", "evt.type=open");
    }

    @Test
    void transformers() throws Exception {
        sameEvents(cat(), "tolower(proc.name)=cat", "proc.name=cat");
        sameEvents(cat(), "toupper(proc.name)=CAT", "proc.name=cat");
        sameEvents(cat(), "basename(fd.name)=ld.so.cache", "fd.filename=ld.so.cache");
        // every shown event of cat_write.scap is from "cat", whose name has 3 letters
        sameEvents(cat(), "len(proc.name)=3", "proc.name=cat");
        sameEvents(cat(), "len(fd.name)>0 and evt.type=open", "fd.name exists and evt.type=open and evt.dir=<");
    }

    @Test
    void newerStringOperators() throws Exception {
        sameEvents(cat(), "proc.name iglob 'C*T'", "proc.name glob 'c*t'");
        sameEvents(cat(), "proc.name regex 'c.t'", "proc.name=cat");
        sameEvents(cat(), "fd.name regex '/etc/.*'", "fd.name startswith /etc/");
        sameEvents(cat(), "proc.name intersects (cat, curl)", "proc.name in (cat, curl)");
        // 45 4c 46 is "ELF"; 7f 45 4c 46 starts every ELF file
        sameEvents(cat(), "evt.buffer bcontains 454c46", "evt.buffer contains ELF");
        sameEvents(cat(), "evt.buffer bstartswith 7f454c46", "evt.buffer contains ELF");
    }

    @Test
    void fieldOnTheRightWithVal() throws Exception {
        // the main thread of a process has tid == pid
        sameEvents(cat(), "thread.tid=val(proc.pid)", "thread.ismain=true");
    }

    @Test
    void ipv6Networks() throws Exception {
        Path v6 = SharedData.upstream("libs-traces/single_ipv6_conn.scap");
        // sockets whose role is still unknown have no client or server address, so no network either
        sameEvents(v6, "fd.net=2001:db8::/32", "(fd.cip exists or fd.sip exists) and fd.name contains 2001:db8:");
        sameEvents(v6, "fd.snet=2001:db8::3/128", "fd.sip=2001:db8::3");
    }

    @Test
    void loadErrorsPointAtTheProblem() {
        FieldRegistry r = FieldRegistry.standard();
        assertThatThrownBy(() -> Filter.compile("proc.nmae = cat", r)).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining("unknown field 'proc.nmae'").hasMessageContaining("^");
        assertThatThrownBy(() -> Filter.compile("evt.num > abc", r)).isInstanceOf(FilterSyntaxException.class);
        assertThatThrownBy(() -> Filter.compile("proc.pid = abc", r)).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining("not a valid number");
        assertThatThrownBy(() -> Filter.compile("fd.sip = 1.2.3.400", r)).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining("not a valid IP address");
        assertThatThrownBy(() -> Filter.compile("fd.net = 10.0.0.0/33", r)).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining("network");
        assertThatThrownBy(() -> Filter.compile("proc.pid contains 3", r)).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining("operator 'contains' cannot be used with proc.pid");
        assertThatThrownBy(() -> Filter.compile("proc.name regex '('", r)).isInstanceOf(FilterCheckException.class);
        assertThatThrownBy(() -> Filter.compile("proc.name = cat and", r)).isInstanceOf(FilterSyntaxException.class);
        assertThatThrownBy(() -> Filter.compile("spawned_process", r)).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining("undefined macro 'spawned_process'");
        assertThatThrownBy(() -> Filter.compile("proc.aname[x] = bash", r)).isInstanceOf(FilterCheckException.class);
    }

    @Test
    void eventTypeSets() {
        FieldRegistry r = FieldRegistry.standard();
        EventTable t = EventTable.get();
        BitSet generic = new BitSet();
        generic.set(EventIds.GENERIC_E); // generic events are never ruled out (see EventTypes)
        generic.set(EventIds.GENERIC_X);
        BitSet open = EventTypes.typesNamed("open", t);
        open.or(generic);
        BitSet close = EventTypes.typesNamed("close", t);
        BitSet all = EventTypes.all(t);
        BitSet notOpen = (BitSet) all.clone();
        notOpen.andNot(EventTypes.typesNamed("open", t));
        BitSet openOrClose = (BitSet) open.clone();
        openOrClose.or(close);

        assertThat(open.cardinality()).isGreaterThanOrEqualTo(4);
        assertThat(Filter.compile("evt.type=open", r).eventTypes()).isEqualTo(open);
        assertThat(Filter.compile("evt.type in (open, close) and proc.name=cat", r).eventTypes())
                .isEqualTo(openOrClose);
        assertThat(Filter.compile("not evt.type=open", r).eventTypes()).isEqualTo(notOpen);
        assertThat(Filter.compile("evt.type!=open", r).eventTypes()).isEqualTo(notOpen);
        assertThat(Filter.compile("proc.name=cat", r).eventTypes()).isEqualTo(all);
        assertThat(Filter.compile("not proc.name=cat", r).eventTypes()).isEqualTo(all);
        assertThat(Filter.compile("evt.type=open or proc.name=cat", r).eventTypes()).isEqualTo(all);
        assertThat(Filter.compile("not (evt.type=open or proc.name=cat)", r).eventTypes()).isEqualTo(notOpen);
        assertThat(Filter.compile("not (evt.type=open and proc.name=cat)", r).eventTypes()).isEqualTo(all);
        assertThat(Filter.compile("evt.type=open and evt.type=close", r).eventTypes()).isEqualTo(generic);
        assertThat(Filter.compile("evt.type=mprotect", r).eventTypes().get(EventIds.GENERIC_E)).isTrue();
    }
}
