package dev.switchboard.net;

import java.lang.management.ManagementFactory;

/**
 * This process's open-files limit and how many descriptors it holds now, read from the JVM's
 * Unix operating-system bean: what the server sizes its connection limit by, and the warm-up its
 * number of clients.
 */
public record OpenFiles(long max, long open) {

    /** Now, or null where the platform does not say (not a Unix system). */
    public static OpenFiles now() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return new OpenFiles(os.getMaxFileDescriptorCount(), os.getOpenFileDescriptorCount());
        }
        return null;
    }

    /** Descriptors that may still be opened. */
    public long free() {
        return Math.max(0, max - open);
    }
}
