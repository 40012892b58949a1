package dev.switchboard.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * The wire encodings of one event, each computed at most once per {@link EncodingKey} and then
 * shared by every recipient on that wire (the byte arrays are never modified after they are
 * made). Lock-free: two threads that race on the same key may both encode, and either result is
 * kept; the results are equal. Slots are published with release/acquire, so a reader never sees
 * a half-filled array.
 */
public class Encodings {
    /** Keys beyond this many are encoded on every use instead of cached (there are a handful). */
    static final int SLOTS = 6;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] slots = new Object[SLOTS];

    /**
     * Sets the encoding for {@code key} before anyone asks: the sender's front end built it
     * while decoding (the line protocol relays {@code target|text} as {@code MSG|sender|text}
     * without a second copy). Only before the event is handed to the core.
     */
    public void seed(EncodingKey key, Object encoded) {
        if (key.index < SLOTS) {
            SLOT.setRelease(slots, key.index, encoded);
        }
    }

    /** The encoding of {@code event} for {@code key}, made by {@code encoder} the first time. */
    @SuppressWarnings("unchecked")
    public <E, T> T get(EncodingKey key, E event, Function<? super E, T> encoder) {
        int i = key.index;
        if (i >= SLOTS) {
            return encoder.apply(event);
        }
        Object v = SLOT.getAcquire(slots, i);
        if (v == null) {
            v = encoder.apply(event);
            SLOT.setRelease(slots, i, v);
        }
        return (T) v;
    }
}
