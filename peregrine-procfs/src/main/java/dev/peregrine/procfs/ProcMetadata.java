package dev.peregrine.procfs;

import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.MetadataWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Turns a snapshot into the {@link CaptureMetadata} a capture file would give (for {@code new SystemState(...)}).
 * CaptureMetadata's machine-info setter is package-private, so the snapshot goes the capture-file way: its blocks
 * are written, with a section header and one placeholder event, to a temporary capture that {@link CaptureReader}
 * parses. That also checks the blocks a live recording would write, and fills {@code rawBlocks()} for it.
 */
public final class ProcMetadata {
    private ProcMetadata() {
    }

    public static CaptureMetadata toCaptureMetadata(ProcSnapshot snapshot) {
        return parse(ScapBlocks.of(snapshot));
    }

    /** Parses complete metadata blocks as CaptureReader does. */
    public static CaptureMetadata parse(List<byte[]> blocks) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("peregrine-procfs", ".scap");
            CaptureWriter.open(tmp, 1, 2, blocks).close();
            // CaptureReader wants an event section after the metadata; this one is never read
            Files.write(tmp, MetadataWriter.placeholderEvent(), StandardOpenOption.APPEND);
            try (CaptureReader r = CaptureReader.open(tmp)) {
                return r.metadata();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CaptureFormatException e) {
            throw new IllegalStateException("the scan's metadata blocks do not parse: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file
                }
            }
        }
    }
}
