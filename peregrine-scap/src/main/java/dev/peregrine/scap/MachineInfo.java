package dev.peregrine.scap;

/** The machine-info block of a capture. */
public record MachineInfo(int numCpus, long memorySizeBytes, long maxPid, String hostname, long bootTsEpoch,
                          long flags) {
}
