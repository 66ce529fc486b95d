package dev.peregrine.scap;

import java.util.ArrayList;
import java.util.List;

/** What a capture's metadata blocks say about the machine at the start of the capture. */
public final class CaptureMetadata {
    private MachineInfo machineInfo;
    private final List<ThreadEntry> threads = new ArrayList<>();
    private final List<FdEntry> fds = new ArrayList<>();
    private final List<InterfaceEntry> interfaces = new ArrayList<>();
    private final List<UserEntry> users = new ArrayList<>();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<byte[]> rawBlocks = new ArrayList<>();

    /** The machine-info block, or null if the capture has none. */
    public MachineInfo machineInfo() {
        return machineInfo;
    }

    void machineInfo(MachineInfo info) {
        this.machineInfo = info;
    }

    public List<ThreadEntry> threads() {
        return threads;
    }

    public List<FdEntry> fds() {
        return fds;
    }

    public List<InterfaceEntry> interfaces() {
        return interfaces;
    }

    public List<UserEntry> users() {
        return users;
    }

    public List<GroupEntry> groups() {
        return groups;
    }

    /** The metadata blocks exactly as read (header to trailer), so a writer can replay them. */
    public List<byte[]> rawBlocks() {
        return rawBlocks;
    }
}
