package dev.peregrine.scap;

/** A group from a capture's user list. */
public record GroupEntry(int gid, String name) {
}
