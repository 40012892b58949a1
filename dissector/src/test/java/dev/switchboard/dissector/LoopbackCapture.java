package dev.switchboard.dissector;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A tshark capture on the loopback interface, written to a pcapng file.
 *
 * <p>Synchronisation without sleeps, by probe packets: the filter also takes UDP datagrams to a
 * port of the test's own. {@link #start} waits for tshark's "Capturing on", then sends probes until
 * tshark prints one (tshark says "Capturing on" a little before the kernel delivers packets: the
 * first segments of a connection were seen missing without this). {@link #close} sends one more
 * probe and waits until tshark has printed it, so every segment sent before it is in the file; only
 * then is tshark stopped. The probes stay in the file; readers filter on TCP.
 */
final class LoopbackCapture implements AutoCloseable {

    /** tshark needs a moment to start dumpcap and open the interface; a second is typical. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    /** dumpcap hands packets to tshark at its update interval (100 ms by default). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    /** How long one start-up probe is waited for before the next is sent. */
    private static final Duration PROBE_RETRY = Duration.ofMillis(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final DatagramSocket probeReceiver;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final List<String> stderrSeen = new ArrayList<>();
    private final Path file;
    private boolean closed;

    private LoopbackCapture(Process process, DatagramSocket probeReceiver, Path file) {
        this.process = process;
        this.probeReceiver = probeReceiver;
        this.file = file;
    }

    /** Starts capturing TCP traffic on the given loopback ports into file and waits until ready. */
    static LoopbackCapture start(Path file, List<Integer> tcpPorts) throws IOException, InterruptedException {
        Path tshark = Tshark.require("tshark");
        Tshark.require("dumpcap");
        DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        StringBuilder filter = new StringBuilder();
        for (int port : tcpPorts) {
            filter.append("tcp port ").append(port).append(" or ");
        }
        filter.append("udp dst port ").append(receiver.getLocalPort());
        // -P -T fields: print one line per captured packet (frame number, UDP source port) while
        // writing; each probe comes from its own port, so a late line is never taken for a newer probe.
        Process process = new ProcessBuilder(tshark.toString(), "-n", "-l", "-i", "lo",
                "-f", filter.toString(), "-w", file.toString(), "-P",
                "-T", "fields", "-e", "frame.number", "-e", "udp.srcport")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        LoopbackCapture capture = new LoopbackCapture(process, receiver, file);
        capture.pump(process.getInputStream(), capture.stdout, "capture-stdout");
        capture.pump(process.getErrorStream(), capture.stderr, "capture-stderr");
        try {
            capture.awaitLine(capture.stderr, line -> line.contains("Capturing on"), READY_TIMEOUT,
                    "tshark did not start capturing on loopback (is capture permitted for this user?)");
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            do {
                capture.sendProbe();
                if (capture.pollLine(capture.stdout, line -> !line.endsWith("\t"), PROBE_RETRY)) {
                    return capture;
                }
            } while (System.nanoTime() < deadline);
            capture.failWith("no probe packet reached the capture within " + PROBE_TIMEOUT.toSeconds() + " s");
        } catch (AssertionError | IOException | RuntimeException e) {
            capture.kill();
            throw e;
        }
        return capture;
    }

    Path file() {
        return file;
    }

    private void pump(InputStream in, BlockingQueue<String> queue, String name) {
        Thread.ofPlatform().daemon().name(name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    queue.add(line);
                }
            } catch (IOException e) {
                queue.add("(read failed: " + e + ")");
            } finally {
                queue.add(EOF);
            }
        });
    }

    private void awaitLine(BlockingQueue<String> queue, Predicate<String> wanted, Duration timeout, String what)
            throws InterruptedException {
        if (!pollLine(queue, wanted, timeout)) {
            failWith(what + " within " + timeout.toSeconds() + " s");
        }
    }

    /** Waits for a wanted line; false on timeout; fails when tshark has ended. */
    private boolean pollLine(BlockingQueue<String> queue, Predicate<String> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                return false;
            }
            if (line.equals(EOF)) {
                failWith("tshark ended unexpectedly");
            }
            if (queue == stderr) {
                stderrSeen.add(line);
            }
            if (wanted.test(line)) {
                return true;
            }
        }
    }

    private void failWith(String what) {
        drainStderr();
        String said = String.join("\n", stderrSeen);
        if (said.contains("permission")) {
            what = "no permission to capture on the loopback interface (run the tests as root, or let"
                    + " this user run dumpcap: dpkg-reconfigure wireshark-common, group wireshark); " + what;
        }
        fail(what + "; tshark said:\n" + said);
    }

    /** Sends one probe datagram from a fresh port and returns that port. */
    private int sendProbe() throws IOException {
        byte[] payload = "switchboard-capture-probe".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sender.send(new DatagramPacket(payload, payload.length, probeReceiver.getLocalSocketAddress()));
            return sender.getLocalPort();
        }
    }

    private void drainStderr() {
        String line;
        while ((line = stderr.poll()) != null) {
            if (!line.equals(EOF)) {
                stderrSeen.add(line);
            }
        }
    }

    /** Flushes the capture with a probe, then stops tshark and waits for the file. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            String probe = "\t" + sendProbe();
            awaitLine(stdout, line -> line.endsWith(probe), PROBE_TIMEOUT, "the final probe packet did not reach the capture");
            process.destroy(); // SIGTERM: tshark stops dumpcap, which closes the file properly
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("tshark did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
            }
        } finally {
            kill();
        }
    }

    private void kill() {
        probeReceiver.close();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
