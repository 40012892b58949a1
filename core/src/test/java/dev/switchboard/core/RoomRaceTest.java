package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rooms under contention, in memory: eight threads join, leave, talk in and get kicked from the
 * same three rooms, which keep emptying (and so disappearing) and being made again. Afterwards
 * the core's rooms and every user's rooms agree, no empty room is left, and every member of a
 * room heard of their own join.
 */
class RoomRaceTest {

    /** Counts what a client receives; takes everything. */
    static final class CountingEndpoint implements Endpoint {
        final AtomicInteger joins = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();

        @Override
        public boolean deliver(ChatEvent.Message m) {
            messages.incrementAndGet();
            return true;
        }

        @Override
        public void roomEvent(ChatEvent.RoomEvent e) {
            if (e instanceof ChatEvent.RoomJoined) {
                joins.incrementAndGet();
            }
        }

        @Override
        public long presenceList(PresenceRound round) {
            return 0;
        }

        @Override
        public long presenceSnapshot(PresenceRound round) {
            return 0;
        }

        @Override
        public long presenceDelta(PresenceRound round) {
            return 0;
        }

        @Override
        public String peer() {
            return "memory";
        }
    }

    @Test
    void roomsAndMembershipsStayConsistentUnderChurn() throws Exception {
        ChatCore core = new ChatCore(new LocalDirectory(100), new GuestAuthenticator(), "test-presence");
        final int threads = 8;
        final int steps = 20_000;
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Client c = core.newClient(new CountingEndpoint());
            assertThat(core.login(c, "u" + i, () -> { })).isEqualTo(LoginResult.OK);
            clients.add(c);
        }
        String[] rooms = {"#a", "#b", "#C"};
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Client me = clients.get(t);
                Random r = new Random(t);
                runs.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < steps; k++) {
                        String room = rooms[r.nextInt(rooms.length)];
                        switch (r.nextInt(5)) {
                            case 0, 1 -> core.join(me, room);
                            case 2 -> core.leave(me, room, "");
                            case 3 -> core.sendToRoom(me, room, Text.of("x"));
                            default -> core.kick(me, room, "u" + r.nextInt(threads), "race");
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Room room : core.rooms()) {
            assertThat(room.size()).as("room %s left in the core", room).isPositive();
            for (RoomMember m : room.members()) {
                assertThat(m.user().rooms()).as("%s's rooms", m.user()).contains(room);
            }
            assertThat(room.members().stream().filter(RoomMember::operator)).as("operators of %s", room).isNotEmpty();
        }
        for (Client c : clients) {
            for (Room room : c.user().rooms()) {
                assertThat(core.room(room.name())).as("a room of %s", c.user()).isSameAs(room);
                assertThat(room.members().stream().map(RoomMember::user)).contains(c.user());
            }
        }
        // Everyone leaves: every room goes.
        for (Client c : clients) {
            core.logout(c, "done");
        }
        assertThat(core.rooms()).isEmpty();
        assertThat(core.usersOnline()).isZero();
    }
}
