package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The window under a dying server and under a flood. */
class ReconnectAndFloodTest {

    @Test
    void windowReconnectsByItselfAfterTheServerRestarts() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            ChatWindow bob = desk.login("bob");
            Gui.until("bob listed", () -> alice.model().contact("bob") != null && alice.model().contact("bob").isOnline());

            Gui.run(() -> alice.open(alice.model().contact("bob")));
            assertThat(Gui.edt(alice::headerSubtitle)).isEqualTo("Online");

            desk.stopServer();
            Gui.until("alice notices the drop", () -> !alice.model().status().canSend());
            assertThat(Gui.edt(alice::statusText)).startsWith("Reconnecting");
            // It is we who are offline, not bob: the conversation says so.
            assertThat(Gui.edt(alice::headerSubtitle)).startsWith("You are offline: reconnecting").doesNotContain("bob");
            Gui.run(() -> alice.open(alice.model().everyone()));
            assertThat(Gui.edt(alice::headerSubtitle)).startsWith("You are offline: reconnecting");
            Gui.run(() -> alice.open(alice.model().contact("bob")));
            assertThat(Gui.edt(() -> alice.sendButton().isEnabled())).isFalse();
            assertThat(Gui.edt(() -> alice.sendBlockedShown())).isTrue();
            assertThat(Gui.edt(() -> alice.sendBlockedBanner().getText())).contains("Sending is disabled");
            Gui.run(() -> alice.input().setText("typed while offline"));
            assertThat(Gui.edt(() -> alice.sendButton().isEnabled())).as("still no sending").isFalse();

            desk.restartServer();
            Gui.until("alice back", () -> alice.model().status().canSend());
            Gui.until("bob back", () -> bob.model().status().canSend());
            assertThat(Gui.edt(alice::statusText)).startsWith("Connected to");
            assertThat(Gui.edt(() -> alice.sendBlockedShown())).isFalse();
            Gui.until("bob online again for alice", () -> alice.model().contact("bob").isOnline());
            assertThat(Gui.edt(alice::headerSubtitle)).as("the right text once back").isEqualTo("Online");

            // The draft survived; sending works again.
            Gui.run(() -> alice.open(alice.model().contact("bob")));
            assertThat(Gui.edt(() -> alice.sendButton().isEnabled())).isTrue();
            Gui.run(() -> alice.sendButton().doClick());
            Gui.until("bob got it", () -> bob.model().contact("alice") != null
                    && !bob.model().contact("alice").messages().isEmpty()
                    && bob.model().contact("alice").last().text().equals("typed while offline"));
        }
    }

    @Test
    void afterTheClientGivesUpTheWindowIsOfflineAndReconnectLogsInAgain() throws Exception {
        try (Desk desk = new Desk().withPolicy(Desk.FAST.withMaxAttempts(2))) {
            ChatWindow alice = desk.login("alice");
            desk.stopServer();
            Gui.until("offline", () -> alice.model().status().state() == ConnectionStatus.State.OFFLINE);
            assertThat(Gui.edt(alice::statusText)).startsWith("Offline").contains("gave up");
            assertThat(Gui.edt(alice::headerSubtitle)).isEqualTo("You are offline: press Reconnect below to log in again");
            assertThat(Gui.edt(alice::sendBlockedShown)).isTrue();
            assertThat(Gui.edt(() -> alice.reconnectButton().isVisible())).isTrue();
            Gui.run(() -> alice.setSize(1040, 700));
            Gui.edt(() -> Gui.screenshot(alice, "offline-light.png"));

            desk.restartServer();
            Gui.run(() -> alice.reconnectButton().doClick());
            Gui.until("connected again", () -> alice.model().status().canSend());
            assertThat(Gui.edt(alice::sendBlockedShown)).isFalse();
            assertThat(Gui.edt(alice::statusText)).startsWith("Connected to");
        }
    }

    @Test
    void floodOf500MessagesKeepsTheEdtResponsiveAndCountsExactly() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            try (Socket flooder = new Socket("127.0.0.1", desk.port())) {
                BufferedReader in = new BufferedReader(new InputStreamReader(flooder.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = flooder.getOutputStream();
                out.write("flooder\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(in.readLine()).startsWith("WELCOME");

                // Warm up the paths once (class loading, JIT, first paint of a long conversation).
                out.write(lines(0, 100).getBytes(StandardCharsets.UTF_8));
                out.flush();
                Gui.until("warm-up arrived", () -> alice.model().contact("flooder") != null
                        && alice.model().contact("flooder").messages().size() == 100);
                Gui.run(() -> alice.open(alice.model().contact("flooder")));
                Gui.run(() -> alice.open(alice.model().everyone()));
                assertThat(Gui.edt(() -> alice.model().totalUnread())).isZero();

                int noticesBefore = Gui.edt(() -> alice.notifier().notices());
                EdtWatchdog watchdog = new EdtWatchdog();
                try {
                    out.write(lines(100, 600).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Gui.until("all 500 counted", () -> alice.model().contact("flooder").unread() >= 500);
                    await("a few more pings").atMost(Gui.TIMEOUT).until(() -> watchdog.samples() >= 20);
                } finally {
                    watchdog.stop();
                }
                System.out.println("EDT during the 500-message flood: " + watchdog.report());
                assertThat(watchdog.worstStallMillis()).as("longest EDT stall during the flood, ms (" + watchdog.report()
                        + ")").isLessThan(100);
                assertThat(Gui.edt(() -> alice.model().contact("flooder").unread())).isEqualTo(500);
                assertThat(Gui.edt(() -> alice.model().totalUnread())).isEqualTo(500);
                assertThat(Gui.edt(() -> alice.model().contact("flooder").messages().size())).isEqualTo(600);
                Gui.until("title shows the total", () -> alice.getTitle().startsWith("(500) "));
                // One notice per conversation per quiet period: a handful at most, never 500.
                assertThat(Gui.edt(() -> alice.notifier().notices()) - noticesBefore).as("notices for the flood")
                        .isBetween(0, 2);
            }
        }
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("alice|flood message number ").append(i).append(" with a bit of text to wrap\n");
        }
        return sb.toString();
    }
}
