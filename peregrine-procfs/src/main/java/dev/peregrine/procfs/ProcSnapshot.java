package dev.peregrine.procfs;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.InterfaceEntry;
import dev.peregrine.scap.MachineInfo;
import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.scap.UserEntry;

import java.util.List;

/**
 * What one scan found, in the capture-metadata entry types: every thread, the fds of every process (keyed by its
 * pid, as libscap lists them under the main thread), users, groups, interfaces and the machine info.
 *
 * @param scanNanos how long the scan took
 */
public record ProcSnapshot(MachineInfo machineInfo, List<ThreadEntry> threads, List<FdEntry> fds,
                           List<InterfaceEntry> interfaces, List<UserEntry> users, List<GroupEntry> groups,
                           long scanNanos) {
}
