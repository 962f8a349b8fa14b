package io.deskbridge.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Wire timestamp formats: CRM = ISO-8601 with offset, second precision; Desk = UTC with millis and Z. */
final class Times {

    static final DateTimeFormatter CRM = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    static final DateTimeFormatter DESK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String crm(long epochSecond) {
        return CRM.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    static long parseCrm(String s) {
        return OffsetDateTime.parse(s).toEpochSecond();
    }

    /** Parse an If-Modified-Since header: ISO-8601 with offset or Z, or RFC 1123. Null if unparseable. */
    static Long parseIfModifiedSince(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        try {
            return OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toEpochSecond();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String desk(long epochMilli) {
        return DESK.format(Instant.ofEpochMilli(epochMilli));
    }

    static long parseDesk(String s) {
        return OffsetDateTime.parse(s.strip()).toInstant().toEpochMilli();
    }

    /** Parse a Desk timestamp; null if unparseable. */
    static Long tryParseDesk(String s) {
        try {
            return s == null ? null : parseDesk(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
