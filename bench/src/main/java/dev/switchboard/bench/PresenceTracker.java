package dev.switchboard.bench;

/**
 * What one client believes about who is online, fed byte by byte as it arrives: {@code USERS|a,b}
 * replaces the set, {@code JOIN|a} adds, {@code LEAVE|a} removes, anything else is skipped. Parsed
 * as a stream, never assembled into lines, so a 20,000-name list costs no buffer per client.
 *
 * <p>Only names of this run ({@code prefix} + index below {@code n}) are tracked, in a bit set;
 * {@link #complete()} says whether all {@code n} are present.
 */
final class PresenceTracker {

    private static final int START = 0;
    private static final int NAMES = 1;
    private static final int SKIP = 2;

    private static final long USERS = pack("USERS");
    private static final long JOIN = pack("JOIN");
    private static final long LEAVE = pack("LEAVE");

    private final byte[] prefix;
    /** Length of every name of this run (prefix + digits). */
    private final int nameWidth;
    private final int n;
    private final long[] bits;
    private int count;

    private int mode = START;
    private long word;
    private int wordLen;
    private boolean adding;
    private int nameLen;
    private int nameNum;
    private boolean nameOk = true;

    /** Set once the client first held the full list (it is counted once). */
    boolean reached;

    /** Bytes of USERS/JOIN/LEAVE lines seen, line ends included. */
    long presenceBytes;

    PresenceTracker(byte[] prefix, int nameWidth, int n) {
        this.prefix = prefix;
        this.nameWidth = nameWidth;
        this.n = n;
        this.bits = new long[(n + 63) >>> 6];
    }

    boolean complete() {
        return count == n;
    }

    int count() {
        return count;
    }

    /**
     * Consumes bytes; returns true if a presence line ended in them (so the caller checks
     * {@link #complete()}).
     */
    boolean feed(byte[] b, int off, int end) {
        boolean lineEnded = false;
        int i = off;
        while (i < end) {
            switch (mode) {
                case START -> {
                    byte x = b[i++];
                    if (x == '\n') {
                        word = 0;
                        wordLen = 0;
                    } else if (x == '|') {
                        startLine();
                    } else if (wordLen < 8) {
                        word = word << 8 | (x & 0xff);
                        wordLen++;
                    } else {
                        mode = SKIP;
                    }
                }
                case SKIP -> {
                    while (i < end && b[i] != '\n') {
                        i++;
                    }
                    if (i < end) {
                        i++;
                        mode = START;
                        word = 0;
                        wordLen = 0;
                    }
                }
                default -> {
                    int start = i;
                    if (nameLen == 0) {
                        // Fast path: this run's names all have the same length, so a whole name
                        // and its separator are checked at fixed offsets.
                        int w = nameWidth;
                        byte[] pre = prefix;
                        int plen = pre.length;
                        boolean lineEnd = false;
                        while (i + w < end) {
                            byte sep = b[i + w];
                            if (sep != ',' && sep != '\n') {
                                break;
                            }
                            boolean ok = true;
                            for (int p = 0; p < plen; p++) {
                                ok &= b[i + p] == pre[p];
                            }
                            int num = 0;
                            for (int p = i + plen; p < i + w; p++) {
                                int d = b[p] - '0';
                                ok &= d >= 0 && d <= 9;
                                num = num * 10 + d;
                            }
                            if (!ok) {
                                break;
                            }
                            name(true, num);
                            i += w + 1;
                            if (sep == '\n') {
                                lineEnd = true;
                                break;
                            }
                        }
                        presenceBytes += i - start;
                        start = i;
                        if (lineEnd) {
                            mode = START;
                            word = 0;
                            wordLen = 0;
                            lineEnded = true;
                            continue;
                        }
                    }
                    // General path, one byte at a time: a name cut by the read, or a foreign one.
                    int len = nameLen;
                    int num = nameNum;
                    boolean ok = nameOk;
                    byte[] pre = prefix;
                    while (i < end) {
                        byte x = b[i++];
                        if (x == ',' || x == '\n') {
                            name(ok && len > pre.length, num);
                            len = 0;
                            num = 0;
                            ok = true;
                            if (x == '\n') {
                                mode = START;
                                word = 0;
                                wordLen = 0;
                                lineEnded = true;
                                break;
                            }
                        } else if (len < pre.length) {
                            ok &= x == pre[len];
                            len++;
                        } else {
                            int d = x - '0';
                            ok &= d >= 0 && d <= 9 && num < 100_000_000;
                            num = num * 10 + d;
                            len++;
                        }
                    }
                    nameLen = len;
                    nameNum = num;
                    nameOk = ok;
                    presenceBytes += i - start;
                }
            }
        }
        return lineEnded;
    }

    private void startLine() {
        presenceBytes += wordLen + 1;
        if (word == USERS) {
            java.util.Arrays.fill(bits, 0);
            count = 0;
            adding = true;
            mode = NAMES;
        } else if (word == JOIN) {
            adding = true;
            mode = NAMES;
        } else if (word == LEAVE) {
            adding = false;
            mode = NAMES;
        } else {
            presenceBytes -= wordLen + 1;
            mode = SKIP;
        }
        nameLen = 0;
        nameNum = 0;
        nameOk = true;
    }

    private void name(boolean ok, int num) {
        if (!ok || num >= n) {
            return;
        }
        long mask = 1L << num;
        int w = num >>> 6;
        boolean present = (bits[w] & mask) != 0;
        if (adding && !present) {
            bits[w] |= mask;
            count++;
        } else if (!adding && present) {
            bits[w] &= ~mask;
            count--;
        }
    }

    private static long pack(String s) {
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            v = v << 8 | s.charAt(i);
        }
        return v;
    }
}
