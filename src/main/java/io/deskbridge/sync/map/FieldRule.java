package io.deskbridge.sync.map;

/** One line of a field map: this CRM field feeds that Desk field. */
public record FieldRule(String crm, String desk, boolean custom) {}
