package io.deskbridge.connector.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;

/** The CRM's answer for one record of a batched write, in the order the records were sent. */
public record WriteResult(boolean success, String id, String action, String code, String message, JsonNode details) {}
