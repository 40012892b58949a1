package dev.switchboard.desktop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.swing.AbstractListModel;

/** The two list models of the window, adapters over {@link ChatModel}. EDT only. */
final class ListModels {
    private ListModels() {}

    /**
     * Everyone first, then the rooms (by name), then the contacts (online first, by name),
     * filtered by the search text.
     */
    static final class Contacts extends AbstractListModel<Conversation> {
        private final ChatModel model;
        private List<Conversation> rows = new ArrayList<>();
        private String filter = "";

        Contacts(ChatModel model) {
            this.model = model;
            rebuild();
        }

        @Override
        public int getSize() {
            return rows.size();
        }

        @Override
        public Conversation getElementAt(int index) {
            return rows.get(index);
        }

        List<Conversation> rows() {
            return List.copyOf(rows);
        }

        void setFilter(String f) {
            filter = f == null ? "" : f.strip().toLowerCase(Locale.ROOT);
            rebuild();
        }

        String filter() {
            return filter;
        }

        /**
         * Recomputes the rows. When only counts or presence changed (same rows, same order) this
         * is a repaint; otherwise the rows are replaced and the caller restores the selection.
         *
         * @return whether the rows themselves changed
         */
        boolean rebuild() {
            List<Conversation> next = new ArrayList<>();
            if (matches(model.everyone())) {
                next.add(model.everyone());
            }
            for (Conversation c : model.sortedRooms()) {
                if (matches(c)) {
                    next.add(c);
                }
            }
            for (Conversation c : model.sortedContacts()) {
                if (matches(c)) {
                    next.add(c);
                }
            }
            if (next.equals(rows)) {
                if (!rows.isEmpty()) {
                    fireContentsChanged(this, 0, rows.size() - 1);
                }
                return false;
            }
            int old = rows.size();
            rows = next;
            if (old > 0) {
                fireIntervalRemoved(this, 0, old - 1);
            }
            if (!rows.isEmpty()) {
                fireIntervalAdded(this, 0, rows.size() - 1);
            }
            return true;
        }

        private boolean matches(Conversation c) {
            return filter.isEmpty() || c.name().toLowerCase(Locale.ROOT).contains(filter);
        }
    }

    /** The members of the room in front, in join order (the one present longest first). */
    static final class Members extends AbstractListModel<String> {
        private List<String> rows = List.of();

        @Override
        public int getSize() {
            return rows.size();
        }

        @Override
        public String getElementAt(int index) {
            return rows.get(index);
        }

        List<String> rows() {
            return rows;
        }

        /** Shows the members of {@code c} (none when it is no room); a repaint when they are the same. */
        void show(Conversation c) {
            List<String> next = c != null && c.isRoom() ? c.members() : List.of();
            if (next.equals(rows)) {
                if (!rows.isEmpty()) {
                    fireContentsChanged(this, 0, rows.size() - 1); // operators may have changed
                }
                return;
            }
            int old = rows.size();
            rows = next;
            if (old > 0) {
                fireIntervalRemoved(this, 0, old - 1);
            }
            if (!rows.isEmpty()) {
                fireIntervalAdded(this, 0, rows.size() - 1);
            }
        }
    }

    /** The lines of the conversation in front. */
    static final class Messages extends AbstractListModel<ChatMessage> {
        private Conversation shown;

        @Override
        public int getSize() {
            return shown == null ? 0 : shown.messages().size();
        }

        @Override
        public ChatMessage getElementAt(int index) {
            return shown.messages().get(index);
        }

        Conversation shown() {
            return shown;
        }

        void show(Conversation c) {
            int old = getSize();
            shown = null;
            if (old > 0) {
                fireIntervalRemoved(this, 0, old - 1);
            }
            shown = c;
            if (getSize() > 0) {
                fireIntervalAdded(this, 0, getSize() - 1);
            }
        }

        void added(Conversation c) {
            if (c == shown) {
                int i = getSize() - 1;
                fireIntervalAdded(this, i, i);
            }
        }

        void changed(Conversation c, ChatMessage m) {
            if (c == shown) {
                int i = shown.messages().lastIndexOf(m);
                if (i >= 0) {
                    fireContentsChanged(this, i, i);
                }
            }
        }
    }
}
