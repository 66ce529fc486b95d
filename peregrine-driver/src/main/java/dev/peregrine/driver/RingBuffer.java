package dev.peregrine.driver;

import dev.peregrine.scap.EventView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Reads a BPF ring buffer map in place, in pure Java (no libbpf callback per record), following the layout of the
 * kernel's kernel/bpf/ringbuf.c: the consumer position on a read-write page at offset 0; the producer position on
 * the next page, followed by the data area mapped twice in a row, so a record that wraps is still contiguous.
 * Each record has an 8-byte header (u32 length with bit 31 = busy, bit 30 = discarded; u32 page offset) and is
 * 8-byte aligned.
 *
 * <p>Records written by peregrine.bpf.c start with an 8-byte prefix (u32 cpu, u32 reserved) and then hold one
 * libscap event, which {@link #next(EventView)} wraps without copying. A record stays valid until the next call:
 * it is only then given back to the kernel. Single consumer; not thread-safe.
 */
final class RingBuffer implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int RECORD_HEADER = 8;
    private static final int PREFIX = 8;

    private final Libbpf bpf;
    private final MemorySegment consumerPage;
    private final MemorySegment producerAndData;
    private final MemorySegment data;
    private final long mask;
    private long consumer;
    private long pendingAdvance;
    private long cachedProducer;
    private boolean closed;

    RingBuffer(Libbpf bpf, int mapFd, long size, Arena arena) {
        if (Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two: " + size);
        }
        this.bpf = bpf;
        long page = bpf.pageSize();
        this.consumerPage = bpf.mmap(page, Libbpf.PROT_READ | Libbpf.PROT_WRITE, mapFd, 0, arena);
        try {
            this.producerAndData = bpf.mmap(page + 2 * size, Libbpf.PROT_READ, mapFd, page, arena);
        } catch (RuntimeException e) {
            bpf.munmap(consumerPage);
            throw e;
        }
        this.data = producerAndData.asSlice(page, 2 * size);
        this.mask = size - 1;
        this.consumer = (long) LONG.getAcquire(consumerPage, 0L);
    }

    /**
     * Gives back the previous record and wraps the next committed one, if any.
     *
     * @return false when no committed record is waiting (the caller should poll again later)
     */
    boolean next(EventView view) {
        release();
        while (true) {
            if (consumer >= cachedProducer) {
                cachedProducer = (long) LONG.getAcquire(producerAndData, 0L);
                if (consumer >= cachedProducer) {
                    return false;
                }
            }
            long off = consumer & mask;
            int hdr = (int) INT.getAcquire(data, off);
            if ((hdr & BUSY) != 0) {
                return false; // reserved but not yet committed: records are consumed in order
            }
            int len = hdr & ~(BUSY | DISCARD);
            long total = (RECORD_HEADER + len + 7) & ~7L;
            if ((hdr & DISCARD) != 0 || len < PREFIX + EventView.HEADER_V2) {
                consumer += total;
                LONG.setRelease(consumerPage, 0L, consumer);
                continue;
            }
            int cpu = data.get(ValueLayout.JAVA_INT_UNALIGNED, off + RECORD_HEADER);
            String bad = view.wrap(data, off + RECORD_HEADER + PREFIX, EventView.HEADER_V2, false, cpu, -1);
            pendingAdvance = total;
            if (bad != null) {
                // a malformed record would be a driver bug: skip it rather than hand out garbage
                release();
                continue;
            }
            return true;
        }
    }

    /** Gives the current record back to the kernel (release store, as libbpf does). */
    void release() {
        if (pendingAdvance != 0) {
            consumer += pendingAdvance;
            pendingAdvance = 0;
            LONG.setRelease(consumerPage, 0L, consumer);
        }
    }

    /** Bytes written by the kernel but not yet consumed. */
    long backlog() {
        return (long) LONG.getAcquire(producerAndData, 0L) - consumer;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bpf.munmap(producerAndData);
            bpf.munmap(consumerPage);
        }
    }
}
