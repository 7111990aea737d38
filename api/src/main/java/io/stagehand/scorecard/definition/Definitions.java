package io.stagehand.scorecard.definition;

import com.google.re2j.Pattern;
import io.stagehand.model.EntityFilter;
import io.stagehand.scorecard.facts.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Every definition loaded from the scorecard folders: scorecards, fact sources, exemptions and
 * campaigns by name, and the problems found loading them (a definition with an error is left out; the others
 * stay in use).
 */
public record Definitions(Map<String, Scorecard> scorecards, Map<String, FactSource> factSources, List<Exemption> exemptions,
        List<Problem> problems, Map<String, Campaign> campaigns) {

    static final Definitions EMPTY = new Definitions(Map.of(), Map.of(), List.of(), List.of());

    /** Definitions without campaigns. */
    public Definitions(Map<String, Scorecard> scorecards, Map<String, FactSource> factSources, List<Exemption> exemptions,
            List<Problem> problems) {
        this(scorecards, factSources, exemptions, problems, Map.of());
    }

    /** Something wrong in a definition file: which file, the line its document starts on, and what. */
    public record Problem(String file, int line, String message) {
    }

    /**
     * Which entities a definition applies to, as Backstage's catalog filters write it: keys are
     * dotted descriptor paths ({@code kind}, {@code spec.type}, {@code metadata.tags}), values one
     * or several accepted values, compared case-insensitively; a list field matches if it holds one.
     */
    public record AppliesTo(Map<String, List<String>> filter) {
        public static final AppliesTo EVERYTHING = new AppliesTo(Map.of());

        public boolean matches(JsonNode descriptor) {
            for (Map.Entry<String, List<String>> entry : filter.entrySet()) {
                JsonNode node = descriptor;
                for (String part : entry.getKey().split("\\.")) {
                    node = node.path(part);
                }
                if (!accepts(node, entry.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean accepts(JsonNode node, List<String> accepted) {
            if (node.isArray()) {
                for (JsonNode item : node) {
                    if (accepts(item, accepted)) {
                        return true;
                    }
                }
                return false;
            }
            if (!node.isValueNode() || node.isNull()) {
                return false;
            }
            String value = node.asString().toLowerCase(Locale.ROOT);
            return accepted.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(value));
        }

        /**
         * The same filter as the catalog's filters write it (a dot path and its accepted values per
         * key), for queries that select entities in SQL through the catalog's filter builder; null
         * for everything.
         */
        public EntityFilter entityFilter() {
            if (filter.isEmpty()) {
                return null;
            }
            return EntityFilter.allOf(filter.entrySet().stream()
                    .map(e -> EntityFilter.matching(new EntityFilter.PathMatch(e.getKey(), e.getValue(), null)))
                    .toList());
        }
    }

    /**
     * A check; {@code owner}, {@code category}, {@code links} and {@code remediation} are served with
     * every result, and before {@code enforceFrom} (null: always) it reports but counts in neither
     * the score nor the level.
     */
    public record Check(String id, String title, String description, Weight weight, String level, Rule rule, String failMessage,
            String owner, String category, List<Link> links, String remediation, Instant enforceFrom) {

        public Check {
            links = links == null ? List.of() : List.copyOf(links);
        }

        /** A check with only what its rule needs, as tests and dry runs make them. */
        public Check(String id, String title, String description, Weight weight, String level, Rule rule, String failMessage) {
            this(id, title, description, weight, level, rule, failMessage, null, null, List.of(), null, null);
        }

        /** Whether the check counts in scores and levels at this time. */
        public boolean enforcedAt(Instant now) {
            return enforceFrom == null || !now.isBefore(enforceFrom);
        }

        /** The facts its rule reads, by name, in the order they first appear. */
        public List<String> factNames() {
            Set<FactRef> refs = new LinkedHashSet<>();
            rule.facts(refs);
            return refs.stream().map(FactRef::name).distinct().toList();
        }

        public Set<String> factSources() {
            Set<FactRef> refs = new LinkedHashSet<>();
            rule.facts(refs);
            Set<String> sources = new LinkedHashSet<>();
            refs.forEach(r -> sources.add(r.source()));
            return sources;
        }
    }

    /** A link a check shows with its results; {@code url} may name the entity ({{name}}, {{namespace}}, {{kind}}, {{ref}}). */
    public record Link(String title, String url) {
    }

    public record Scorecard(String name, String title, String description, AppliesTo appliesTo, List<String> levels, List<Check> checks,
            String file, int line) {
        /** The position of a level, lowest first; -1 for none. */
        public int rank(String level) {
            return level == null ? -1 : levels.indexOf(level);
        }

        public Set<String> factSources() {
            Set<String> sources = new LinkedHashSet<>();
            checks.forEach(c -> sources.addAll(c.factSources()));
            return sources;
        }
    }

    public enum SourceType {
        ENTITY, GIT, HTTP, PUSH;

        /** Whether its facts are kept in the database between evaluations (collected or submitted), not read at each one. */
        public boolean stored() {
            return this == HTTP || this == PUSH;
        }
    }

    /** How one git fact is read from the entity's repository. */
    public enum GitFactKind {
        /** A file exists. */
        EXISTS,
        /** Any of several files exists. */
        ANY_EXISTS,
        /** How many files match a glob. */
        COUNT,
        /** The value at a JSON path in a YAML or JSON file. */
        VALUE,
        /** Whether a regular expression matches in a file, or its first group where it has one. */
        MATCHES
    }

    /** One fact of a fact source: for HTTP a JSON path and type; for git how it is read. */
    public record Fact(String name, JsonPath path, String type, GitFactKind git, List<String> files, Pattern pattern) {
    }

    /** An HTTP fact source's request; {@code allowedHosts}, when not empty, are the only hosts its URL may render to. */
    public record Http(String method, String url, Map<String, String> headers, List<String> allowedHosts) {
        public Http(String method, String url, Map<String, String> headers) {
            this(method, url, headers, List.of());
        }
    }

    /** For git: the repository (template; the entity's own git source when absent) and the folder in it (template). */
    public record Git(String repository, String path) {
    }

    public record FactSource(String name, SourceType type, AppliesTo appliesTo, Duration every, Duration ttl, Http http, Git git,
            Map<String, Fact> facts, String file, int line) {
    }

    /** A waiver of one check for one entity, from YAML ({@code id} null) or created through the API. */
    public record Exemption(String id, String scorecard, String check, String entityKey, String entityRef, String reason, String approvedBy,
            Instant expires, Instant createdAt, Instant revokedAt, String origin) {
        public boolean activeAt(Instant now) {
            return revokedAt == null && (expires == null || now.isBefore(expires));
        }
    }

    /**
     * A campaign: the entities of a scorecard that {@code appliesTo} selects are to reach
     * {@code targetLevel}, or to pass {@code checks} (exactly one of the two is given), by the end
     * of {@code targetDate} (UTC). Without {@code startDate} it is a draft.
     */
    public record Campaign(String name, String title, String scorecard, String targetLevel, List<String> checks, AppliesTo appliesTo,
            String owner, LocalDate startDate, LocalDate targetDate, String brief, List<Link> links, String file, int line) {

        public Campaign {
            checks = checks == null ? List.of() : List.copyOf(checks);
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    /** The problems of every file, with those found later added. */
    Definitions withProblems(List<Problem> more) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(more);
        return new Definitions(scorecards, factSources, exemptions, all, campaigns);
    }
}
