package io.deskbridge.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A setting with a fixed set of values, each written as a key such as {@code two-way} or {@code crm-wins}. */
public interface Choice {

    String key();

    static <E extends Enum<E> & Choice> E parse(Class<E> type, String value, String propertyName) {
        for (E e : type.getEnumConstants()) {
            if (e.key().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException(propertyName + " = '" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Choice::key).collect(Collectors.joining(", ")));
    }
}
