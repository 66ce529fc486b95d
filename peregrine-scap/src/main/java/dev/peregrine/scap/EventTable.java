package dev.peregrine.scap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The libscap event table: every event type with its parameters, the flag and enum value tables, syscall
 * names by id, errno names and libs' x86_64 syscall table. Loaded once from the generated resource
 * {@code event-table.tsv}, the one source of truth for decoding (and for {@link EventIds}, made from it).
 */
public final class EventTable {
    private static final EventTable INSTANCE = load();

    private final EventInfo[] events;
    private final Map<String, FlagTable> flagTables;
    private final String[] syscallNames;
    private final int[] syscallCategories;
    private final String[] errnoNames;
    private final int legacySize;
    private final List<NativeSyscall> nativeSyscalls;
    private final Map<String, List<EventInfo>> byName;
    private final Map<String, EventInfo> byCode;

    private EventTable(EventInfo[] events, Map<String, FlagTable> flagTables, String[] syscallNames,
                       int[] syscallCategories, String[] errnoNames, int legacySize,
                       List<NativeSyscall> nativeSyscalls) {
        this.events = events;
        this.flagTables = flagTables;
        this.syscallNames = syscallNames;
        this.syscallCategories = syscallCategories;
        this.errnoNames = errnoNames;
        this.legacySize = legacySize;
        this.nativeSyscalls = nativeSyscalls;
        this.byName = new HashMap<>();
        this.byCode = new HashMap<>();
        for (EventInfo e : events) {
            if (e != null) {
                byName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
                byCode.put(e.code(), e);
            }
        }
    }

    /**
     * One x86_64 syscall as libs' syscall table (driver/syscall_table.c) maps it.
     *
     * @param number     its x86_64 number (__NR_*)
     * @param name       its name (__NR_ without the prefix)
     * @param enterEvent the event type its enter makes (PPME_GENERIC_E for syscalls without events of their own)
     * @param exitEvent  the event type its exit makes (PPME_GENERIC_X for those)
     * @param flags      libs' UF_* flag names (UF_USED, UF_NEVER_DROP...; UF_NONE alone for none)
     * @param ppmSc      its PPM_SC code (libs' architecture-independent syscall number)
     * @param ppmScName  that code's name (PPM_SC_OPEN)
     */
    public record NativeSyscall(int number, String name, int enterEvent, int exitEvent, Set<String> flags,
                                int ppmSc, String ppmScName) {
    }

    public static EventTable get() {
        return INSTANCE;
    }

    /**
     * The same table cut to its first {@code size} event types, as an older libscap knew it: events of later types
     * are skipped by readers using it (how sysdig 0.29.3, with e5c53d6's {@link #legacySize()} types, reads newer
     * captures).
     */
    public EventTable truncatedTo(int size) {
        if (size >= events.length) {
            return this;
        }
        return new EventTable(Arrays.copyOf(events, size), flagTables, syscallNames, syscallCategories,
                errnoNames, legacySize, nativeSyscalls);
    }

    /**
     * This table with the parameters of some event types replaced, e.g. by an older libs' (to decode as the tools
     * of that era do). Each parameter is {name, PT_ type, PF_ format, info}, info being a flag table's name,
     * "DIRFD_PARAM(n)" or null, as in libs' event table JSON.
     */
    public EventTable withParams(Map<Integer, List<String[]>> replaced) {
        EventInfo[] copy = events.clone();
        replaced.forEach((id, specs) -> {
            EventInfo e = copy[id];
            if (e == null) {
                return;
            }
            ParamInfo[] params = new ParamInfo[specs.size()];
            for (int i = 0; i < params.length; i++) {
                String[] s = specs.get(i);
                ParamType type = ParamType.valueOf(s[1]);
                PrintFormat format = PrintFormat.valueOf(s[2]);
                ParamInfo current = i < e.nparams() ? e.params()[i] : null;
                String info = s[3];
                int dirfd = info != null && info.startsWith("DIRFD_PARAM(")
                        ? Integer.parseInt(info.substring(12, info.indexOf(')'))) : -1;
                if (current != null && current.type() == type && current.format() == format) {
                    // the older table's directory parameter, even a wrong one (e5c53d6's openat2 enter names
                    // the name itself, so its tools resolve that name against the cwd)
                    params[i] = new ParamInfo(s[0], type, format, current.flags(), current.dynamic(),
                            type == ParamType.PT_FSRELPATH ? dirfd : current.dirfdParam());
                    continue;
                }
                params[i] = new ParamInfo(s[0], type, format, info == null ? null : flagTables.get(info), null, dirfd);
            }
            copy[id] = new EventInfo(e.id(), e.code(), e.name(), e.enter(), e.categories(), e.flags(),
                    e.legacyFlags(), params);
        });
        return new EventTable(copy, flagTables, syscallNames, syscallCategories, errnoNames, legacySize,
                nativeSyscalls);
    }

    /**
     * This table with some flag tables cut to the entries an older libs had (named by {@code kept}: table name to
     * entry names), e.g. e5c53d6's file_flags without O_F_CREATED: the parameters using them print as that era's
     * tools print them.
     */
    public EventTable withFlagsCutTo(Map<String, Set<String>> kept) {
        Map<String, FlagTable> tables = new HashMap<>(flagTables);
        kept.forEach((name, names) -> {
            FlagTable t = flagTables.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no flag table " + name);
            }
            List<Long> values = new ArrayList<>();
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                if (names.contains(t.names()[i])) {
                    values.add(t.values()[i]);
                    entries.add(t.names()[i]);
                }
            }
            tables.put(name, toFlagTable(name, values, entries));
        });
        EventInfo[] copy = events.clone();
        for (int id = 0; id < copy.length; id++) {
            EventInfo e = copy[id];
            if (e == null) {
                continue;
            }
            ParamInfo[] params = e.params().clone();
            for (int i = 0; i < params.length; i++) {
                ParamInfo q = params[i];
                if (q.flags() != null && kept.containsKey(q.flags().name())) {
                    params[i] = new ParamInfo(q.name(), q.type(), q.format(), tables.get(q.flags().name()),
                            q.dynamic(), q.dirfdParam());
                }
            }
            copy[id] = new EventInfo(e.id(), e.code(), e.name(), e.enter(), e.categories(), e.flags(),
                    e.legacyFlags(), params);
        }
        return new EventTable(copy, Map.copyOf(tables), syscallNames, syscallCategories, errnoNames, legacySize,
                nativeSyscalls);
    }

    /** Number of event types (PPM_EVENT_MAX): types at or above it are unknown. */
    public int size() {
        return events.length;
    }

    /** The event type, or null if the id is outside the table. */
    public EventInfo info(int type) {
        return type >= 0 && type < events.length ? events[type] : null;
    }

    /** The exit event types in id order: what the tables indexed by event type that only exits fill go through. */
    public List<EventInfo> exits() {
        List<EventInfo> out = new ArrayList<>();
        for (EventInfo e : events) {
            if (e != null && !e.enter()) {
                out.add(e);
            }
        }
        return out;
    }

    /** PPM_EVENT_MAX of libs e5c53d6 (sysdig 0.29.3's libs): the event types that existed then. */
    public int legacySize() {
        return legacySize;
    }

    /** The event type libs calls by this code (PPME_SYSCALL_OPEN_X), or null. */
    public EventInfo byCode(String code) {
        return byCode.get(code);
    }

    /** Every event type sharing this name (all versions, both directions). */
    public List<EventInfo> byName(String name) {
        return byName.getOrDefault(name, List.of());
    }

    public FlagTable flagTable(String name) {
        return flagTables.get(name);
    }

    /** How many syscall ids the table names (ids are 0 .. count-1). */
    public int syscallCount() {
        return syscallNames.length;
    }

    /**
     * The syscall name for a PT_SYSCALLID value (a PPM_SC code), or null: e5c53d6's names for the ids it had, today's
     * for the ids of the x86_64 syscalls added since.
     */
    public String syscallName(int id) {
        return id >= 0 && id < syscallNames.length ? syscallNames[id] : null;
    }

    /** The syscall id with this name, or -1 (a linear search: for load time, not per event). */
    public int syscallId(String name) {
        for (int i = 0; i < syscallNames.length; i++) {
            if (name.equals(syscallNames[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The {@link EventCategory} of a syscall id (what generic syscall events are categorised by), or 0. */
    public int syscallCategory(int id) {
        return id >= 0 && id < syscallCategories.length ? syscallCategories[id] : 0;
    }

    /** libs' x86_64 syscall table, one entry per syscall number, in number order. */
    public List<NativeSyscall> nativeSyscalls() {
        return nativeSyscalls;
    }

    /** The x86_64 syscall with this name, or null (a linear search: for load time, not per event). */
    public NativeSyscall nativeSyscall(String name) {
        for (NativeSyscall s : nativeSyscalls) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The errno name (ENOENT) for a positive errno code, or null. */
    public String errnoName(long code) {
        return code > 0 && code < errnoNames.length ? errnoNames[(int) code] : null;
    }

    private static EventTable load() {
        try {
            return parse(new String(resource(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table's text, read from the jar this class came from when it came from one: the class path's search
     * for a resource opens every jar before that one (a dozen, at the start of a replay that waits for the table).
     */
    private static byte[] resource() throws IOException {
        try {
            CodeSource code = EventTable.class.getProtectionDomain().getCodeSource();
            Path jar = code == null ? null : Path.of(code.getLocation().toURI());
            if (jar != null && Files.isRegularFile(jar)) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry("dev/peregrine/scap/event-table.tsv");
                    if (entry != null) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            return in.readAllBytes();
                        }
                    }
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // an unusual class loader: searched for as any resource
        }
        try (InputStream in = EventTable.class.getResourceAsStream("event-table.tsv")) {
            if (in == null) {
                throw new IllegalStateException("event-table.tsv resource missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    private record RawParam(String name, ParamType type, PrintFormat format, String info) {
    }

    private record RawEvent(int id, String code, String name, boolean enter, int categories, int flags, int legacyFlags,
                            List<RawParam> params) {
    }

    /**
     * Reads the resource's tab-separated records ('#' lines are comments):
     * <pre>
     * max        PPM_EVENT_MAX
     * legacy_max PPM_EVENT_MAX of libs e5c53d6
     * event      id name E|X categories flags legacy-flags code      (categories and flags: comma-separated names)
     * param      name PT_type PF_format info                        (the event's parameters, in order; info: a
     *                                                                flag table, a dynamic table, dirfd:N or -)
     * flags      name, then one "value name number" record per entry
     * dyn        name, then one "dynparam PT_type PF_format" record per entry
     * syscall    id name category                                   (e5c53d6's syscall ids, of generic events)
     * errno      code name
     * x86_64     number name enter-event exit-event UF_flags ppm-sc-code ppm-sc-name
     * </pre>
     */
    private static EventTable parse(String text) {
        int max = 0;
        int legacyMax = 0;
        List<NativeSyscall> natives = new ArrayList<>();
        List<RawEvent> raw = new ArrayList<>();
        Map<String, FlagTable> flags = new HashMap<>();
        Map<String, ParamInfo.DynamicParam[]> dyns = new HashMap<>();
        Map<Integer, String> syscalls = new HashMap<>();
        Map<Integer, Integer> syscallCats = new HashMap<>();
        Map<Integer, String> errnos = new HashMap<>();
        String flagName = null;
        List<Long> flagValues = new ArrayList<>();
        List<String> flagNames = new ArrayList<>();
        List<ParamInfo.DynamicParam> dynParams = null;
        String dynName = null;
        String[] f = new String[8];
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            split(line, f);
            switch (f[0]) {
                case "max" -> max = Integer.parseInt(f[1]);
                case "legacy_max" -> legacyMax = Integer.parseInt(f[1]);
                case "event" -> {
                    int cats = 0;
                    for (String c : f[4].split(",")) {
                        cats |= EventCategory.bitOf(c);
                    }
                    raw.add(new RawEvent(Integer.parseInt(f[1]), f[7], f[2], f[3].equals("E"), cats, flagBits(f[5]),
                            flagBits(f[6]), new ArrayList<>()));
                }
                case "param" -> raw.getLast().params().add(new RawParam(f[1], ParamType.valueOf(f[2]),
                        PrintFormat.valueOf(f[3]), f[4]));
                case "flags" -> {
                    if (flagName != null) {
                        flags.put(flagName, toFlagTable(flagName, flagValues, flagNames));
                    }
                    flagName = f[1];
                    flagValues.clear();
                    flagNames.clear();
                }
                case "value" -> {
                    flagNames.add(f[1]);
                    flagValues.add(Long.parseLong(f[2]));
                }
                case "dyn" -> {
                    dynName = f[1];
                    dynParams = new ArrayList<>();
                    dyns.put(dynName, null);
                }
                case "dynparam" -> {
                    dynParams.add(new ParamInfo.DynamicParam(ParamType.valueOf(f[1]), PrintFormat.valueOf(f[2])));
                    dyns.put(dynName, dynParams.toArray(new ParamInfo.DynamicParam[0]));
                }
                case "syscall" -> {
                    syscalls.put(Integer.parseInt(f[1]), f[2]);
                    syscallCats.put(Integer.parseInt(f[1]), EventCategory.bitOf(f[3]));
                }
                case "errno" -> errnos.put(Integer.parseInt(f[1]), f[2]);
                case "x86_64" -> natives.add(new NativeSyscall(Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Set.of(f[5].split(",")), Integer.parseInt(f[6]), f[7]));
                default -> throw new IllegalStateException("bad event-table line: " + line);
            }
        }
        if (flagName != null) {
            flags.put(flagName, toFlagTable(flagName, flagValues, flagNames));
        }
        EventInfo[] events = new EventInfo[max];
        for (RawEvent e : raw) {
            ParamInfo[] params = new ParamInfo[e.params().size()];
            for (int i = 0; i < params.length; i++) {
                RawParam p = e.params().get(i);
                FlagTable ft = null;
                ParamInfo.DynamicParam[] dyn = null;
                int dirfd = -1;
                if (p.info().startsWith("dirfd:")) {
                    dirfd = Integer.parseInt(p.info().substring(6));
                } else if (p.type() == ParamType.PT_DYN) {
                    dyn = dyns.get(p.info());
                } else if (!p.info().equals("-")) {
                    ft = flags.get(p.info());
                }
                params[i] = new ParamInfo(p.name(), p.type(), p.format(), ft, dyn, dirfd);
            }
            events[e.id()] = new EventInfo(e.id(), e.code(), e.name(), e.enter(), e.categories(), e.flags(),
                    e.legacyFlags(), params);
        }
        // syscall ids libs added after e5c53d6 (its "syscall" records) are named by the x86_64 records' PPM_SC codes
        for (NativeSyscall n : natives) {
            if (!syscalls.containsKey(n.ppmSc()) && n.ppmScName().startsWith("PPM_SC_")) {
                syscalls.put(n.ppmSc(), n.ppmScName().substring(7).toLowerCase(Locale.ROOT));
                syscallCats.put(n.ppmSc(), EventCategory.bitOf("EC_OTHER"));
            }
        }
        int[] cats = new int[syscalls.size() == 0 ? 0 : Collections.max(syscallCats.keySet()) + 1];
        syscallCats.forEach((k, v) -> cats[k] = v);
        return new EventTable(events, flags, toArray(syscalls), cats, toArray(errnos), legacyMax,
                List.copyOf(natives));
    }

    /** The line's tab-separated fields into {@code f} (cheaper than split(), which a replay's start waits for). */
    private static void split(String line, String[] f) {
        Arrays.fill(f, "");
        for (int i = 0, from = 0; i < f.length && from <= line.length(); i++) {
            int tab = line.indexOf('\t', from);
            int to = tab < 0 ? line.length() : tab;
            f[i] = line.substring(from, to);
            from = to + 1;
        }
    }

    private static int flagBits(String names) {
        int bits = 0;
        for (String c : names.split(",")) {
            bits |= EventFlags.bitOf(c);
        }
        return bits;
    }

    private static FlagTable toFlagTable(String name, List<Long> values, List<String> names) {
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new FlagTable(name, v, names.toArray(new String[0]));
    }

    private static String[] toArray(Map<Integer, String> byId) {
        int max = -1;
        for (int k : byId.keySet()) {
            max = Math.max(max, k);
        }
        String[] a = new String[max + 1];
        byId.forEach((k, v) -> a[k] = v);
        return a;
    }
}
