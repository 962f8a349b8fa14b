package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Desk departments a sync is given by name or id ({@code deskbridge.sync.products.departments}), resolved
 * through {@code GET /api/v1/departments} (200 {@code {"data":[{id,name,...}]}}, 204 when none; {@code limit}
 * at most 200). A name matches case-insensitively, ignoring surrounding white space.
 */
public final class DeskDepartments {

    public static final String KEY = "deskbridge.sync.products.departments";
    static final int PAGE_SIZE = 200;

    private final DeskCalls desk;
    private final List<String> chosen;

    DeskDepartments(DeskCalls desk, List<String> chosen) {
        this.desk = desk;
        this.chosen = List.copyOf(chosen);
    }

    /** The comma list of the key, each entry trimmed, blanks dropped. */
    public static List<String> parse(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** One department of the Desk. */
    public record Department(String id, String name) {
        @Override
        public String toString() {
            return "'" + name + "' (" + id + ")";
        }
    }

    /** The chosen departments as ids, and the problems of those that are not the Desk's. */
    public record Resolution(List<String> ids, List<String> problems) {}

    /** Every department of the Desk, in the Desk's order. */
    public List<Department> all() {
        List<Department> out = new ArrayList<>();
        for (ObjectNode d : desk.all("departments", PAGE_SIZE, "GET departments")) {
            out.add(new Department(d.path("id").asText(), d.path("name").asText("")));
        }
        return out;
    }

    /** Resolves the chosen departments; one call a page of departments. */
    public Resolution resolve() {
        List<Department> known = all();
        if (chosen.isEmpty()) {
            return new Resolution(
                    List.of(),
                    List.of(KEY + " is empty: name the Desk departments whose products sync (names or ids, comma"
                            + " separated); the Desk has " + known));
        }
        Set<String> ids = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String entry : chosen) {
            String wanted = entry.strip();
            Department found = known.stream()
                    .filter(d -> d.id().equals(wanted))
                    .findFirst()
                    .or(() -> known.stream()
                            .filter(d ->
                                    d.name().strip().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
                            .findFirst())
                    .orElse(null);
            if (found == null) {
                problems.add(KEY + ": the Desk has no department '" + wanted + "'; its departments are " + known);
            } else {
                ids.add(found.id());
            }
        }
        return new Resolution(List.copyOf(ids), problems);
    }

    /** The chosen departments' ids, for a run; refuses (as the Desk's failure) when one is not the Desk's. */
    List<String> ids() {
        Resolution r = resolve();
        if (!r.problems().isEmpty()) {
            throw ApiException.of(desk.system(), 422, "UNKNOWN_DEPARTMENT", String.join("; ", r.problems()));
        }
        return r.ids();
    }
}
