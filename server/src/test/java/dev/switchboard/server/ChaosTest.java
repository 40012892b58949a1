package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 200 clients against one server, with a fixed seed: 60 "steady" clients log in and stay for the
 * whole run, chatting with each other (private messages split across writes, broadcasts, long
 * lines, garbage); 140 "chaotic" clients connect again and again and do anything: log in or not,
 * take a name that is taken or invalid, chat with random targets, send half lines, invalid UTF-8,
 * NUL bytes and over-long lines, stop reading while making the server talk, and leave by RST, FIN,
 * QUIT or a half line cut off.
 *
 * <p>At the end: every message between two steady clients arrived exactly once and in order; no
 * steady client was refused or dropped; no half line was ever acted on; every steady client's
 * presence equals the real set; every login the server logged has a {@code [LEAVE]} with the
 * reason the client's own ending implies; after everyone leaves there is no connection, thread,
 * descriptor or heap growth left; and the server still accepts and routes.
 *
 * <p>The seed is printed; rerun one with {@code -Dchaos.seed=N} ({@code -Dchaos.seconds=N}
 * changes the length of the chaos phase, 15 s by default).
 */
class ChaosTest {
    static final long SEED = Long.getLong("chaos.seed", 0x5EED_C4A05L);
    static final Duration CHAOS = Duration.ofSeconds(Long.getLong("chaos.seconds", 15));
    static final int STEADY = 60;
    static final int CHAOTIC = 140;

    /** Marks the content of lines that are never finished: nobody may ever receive it. */
    static final String HALF = "HALF-LINE";
    /** How a chaotic client's ending shows in the server's {@code [LEAVE]} reason. */
    static final String BY_RST = "connection reset"; // or "write failed (...)", see kind()
    static final String BY_FIN = "connection closed by peer";
    static final String BY_QUIT = "quit";
    static final String BY_SENDQ = "send queue exceeded";

    private static final Pattern LEAVE = Pattern.compile("^\\[LEAVE\\] (\\S+) \\((.+); \\d+ online\\)$");
    private static final Pattern JOIN = Pattern.compile("^\\[JOIN\\] (\\S+) from .*");

    /**
     * A 5 s close grace instead of the extension's 500 ms: on two busy cores a writer thread has
     * been seen to wait more than 500 ms for a carrier, and the forced close then cut a rejected
     * login before its ERROR line went out (the grace is the documented bound, not a bug here).
     */
    @RegisterExtension
    final ServerExtension ext = new ServerExtension(c -> c.withCloseGrace(Duration.ofSeconds(5)));

    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    /** Name to the endings its logged-in incarnations chose, in any order. */
    private final Map<String, List<String>> expectedLeaves = new ConcurrentHashMap<>();
    private final List<String> steadyNames = new ArrayList<>();
    private volatile boolean stopSteady;
    private long deadline;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoHundredClientsDoingAnything() throws Exception {
        System.out.printf("ChaosTest seed %d (rerun with -Dchaos.seed=%d), chaos phase %s%n", SEED, SEED, CHAOS);
        SwitchboardServer server = ext.server();
        warmUp();
        long heapBefore = usedHeapAfterGc();
        long fdsBefore = ServerExtension.openFds();

        List<Steady> steady = new ArrayList<>();
        for (int i = 0; i < STEADY; i++) {
            steadyNames.add("s" + i);
        }
        for (int i = 0; i < STEADY; i++) {
            steady.add(new Steady(i));
        }
        // Everyone steady is in before the chaos starts, so all of them stay for the whole run.
        await("steady clients online").atMost(LineClient.TIMEOUT).until(() -> server.usersOnline() == STEADY);

        deadline = System.nanoTime() + CHAOS.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (Steady s : steady) {
            // Platform threads: the pinning check covers the whole JVM, and class loading pins.
            threads.add(Thread.ofPlatform().daemon(true).name("steady-" + s.name).start(s::run));
        }
        List<Thread> chaotic = new ArrayList<>();
        for (int i = 0; i < CHAOTIC; i++) {
            Chaotic c = new Chaotic(STEADY + i);
            chaotic.add(Thread.ofPlatform().daemon(true).name("chaotic-" + c.name).start(c::run));
        }
        for (Thread t : chaotic) {
            assertThat(t.join(Duration.ofSeconds(30))).as("chaotic client %s finished", t.getName()).isTrue();
        }
        await("only steady clients online").atMost(LineClient.TIMEOUT).until(() -> server.usersOnline() == STEADY);
        stopSteady = true;
        for (Thread t : threads) {
            assertThat(t.join(LineClient.TIMEOUT)).as("%s finished", t.getName()).isTrue();
        }
        assertThat(violations).as("violations (seed %d)", SEED).isEmpty();

        // Two barrier rounds: after the first, every sender's lines were routed; after the
        // second, everything routed to each receiver has arrived.
        for (int round = 0; round < 2; round++) {
            for (Steady s : steady) {
                s.c.sync().forEach(s::handle);
            }
        }
        assertThat(violations).as("violations (seed %d)", SEED).isEmpty();
        long delivered = 0;
        for (Steady from : steady) {
            for (Steady to : steady) {
                assertThat(to.nextPrivate.getOrDefault(from.name, 0)).as("private messages %s -> %s (seed %d)",
                        from.name, to.name, SEED).isEqualTo(from.sentPrivate.getOrDefault(to.name, 0));
                delivered += from.sentPrivate.getOrDefault(to.name, 0);
                if (from != to) {
                    assertThat(to.nextAll.getOrDefault(from.name, 0)).as("broadcasts %s -> %s (seed %d)",
                            from.name, to.name, SEED).isEqualTo(from.sentAll);
                    delivered += from.sentAll;
                }
            }
        }
        System.out.printf("ChaosTest: %d messages between steady clients, each exactly once and in order%n", delivered);
        assertThat(delivered).as("the steady clients really chatted").isGreaterThan(1_000);

        Set<String> online = Set.copyOf(steadyNames);
        for (Steady s : steady) {
            s.awaitPresence(online);
        }
        assertThat(violations).as("violations (seed %d)", SEED).isEmpty();

        // The server still accepts and routes.
        try (LineClient late = new LineClient(ext.port()); LineClient later = new LineClient(ext.port())) {
            late.login("late");
            later.login("later");
            late.send("later|after the storm");
            later.awaitLine("MSG|late|after the storm");
            steady.get(0).c.send("late|hello from s0");
            late.awaitLine("MSG|s0|hello from s0");
            later.send("QUIT|done");
            later.awaitClosed();
            late.send("QUIT|done");
            late.awaitClosed();
        }
        expect("late", BY_QUIT);
        expect("later", BY_QUIT);
        for (Steady s : steady) {
            s.c.send("QUIT|bye");
            expect(s.name, BY_QUIT);
        }
        for (Steady s : steady) {
            s.c.awaitClosed();
            s.c.close();
        }

        // Everyone left: nothing may be left behind while the server keeps running.
        await("users to leave").atMost(LineClient.TIMEOUT).until(() -> server.usersOnline() == 0);
        await("connections to close").atMost(LineClient.TIMEOUT).until(() -> server.connectionCount() == 0);
        await("readers and writers to end").atMost(LineClient.TIMEOUT).until(() -> server.liveVirtualThreads() == 0);
        await("descriptors back to where they were").atMost(LineClient.TIMEOUT)
                .until(() -> ServerExtension.openFds() <= fdsBefore);
        long heapAfter = usedHeapAfterGc();
        System.out.printf("ChaosTest: heap after GC %d MiB before, %d MiB after everyone left%n",
                heapBefore >> 20, heapAfter >> 20);
        assertThat(heapAfter).as("heap after everyone left, bytes (before: %d)", heapBefore)
                .isLessThan(heapBefore + 64L * 1024 * 1024);

        checkLeaves();
    }

    /**
     * Takes every code path of the chaos once, alone: the first use of a class initializes it,
     * which pins a virtual thread by nature, and 200 clients hitting a new path at the same moment
     * would make the pinning check report the JVM's class loading rather than the server.
     */
    private void warmUp() throws IOException {
        try (LineClient w = new LineClient(ext.port()); LineClient other = new LineClient(ext.port());
             LineClient bad = new LineClient(ext.port()); LineClient taken = new LineClient(ext.port())) {
            w.send("CAP|REQ|presence");
            w.awaitLine("CAP|ACK|presence");
            w.login("warm");
            other.login("warm2");
            byte[] g = {'s', '1', '|', (byte) 0xC3, '(', (byte) 0xFF, '\n'};
            byte[] nul = {'A', 'L', 'L', '|', 'x', 0, 'y', '\n'};
            byte[] tooLong = ("x|" + "y".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);
            w.sendRaw(g).sendRaw(nul).sendRaw(tooLong);
            w.send("warm2|hi", "ALL|hi", "nobody|x", "MSG|nobody|x", "just words", "USERS", "PING|1");
            other.awaitLine("MSG|warm|hi");
            other.awaitLine("ALL|warm|hi");
            w.sync();
            bad.send("bad name");
            bad.awaitLine("ERROR|Invalid username");
            bad.awaitClosed();
            taken.send("WARM");
            taken.awaitLine("ERROR|Username already taken");
            taken.awaitClosed();
            other.shutdownOutput();
            other.awaitClosed();
            w.send("QUIT|bye");
            w.awaitClosed();
        }
        expect("warm", BY_QUIT);
        expect("warm2", BY_FIN);
    }

    /** Every logged-in incarnation left once, for the reason its own ending implies. */
    private void checkLeaves() {
        Map<String, List<String>> actual = new TreeMap<>();
        Map<String, Integer> joins = new TreeMap<>();
        int sendqDrops = 0;
        for (String line : ext.logLines()) {
            Matcher j = JOIN.matcher(line);
            if (j.matches()) {
                joins.merge(j.group(1), 1, Integer::sum);
            }
            Matcher m = LEAVE.matcher(line);
            if (m.matches()) {
                String reason = m.group(2);
                assertThat(reason).as("reason in %s", line).isNotBlank().doesNotContain("internal error");
                actual.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(kind(reason));
                if (reason.startsWith(BY_SENDQ)) {
                    sendqDrops++;
                }
            }
        }
        Map<String, List<String>> expected = new TreeMap<>();
        expectedLeaves.forEach((name, kinds) -> expected.put(name, sorted(kinds)));
        actual.replaceAll((name, kinds) -> sorted(kinds));
        List<String> wrong = new ArrayList<>();
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            List<String> want = expected.getOrDefault(name, List.of());
            List<String> got = actual.getOrDefault(name, List.of());
            if (!matches(want, got)) {
                List<String> missing = new ArrayList<>(want);
                got.forEach(missing::remove);
                List<String> unexpected = new ArrayList<>(got);
                want.forEach(unexpected::remove);
                wrong.add(name + ": expected but not logged " + missing + ", logged but not expected " + unexpected);
            }
        }
        assertThat(wrong).as("[LEAVE] reasons per name against each client's own ending (seed %d)", SEED).isEmpty();
        Map<String, Integer> leaves = new TreeMap<>();
        actual.forEach((name, kinds) -> leaves.put(name, kinds.size()));
        assertThat(joins).as("[JOIN] count per name equals [LEAVE] count").isEqualTo(leaves);
        assertThat(sendqDrops).as("slow consumers dropped for their send queue").isPositive();
        System.out.printf("ChaosTest: %d logins, each left for its stated reason (%d slow consumers dropped)%n",
                joins.values().stream().mapToInt(Integer::intValue).sum(), sendqDrops);
    }

    /**
     * Whether the logged endings fit the chosen ones. QUIT and slow-consumer drops must match
     * exactly. An RST may show as a FIN: when our reader thread is blocked on the socket, the JDK
     * shuts it down (FIN) before the close sends the RST, and the server may read the FIN first.
     */
    private static boolean matches(List<String> want, List<String> got) {
        Map<String, Integer> e = new HashMap<>();
        Map<String, Integer> a = new HashMap<>();
        want.forEach(k -> e.merge(k, 1, Integer::sum));
        got.forEach(k -> a.merge(k, 1, Integer::sum));
        for (String k : a.keySet()) {
            if (!List.of(BY_RST, BY_FIN, BY_QUIT, BY_SENDQ).contains(k)) {
                return false;
            }
        }
        int eRst = e.getOrDefault(BY_RST, 0);
        int aRst = a.getOrDefault(BY_RST, 0);
        return e.getOrDefault(BY_QUIT, 0).equals(a.getOrDefault(BY_QUIT, 0))
                && e.getOrDefault(BY_SENDQ, 0).equals(a.getOrDefault(BY_SENDQ, 0))
                && aRst <= eRst
                && aRst + a.getOrDefault(BY_FIN, 0) == eRst + e.getOrDefault(BY_FIN, 0);
    }

    private static String kind(String reason) {
        if (reason.startsWith("write failed") || reason.equals("connection closed")) {
            // After our RST the server's writer may meet it before the reader does; the writer
            // then closes the channel, and the reader may log that close before the write error.
            return BY_RST;
        }
        for (String k : List.of(BY_RST, BY_FIN, BY_QUIT, BY_SENDQ)) {
            if (reason.startsWith(k)) {
                return k;
            }
        }
        return reason;
    }

    private static List<String> sorted(List<String> l) {
        List<String> copy = new ArrayList<>(l);
        copy.sort(null);
        return copy;
    }

    private void expect(String name, String kind) {
        expectedLeaves.computeIfAbsent(name, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(kind);
    }

    private void violation(String who, Object what) {
        String v = who + ": " + what;
        violations.add(v);
        System.out.println("ChaosTest violation " + v);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Pacing between actions (not synchronisation: nothing waits for anything here). */
    private static void pause(Random rnd, int minMs, int maxMs) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(minMs + rnd.nextInt(maxMs - minMs + 1)));
    }

    private static String content(Random rnd) {
        int r = rnd.nextInt(100);
        if (r < 2) {
            return "long é🎉 " + "x".repeat(4_000);
        }
        if (r < 10) {
            return "with|bars|in it";
        }
        if (r < 20) {
            return "";
        }
        return "hello " + Long.toHexString(rnd.nextLong());
    }

    /** A line the decoder must discard: invalid UTF-8, a NUL byte, or longer than the limit. */
    private static byte[] garbage(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> new byte[] {'s', '1', '|', (byte) 0xC3, '(', (byte) 0xFF, '\n'};
            case 1 -> new byte[] {'A', 'L', 'L', '|', 'x', 0, 'y', '\n'};
            default -> ("s2|" + HALF + " too long " + "y".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A client that stays for the whole run and checks what it receives. */
    private final class Steady {
        final String name;
        final LineClient c;
        final Random rnd;
        final boolean deltas;
        /** This client's idea of who is online, from USERS snapshots and JOIN/LEAVE deltas. */
        Set<String> view = new java.util.HashSet<>();
        /** The last presence lines, shortened, to explain a wrong view. */
        final java.util.ArrayDeque<String> recentPresence = new java.util.ArrayDeque<>();
        /** Driver thread only while it runs; the test thread afterwards. */
        final Map<String, Integer> sentPrivate = new HashMap<>();
        int sentAll;
        final Map<String, Integer> nextPrivate = new HashMap<>();
        final Map<String, Integer> nextAll = new HashMap<>();

        Steady(int id) throws IOException {
            this.name = "s" + id;
            this.rnd = new Random(SEED * 31 + id);
            this.c = ext.client();
            this.deltas = id % 2 == 0;
            boolean capFirst = id % 4 == 0;
            if (deltas && capFirst) {
                c.send("CAP|REQ|presence");
                c.awaitLine("CAP|ACK|presence");
            }
            c.login(name);
            if (deltas && !capFirst) {
                // Switching after login: a full list still waiting in the coalescing slot must not
                // be written after the delta snapshot (it once left the view without a newcomer).
                c.send("CAP|REQ|presence");
                c.awaitLine("CAP|ACK|presence");
            }
        }

        void run() {
            try {
                while (!stopSteady) {
                    act();
                    c.drain().forEach(this::handle);
                    if (c.closedByServer()) {
                        violation(name, "dropped by the server");
                        return;
                    }
                    pause(rnd, 30, 90);
                }
            } catch (Throwable e) {
                violation(name, e);
            }
        }

        private void act() throws IOException {
            int r = rnd.nextInt(100);
            if (r < 70) {
                String to = steadyNames.get(rnd.nextInt(STEADY));
                int n = sentPrivate.merge(to, 1, Integer::sum) - 1;
                byte[] line = (to + "|p" + n + " " + content(rnd) + "\n").getBytes(StandardCharsets.UTF_8);
                if (rnd.nextInt(5) == 0) {
                    // Half a line now, the rest in a second write: one message all the same.
                    int cut = 1 + rnd.nextInt(line.length - 1);
                    c.sendRaw(java.util.Arrays.copyOfRange(line, 0, cut));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    c.sendRaw(java.util.Arrays.copyOfRange(line, cut, line.length));
                } else {
                    c.sendRaw(line);
                }
            } else if (r < 74) {
                c.send("ALL|a" + sentAll++ + " " + content(rnd));
            } else if (r < 86) {
                c.send("c" + (STEADY + rnd.nextInt(CHAOTIC)) + "|x " + content(rnd));
            } else if (r < 92) {
                c.sendRaw(garbage(rnd));
            } else if (r < 96) {
                // A USERS reply is the registry now, not ordered with the JOIN/LEAVE stream: only
                // a full-list client may mix the two.
                if (!deltas) {
                    c.send("USERS");
                }
            } else {
                c.send("nobody-" + rnd.nextInt(5) + "|x");
            }
        }

        /**
         * Reads lines until the view equals {@code expected}; the barrier after it proves nothing
         * was still on its way to change it again.
         */
        void awaitPresence(Set<String> expected) throws IOException {
            long end = System.nanoTime() + LineClient.TIMEOUT.toNanos();
            while (!view.equals(expected) && System.nanoTime() < end) {
                c.sync().forEach(this::handle);
            }
            c.sync().forEach(this::handle);
            if (!view.equals(expected)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(view);
                Set<String> extra = new TreeSet<>(view);
                extra.removeAll(expected);
                violation(name, (deltas ? "delta" : "full-list") + " client's presence is wrong: missing "
                        + missing + ", extra " + extra + "; last presence lines " + recentPresence);
            }
        }

        /** Applies a presence line; false if the line is about something else. */
        private boolean presence(String line) {
            String kind = line.startsWith("USERS|") ? "USERS" : line.startsWith("JOIN|") ? "JOIN"
                    : line.startsWith("LEAVE|") ? "LEAVE" : null;
            if (kind == null) {
                return false;
            }
            recentPresence.addLast(line.length() > 60 ? line.substring(0, 60) + "...(" + line.length() + ")" : line);
            if (recentPresence.size() > 6) {
                recentPresence.removeFirst();
            }
            String rest = line.substring(kind.length() + 1);
            switch (kind) {
                case "USERS" -> view = rest.isEmpty() ? new java.util.HashSet<>()
                        : new java.util.HashSet<>(java.util.Arrays.asList(rest.split(",")));
                case "JOIN" -> {
                    if (!view.add(rest)) {
                        violation(name, "JOIN for a name already in view: " + line);
                    }
                }
                default -> {
                    if (!view.remove(rest)) {
                        violation(name, "LEAVE for a name not in view: " + line);
                    }
                }
            }
            return true;
        }

        /** Checks one received line; called by one thread at a time. */
        void handle(String line) {
            if (presence(line)) {
                return;
            }
            if (line.startsWith("MSG|") || line.startsWith("ALL|")) {
                String[] f = line.split("\\|", 3);
                if (f.length < 3) {
                    violation(name, "malformed delivery " + line);
                    return;
                }
                String sender = f[1];
                String content = f[2];
                if (content.contains(HALF)) {
                    violation(name, "received a line that was never finished: " + line);
                }
                boolean fromSteady = steadyNames.contains(sender);
                if (fromSteady && line.startsWith("MSG|") && content.startsWith("p")) {
                    checkSequence(nextPrivate, sender, content, line);
                } else if (fromSteady && line.startsWith("ALL|") && content.startsWith("a")) {
                    checkSequence(nextAll, sender, content, line);
                }
            } else if (line.startsWith("ERROR|User s") && line.endsWith(" is not online")) {
                violation(name, "a steady client was not reachable: " + line);
            }
        }

        private void checkSequence(Map<String, Integer> next, String sender, String content, String line) {
            int space = content.indexOf(' ');
            int n = Integer.parseInt(content.substring(1, space));
            int want = next.getOrDefault(sender, 0);
            if (n != want) {
                violation(name, "from " + sender + " expected #" + want + " but got #" + n + ": "
                        + line.substring(0, Math.min(line.length(), 60)));
            }
            next.put(sender, n + 1);
        }
    }

    /** A client that comes and goes and does anything in between. */
    private final class Chaotic {
        final String name;
        final int id;
        final Random rnd;
        int incarnation;
        /** What this incarnation did so far, for the report of a violation. */
        StringBuilder steps = new StringBuilder();

        Chaotic(int id) {
            this.id = id;
            this.name = "c" + id;
            this.rnd = new Random(SEED * 31 + id);
        }

        void run() {
            try {
                while (System.nanoTime() < deadline) {
                    if (incarnation++ == 0 && id % 20 == 0) {
                        slowConsumer();
                    } else {
                        incarnation();
                    }
                }
            } catch (Throwable e) {
                violation(name + " (" + steps + ")", e);
            }
        }

        /**
         * Logs in, then stops reading while making the server answer 60 KB PINGs until the server
         * drops it: the write that finally fails is the proof. A watchdog cuts the socket if the
         * server never does.
         */
        private void slowConsumer() throws IOException {
            LineClient c = new LineClient(ext.port(), false);
            c.socket.setReceiveBufferSize(16 * 1024);
            c.send(name);
            expect(name, BY_SENDQ);
            byte[] ping = ("PING|" + "z".repeat(60_000) + "\n").getBytes(StandardCharsets.US_ASCII);
            Thread watchdog = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(20));
                    violation(name, "the server never dropped a client that stopped reading");
                    c.reset();
                } catch (InterruptedException | IOException e) {
                    // dropped in time: nothing to do
                }
            });
            try {
                while (true) {
                    c.sendRaw(ping);
                }
            } catch (IOException dropped) {
                // the server cut us off: expected
            } finally {
                watchdog.interrupt();
                c.reset();
            }
        }

        private void incarnation() throws IOException {
            LineClient c = new LineClient(ext.port());
            steps = new StringBuilder("port " + c.socket.getLocalPort());
            try {
                if (rnd.nextInt(5) == 0) {
                    byte[] g = garbage(rnd);
                    steps.append(", garbage ").append(g.length).append(" bytes");
                    c.sendRaw(g);
                }
                if (rnd.nextInt(10) == 0) {
                    // Never logs in: a half handshake, then gone.
                    c.sendRaw(("s3|" + HALF).getBytes(StandardCharsets.UTF_8));
                    end(c, rnd.nextBoolean() ? BY_RST : BY_FIN, false);
                    return;
                }
                int how = rnd.nextInt(10);
                String wanted = how == 0 ? "S" + rnd.nextInt(STEADY) : how == 1 ? "bad name" : name;
                c.send(wanted);
                steps.append(", login as ").append(wanted);
                String answer = c.await(l -> l.startsWith("WELCOME|") || l.equals("ERROR|Username already taken")
                        || l.equals("ERROR|Invalid username"), "an answer to the login as " + wanted);
                if (!answer.startsWith("WELCOME|")) {
                    // Our own name may still be held by our previous connection for a moment: fine.
                    assertThat(answer).as("answer to the login as %s", wanted)
                            .isEqualTo(how == 1 ? "ERROR|Invalid username" : "ERROR|Username already taken");
                    checkReceived(c, c.awaitClosed());
                    return;
                }
                assertThat(how).as("a login as %s succeeded", wanted).isGreaterThanOrEqualTo(2);
                int actions = 1 + rnd.nextInt(30);
                for (int i = 0; i < actions && System.nanoTime() < deadline; i++) {
                    act(c);
                    checkReceived(c, c.drain());
                    if (c.closedByServer()) {
                        violation(name, "dropped by the server while logged in");
                        return;
                    }
                    pause(rnd, 5, 40);
                }
                int e = rnd.nextInt(10);
                if (e < 1) {
                    c.sendRaw(("s" + rnd.nextInt(STEADY) + "|" + HALF).getBytes(StandardCharsets.UTF_8));
                    end(c, rnd.nextBoolean() ? BY_RST : BY_FIN, true);
                } else if (e < 4) {
                    end(c, BY_RST, true);
                } else if (e < 7) {
                    end(c, BY_FIN, true);
                } else {
                    c.send("QUIT|bye");
                    end(c, BY_QUIT, true);
                }
            } finally {
                c.close();
            }
        }

        private void end(LineClient c, String how, boolean loggedIn) throws IOException {
            if (loggedIn) {
                expect(name, how);
            }
            if (how.equals(BY_RST)) {
                c.reset();
                return;
            }
            if (how.equals(BY_FIN)) {
                c.shutdownOutput();
            }
            // FIN or QUIT: the server finishes with us and closes; only then do we close.
            checkReceived(c, c.awaitClosed());
        }

        private void act(LineClient c) throws IOException {
            int r = rnd.nextInt(100);
            if (r < 45) {
                String to = rnd.nextInt(3) == 0 ? "c" + (STEADY + rnd.nextInt(CHAOTIC)) : "s" + rnd.nextInt(STEADY);
                c.send(to + "|x " + content(rnd));
            } else if (r < 48) {
                c.send("ALL|x " + content(rnd));
            } else if (r < 60) {
                c.sendRaw(garbage(rnd));
            } else if (r < 70) {
                // A line in two writes.
                byte[] line = ("s" + rnd.nextInt(STEADY) + "|x split").getBytes(StandardCharsets.UTF_8);
                c.sendRaw(java.util.Arrays.copyOfRange(line, 0, 3));
                c.sendRaw(java.util.Arrays.copyOfRange(line, 3, line.length));
                c.sendRaw(new byte[] {'\n'});
            } else if (r < 80) {
                c.send("PING|" + rnd.nextInt());
            } else if (r < 85) {
                c.send("CAP|REQ|presence");
            } else if (r < 90) {
                c.send("USERS");
            } else if (r < 95) {
                c.send("just words");
            } else {
                c.send("MSG|" + "nobody|" + rnd.nextInt());
            }
        }

        private void checkReceived(LineClient c, List<String> lines) {
            for (String l : lines) {
                if (l.contains(HALF)) {
                    violation(name, "received a line that was never finished: " + l);
                }
            }
        }
    }
}
