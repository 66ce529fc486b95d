package dev.peregrine.fields;

import dev.peregrine.state.ThreadInfo;

/** A field value read from the event's thread; the wrapper makes the field NA when the event has no thread. */
@FunctionalInterface
interface ThreadPrinter {
    boolean print(EventContext ctx, ThreadInfo t, TextBuffer out);

    /** An extractor that is NA without a thread and otherwise delegates to {@code p}. */
    static Extractor of(ThreadPrinter p) {
        return (ctx, out) -> {
            ThreadInfo t = ctx.thread();
            return t != null && p.print(ctx, t, out);
        };
    }

    /** Appends strings joined with single spaces. */
    static void appendJoined(TextBuffer out, java.util.List<String> items) {
        for (int i = 0, n = items.size(); i < n; i++) {
            if (i > 0) {
                out.appendByte(' ');
            }
            out.append(items.get(i));
        }
    }

    /** proc.cmdline: comm, then a space and each argument. */
    static void appendCmdline(TextBuffer out, ThreadInfo t) {
        out.appendBytes(t.cmdlineBytes());
    }
}
