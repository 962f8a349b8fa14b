package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The demo chats of {@link DemoSeed#seedChats}: one of each outcome of the chats sync, its visitors matched against the
 * Zendesk Sell leads and contacts the Sell seed holds (by these exact emails). Ids and times are fixed (2026-01-21,
 * UTC).
 * <pre>
 * id            visitor         email                       what it is for
 * 2601.21.0001  山田 花子        hanako.yamada@example.jp    one lead (Hanako Yamada, no phone): a note; phone +81 90 1234 5678 set
 * 2601.21.0002  渡辺 健          ken.watanabe@example.co.jp  one contact (Ken Watanabe): a note; rated bad with a comment
 * 2601.21.0003  Pat Lee         pat.lee@example.com         one lead (phone +1 555 0100, kept over the chat's +1 555 0199):
 *                                                           tagged notify-sales, visitor notes "Wants a quote for 50 seats": a task
 * 2601.21.0004  Dana Dup        dup@example.com             a lead and a contact share it: a conflict, nothing written
 * 2601.21.0005  Olivia Brown    olivia.brown@example.org    no match: a new lead, then its note
 * 2601.21.0006  Visitor 4711    (none)                      excluded: no email
 * 2601.21.0007  Ivan Invalid    not-an-email                excluded: invalid email
 * 2601.21.0008  佐藤 太郎        taro.sato@example.jp        an offline message (no end); no match: a new lead
 * 2601.21.0009  Mia Chen        mia.chen@example.com        still going on (no end_timestamp): not handed over
 * </pre>
 */
final class ChatSeed {

    private ChatSeed() {}

    static void seed(ChatSimulator chat) {
        chat.add(chat("2601.21.0001", "01:00", "01:12", "山田 花子", "hanako.yamada@example.jp")
                .phone("+81 90 1234 5678")
                .rated("good", null)
                .say("01:00:20", "山田 花子", "こんにちは、料金プランについて教えてください。")
                .say("01:01:05", "Aiko Support", "Of course. The Team plan covers up to 20 seats.")
                .say("01:03:40", "山田 花子", "ありがとうございます。電話で相談できますか？")
                .say("01:04:10", "Aiko Support", "Yes, our sales team will call you.")
                .json);
        chat.add(chat("2601.21.0002", "02:00", "02:08", "渡辺 健", "ken.watanabe@example.co.jp")
                .rated("bad", "Waited too long for an answer")
                .say("02:00:15", "渡辺 健", "My invoice for December is missing.")
                .say("02:06:30", "Sandbox Agent", "Sorry for the wait, I have sent it again.")
                .json);
        chat.add(chat("2601.21.0003", "03:00", "03:15", "Pat Lee", "pat.lee@example.com")
                .phone("+1 555 0199")
                .notes("Wants a quote for 50 seats")
                .tag("notify-sales")
                .say("03:00:30", "Pat Lee", "We are growing and need 50 seats. Can I get a quote?")
                .say("03:02:00", "Aiko Support", "Certainly, I am passing this to our sales team.")
                .say("03:10:00", "Sandbox Agent", "Sales will be in touch today.")
                .json);
        chat.add(chat("2601.21.0004", "04:00", "04:05", "Dana Dup", "dup@example.com")
                .say("04:00:10", "Dana Dup", "Do you ship to Canada?")
                .say("04:01:00", "Sandbox Agent", "We do.")
                .json);
        chat.add(chat("2601.21.0005", "05:00", "05:20", "Olivia Brown", "olivia.brown@example.org")
                .phone("+44 20 7946 0018")
                .rated("good", "Very helpful")
                .say("05:00:40", "Olivia Brown", "Is there a free trial?")
                .say("05:02:00", "Aiko Support", "Yes, 30 days, no card needed.")
                .json);
        chat.add(chat("2601.21.0006", "06:00", "06:03", "Visitor 4711", "")
                .say("06:00:05", "Visitor 4711", "Just browsing, thanks.")
                .json);
        chat.add(chat("2601.21.0007", "07:00", "07:04", "Ivan Invalid", "not-an-email")
                .say("07:00:30", "Ivan Invalid", "What are your opening hours?")
                .say("07:01:00", "Sandbox Agent", "Nine to five, Monday to Friday.")
                .json);
        ObjectNode offline = chat("2601.21.0008", "08:00", null, "佐藤 太郎", "taro.sato@example.jp").json;
        offline.put("type", "offline_msg");
        offline.put("message", "見積もりをお願いします。20ライセンス分です。");
        offline.remove(java.util.List.of("history", "agent_names", "agent_ids", "count", "duration"));
        chat.add(offline);
        chat.add(chat("2601.21.0009", "09:00", null, "Mia Chen", "mia.chen@example.com")
                .say("09:00:10", "Mia Chen", "Hi, I have a question about the API.")
                .json);
    }

    private static Chat chat(String id, String start, String end, String name, String email) {
        return new Chat(id, start, end, name, email);
    }

    /** One chat as the export hands it over, built up line by line. */
    private static final class Chat {
        final ObjectNode json = Json.obj();
        private final ObjectNode visitor;
        private final ArrayNode history;
        private final ArrayNode agents;
        private int visitorLines;
        private int agentLines;

        Chat(String id, String start, String end, String name, String email) {
            json.put("id", id).put("type", "chat").put("timestamp", at(start + ":00"));
            if (end == null) {
                json.putNull("end_timestamp");
            } else {
                json.put("end_timestamp", at(end + ":00"));
                json.put(
                        "duration",
                        Instant.parse(at(end + ":00")).getEpochSecond()
                                - Instant.parse(at(start + ":00")).getEpochSecond());
            }
            visitor = json.putObject("visitor")
                    .put("id", "1." + id.substring(id.lastIndexOf('.') + 1))
                    .put("name", name)
                    .put("email", email)
                    .put("phone", "")
                    .put("notes", "");
            history = json.putArray("history");
            history.add(
                    Json.obj().put("type", "chat.memberjoin").put("name", name).put("timestamp", at(start + ":00")));
            agents = json.putArray("agent_names");
            json.putArray("agent_ids");
            json.putNull("rating");
            json.putNull("comment");
            json.putArray("tags");
            json.put("missed", false).put("started_by", "visitor").putNull("zendesk_ticket_id");
            json.putNull("department_name");
        }

        Chat phone(String phone) {
            visitor.put("phone", phone);
            return this;
        }

        Chat notes(String notes) {
            visitor.put("notes", notes);
            return this;
        }

        Chat tag(String tag) {
            ((ArrayNode) json.get("tags")).add(tag);
            return this;
        }

        Chat rated(String rating, String comment) {
            json.put("rating", rating);
            json.put("comment", comment);
            return this;
        }

        Chat say(String time, String who, String text) {
            boolean fromVisitor = who.equals(visitor.get("name").asText());
            history.add(Json.obj()
                    .put("type", "chat.msg")
                    .put("name", who)
                    .put("msg", text)
                    .put("timestamp", at(time)));
            if (fromVisitor) {
                visitorLines++;
            } else {
                agentLines++;
                if (!agents.toString().contains('"' + who + '"')) {
                    agents.add(who);
                }
            }
            json.putObject("count")
                    .put("total", visitorLines + agentLines)
                    .put("visitor", visitorLines)
                    .put("agent", agentLines);
            return this;
        }

        private static String at(String time) {
            return "2026-01-21T" + time + "Z";
        }
    }
}
