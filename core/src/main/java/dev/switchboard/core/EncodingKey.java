package dev.switchboard.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names one wire encoding of core events: the line protocol, the line protocol with message tags,
 * IRC... Each front end makes its keys once, in a static initialiser, and uses them to cache its
 * encoding of an event in the event's {@link Encodings}: an event is encoded once per wire format,
 * however many recipients speak it.
 */
public final class EncodingKey {
    private static final AtomicInteger NEXT = new AtomicInteger();

    final int index;
    private final String name;

    private EncodingKey(String name) {
        this.index = NEXT.getAndIncrement();
        this.name = name;
    }

    public static EncodingKey create(String name) {
        return new EncodingKey(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
