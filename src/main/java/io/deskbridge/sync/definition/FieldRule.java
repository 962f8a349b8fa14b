package io.deskbridge.sync.definition;

/**
 * One line of a field map: this CRM field and that Desk field are the same thing. {@code toDesk} and
 * {@code toCrm} say which ways values may flow; {@code wipe} lets an emptied value clear the other side,
 * which otherwise keeps its value.
 */
public record FieldRule(String crm, String desk, boolean custom, boolean toDesk, boolean toCrm, boolean wipe) {

    public static FieldRule twoWay(String crm, String desk) {
        return new FieldRule(crm, desk, false, true, true, false);
    }
}
