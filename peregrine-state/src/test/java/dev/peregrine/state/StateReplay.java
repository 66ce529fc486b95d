package dev.peregrine.state;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.synthetic.SyntheticCapture;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A synthetic capture written to a file, read back with {@link CaptureReader} and applied to a
 * {@link SystemState} seeded from its metadata, one event at a time, so a test can check the state after each.
 */
final class StateReplay implements AutoCloseable {
    private final CaptureReader reader;
    private final SystemState state;
    private final EventView event = new EventView();

    private StateReplay(CaptureReader reader) {
        this.reader = reader;
        this.state = new SystemState(reader.metadata());
    }

    /** Writes the capture into {@code dir} and opens it; no event is processed yet. */
    static StateReplay of(SyntheticCapture capture, Path dir) throws Exception {
        return new StateReplay(CaptureReader.open(capture.write(dir.resolve("synthetic.scap"))));
    }

    SystemState state() {
        return state;
    }

    /** Processes the next event and returns it (valid until the next call). */
    EventView next() throws Exception {
        assertThat(reader.next(event)).as("an event after %d", reader.eventsRead()).isTrue();
        state.process(event);
        return event;
    }

    /** Processes the next {@code n} events. */
    void skip(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            next();
        }
    }

    /** Processes every remaining event. */
    void finish() throws Exception {
        while (reader.next(event)) {
            state.process(event);
        }
    }

    ThreadInfo thread(long tid) {
        return state.thread(tid);
    }

    /** The fd as the thread's table holds it (its main thread's table for CLONE_FILES threads), or null. */
    FdInfo fd(long tid, long fd) {
        ThreadInfo t = state.thread(tid);
        assertThat(t).as("thread %d", tid).isNotNull();
        return state.fd(t, fd);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
