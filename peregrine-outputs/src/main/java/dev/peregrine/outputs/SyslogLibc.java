package dev.peregrine.outputs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libc's openlog(3) and syslog(3) through the FFM API. The handles are looked up once; if that fails (no native
 * access, a platform without them) {@link #unavailable()} says why and the calls are never made.
 */
final class SyslogLibc {

    private static final MethodHandle OPENLOG;
    private static final MethodHandle SYSLOG;
    private static final MemorySegment FORMAT;
    private static final String UNAVAILABLE;
    // openlog keeps the ident pointer, not a copy: each ident must live as long as the process
    private static final Map<String, MemorySegment> IDENTS = new ConcurrentHashMap<>();

    static {
        MethodHandle[] handles = new MethodHandle[2];
        String unavailable = null;
        MemorySegment format = null;
        try {
            link(handles);
            format = Arena.global().allocateFrom("%s");
        } catch (RuntimeException e) { // IllegalCallerException, NoSuchElementException, UnsupportedOperation...
            unavailable = IoReason.of(e);
        }
        OPENLOG = handles[0];
        SYSLOG = handles[1];
        FORMAT = format;
        UNAVAILABLE = unavailable;
    }

    @SuppressWarnings("restricted") // native access is the point; the launcher enables it
    private static void link(MethodHandle[] handles) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        handles[0] = linker.downcallHandle(libc.findOrThrow("openlog"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        // void syslog(int, const char *, ...): the message is the first variadic argument, behind "%s"
        handles[1] = linker.downcallHandle(libc.findOrThrow("syslog"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                Linker.Option.firstVariadicArg(2));
    }

    private SyslogLibc() {
    }

    /** Why syslog cannot be called, or null if it can. */
    static String unavailable() {
        return UNAVAILABLE;
    }

    static void openlog(String ident, int option, int facility) {
        MemorySegment name = IDENTS.computeIfAbsent(ident, s -> Arena.global().allocateFrom(s));
        try {
            OPENLOG.invokeExact(name, option, facility);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact's signature only: a downcall throws nothing checked
            throw new IllegalStateException(e);
        }
    }

    /** syslog(priority, "%s", message): the message is never read as a format. */
    static void syslog(int priority, String message) {
        try (Arena arena = Arena.ofConfined()) {
            SYSLOG.invokeExact(priority, FORMAT, arena.allocateFrom(message));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
