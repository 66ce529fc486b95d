package dev.peregrine.procfs;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.MetadataWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a snapshot as the metadata blocks a libscap 1.2 capture starts with, in scap_dump's order: MI, IL_V2, UL_V2,
 * PL_V9, then one FDL_V2 per process with fds. The result can go straight to
 * {@code CaptureWriter.open(path, 1, 2, blocks)} for a live recording.
 */
public final class ScapBlocks {
    private ScapBlocks() {
    }

    public static List<byte[]> of(ProcSnapshot s) {
        List<byte[]> out = new ArrayList<>();
        if (s.machineInfo() != null) {
            out.add(MetadataWriter.machine(s.machineInfo()));
        }
        out.add(MetadataWriter.interfaces(s.interfaces()));
        out.add(MetadataWriter.users(s.users(), s.groups()));
        out.add(MetadataWriter.threads(s.threads()));
        Map<Long, List<FdEntry>> byTid = new LinkedHashMap<>();
        for (FdEntry f : s.fds()) {
            byTid.computeIfAbsent(f.tid(), k -> new ArrayList<>()).add(f);
        }
        byTid.forEach((tid, fds) -> out.add(MetadataWriter.fds(tid, fds, true)));
        return out;
    }
}
