package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@link EventIds} constant names, in the loaded event table, the event its name says: the event's name and
 * direction are derived from the constant's name (libs' code) by libs' naming rules, so a constant holding some
 * other event's number (creat's exit written as 57, which is accept4's) fails here.
 */
class EventIdsTest {
    /** libs' codes: an optional family prefix, the syscall, an optional layout version, the direction. */
    private static final Pattern CODE = Pattern.compile("(?:SYSCALL_|SOCKET_|ITER_)?(.+?)(?:_\\d+)?_([EX])");

    /** Codes (without direction) whose event name does not follow from the code. */
    private static final Map<String, String> IRREGULAR_NAMES = Map.ofEntries(
            Map.entry("GENERIC", "syscall"),
            Map.entry("SOCKET_ACCEPT4", "accept"), // the first two accept4 layouts show as accept
            Map.entry("SOCKET_ACCEPT4_5", "accept"),
            Map.entry("SYSCALL_EPOLLWAIT", "epoll_wait"),
            Map.entry("SYSCALL_NEWSELECT", "select"),
            Map.entry("SCHEDSWITCH_1", "switch"),
            Map.entry("SCHEDSWITCH_6", "switch"),
            Map.entry("CONTAINER_JSON", "container"),
            Map.entry("CONTAINER_JSON_2", "container"),
            Map.entry("INFRASTRUCTURE_EVENT", "infra"),
            Map.entry("USER_ADDED", "useradded"),
            Map.entry("USER_DELETED", "userdeleted"),
            Map.entry("GROUP_ADDED", "groupadded"),
            Map.entry("GROUP_DELETED", "groupdeleted"));

    /** Events libs defines as an enter only (so are all iterator events, ITER_*): their exit slot is named NA. */
    private static final Set<String> ENTER_ONLY = Set.of("PROCEXIT", "PROCEXIT_1", "SCHEDSWITCH_1", "SCHEDSWITCH_6",
            "SCAPEVENT", "CONTAINER", "SIGNALDELIVER", "PROCINFO", "CPU_HOTPLUG", "K8S", "TRACER", "MESOS",
            "CONTAINER_JSON", "CONTAINER_JSON_2", "NOTIFICATION", "INFRASTRUCTURE_EVENT", "PAGE_FAULT", "PLUGINEVENT",
            "USER_ADDED", "USER_DELETED", "GROUP_ADDED", "GROUP_DELETED", "ASYNCEVENT");

    /** Events libs defines as an exit only: their enter slot is named NA. */
    private static final Set<String> EXIT_ONLY = Set.of("SYSCALL_CLOSE_RANGE", "SYSCALL_KEYCTL");

    private static final EventTable TABLE = EventTable.get();

    private record Constant(String name, int value) {
    }

    private static List<Constant> eventConstants() throws IllegalAccessException {
        List<Constant> out = new ArrayList<>();
        for (Field f : EventIds.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == int.class
                    && (f.getName().endsWith("_E") || f.getName().endsWith("_X"))) {
                out.add(new Constant(f.getName(), f.getInt(null)));
            }
        }
        return out;
    }

    /** The event name libs gives the event of this code (without PPME_). */
    static String expectedName(String code) {
        Matcher m = CODE.matcher(code);
        if (!m.matches()) {
            throw new IllegalArgumentException(code + " is not a libs event code");
        }
        String withoutDirection = code.substring(0, code.length() - 2);
        boolean enter = m.group(2).equals("E");
        if (enter && EXIT_ONLY.contains(withoutDirection) || !enter && (ENTER_ONLY.contains(withoutDirection)
                || code.startsWith("ITER_"))) {
            return "NA";
        }
        String irregular = IRREGULAR_NAMES.get(withoutDirection);
        return irregular != null ? irregular : m.group(1).toLowerCase(Locale.ROOT);
    }

    /** What is wrong with constant {@code name} holding {@code value}, or null when the table agrees. */
    static String mismatch(String name, int value) {
        EventInfo info = TABLE.info(value);
        if (info == null) {
            return name + " = " + value + ": no such event type";
        }
        String expected = expectedName(name) + " " + (name.endsWith("_E") ? '>' : '<');
        String actual = info.name() + " " + info.direction();
        if (!expected.equals(actual)) {
            return name + " = " + value + ": the table has " + actual + " there, the name says " + expected;
        }
        return info.code().equals("PPME_" + name) ? null
                : name + " = " + value + ": the table's code there is " + info.code();
    }

    @Test
    void everyConstantNamesTheEventItsNameSays() throws Exception {
        List<Constant> constants = eventConstants();
        assertThat(constants).isNotEmpty();
        List<String> wrong = new ArrayList<>();
        for (Constant c : constants) {
            String m = mismatch(c.name(), c.value());
            if (m != null) {
                wrong.add(m);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anIdOfAnotherEventIsReported() {
        // the copy that was wrong before ids were generated: creat's exit written as accept4's
        int accept4Exit = TABLE.byCode("PPME_SOCKET_ACCEPT4_X").id();
        assertThat(mismatch("SYSCALL_CREAT_X", accept4Exit)).contains("accept <").contains("creat <");
        assertThat(mismatch("SYSCALL_CREAT_X", accept4Exit + 1)).contains("creat >");
        assertThat(mismatch("SYSCALL_CREAT_X", EventIds.SYSCALL_CREAT_X)).isNull();
    }

    @Test
    void everyEventTypeHasOneConstant() throws Exception {
        Set<Integer> values = new HashSet<>();
        for (Constant c : eventConstants()) {
            assertThat(values.add(c.value())).as("%s is the only constant for %d", c.name(), c.value()).isTrue();
        }
        assertThat(EventIds.EVENT_MAX).isEqualTo(TABLE.size());
        for (int id = 0; id < TABLE.size(); id++) {
            assertThat(values).as("a constant for event %s", TABLE.info(id)).contains(id);
        }
    }

    @Test
    void legacyMaxIsWhereSysdigsTableEnds() {
        // e5c53d6's table ends with clone3's exit
        assertThat(EventIds.LEGACY_EVENT_MAX).isEqualTo(TABLE.legacySize());
        assertThat(TABLE.info(EventIds.LEGACY_EVENT_MAX - 1).name()).isEqualTo("clone3");
        assertThat(TABLE.info(EventIds.LEGACY_EVENT_MAX).name()).isNotEqualTo("clone3");
    }

    @Test
    void codesAreLookedUpByName() {
        assertThat(TABLE.byCode("PPME_SYSCALL_CREAT_X").id()).isEqualTo(EventIds.SYSCALL_CREAT_X);
        assertThat(TABLE.byCode("PPME_SYSCALL_CREAT_X").name()).isEqualTo("creat");
        assertThat(TABLE.byCode("PPME_NO_SUCH_EVENT")).isNull();
    }
}
