package dev.switchboard.protocol;

/** Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
    private Utf8() {}

    /** Null when the bytes are valid UTF-8 without NUL or a control {@code policy} forbids, else the reason. */
    static DecodeError check(byte[] b, int off, int len, ControlPolicy policy) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0x20) { // printable ASCII fast path (c is a signed byte: 0x20-0x7F)
                if (c == 0x7F) {
                    return DecodeError.CONTROL_CHARACTER;
                }
                i++;
                continue;
            }
            if (c == 0) {
                return DecodeError.NUL_BYTE;
            }
            if (c > 0) {
                if (!policy.allowsC0(c)) {
                    return DecodeError.CONTROL_CHARACTER;
                }
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return DecodeError.INVALID_UTF8;
            }
            if (i + need >= end) { // the character is cut off by the end of the line
                return DecodeError.INVALID_UTF8;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return DecodeError.INVALID_UTF8;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return DecodeError.INVALID_UTF8;
            }
            if ((cp <= 0x9F || (cp >= 0x2028 && cp <= 0x2069)) && ControlPolicy.forbidsAbove7F(cp)) {
                return DecodeError.CONTROL_CHARACTER;
            }
            i += need + 1;
        }
        return null;
    }
}
