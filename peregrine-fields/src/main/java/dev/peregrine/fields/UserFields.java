package dev.peregrine.fields;

import dev.peregrine.fields.FieldDef.Arg;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.UserEntry;

/** The user.* and group.* fields: the thread's credentials, named from the capture's user and group lists. */
final class UserFields {
    private UserFields() {
    }

    static void register(FieldRegistry r) {
        add(r, "user.uid", FieldType.UINT32, "user id", (c, t, o) -> {
            o.appendUnsigned(t.uid() & 0xFFFFFFFFL);
            return true;
        });
        add(r, "user.name", FieldType.CHARBUF, "user name", (c, t, o) -> {
            UserEntry u = user(c, t.uid());
            return u != null && ProcessFields.str(o, u.name());
        });
        add(r, "user.homedir", FieldType.CHARBUF, "home directory of the user", (c, t, o) -> {
            UserEntry u = user(c, t.uid());
            return u != null && ProcessFields.str(o, u.homedir());
        });
        add(r, "user.shell", FieldType.CHARBUF, "login shell of the user", (c, t, o) -> {
            UserEntry u = user(c, t.uid());
            return u != null && ProcessFields.str(o, u.shell());
        });
        // e5c53d6 declares loginuid INT32: 0xffffffff prints -1, and so do other high values as negatives
        add(r, "user.loginuid", FieldType.INT64, "audit user id (auid), -1 if unset", (c, t, o) -> {
            o.append(t.loginuid());
            return true;
        });
        add(r, "user.loginname", FieldType.CHARBUF, "user name of the audit user id", (c, t, o) -> {
            UserEntry u = user(c, t.loginuid());
            return u != null && ProcessFields.str(o, u.name());
        });
        // sysdig 0.29.3 shows garbage high bits for group.gid; we print the 32-bit value
        add(r, "group.gid", FieldType.UINT32, "group id", (c, t, o) -> {
            o.appendUnsigned(t.gid() & 0xFFFFFFFFL);
            return true;
        });
        add(r, "group.name", FieldType.CHARBUF, "group name", (c, t, o) -> {
            if (t.gid() == -1) {
                return false;
            }
            GroupEntry g = c.state().group(t.gid());
            return g != null && ProcessFields.str(o, g.name());
        });
    }

    private static UserEntry user(EventContext c, int uid) {
        return uid == -1 ? null : c.state().user(uid);
    }

    private static void add(FieldRegistry r, String name, FieldType type, String desc, ThreadPrinter p) {
        Extractor e = ThreadPrinter.of(p);
        r.add(new FieldDef(name, type, desc, Arg.NONE, a -> e));
    }
}
