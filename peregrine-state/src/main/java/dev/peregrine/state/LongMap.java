package dev.peregrine.state;

import java.util.Arrays;
import java.util.function.Consumer;

/** An open-addressing map from long keys to values, without boxing (thread ids, fd numbers). */
public final class LongMap<V> {
    private static final long FREE = Long.MIN_VALUE;

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    public LongMap() {
        this(16);
    }

    public LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new Object[cap];
        Arrays.fill(keys, FREE);
        mask = cap - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The slot that holds {@code key}, or the free slot its probe ends at. */
    private int slot(long key) {
        int i = hash(key) & mask;
        while (keys[i] != key && keys[i] != FREE) {
            i = (i + 1) & mask;
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        return (V) values[slot(key)];
    }

    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (key == FREE) {
            throw new IllegalArgumentException("reserved key");
        }
        int i = slot(key);
        V old = (V) values[i];
        values[i] = value;
        if (keys[i] == FREE) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                grow();
            }
        }
        return old;
    }

    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = slot(key);
        if (keys[i] == FREE) {
            return null;
        }
        V old = (V) values[i];
        deleteAt(i);
        size--;
        return old;
    }

    /** Backward-shift deletion keeps probe chains intact without tombstones. */
    private void deleteAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == FREE) {
                break;
            }
            int home = hash(k) & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = k;
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = FREE;
        values[hole] = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                @SuppressWarnings("unchecked") V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        Arrays.fill(keys, FREE);
        Arrays.fill(values, null);
        size = 0;
    }

    /** Visits every value (order unspecified). Not for per-event use. */
    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE) {
                action.accept((V) values[i]);
            }
        }
    }

    /** Visits every key (order unspecified). */
    public void forEachKey(java.util.function.LongConsumer action) {
        for (long k : keys) {
            if (k != FREE) {
                action.accept(k);
            }
        }
    }
}
