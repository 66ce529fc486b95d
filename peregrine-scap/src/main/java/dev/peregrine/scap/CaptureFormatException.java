package dev.peregrine.scap;

/** A capture file that cannot be read: names the byte offset and how many events were read before it. */
public final class CaptureFormatException extends Exception {
    private final long offset;
    private final long eventsRead;

    public CaptureFormatException(String cause, long offset, long eventsRead) {
        super(cause + " at byte offset " + offset + " (after " + eventsRead + " events)");
        this.offset = offset;
        this.eventsRead = eventsRead;
    }

    public long offset() {
        return offset;
    }

    public long eventsRead() {
        return eventsRead;
    }
}
