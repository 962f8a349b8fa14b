package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * One collection of records (e.g. CRM Contacts) persisted as JSON text in an MVMap keyed by numeric id, with
 * in-memory indexes rebuilt on open: by id, by created time, by modified time (both tie-broken by id) and any
 * number of hash indexes on normalised keys (e.g. lower-cased e-mail). Hidden (trashed) records stay readable by
 * id but are left out of the time and key indexes. Not thread safe: callers hold the store lock.
 */
final class RecordTable {

    /** Index entry: id plus the two timestamps (units are up to the owner: seconds for CRM, millis for Desk). */
    record Meta(long id, long created, long modified, boolean visible) {}

    static final Comparator<Meta> BY_CREATED =
            Comparator.comparingLong(Meta::created).thenComparingLong(Meta::id);
    static final Comparator<Meta> BY_MODIFIED =
            Comparator.comparingLong(Meta::modified).thenComparingLong(Meta::id);

    interface MetaFn {
        Meta meta(long id, ObjectNode stored);
    }

    private final MVMap<Long, String> data;
    private final MetaFn metaFn;
    private final TreeMap<Long, Meta> byId = new TreeMap<>();
    private final TreeSet<Meta> byCreated = new TreeSet<>(BY_CREATED);
    private final TreeSet<Meta> byModified = new TreeSet<>(BY_MODIFIED);
    private final Map<String, KeyIndex> keyIndexes = new LinkedHashMap<>();
    private int visibleCount;

    /** Hash index from normalised key(s) of a record to the ids holding it. */
    private static final class KeyIndex {
        final Function<ObjectNode, List<String>> keys;
        final HashMap<String, Object> map = new HashMap<>(); // value: Long or TreeSet<Long>

        KeyIndex(Function<ObjectNode, List<String>> keys) {
            this.keys = keys;
        }

        void add(String k, long id) {
            Object cur = map.get(k);
            if (cur == null) {
                map.put(k, id);
            } else if (cur instanceof Long l) {
                if (l != id) {
                    TreeSet<Long> s = new TreeSet<>();
                    s.add(l);
                    s.add(id);
                    map.put(k, s);
                }
            } else {
                @SuppressWarnings("unchecked")
                TreeSet<Long> s = (TreeSet<Long>) cur;
                s.add(id);
            }
        }

        void remove(String k, long id) {
            Object cur = map.get(k);
            if (cur instanceof Long l) {
                if (l == id) {
                    map.remove(k);
                }
            } else if (cur != null) {
                @SuppressWarnings("unchecked")
                TreeSet<Long> s = (TreeSet<Long>) cur;
                s.remove(id);
                if (s.size() == 1) {
                    map.put(k, s.first());
                } else if (s.isEmpty()) {
                    map.remove(k);
                }
            }
        }

        List<Long> get(String k) {
            Object cur = map.get(k);
            if (cur == null) {
                return List.of();
            }
            if (cur instanceof Long l) {
                return List.of(l);
            }
            @SuppressWarnings("unchecked")
            TreeSet<Long> s = (TreeSet<Long>) cur;
            return new ArrayList<>(s);
        }
    }

    RecordTable(MVMap<Long, String> data, MetaFn metaFn) {
        this.data = data;
        this.metaFn = metaFn;
    }

    RecordTable keyIndex(String name, Function<ObjectNode, List<String>> keys) {
        keyIndexes.put(name, new KeyIndex(keys));
        return this;
    }

    /** Rebuild the in-memory indexes from the persisted records. */
    void load() {
        Cursor<Long, String> c = data.cursor(null);
        while (c.hasNext()) {
            Long id = c.next();
            ObjectNode rec = Json.parseStored(c.getValue());
            index(metaFn.meta(id, rec), rec);
        }
    }

    boolean isEmpty() {
        return data.isEmpty();
    }

    /** Every record id, hidden (trashed) ones too. */
    Iterable<Long> keys() {
        return data.keySet();
    }

    int visibleCount() {
        return visibleCount;
    }

    ObjectNode get(long id) {
        String s = data.get(id);
        return s == null ? null : Json.parseStored(s);
    }

    Meta meta(long id) {
        return byId.get(id);
    }

    /** Insert or replace a record. */
    Meta put(long id, ObjectNode rec) {
        return putRaw(id, rec, Json.write(rec));
    }

    /** Insert or replace a record whose JSON text is already known (bulk loads). */
    Meta putRaw(long id, ObjectNode rec, String json) {
        Meta old = byId.get(id);
        if (old != null) {
            ObjectNode oldRec = get(id);
            unindex(old, oldRec);
        }
        data.put(id, json);
        Meta m = metaFn.meta(id, rec);
        index(m, rec);
        return m;
    }

    void remove(long id) {
        Meta old = byId.get(id);
        if (old != null) {
            unindex(old, get(id));
            data.remove(id);
        }
    }

    private void index(Meta m, ObjectNode rec) {
        byId.put(m.id(), m);
        if (m.visible()) {
            visibleCount++;
            byCreated.add(m);
            byModified.add(m);
            for (KeyIndex ki : keyIndexes.values()) {
                for (String k : ki.keys.apply(rec)) {
                    ki.add(k, m.id());
                }
            }
        }
    }

    private void unindex(Meta m, ObjectNode rec) {
        byId.remove(m.id());
        if (m.visible()) {
            visibleCount--;
            byCreated.remove(m);
            byModified.remove(m);
            for (KeyIndex ki : keyIndexes.values()) {
                for (String k : ki.keys.apply(rec)) {
                    ki.remove(k, m.id());
                }
            }
        }
    }

    /** Ids of visible records whose normalised key in index {@code name} equals {@code key}, ascending. */
    List<Long> lookup(String name, String key) {
        KeyIndex ki = keyIndexes.get(name);
        if (ki == null || key == null) {
            return List.of();
        }
        return ki.get(key);
    }

    /** Visible records in id order. */
    Iterable<Meta> byId(boolean asc) {
        Iterable<Meta> all = asc ? byId.values() : byId.descendingMap().values();
        return () -> new FilterIterator(all.iterator());
    }

    NavigableSet<Meta> byCreated() {
        return byCreated;
    }

    NavigableSet<Meta> byModified() {
        return byModified;
    }

    /** byModified restricted to modified in [from, to] (inclusive; null = open). */
    NavigableSet<Meta> modifiedRange(Long from, Long to) {
        return range(byModified, true, from, to);
    }

    NavigableSet<Meta> createdRange(Long from, Long to) {
        return range(byCreated, false, from, to);
    }

    private static NavigableSet<Meta> range(TreeSet<Meta> set, boolean modified, Long from, Long to) {
        long lo = from == null ? Long.MIN_VALUE : from;
        long hi = to == null ? Long.MAX_VALUE : to;
        if (lo > hi) {
            return Collections.emptyNavigableSet();
        }
        Meta a = modified ? new Meta(Long.MIN_VALUE, 0, lo, true) : new Meta(Long.MIN_VALUE, lo, 0, true);
        Meta b = modified ? new Meta(Long.MAX_VALUE, 0, hi, true) : new Meta(Long.MAX_VALUE, hi, 0, true);
        return set.subSet(a, true, b, true);
    }

    private static final class FilterIterator implements Iterator<Meta> {
        private final Iterator<Meta> it;
        private Meta next;

        FilterIterator(Iterator<Meta> it) {
            this.it = it;
            advance();
        }

        private void advance() {
            next = null;
            while (it.hasNext()) {
                Meta m = it.next();
                if (m.visible()) {
                    next = m;
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Meta next() {
            Meta m = next;
            advance();
            return m;
        }
    }
}
