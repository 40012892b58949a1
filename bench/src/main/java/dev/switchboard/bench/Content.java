package dev.switchboard.bench;

/**
 * The content of a load message: a 10-digit sequence number, a 15-digit send time (nanoseconds
 * since the run's epoch; the intended send time in latency runs) and {@code x} padding up to the
 * requested size. Fixed offsets, so sender and receiver touch only the digits.
 */
final class Content {

    static final int SEQ_DIGITS = 10;
    static final int TIME_DIGITS = 15;
    static final int MIN_SIZE = SEQ_DIGITS + TIME_DIGITS;
    /** Far above any useful size, far below the server's 64 KiB line limit with the header. */
    static final int MAX_SIZE = 60_000;

    private Content() {
    }

    static void checkSize(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("--size must be " + MIN_SIZE + ".." + MAX_SIZE + " bytes, got " + size);
        }
    }

    /** {@code target|<content>\n} with zeros in the number fields. */
    static byte[] line(byte[] target, int size) {
        byte[] b = new byte[target.length + 1 + size + 1];
        System.arraycopy(target, 0, b, 0, target.length);
        b[target.length] = '|';
        int c = target.length + 1;
        for (int i = 0; i < size; i++) {
            b[c + i] = i < MIN_SIZE ? (byte) '0' : (byte) 'x';
        }
        b[b.length - 1] = '\n';
        return b;
    }

    /** Writes {@code v} as exactly {@code digits} decimal digits at {@code at}. */
    static void digits(byte[] b, int at, int digits, long v) {
        for (int i = at + digits - 1; i >= at; i--) {
            b[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
    }

    /** Reads {@code digits} decimal digits at {@code at}; -1 if one is not a digit. */
    static long parse(byte[] b, int at, int digits) {
        long v = 0;
        for (int i = at; i < at + digits; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
