package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;

/** Client names: a prefix and a zero-padded index ({@code u00042}), so a name maps back to its index. */
final class Names {

    private final byte[] prefix;
    private final int width;

    Names(String prefix, int count) {
        if (prefix.isEmpty() || prefix.chars().anyMatch(ch -> ch == '|' || ch == ',' || ch <= ' ' || Character.isDigit(ch))) {
            throw new IllegalArgumentException("name prefix must be non-empty, without digits, '|', ',' or spaces: " + prefix);
        }
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.width = Math.max(5, Integer.toString(Math.max(0, count - 1)).length());
        if (this.prefix.length + width > 32) {
            throw new IllegalArgumentException("names would be longer than 32 bytes");
        }
    }

    /** Length in bytes of every name. */
    int nameLength() {
        return prefix.length + width;
    }

    byte[] prefix() {
        return prefix;
    }

    byte[] name(int index) {
        byte[] b = new byte[prefix.length + width];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        int v = index;
        for (int i = b.length - 1; i >= prefix.length; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return b;
    }
}
