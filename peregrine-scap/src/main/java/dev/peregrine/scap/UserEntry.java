package dev.peregrine.scap;

/** A user from a capture's user list. */
public record UserEntry(int uid, int gid, String name, String homedir, String shell) {
}
