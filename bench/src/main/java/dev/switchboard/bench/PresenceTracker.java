package dev.switchboard.bench;

/**
 * What one client believes about who is online, fed byte by byte as it arrives: {@code USERS|a,b}
 * replaces the set, {@code JOIN|a} adds, {@code LEAVE|a} removes, anything else is skipped. Parsed
 * as a stream, never assembled into lines, so a 20,000-name list costs no buffer per client.
 *
 * <p>Only names of this run ({@code prefix} + index below {@code n}) are tracked, in a bit set;
 * {@link #complete()} says whether all {@code n} were present when the last presence line ended.
 *
 * <p>With {@code countOnly} (seed-style storms, where every {@code USERS} line replaces the whole
 * list) a {@code USERS} line is counted instead of decoded: this run's names all have the same
 * width, so the tracker jumps from separator to separator and checks only the separator and the
 * first byte of each name, about one byte in seven. The server never lists a name twice, so a line
 * of {@code n} such names is the full list. The first line that does not have that shape (a name
 * of another width, another prefix) turns counting off for good and is decoded from there on.
 */
final class PresenceTracker {

    private static final int START = 0;
    private static final int NAMES = 1;
    private static final int SKIP = 2;
    private static final int COUNT = 3;

    private static final long USERS = pack("USERS");
    private static final long JOIN = pack("JOIN");
    private static final long LEAVE = pack("LEAVE");

    private final byte[] prefix;
    /** Length of every name of this run (prefix + digits). */
    private final int nameWidth;
    private final int n;
    private final long[] bits;
    private int count;
    private boolean full;
    /** Counting USERS lines instead of decoding them; off for good after the first irregular line. */
    private boolean countOnly;
    /** In COUNT mode: bytes of the current name already consumed by earlier reads. */
    private int cut;

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
        this(prefix, nameWidth, n, false);
    }

    PresenceTracker(byte[] prefix, int nameWidth, int n, boolean countOnly) {
        this.countOnly = countOnly;
        this.prefix = prefix;
        this.nameWidth = nameWidth;
        this.n = n;
        this.bits = new long[(n + 63) >>> 6];
    }

    /** Whether the client held all {@code n} names when its last presence line ended. */
    boolean complete() {
        return full;
    }

    /** Whether USERS lines are still counted rather than decoded (false after an irregular line). */
    boolean counting() {
        return countOnly;
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
                case COUNT -> {
                    int start = i;
                    int w = nameWidth;
                    byte first = prefix[0];
                    int c = cut;
                    int k = count;
                    boolean lineEnd = false;
                    boolean irregular = false;
                    while (i < end) {
                        if (c == 0) {
                            byte x = b[i];
                            if (x == '\n' && k == 0) {
                                i++;
                                lineEnd = true;
                                break;
                            }
                            if (x != first) {
                                irregular = true;
                                break;
                            }
                        }
                        int sep = i + w - c;
                        if (sep >= end) {
                            c += end - i;
                            i = end;
                            break;
                        }
                        byte x = b[sep];
                        if (x != ',' && x != '\n') {
                            irregular = true;
                            break;
                        }
                        k++;
                        c = 0;
                        i = sep + 1;
                        if (x == '\n') {
                            lineEnd = true;
                            break;
                        }
                    }
                    presenceBytes += i - start;
                    count = k;
                    cut = c;
                    if (irregular) {
                        // Decode the rest of this line (it cannot be full: its first names were
                        // only counted) and every later one.
                        countOnly = false;
                        decodeUsers();
                        nameLen = 1; // the name under way is skipped: its start was only counted
                        nameNum = 0;
                        nameOk = false;
                    } else if (lineEnd) {
                        endLine();
                        lineEnded = true;
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
                            endLine();
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
                                endLine();
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

    private void endLine() {
        full = count == n;
        mode = START;
        word = 0;
        wordLen = 0;
    }

    /** A USERS line is decoded name by name: it replaces the set. */
    private void decodeUsers() {
        java.util.Arrays.fill(bits, 0);
        count = 0;
        adding = true;
        mode = NAMES;
    }

    private void startLine() {
        presenceBytes += wordLen + 1;
        if (word == USERS && countOnly) {
            count = 0;
            cut = 0;
            mode = COUNT;
        } else if (word == USERS) {
            decodeUsers();
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
