package dev.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The queue in isolation, over a channel whose writes the test lets through one at a time. */
class OutboundQueueTest {

    /** A channel that blocks every write until the test releases it. */
    static final class GatedChannel implements WritableByteChannel {
        final Semaphore permits = new Semaphore(0);
        final Semaphore writeStarted = new Semaphore(0);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean open = true;

        @Override
        public int write(ByteBuffer src) throws IOException {
            writeStarted.release();
            try {
                if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IOException("test never released the write");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            int n = src.remaining();
            synchronized (written) {
                written.write(src.array(), src.arrayOffset() + src.position(), n);
            }
            src.position(src.limit());
            writes.incrementAndGet();
            return n;
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    static final class Recorder implements OutboundQueue.Events {
        final AtomicBoolean overflowed = new AtomicBoolean();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void overflowed() {
            overflowed.set(true);
        }

        @Override
        public void closed(IOException failure) {
            closed.countDown();
        }
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static OutboundQueue queue(GatedChannel ch, long limit, Recorder r) {
        return new OutboundQueue(ch, limit, line("ERROR|Send queue exceeded"), Thread.ofVirtual()::start, r);
    }

    @Test
    void usersLinesAreCoalescedWhileTheWriterIsBusy() throws Exception {
        GatedChannel ch = new GatedChannel();
        Recorder r = new Recorder();
        OutboundQueue q = queue(ch, 10_000, r);
        q.offer(line("WELCOME|hi"));
        assertThat(ch.writeStarted.tryAcquire(5, TimeUnit.SECONDS)).isTrue(); // writer is now blocked
        for (int i = 0; i < 100; i++) {
            q.offerUsers(line("USERS|v" + i));
        }
        q.offer(line("MSG|a|x"));
        ch.permits.release(10);
        q.close(null);
        assertThat(r.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ch.text()).isEqualTo("WELCOME|hi\nMSG|a|x\nUSERS|v99\n");
    }

    @Test
    void snapshotDropsAFullListStillWaitingSoNothingOlderFollowsIt() throws Exception {
        GatedChannel ch = new GatedChannel();
        Recorder r = new Recorder();
        OutboundQueue q = queue(ch, 10_000, r);
        q.offer(line("WELCOME|hi"));
        assertThat(ch.writeStarted.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        q.offerUsers(line("USERS|old"));          // full-list mode, not yet written
        q.offerSnapshot(line("USERS|old,new"));   // the client switched to presence deltas
        q.offer(line("JOIN|newer"));
        ch.permits.release(10);
        q.close(null);
        assertThat(r.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ch.text()).isEqualTo("WELCOME|hi\nUSERS|old,new\nJOIN|newer\n");
    }

    @Test
    void linesAreBatchedIntoFewWrites() throws Exception {
        GatedChannel ch = new GatedChannel();
        Recorder r = new Recorder();
        OutboundQueue q = queue(ch, 1_000_000, r);
        q.offer(line("first"));
        assertThat(ch.writeStarted.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 1000; i++) {
            q.offer(line("m" + i));
        }
        ch.permits.release(100);
        q.close(null);
        assertThat(r.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ch.writes.get()).isLessThanOrEqualTo(2);
        assertThat(ch.text()).startsWith("first\nm0\nm1\n").endsWith("m999\n");
    }

    @Test
    void overLimitDropsTheQueueAndEndsWithTheErrorLine() throws Exception {
        GatedChannel ch = new GatedChannel();
        Recorder r = new Recorder();
        OutboundQueue q = queue(ch, 100, r);
        assertThat(q.offer(line("in flight"))).isTrue();
        assertThat(ch.writeStarted.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        int accepted = 0;
        while (q.offer(line("0123456789"))) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(9); // 9 x 11 bytes fit in 100, the 10th does not
        assertThat(r.overflowed).isTrue();
        assertThat(q.offer(line("after"))).isFalse();
        ch.permits.release(10);
        // Flushed, but held open until the connection's cleanup releases it.
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> ch.text().endsWith("ERROR|Send queue exceeded\n"));
        assertThat(ch.isOpen()).isTrue();
        q.release();
        assertThat(r.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ch.text()).isEqualTo("in flight\nERROR|Send queue exceeded\n");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void closeWithNothingQueuedClosesAtOnce() throws Exception {
        GatedChannel ch = new GatedChannel();
        Recorder r = new Recorder();
        queue(ch, 100, r).close(null);
        assertThat(r.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ch.writes.get()).isZero();
    }
}
