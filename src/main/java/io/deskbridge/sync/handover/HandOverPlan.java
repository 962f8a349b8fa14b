package io.deskbridge.sync.handover;

import io.deskbridge.connector.DeskAgents.Agent;
import io.deskbridge.connector.DeskAgents.AgentActivity;
import io.deskbridge.connector.DeskAgents.AgentTicket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where each open ticket and activity of a leaving agent goes. Pure: the same agents, tickets and activities give the
 * same plan (records in id order, round-robin to the least loaded eligible target, ties in the order given), so a dry
 * run predicts the job that follows it.
 */
public record HandOverPlan(List<PlannedItem> items, boolean force, TicketTargets tickets, String activitiesTarget) {

    public HandOverPlan {
        items = List.copyOf(items);
    }

    /**
     * @param tickets the chosen ticket targets, each in {@code agents}
     * @param activitiesTarget the agent that takes the activities
     */
    public static HandOverPlan of(
            TicketTargets tickets,
            Map<String, Agent> agents,
            Agent activitiesTarget,
            List<AgentTicket> openTickets,
            List<AgentActivity> openActivities,
            boolean force) {
        return of(tickets, agents, activitiesTarget, openTickets, openActivities, force, Map.of());
    }

    /**
     * As {@link #of(TicketTargets, Map, Agent, List, List, boolean)}, the round-robin going on from the tickets each
     * target took already ({@code loadSoFar}): the final sweep's plan of what reached the agent after the first.
     */
    public static HandOverPlan of(
            TicketTargets tickets,
            Map<String, Agent> agents,
            Agent activitiesTarget,
            List<AgentTicket> openTickets,
            List<AgentActivity> openActivities,
            boolean force,
            Map<String, Integer> loadSoFar) {
        List<PlannedItem> items = new ArrayList<>();
        Map<String, Integer> load = new LinkedHashMap<>();
        tickets.agentIds().forEach(id -> load.put(id, loadSoFar.getOrDefault(id, 0)));
        openTickets.stream().sorted(Comparator.comparing(AgentTicket::id)).forEach(t -> {
            if (tickets.unassigned()) {
                items.add(new PlannedItem(PlannedItem.Kind.TICKET, t.id(), t.departmentId(), null, null));
                return;
            }
            List<String> refusals = new ArrayList<>();
            String chosen = null;
            for (String id : tickets.agentIds()) {
                Optional<String> no = TargetRules.cannotTake(agents.get(id), t.departmentId());
                if (no.isPresent()) {
                    refusals.add(no.get());
                } else if (chosen == null || load.get(id) < load.get(chosen)) {
                    chosen = id;
                }
            }
            if (chosen == null) {
                items.add(new PlannedItem(
                        PlannedItem.Kind.TICKET,
                        t.id(),
                        t.departmentId(),
                        null,
                        "no chosen target can take it: " + String.join("; ", refusals)));
            } else {
                load.merge(chosen, 1, Integer::sum);
                items.add(new PlannedItem(PlannedItem.Kind.TICKET, t.id(), t.departmentId(), chosen, null));
            }
        });
        openActivities.stream()
                .sorted(Comparator.comparing((AgentActivity a) -> a.kind()).thenComparing(AgentActivity::id))
                .forEach(a -> {
                    Optional<String> no = TargetRules.cannotTake(activitiesTarget, a.departmentId());
                    items.add(new PlannedItem(
                            PlannedItem.Kind.of(a.kind()),
                            a.id(),
                            a.departmentId(),
                            no.isPresent() ? null : activitiesTarget.id(),
                            no.map(r -> "the activities target cannot take it: " + r)
                                    .orElse(null)));
                });
        return new HandOverPlan(items, force, tickets, activitiesTarget == null ? null : activitiesTarget.id());
    }

    public List<PlannedItem> left() {
        return items.stream().filter(PlannedItem::left).toList();
    }

    /**
     * Whether what is left keeps the agent from being deactivated or deleted: force leaves only tickets (unassigned);
     * an activity no target can take would stay with an agent who is gone, so it always blocks.
     */
    public boolean blocked() {
        return items.stream().anyMatch(i -> i.left() && !i.moves(force));
    }

    /** How many tickets and activities each target takes ({@code unassigned} for nobody), in a stable order. */
    public Map<String, Map<String, Long>> perTarget() {
        return items.stream()
                .filter(i -> i.moves(force))
                .collect(Collectors.groupingBy(
                        i -> i.target() == null ? TicketTargets.UNASSIGNED : i.target(),
                        java.util.TreeMap::new,
                        Collectors.groupingBy(
                                i -> i.kind() == PlannedItem.Kind.TICKET ? "tickets" : "activities",
                                java.util.TreeMap::new,
                                Collectors.counting())));
    }
}
