package dev.peregrine.scap;

import java.util.List;
import java.util.stream.Stream;

/**
 * The captures in the shared folder, with facts about each that were established independently of the reader
 * (a separate Python block walker over the decompressed files, and {@code sysdig -r}).
 */
final class SharedCaptures {
    /**
     * @param path           relative to {@code shared/upstream}
     * @param gzip           the file is gzip-wrapped
     * @param events         event blocks in the file (all of their types are in Peregrine's event table)
     * @param metadataBlocks metadata blocks (MI, IL, UL, PL, FDL in one version or another)
     * @param sysdigReadable sysdig 0.29.3 reads it (it rejects section header options)
     */
    record Capture(String path, boolean gzip, int major, int minor, long events, int metadataBlocks,
                   boolean sysdigReadable) {
        @Override
        public String toString() {
            return path;
        }
    }

    static final List<Capture> ALL = List.of(
            new Capture("falco-legacy-tests/trace_files/cat_write.scap", true, 1, 0, 345, 77, true),
            new Capture("falco-legacy-tests/trace_files/connect_localhost.scap", true, 1, 0, 374, 188, true),
            new Capture("falco-legacy-tests/trace_files/empty.scap", true, 1, 2, 143, 222, true),
            new Capture("falco-legacy-tests/trace_files/open-multiple-files.scap", true, 1, 0, 1272, 132, true),
            new Capture("falco-legacy-tests/trace_files/ping_sendto.scap", true, 1, 2, 1526, 140, true),
            new Capture("falco-legacy-tests/trace_files/syscall.scap", true, 1, 1, 368, 233, true),
            new Capture("libs-traces/curl_google.scap", true, 1, 0, 1536, 58, true),
            new Capture("libs-traces/curl_google_comments.scap", true, 1, 0, 1536, 58, false),
            new Capture("libs-traces/sample.scap", false, 1, 2, 572, 98, true),
            new Capture("libs-traces/single_ipv6_conn.scap", true, 1, 2, 1728, 158, true),
            new Capture("libs-traces/test_ipv6_client.scap", true, 1, 0, 326, 62, true),
            new Capture("demo-traces/502Error.scap", false, 1, 0, 22381, 8, true),
            new Capture("demo-traces/docker-k8s-capture.scap", true, 1, 0, 146038, 396, true));

    private SharedCaptures() {
    }

    static Stream<Capture> all() {
        return ALL.stream();
    }

    static Stream<Capture> sysdigReadable() {
        return ALL.stream().filter(Capture::sysdigReadable);
    }
}
