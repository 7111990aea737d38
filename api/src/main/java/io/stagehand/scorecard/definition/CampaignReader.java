package io.stagehand.scorecard.definition;

import static io.stagehand.scorecard.definition.DefinitionFields.appliesTo;
import static io.stagehand.scorecard.definition.DefinitionFields.strings;
import static io.stagehand.scorecard.definition.DefinitionFields.text;

import io.stagehand.model.InvalidFilterException;
import io.stagehand.scorecard.definition.DefinitionFields.Invalid;
import io.stagehand.scorecard.definition.Definitions.AppliesTo;
import io.stagehand.scorecard.definition.Definitions.Campaign;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads one Campaign document: the scorecard it drives (loaded, with the target level or the checks
 * it names), which of its entities ({@code appliesTo}), who runs it, its dates, brief and links.
 */
final class CampaignReader {

    static final int MAX_BRIEF = 20_000;
    private static final int MAX_TITLE = 200;
    private static final int MAX_CHECKS = 100;

    private CampaignReader() {
    }

    static Campaign read(String name, JsonNode node, String file, int line, Map<String, Scorecard> scorecards) {
        DefinitionFields.name(name);
        JsonNode spec = node.path("spec");
        String scorecardName = text(spec, "spec.scorecard");
        Scorecard scorecard = scorecards.get(scorecardName);
        if (scorecard == null) {
            throw new Invalid("spec.scorecard", "no scorecard named " + scorecardName + " is loaded");
        }
        boolean byLevel = spec.hasNonNull("targetLevel");
        if (byLevel == spec.hasNonNull("checks")) {
            throw new Invalid("spec", "exactly one of targetLevel (a level of the scorecard) or checks (a list of its check ids)");
        }
        String targetLevel = byLevel ? targetLevel(spec, scorecard) : null;
        List<String> checks = byLevel ? List.of() : checks(spec.path("checks"), scorecard);
        AppliesTo appliesTo = appliesTo(spec.path("appliesTo"), "spec.appliesTo");
        for (Map.Entry<String, List<String>> entry : appliesTo.filter().entrySet()) {
            if (entry.getValue().isEmpty()) {
                throw new Invalid("spec.appliesTo.filter." + entry.getKey(), "at least one accepted value");
            }
        }
        try {
            appliesTo.entityFilter();
        } catch (InvalidFilterException e) {
            throw new Invalid("spec.appliesTo.filter", e.getMessage());
        }
        LocalDate start = spec.hasNonNull("startDate") ? date(spec.path("startDate"), "spec.startDate") : null;
        if (!spec.hasNonNull("targetDate")) {
            throw new Invalid("spec.targetDate", "required: the date (2027-03-31) every entity should be done by");
        }
        LocalDate target = date(spec.path("targetDate"), "spec.targetDate");
        if (start != null && target.isBefore(start)) {
            throw new Invalid("spec.targetDate", "before spec.startDate " + start);
        }
        List<Definitions.Link> links = ScorecardReader.links(spec.path("links"), "spec.links");
        for (int i = 0; i < links.size(); i++) {
            // a check's links name the entity they are shown with; a campaign's are shown alone
            if (links.get(i).url().contains("{{")) {
                throw new Invalid("spec.links[" + i + "].url", "a campaign's links name no entity: no {{...}}");
            }
        }
        return new Campaign(name, ScorecardReader.bounded(node.path("metadata").path("title"), "metadata.title", MAX_TITLE), scorecardName,
                targetLevel, checks, appliesTo, ScorecardReader.owner(spec.path("owner"), "spec.owner"), start, target,
                ScorecardReader.bounded(spec.path("brief"), "spec.brief", MAX_BRIEF), links, file, line);
    }

    private static String targetLevel(JsonNode spec, Scorecard scorecard) {
        String level = text(spec, "spec.targetLevel");
        if (!scorecard.levels().contains(level)) {
            throw new Invalid("spec.targetLevel", "\"" + level + "\" is not one of the levels of scorecard " + scorecard.name() + " "
                    + scorecard.levels());
        }
        return level;
    }

    private static List<String> checks(JsonNode node, Scorecard scorecard) {
        List<String> ids = strings(node, "spec.checks");
        if (ids.isEmpty() || ids.size() > MAX_CHECKS) {
            throw new Invalid("spec.checks", "a list of 1 to " + MAX_CHECKS + " check ids of scorecard " + scorecard.name());
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new Invalid("spec.checks", "a check is named twice");
        }
        for (String id : ids) {
            if (scorecard.checks().stream().noneMatch(c -> c.id().equals(id))) {
                throw new Invalid("spec.checks", "scorecard " + scorecard.name() + " has no check " + id);
            }
        }
        return List.copyOf(ids);
    }

    /** A calendar date: a campaign's days are UTC days, so a time of day would only mislead. */
    private static LocalDate date(JsonNode node, String field) {
        try {
            LocalDate date = LocalDate.parse(node.asString(""));
            if (date.getYear() < 2000 || date.getYear() > 2999) {
                throw new Invalid(field, "a date between 2000 and 2999");
            }
            return date;
        } catch (DateTimeException e) {
            throw new Invalid(field, "a date such as 2027-03-31");
        }
    }
}
