package dev.peregrine.scap.synthetic;

import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.ParamInfo;
import dev.peregrine.scap.ParamType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One event of a {@link SyntheticCapture}, named by its event-table name and direction (never by its id), with
 * parameter values encoded as the event table types them:
 * <ul>
 *   <li>fixed-width types take a {@link Number} (a {@link Boolean} for PT_BOOL, a dotted quad for PT_IPV4ADDR, an
 *       IPv6 literal or 16 bytes for PT_IPV6ADDR), written little-endian at the type's width;</li>
 *   <li>string types (PT_CHARBUF, PT_FSPATH, PT_FSRELPATH) take a {@link String}, written NUL-terminated;</li>
 *   <li>PT_BYTEBUF and PT_CHARBUFARRAY take a {@link List} of strings, each NUL-terminated (args, env,
 *       cgroups), a String (its bytes, no NUL) or bytes;</li>
 *   <li>any parameter takes a {@code byte[]}, written as is (sockaddrs and tuples: see {@link SocketParams}).</li>
 * </ul>
 * Parameters left unset are written as zeros of their width, or empty (zero length) for variable-size types, as
 * drivers write what they could not read. The event has every parameter of its table entry unless
 * {@link #firstParams} cuts it, and a v2 header (with the parameter count) unless {@link #v1Header} is asked for.
 */
public final class SyntheticEvent {
    private static final EventTable TABLE = EventTable.get();

    private final String name;
    private final boolean enter;
    private final long tid;
    private long timestamp;
    private int cpu;
    private int paramCount = -1;
    private int exitParamCount = -1;
    private int olderBy;
    private int written = -1;
    private boolean v1;
    private final Map<String, Object> byName = new LinkedHashMap<>();
    private final Map<Integer, Object> byIndex = new HashMap<>();

    SyntheticEvent(String name, boolean enter, long tid, long timestamp) {
        this.name = name;
        this.enter = enter;
        this.tid = tid;
        this.timestamp = timestamp;
        info(); // fails now, at the line that names an unknown event
    }

    /**
     * The event type with this name and direction: the one not flagged EF_OLD_VERSION, else (all are) the newest,
     * or with {@code paramCount >= 0} the version with that many parameters in the table.
     *
     * @throws IllegalArgumentException when no version, or more than one, fits
     */
    public static EventInfo lookup(String name, boolean enter, int paramCount) {
        List<EventInfo> versions = TABLE.byName(name).stream().filter(e -> e.enter() == enter).toList();
        List<EventInfo> fit;
        if (paramCount >= 0) {
            fit = versions.stream().filter(e -> e.nparams() == paramCount).toList();
        } else {
            fit = versions.stream().filter(e -> !e.hasFlag(EventFlags.OLD_VERSION)).toList();
            if (fit.isEmpty() && !versions.isEmpty()) {
                // libs flags every version of most enter events as old (drivers send exits only): the newest
                fit = List.of(versions.stream().max(Comparator.comparingInt(EventInfo::id)).orElseThrow());
            }
        }
        if (fit.size() != 1) {
            throw new IllegalArgumentException("no single " + (enter ? "enter" : "exit") + " event '" + name + "'"
                    + (paramCount >= 0 ? " with " + paramCount + " parameters" : "") + ": the table has "
                    + versions.stream().map(e -> "type " + e.id() + " (" + e.nparams() + " parameters"
                            + (e.hasFlag(EventFlags.OLD_VERSION) ? ", old version)" : ")"))
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        return fit.getFirst();
    }

    /** The version of this event type that has {@code n} parameters in the table (an older driver's layout). */
    public SyntheticEvent withParamCount(int n) {
        paramCount = n;
        info();
        return this;
    }

    /**
     * The version {@code steps} places before the current one in table order (type ids grow with each new
     * version), for older layouts the parameter count does not tell apart.
     */
    public SyntheticEvent olderVersion(int steps) {
        olderBy = steps;
        info();
        return this;
    }

    /**
     * For an enter event: the version that pairs with the exit of this name with {@code n} parameters (libscap
     * numbers an exit type right after its enter type), when the enter's own parameter count does not tell.
     */
    public SyntheticEvent pairedWithExitOf(int n) {
        if (!enter) {
            throw new IllegalStateException(name + ": only an enter event pairs with an exit");
        }
        exitParamCount = n;
        info();
        return this;
    }

    /** Sets a parameter by its name in the table. */
    public SyntheticEvent set(String param, Object value) {
        byName.put(param, value);
        return this;
    }

    /** Sets the parameters in table order, from the first. */
    public SyntheticEvent params(Object... values) {
        for (int i = 0; i < values.length; i++) {
            byIndex.put(i, values[i]);
        }
        return this;
    }

    /** Writes only the first {@code n} parameters (as a driver older than the table did). */
    public SyntheticEvent firstParams(int n) {
        written = n;
        return this;
    }

    /** A 22-byte v1 header without the parameter count, as captures before libscap 0.10 have. */
    public SyntheticEvent v1Header() {
        v1 = true;
        return this;
    }

    /** The event's timestamp (ns since the epoch); later events continue from it. */
    public SyntheticEvent at(long ns) {
        timestamp = ns;
        return this;
    }

    public SyntheticEvent cpu(int cpu) {
        this.cpu = cpu;
        return this;
    }

    public EventInfo info() {
        if (exitParamCount >= 0) {
            EventInfo paired = TABLE.info(lookup(name, false, exitParamCount).id() - 1);
            if (paired == null || !paired.enter() || !paired.name().equals(name)) {
                throw new IllegalArgumentException("the exit '" + name + "' with " + exitParamCount
                        + " parameters follows no enter of that name");
            }
            return paired;
        }
        EventInfo info = lookup(name, enter, paramCount);
        if (olderBy > 0) {
            List<EventInfo> versions = TABLE.byName(name).stream().filter(e -> e.enter() == enter)
                    .sorted(Comparator.comparingInt(EventInfo::id)).toList();
            int at = versions.indexOf(info) - olderBy;
            if (at < 0) {
                throw new IllegalArgumentException(name + " has no version " + olderBy + " before type " + info.id());
            }
            return versions.get(at);
        }
        return info;
    }

    public long timestamp() {
        return timestamp;
    }

    public long tid() {
        return tid;
    }

    public int cpu() {
        return cpu;
    }

    public int headerSize() {
        return v1 ? EventView.HEADER_V1 : EventView.HEADER_V2;
    }

    /** Whether parameter lengths are 32-bit (EF_LARGE_PAYLOAD types), as {@link EventView} reads them. */
    public boolean largeLengths() {
        return info().hasFlag(EventFlags.LARGE_PAYLOAD);
    }

    /** The event's bytes: header, parameter lengths, parameter values. */
    public byte[] encode() {
        EventInfo info = info();
        int n = written >= 0 ? written : info.nparams();
        if (n > info.nparams()) {
            throw new IllegalArgumentException(info.name() + " has " + info.nparams() + " parameters, not " + n);
        }
        Object[] values = new Object[info.nparams()];
        byIndex.forEach((i, v) -> {
            if (i >= values.length) {
                throw new IllegalArgumentException(info.name() + " has no parameter " + i);
            }
            values[i] = v;
        });
        byName.forEach((param, v) -> {
            int i = info.paramIndex(param);
            if (i < 0) {
                throw new IllegalArgumentException(info.name() + " (type " + info.id() + ") has no parameter '"
                        + param + "': " + Arrays.stream(info.params()).map(ParamInfo::name).toList());
            }
            values[i] = v;
        });
        List<byte[]> encoded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            encoded.add(encode(info, info.params()[i], values[i]));
        }
        for (int i = n; i < values.length; i++) {
            if (values[i] != null) {
                throw new IllegalArgumentException(info.name() + "." + info.params()[i].name()
                        + " is set but only the first " + n + " parameters are written");
            }
        }
        int lenWidth = largeLengths() ? 4 : 2;
        int length = headerSize() + lenWidth * n + encoded.stream().mapToInt(b -> b.length).sum();
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(timestamp).putLong(tid).putInt(length).putShort((short) info.id());
        if (!v1) {
            b.putInt(n);
        }
        for (byte[] e : encoded) {
            if (lenWidth == 2) {
                if (e.length > 0xFFFF) {
                    throw new IllegalArgumentException(info.name() + ": a parameter of " + e.length + " bytes");
                }
                b.putShort((short) e.length);
            } else {
                b.putInt(e.length);
            }
        }
        for (byte[] e : encoded) {
            b.put(e);
        }
        return b.array();
    }

    private static byte[] encode(EventInfo info, ParamInfo p, Object v) {
        ParamType type = p.type();
        String what = info.name() + "." + p.name() + " (" + type + ")";
        if (v instanceof byte[] raw) {
            return raw;
        }
        if (type == ParamType.PT_IPV6ADDR) {
            return v == null ? new byte[16] : SocketParams.ipv6Address(String.valueOf(v));
        }
        if (type.width > 0) {
            long bits = switch (v) {
                case null -> 0;
                case Boolean bool when type == ParamType.PT_BOOL -> bool ? 1 : 0;
                case Double d when type == ParamType.PT_DOUBLE -> Double.doubleToRawLongBits(d);
                case String s when type == ParamType.PT_IPV4ADDR -> SocketParams.ipv4Address(s) & 0xFFFFFFFFL;
                case Number num -> num.longValue();
                default -> throw new IllegalArgumentException(what + ": cannot encode " + v.getClass().getSimpleName());
            };
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bits);
            return Arrays.copyOf(b.array(), type.width);
        }
        return switch (v) {
            case null -> new byte[0];
            case String s when type.isString() -> (s + "\0").getBytes(StandardCharsets.UTF_8);
            case String s when type == ParamType.PT_BYTEBUF -> s.getBytes(StandardCharsets.UTF_8);
            case List<?> list when type == ParamType.PT_BYTEBUF || type == ParamType.PT_CHARBUFARRAY -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (Object s : list) {
                    out.writeBytes(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
                    out.write(0);
                }
                yield out.toByteArray();
            }
            default -> throw new IllegalArgumentException(what + ": cannot encode " + v.getClass().getSimpleName()
                    + " (give bytes)");
        };
    }
}
