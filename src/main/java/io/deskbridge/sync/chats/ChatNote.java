package io.deskbridge.sync.chats;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the note a chat leaves on its Sell record: the chat's id first (how the note is found again after a
 * crash, and what a truncation never cuts), its start and end, visitor, agents, rating, then the transcript with each
 * message's time. Past the note size Sell is given (the Sell connector's, passed in) the transcript is cut at a message
 * and a marker says how much is left out.
 */
public final class ChatNote {

    private static final String ID_LINE = "Chat ID: ";
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private ChatNote() {}

    /** The note of a chat, at most {@code maxLength} characters. */
    public static String of(JsonNode chat, int maxLength) {
        StringBuilder head = new StringBuilder();
        boolean offline = "offline_msg".equals(JsonText.of(chat, "type"));
        head.append(idLine(chat.path("id").asText())).append('\n');
        head.append(offline ? "Zendesk Chat offline message" : "Zendesk Chat").append('\n');
        head.append(offline ? "Sent: " : "Started: ")
                .append(orDash(JsonText.of(chat, "timestamp")))
                .append('\n');
        if (!offline) {
            head.append("Ended: ")
                    .append(orDash(JsonText.of(chat, "end_timestamp")))
                    .append('\n');
        }
        JsonNode visitor = chat.path("visitor");
        head.append("Visitor: ").append(orDash(JsonText.of(visitor, "name")));
        String email = JsonText.of(visitor, "email");
        if (email != null) {
            head.append(" <").append(email).append('>');
        }
        head.append('\n');
        List<String> agents = new ArrayList<>();
        chat.path("agent_names").forEach(a -> agents.add(a.asText()));
        head.append("Agents: ")
                .append(agents.isEmpty() ? "-" : String.join(", ", agents))
                .append('\n');
        head.append("Rating: ").append(orDash(JsonText.of(chat, "rating")));
        String comment = JsonText.of(chat, "comment");
        if (comment != null) {
            head.append(" (").append(comment).append(')');
        }
        head.append('\n');
        List<String> lines = transcript(chat, offline);
        head.append(offline ? "Message:" : "Transcript:").append('\n');
        return fitted(head.toString(), lines, maxLength);
    }

    /** The line that names the chat in its note (and in its task): what a lookup after a crash looks for. */
    public static String idLine(String chatId) {
        return ID_LINE + chatId;
    }

    /** Whether a note's (or task's) text is the one of this chat: a line of it is exactly the chat's id line. */
    public static boolean carries(String content, String chatId) {
        if (content == null) {
            return false;
        }
        String line = idLine(chatId);
        for (String l : content.split("\n", -1)) {
            if (l.equals(line)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> transcript(JsonNode chat, boolean offline) {
        List<String> lines = new ArrayList<>();
        if (offline || !chat.path("history").isArray()) {
            String message = JsonText.of(chat, "message");
            if (message != null) {
                lines.add(stamp(JsonText.of(chat, "timestamp")) + orDash(JsonText.of(chat.path("visitor"), "name"))
                        + ": " + message);
            }
        }
        for (JsonNode h : chat.path("history")) {
            String msg = JsonText.of(h, "msg");
            if (msg != null) {
                lines.add(stamp(JsonText.of(h, "timestamp")) + orDash(JsonText.of(h, "name")) + ": " + msg);
            }
        }
        return lines;
    }

    /** The head, then as many whole lines as fit, then the marker when some were left out; never above max. */
    static String fitted(String head, List<String> lines, int max) {
        StringBuilder out = new StringBuilder(head);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i) + "\n";
            String marker = marker(lines.size() - i, lines.size());
            boolean last = i == lines.size() - 1;
            if (out.length() + line.length() + (last ? 0 : marker.length()) <= max) {
                out.append(line);
                continue;
            }
            // Left out from here: a part of this line if room is left, then the marker.
            int room = max - out.length() - marker.length() - 2;
            if (room > 20) {
                out.append(line, 0, room).append("…\n");
            }
            out.append(marker);
            return out.length() <= max ? out.toString() : out.substring(0, max);
        }
        return out.length() <= max ? out.toString() : out.substring(0, max);
    }

    private static String marker(int leftOut, int total) {
        return "[transcript truncated: " + leftOut + " of " + total
                + " messages left out, past Sell's note size; the whole chat is in Zendesk Chat]";
    }

    private static String stamp(String timestamp) {
        if (timestamp == null) {
            return "";
        }
        try {
            return "[" + CLOCK.format(Instant.parse(timestamp)) + "] ";
        } catch (DateTimeParseException e) {
            return "[" + timestamp + "] ";
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
