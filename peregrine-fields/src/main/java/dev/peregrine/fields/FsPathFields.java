package dev.peregrine.fields;

import dev.peregrine.fields.FieldDef.Arg;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdType;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.ThreadInfo;

/**
 * The fs.path.* fields: the path(s) a successful filesystem syscall acted on (libs HEAD
 * sinsp_filtercheck_fspath; sysdig 0.29.3 has no such class). The raw variants show the argument as given; the
 * others resolve relative paths against the cwd or the directory fd.
 */
final class FsPathFields {
    /** How a relative path is resolved for one event type. */
    private enum Base { CWD, DIRFD, OPENED_FD, SYMLINKAT, RENAMEAT2 }

    /** What the class knows about one exit event type. */
    private record Spec(int successParam, boolean successIsFd, int path, int source, int target, Base base,
                        boolean pathIsFdName) {
    }

    private static final Spec[] SPECS = specs();

    private FsPathFields() {
    }

    static void register(FieldRegistry r) {
        add(r, "fs.path.name", "path a filesystem syscall acted on, resolved", Role.PATH, true);
        add(r, "fs.path.nameraw", "path a filesystem syscall acted on, as given", Role.PATH, false);
        add(r, "fs.path.source", "source path of a two-path syscall (rename, link...), resolved", Role.SOURCE, true);
        add(r, "fs.path.sourceraw", "source path of a two-path syscall, as given", Role.SOURCE, false);
        add(r, "fs.path.target", "target path of a two-path syscall (rename, link...), resolved", Role.TARGET, true);
        add(r, "fs.path.targetraw", "target path of a two-path syscall, as given", Role.TARGET, false);
    }

    private enum Role { PATH, SOURCE, TARGET }

    private static void add(FieldRegistry r, String name, String desc, Role role, boolean resolve) {
        Extractor e = (ctx, out) -> {
            String v = value(ctx, role, resolve);
            if (v == null) {
                return false;
            }
            out.append(v);
            return true;
        };
        r.add(new FieldDef(name, FieldType.CHARBUF, desc, Arg.NONE, a -> e));
    }

    private static String value(EventContext ctx, Role role, boolean resolve) {
        EventView ev = ctx.event();
        int type = ev.type();
        Spec s = type >= 0 && type < SPECS.length ? SPECS[type] : null;
        if (s == null || s.successParam >= ev.nparams()) {
            return null;
        }
        long res = ev.paramAsLong(s.successParam);
        if (s.successIsFd ? res == -1 : res != 0) {
            return null;
        }
        int param = switch (role) {
            case PATH -> s.path;
            case SOURCE -> s.source;
            case TARGET -> s.target;
        };
        if (param < 0 || param >= ev.nparams() && !s.pathIsFdName) {
            return null;
        }
        String raw;
        if (s.pathIsFdName) {
            ThreadInfo t = ctx.thread();
            FdInfo f = t == null ? null : FdPrinter.currentFd(ctx, t);
            if (f == null) {
                return null;
            }
            raw = f.name();
        } else {
            raw = ev.paramString(param);
        }
        if (!resolve) {
            return raw;
        }
        ThreadInfo t = ctx.thread();
        if (t == null) {
            return null;
        }
        if (raw.startsWith("/")) {
            return PathUtil.concatenate("", raw);
        }
        String base;
        switch (s.base) {
            case OPENED_FD -> {
                FdInfo f = ctx.fd();
                return PathUtil.concatenate("", f != null ? f.name() : "<UNKNOWN>");
            }
            case DIRFD -> base = dirfdBase(ctx);
            case SYMLINKAT -> base = role == Role.SOURCE ? dirfdBase(ctx) : "<UNKNOWN>";
            case RENAMEAT2 -> {
                int dirParam = role == Role.TARGET ? 3 : role == Role.SOURCE ? 1 : -1;
                base = dirParam < 0 || dirParam >= ev.nparams() ? "<UNKNOWN>"
                        : NullFdName.dirBase(ctx, t, raw, ev.paramAsLong(dirParam));
            }
            default -> base = ctx.state().cwdOf(t);
        }
        return PathUtil.concatenate(base, raw);
    }

    /** format_dirfd: the event's fd if it is a directory, with a trailing '/'; else "<UNKNOWN>". */
    private static String dirfdBase(EventContext ctx) {
        FdInfo f = ctx.fd();
        if (f == null || f.type() != FdType.DIRECTORY) {
            return "<UNKNOWN>";
        }
        String n = f.name();
        return n.isEmpty() || n.endsWith("/") ? n : n + "/";
    }

    private static Spec[] specs() {
        EventTable table = EventTable.get();
        Spec[] specs = new Spec[table.size()];
        for (EventInfo e : table.exits()) {
            specs[e.id()] = switch (e.name()) {
                case "mkdir", "rmdir", "unlink", "chown", "lchown" -> one(e, "path", Base.CWD);
                case "mkdirat" -> one(e, "path", Base.DIRFD);
                case "unlinkat", "umount", "umount2" -> one(e, "name", e.name().startsWith("umount") ? Base.CWD
                        : Base.DIRFD);
                case "open" -> fdResult(e, Base.CWD);
                case "openat", "openat2" -> fdResult(e, Base.OPENED_FD);
                case "chmod" -> one(e, "filename", Base.CWD);
                case "fchmodat" -> one(e, "filename", Base.DIRFD);
                case "fchownat" -> one(e, "pathname", Base.DIRFD);
                case "quotactl" -> one(e, "special", Base.CWD);
                case "fchmod", "fchown" -> fdName(e);
                case "rename", "renameat" -> two(e, "oldpath", "newpath", Base.CWD);
                case "renameat2" -> two(e, "oldpath", "newpath", Base.RENAMEAT2);
                case "link", "linkat" -> two(e, "newpath", "oldpath", Base.CWD);
                case "symlink" -> two(e, "linkpath", "target", Base.CWD);
                case "symlinkat" -> two(e, "linkpath", "target", Base.SYMLINKAT);
                case "mount" -> two(e, "dev", "dir", Base.CWD);
                default -> null;
            };
        }
        return specs;
    }

    private static Spec one(EventInfo e, String param, Base base) {
        int res = e.paramIndex("res");
        int p = e.paramIndex(param);
        return res < 0 || p < 0 ? null : new Spec(res, false, p, -1, -1, base, false);
    }

    private static Spec fdResult(EventInfo e, Base base) {
        int fd = e.paramIndex("fd");
        int p = e.paramIndex("name");
        return fd < 0 || p < 0 ? null : new Spec(fd, true, p, -1, -1, base, false);
    }

    private static Spec fdName(EventInfo e) {
        int res = e.paramIndex("res");
        return res < 0 ? null : new Spec(res, false, 0, -1, -1, Base.CWD, true);
    }

    private static Spec two(EventInfo e, String source, String target, Base base) {
        int res = e.paramIndex("res");
        int s = e.paramIndex(source);
        int t = e.paramIndex(target);
        return res < 0 || s < 0 || t < 0 ? null : new Spec(res, false, -1, s, t, base, false);
    }
}
