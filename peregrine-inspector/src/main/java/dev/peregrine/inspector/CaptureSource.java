package dev.peregrine.inspector;

import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;

import java.io.IOException;
import java.nio.file.Path;

/** A capture file, read to its end. */
public final class CaptureSource implements EventSource {
    private final CaptureReader reader;

    private CaptureSource(CaptureReader reader) {
        this.reader = reader;
    }

    public static CaptureSource open(Path file) throws IOException, CaptureFormatException {
        return new CaptureSource(CaptureReader.open(file));
    }

    /** An open capture (closing the source closes the reader). */
    public static CaptureSource of(CaptureReader reader) {
        return new CaptureSource(reader);
    }

    /** The reader, for copying its header and metadata into a new capture (-w). */
    public CaptureReader reader() {
        return reader;
    }

    @Override
    public CaptureMetadata metadata() {
        return reader.metadata();
    }

    @Override
    public int next(EventView event) throws IOException, CaptureFormatException {
        return reader.next(event) ? EVENT : END;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
