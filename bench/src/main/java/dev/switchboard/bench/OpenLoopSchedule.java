package dev.switchboard.bench;

/**
 * When every message of an open-loop run is due, fixed before the first one is sent: message
 * {@code k} of the run (all pairs together) at {@code start + k / rate}, from pair {@code k mod P}
 * as that pair's message number {@code k div P}. So each pair sends every {@code P / rate}
 * seconds, the pairs are evenly staggered, and the whole run is one evenly spaced stream.
 *
 * <p>The times never move: a load generator that falls behind sends the overdue messages at once
 * and each still counts from its time here (the coordinated-omission correction), and a server
 * that stalls does not slow the schedule down.
 */
final class OpenLoopSchedule {

    final long start;
    final int pairs;
    final double nanosPerMessage;

    /**
     * @param start nanoTime of message 0
     * @param pairs sender->receiver pairs, P
     * @param rate messages per second, all pairs together
     */
    OpenLoopSchedule(long start, int pairs, double rate) {
        if (pairs < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("pairs >= 1 and rate > 0");
        }
        this.start = start;
        this.pairs = pairs;
        this.nanosPerMessage = 1e9 / rate;
    }

    /** The intended send time (nanoTime) of message {@code seq} of pair {@code pair}. */
    long intended(int pair, long seq) {
        return start + Math.round((seq * pairs + pair) * nanosPerMessage);
    }

    /** Nanoseconds between two messages of one pair. */
    double pairIntervalNanos() {
        return pairs * nanosPerMessage;
    }

    /**
     * Walks the messages of some of the pairs (one reactor's) in the order they are due. The
     * pairs are given by their numbers in increasing order; the walk is round by round (message
     * {@code seq} of every pair, then {@code seq + 1}), which is time order because one round of
     * the whole run ends before the next begins.
     */
    final class Cursor {
        private final int[] pairNumbers;
        private int i;
        private long seq;
        private long due;

        Cursor(int[] pairNumbers) {
            if (pairNumbers.length == 0) {
                throw new IllegalArgumentException("no pairs");
            }
            for (int k = 1; k < pairNumbers.length; k++) {
                if (pairNumbers[k] <= pairNumbers[k - 1]) {
                    throw new IllegalArgumentException("pair numbers must increase");
                }
            }
            this.pairNumbers = pairNumbers.clone();
            this.due = intended(this.pairNumbers[0], 0);
        }

        /** The intended time of the next message. */
        long due() {
            return due;
        }

        /** Index (into the array given) of the pair whose message is next. */
        int pairIndex() {
            return i;
        }

        /** That message's number within its pair. */
        long seq() {
            return seq;
        }

        /** Moves on to the message after. */
        void advance() {
            if (++i == pairNumbers.length) {
                i = 0;
                seq++;
            }
            due = intended(pairNumbers[i], seq);
        }
    }
}
