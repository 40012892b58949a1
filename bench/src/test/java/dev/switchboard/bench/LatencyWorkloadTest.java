package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The latency workload driven by hand, with made-up clocks and no sockets: this test plays the
 * reactor (it calls poll, takes what a sender queued, "writes" it and says when) and the server
 * (it turns {@code target|content} into {@code MSG|sender|content} and delivers it when it
 * chooses). So it can stall either side exactly and check what the histograms make of it.
 */
class LatencyWorkloadTest {

    private static final long MS = 1_000_000;
    /** 2 pairs at 1,000 msgs/s: a message every millisecond, each pair every 2 ms. */
    private static final int PAIRS = 2;
    private static final double RATE = 1_000;
    private static final long WINDOW_START = 100 * MS;
    private static final long WINDOW_END = 1_100 * MS;

    private Reactor reactor;
    private RunContext ctx;
    private LatencyScenario.LatencyWorkload w;
    private Conn[] conns;

    @BeforeEach
    void setUp() throws Exception {
        reactor = new Reactor(0, Reactor.Wait.SPIN); // never started: this test is its loop
        ctx = new RunContext(new InetSocketAddress("127.0.0.1", 9), new InetSocketAddress[0], 2 * PAIRS, true,
                new PrintStream(OutputStream.nullOutputStream()));
        Names names = new Names("u", 2 * PAIRS);
        conns = new Conn[2 * PAIRS];
        for (int i = 0; i < conns.length; i++) {
            conns[i] = new Conn(i, names.name(i), reactor, i % 2 == 0 ? LatencyScenario.SENDER_BUFFER : 256);
            conns[i].state = Conn.LOGGED_IN;
        }
        w = new LatencyScenario.LatencyWorkload(reactor, ctx, conns, 64, 0);
        long start = ctx.epoch + 1_000;
        w.schedule = new OpenLoopSchedule(start, PAIRS, RATE);
        ctx.runStart = start;
        ctx.measureStart = start + WINDOW_START;
        ctx.measureEnd = start + WINDOW_END;
        ctx.runEnd = ctx.measureEnd;
        ctx.phase = RunContext.PHASE_RUN;
    }

    @AfterEach
    void tearDown() throws Exception {
        reactor.selector.close();
    }

    /** A time {@code offset} after the schedule's start. */
    private long at(long offset) {
        return ctx.runStart + offset;
    }

    /** A write takes this long in these tests. */
    private static final long WRITE_NANOS = 5_000;

    /** What sender {@code s} has queued, taken out of its buffer as if a write at {@code t} took it all. */
    private String write(Conn s, long t) {
        s.out.flip();
        byte[] b = new byte[s.out.remaining()];
        s.out.get(b);
        s.out.compact();
        s.bytesWritten += b.length;
        w.wrote(s, t, t + WRITE_NANOS);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** The server's part: {@code target|content} lines from sender {@code s} become MSG lines for its receiver, at {@code t}. */
    private void deliver(Conn s, String lines, long t) {
        Conn receiver = conns[s.index + 1];
        StringBuilder out = new StringBuilder();
        for (String line : lines.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            assertThat(line).startsWith(receiver.nameString() + "|");
            out.append("MSG|").append(s.nameString()).append('|').append(line.substring(line.indexOf('|') + 1)).append('\n');
        }
        byte[] b = out.toString().getBytes(StandardCharsets.US_ASCII);
        w.received(receiver, b, 0, b.length, t);
    }

    private Histogram latency() {
        return w.latency[LatencyScenario.IN_WINDOW];
    }

    @Test
    void everyMessageIsSentOnScheduleAndMeasuredOnce() {
        // A perfect generator and a server that takes 50 µs.
        for (long t = 0; t <= WINDOW_END + 10 * MS; t += 100_000) {
            w.pollScenario(at(t));
            for (int p = 0; p < PAIRS; p++) {
                Conn s = conns[2 * p];
                String lines = write(s, at(t));
                deliver(s, lines, at(t) + 50_000);
            }
        }
        assertThat(w.errors).as(w.firstError).isZero();
        // Every message due in [100 ms, 1,100 ms), and each exactly once.
        assertThat(latency().getTotalCount()).isEqualTo(1_000);
        assertThat(w.queuedBy[LatencyScenario.IN_WINDOW]).isEqualTo(1_000);
        assertThat(w.queued).isEqualTo(w.received).isEqualTo(1_100);
        // Sent within the 100 µs of the poll that found it due, received 50 µs after.
        assertThat(w.sendLag[LatencyScenario.IN_WINDOW].getMaxValue()).isLessThan(100_000);
        assertThat(latency().getMinValue()).isGreaterThan(49_900);
        assertThat(latency().getMaxValue()).isLessThan(151_000);
        assertThat(w.latencyFromWrite[LatencyScenario.IN_WINDOW].getMaxValue()).isBetween(49_900L, 50_100L);
        assertThat(w.loopGap[LatencyScenario.IN_WINDOW].getMaxValue()).isBetween(99_900L, 100_100L);
        // Every write (2 senders, every 100 µs) took its 5 µs; the messages count from its start.
        assertThat(w.writeTime[LatencyScenario.IN_WINDOW].getMinValue()).isBetween(4_990L, 5_010L);
        assertThat(w.writeTime[LatencyScenario.IN_WINDOW].getMaxValue()).isBetween(4_990L, 5_010L);
        assertThat(w.sendLag[LatencyScenario.IN_WINDOW].getMaxValue()).isZero();
    }

    @Test
    void aServerStallOf50msDelaysEveryMessageScheduledDuringItNotOnlyTheFirst() {
        // The server stops relaying at 500 ms and delivers everything held back at 550 ms. The
        // generator keeps to its schedule: open loop.
        StringBuilder[] held = {new StringBuilder(), new StringBuilder()};
        long queuedAtStallEnd = -1;
        for (long t = 0; t <= WINDOW_END + 10 * MS; t += 100_000) {
            w.pollScenario(at(t));
            boolean stalled = t >= 500 * MS && t < 550 * MS;
            if (t == 550 * MS) {
                queuedAtStallEnd = w.queued;
            }
            for (int p = 0; p < PAIRS; p++) {
                Conn s = conns[2 * p];
                String lines = write(s, at(t));
                if (stalled) {
                    held[p].append(lines);
                } else {
                    if (!held[p].isEmpty()) {
                        deliver(s, held[p].toString(), at(t));
                        held[p].setLength(0);
                    }
                    deliver(s, lines, at(t) + 50_000);
                }
            }
        }
        assertThat(w.errors).as(w.firstError).isZero();
        // Sending went on through the stall: message 550 (t = 550 ms) is already queued.
        assertThat(queuedAtStallEnd).isEqualTo(551);
        assertThat(w.sendLag[LatencyScenario.IN_WINDOW].getMaxValue()).isLessThan(100_000);
        Histogram h = latency();
        assertThat(h.getTotalCount()).isEqualTo(1_000);
        // The 50 messages due in [500 ms, 550 ms) waited 50 ms down to 0: a ramp, not one outlier.
        assertThat(h.getMaxValue()).isBetween(49 * MS, 51 * MS);
        assertThat(h.getCountBetweenValues(25 * MS, 60 * MS)).isBetween(24L, 26L);
        assertThat(h.getValueAtPercentile(99.9)).isGreaterThan(45 * MS);
        assertThat(h.getValueAtPercentile(99)).isGreaterThan(39 * MS);
        assertThat(h.getValueAtPercentile(90)).isLessThan(MS);
    }

    @Test
    void aLateGeneratorIsCountedFromTheScheduleNotFromWhenItFinallySent() {
        // The generator itself is stalled from 500 ms to 550 ms (no poll, no write): it then sends
        // the 50 overdue messages at once, and the server relays everything in 50 µs.
        for (long t = 0; t <= WINDOW_END + 10 * MS; t += 100_000) {
            if (t >= 500 * MS && t < 550 * MS) {
                continue;
            }
            w.pollScenario(at(t));
            for (int p = 0; p < PAIRS; p++) {
                Conn s = conns[2 * p];
                String lines = write(s, at(t));
                deliver(s, lines, at(t) + 50_000);
            }
        }
        assertThat(w.errors).as(w.firstError).isZero();
        Histogram h = latency();
        assertThat(h.getTotalCount()).as("no message skipped").isEqualTo(1_000);
        // Corrected: the overdue messages count from their intended times, 50 ms down to 0.
        assertThat(h.getMaxValue()).isBetween(50 * MS, 51 * MS);
        assertThat(h.getCountBetweenValues(25 * MS, 60 * MS)).isBetween(24L, 26L);
        assertThat(h.getValueAtPercentile(99.9)).isGreaterThan(45 * MS);
        // From the actual write every message took 50 µs: what a closed-loop tool would report.
        assertThat(w.latencyFromWrite[LatencyScenario.IN_WINDOW].getMaxValue()).isBetween(49_900L, 50_100L);
        // And the send lag says whose fault it was.
        Histogram lag = w.sendLag[LatencyScenario.IN_WINDOW];
        assertThat(lag.getMaxValue()).isBetween(50 * MS - 100_000, 50 * MS + 100_000);
        assertThat(lag.getCountBetweenValues(25 * MS, 60 * MS)).isBetween(24L, 26L);
        assertThat(w.loopGap[LatencyScenario.IN_WINDOW].getMaxValue()).isBetween(50 * MS, 51 * MS);
    }

    @Test
    void messagesOutsideTheWindowAreSentButNotRecorded() {
        for (long t = 0; t <= WINDOW_END + 10 * MS; t += 100_000) {
            w.pollScenario(at(t));
            for (int p = 0; p < PAIRS; p++) {
                Conn s = conns[2 * p];
                deliver(s, write(s, at(t)), at(t) + 50_000);
            }
        }
        assertThat(w.latency[0].getTotalCount()).as("warm-up messages, kept apart").isEqualTo(100);
        assertThat(latency().getTotalCount()).isEqualTo(1_000);
        assertThat(w.queued).as("nothing due at or after the end of the run").isEqualTo(1_100);
    }

    @Test
    void aPartialWriteCountsOnlyWholeMessagesAsSent() {
        w.pollScenario(at(3 * MS)); // pair 0's messages 0 and 1, due at 0 and 2 ms
        Conn s = conns[0];
        s.out.flip();
        int len = s.out.remaining() / 2;
        byte[] first = new byte[len + 10];
        s.out.get(first);
        s.out.compact();
        s.bytesWritten += first.length;
        w.wrote(s, at(3 * MS), at(3 * MS) + WRITE_NANOS);
        // Message 0 (due at 0) is out whole at 3 ms; message 1 (due at 2 ms) is not.
        assertThat(w.sendLag[0].getTotalCount()).isEqualTo(1);
        assertThat(w.sendLag[0].getMaxValue()).isBetween(3 * MS - 5_000, 3 * MS + 5_000);
        write(s, at(4 * MS));
        // Message 1 left whole at 4 ms: 2 ms late.
        assertThat(w.sendLag[0].getTotalCount()).isEqualTo(2);
        assertThat(w.sendLag[0].getCountBetweenValues(2 * MS - 5_000, 2 * MS + 5_000)).isEqualTo(1);
    }

    @Test
    void theWindowIndexIsOneExactlyInsideTheWindow() {
        assertThat(LatencyScenario.windowIndex(99, 100, 200)).isZero();
        assertThat(LatencyScenario.windowIndex(100, 100, 200)).isEqualTo(LatencyScenario.IN_WINDOW);
        assertThat(LatencyScenario.windowIndex(199, 100, 200)).isEqualTo(LatencyScenario.IN_WINDOW);
        assertThat(LatencyScenario.windowIndex(200, 100, 200)).isZero();
        // nanoTime may be negative and may wrap: only differences count.
        assertThat(LatencyScenario.windowIndex(Long.MIN_VALUE + 5, Long.MAX_VALUE - 5, Long.MIN_VALUE + 10))
                .isEqualTo(LatencyScenario.IN_WINDOW);
    }
}
