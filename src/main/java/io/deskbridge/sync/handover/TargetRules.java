package io.deskbridge.sync.handover;

import io.deskbridge.connector.DeskAgents.Agent;
import io.deskbridge.connector.DeskAgents.ProfileType;
import io.deskbridge.connector.DeskAgents.Status;
import java.util.Optional;

/**
 * Whether an agent may take over a ticket or an activity of a leaving agent; each refusal is the reason, in words an
 * admin reads in the answer.
 * <p>
 * The permission-type rule: a ticket handed over becomes the target's own, and every permission type that may own
 * tickets sees its own ones ({@code AgentPersonal}: own and unassigned; {@code AgentTeamPersonal}: own, team and
 * unassigned, so a ticket of a team the target is not in is still seen, being its own; {@code AgentPublic} and
 * {@code Admin}: all). {@code Light} may read only and owns nothing; {@code Custom} (and a type the desk did not give)
 * goes by its profile: any profile but {@code LIGHT}. The desk's UI names behind AgentPublic and AgentTeamPersonal
 * are inferred [U].
 */
public final class TargetRules {

    private TargetRules() {}

    /** Why the agent can take no work at all, or empty when it can take some. */
    public static Optional<String> cannotWork(Agent target) {
        if (target.status() != Status.ACTIVE) {
            return Optional.of("agent " + target.id() + " is " + target.status() + ", not ACTIVE");
        }
        if (!target.confirmed()) {
            return Optional.of("agent " + target.id() + " has not confirmed its invitation (isConfirmed false)");
        }
        if (target.light()) {
            return Optional.of(
                    "agent " + target.id()
                            + " is a light agent (permission type Light or a LIGHT profile): it may read tickets, not own them");
        }
        if (!seesOwnTickets(target)) {
            return Optional.of("agent " + target.id() + "'s permission type " + target.permissionType()
                    + " does not let it see tickets assigned to it");
        }
        return Optional.empty();
    }

    /** Why the agent cannot take a record of this department, or empty when it can. */
    public static Optional<String> cannotTake(Agent target, String departmentId) {
        if (target == null) {
            // a target gone from the desk since the plan, met by the final sweep
            return Optional.of("the agent is no longer on the desk");
        }
        Optional<String> no = cannotWork(target);
        if (no.isPresent()) {
            return no;
        }
        if (departmentId != null && !target.departmentIds().contains(departmentId)) {
            return Optional.of("agent " + target.id() + " is not in department " + departmentId);
        }
        return Optional.empty();
    }

    private static boolean seesOwnTickets(Agent target) {
        String type = target.permissionType();
        if (type == null || type.equals("Custom")) {
            return target.profileType() != ProfileType.LIGHT;
        }
        return switch (type) {
            case "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Admin" -> true;
            default -> false;
        };
    }
}
