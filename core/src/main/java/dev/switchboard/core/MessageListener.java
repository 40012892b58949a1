package dev.switchboard.core;

/**
 * Told of every chat message after it was routed: history, metrics. Called on the sender's
 * thread, after delivery, outside every lock; it must not block (a store queues and returns).
 */
public interface MessageListener {
    /** {@code m} was handed to {@code recipients} clients (0: nobody took it). */
    void delivered(ChatEvent.Message m, int recipients);
}
