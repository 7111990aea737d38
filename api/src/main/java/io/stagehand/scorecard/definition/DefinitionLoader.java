package io.stagehand.scorecard.definition;

import io.stagehand.model.DescriptorParser;
import io.stagehand.model.YamlLimits;
import io.stagehand.scorecard.definition.DefinitionFields.Invalid;
import io.stagehand.scorecard.definition.Definitions.Campaign;
import io.stagehand.scorecard.definition.Definitions.Exemption;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.definition.Definitions.Problem;
import io.stagehand.scorecard.definition.Definitions.Scorecard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads scorecard, fact source, exemption and campaign documents and checks them: every problem
 * names the file, the line its document starts on, the field, and what is wrong. A document with an
 * error is left out and the rest are loaded; fact sources are read first, so rules can be checked
 * against the facts they name, and scorecards before the exemptions and campaigns that name them.
 * Each kind is read by its own reader ({@link FactSourceReader}, {@link ScorecardReader},
 * {@link CampaignReader}); the fields they share by {@link DefinitionFields}.
 */
public final class DefinitionLoader {

    /**
     * One definition file's name (as shown in problems) and content; a built-in definition gives way
     * silently to one of the same name from elsewhere.
     */
    public record Source(String file, byte[] content, boolean builtIn) {
        public Source(String file, byte[] content) {
            this(file, content, false);
        }
    }

    private final DescriptorParser parser = new DescriptorParser(new YamlLimits(1024 * 1024, 1000, 1_000_000, 64));

    private record Doc(String file, int line, String kind, String name, JsonNode node, boolean builtIn) {
    }

    public Definitions load(List<Source> sources) {
        return load(sources, Map.of());
    }

    /** Loads scorecards (for a dry run) against fact sources already loaded. */
    public Definitions loadScorecards(List<Source> sources, Map<String, FactSource> known) {
        return load(sources, known);
    }

    private Definitions load(List<Source> sources, Map<String, FactSource> known) {
        List<Problem> problems = new ArrayList<>();
        List<Doc> docs = new ArrayList<>();
        for (Source source : sources) {
            DescriptorParser.Result parsed = parser.parse(source.content());
            if (parsed.failed()) {
                problems.add(new Problem(source.file(), parsed.errorLine(), parsed.error()));
                continue;
            }
            for (DescriptorParser.Document document : parsed.documents()) {
                JsonNode node = document.node();
                if (node.isNull()) {
                    continue;
                }
                String kind = node.path("kind").asString("");
                String name = node.path("metadata").path("name").asString(null);
                docs.add(new Doc(source.file(), document.line(), kind, name, node, source.builtIn()));
            }
        }
        Map<String, FactSource> factSources = new LinkedHashMap<>(known);
        for (Doc doc : docs) {
            if (doc.kind().equalsIgnoreCase("FactSource") && !(doc.builtIn() && definedElsewhere(docs, doc))) {
                guarded(doc, problems, () -> {
                    FactSource source = FactSourceReader.read(doc.name(), doc.node(), doc.file(), doc.line());
                    if (factSources.putIfAbsent(source.name(), source) != null) {
                        throw new Invalid("metadata.name", "a fact source named " + source.name() + " is already defined in "
                                + factSources.get(source.name()).file());
                    }
                });
            }
        }
        Map<String, Scorecard> scorecards = new LinkedHashMap<>();
        for (Doc doc : docs) {
            if (doc.kind().equalsIgnoreCase("Scorecard") && !(doc.builtIn() && definedElsewhere(docs, doc))) {
                guarded(doc, problems, () -> {
                    Scorecard scorecard = ScorecardReader.scorecard(doc.name(), doc.node(), doc.file(), doc.line(), factSources, problems);
                    if (scorecards.putIfAbsent(scorecard.name(), scorecard) != null) {
                        throw new Invalid("metadata.name", "a scorecard named " + scorecard.name() + " is already defined in "
                                + scorecards.get(scorecard.name()).file());
                    }
                });
            }
        }
        List<Exemption> exemptions = new ArrayList<>();
        Map<String, Campaign> campaigns = new LinkedHashMap<>();
        for (Doc doc : docs) {
            String kind = doc.kind();
            if (kind.equalsIgnoreCase("Exemption")) {
                guarded(doc, problems, () -> exemptions.add(ScorecardReader.exemption(doc.node(), scorecards)));
            } else if (kind.equalsIgnoreCase("Campaign")) {
                guarded(doc, problems, () -> {
                    Campaign campaign = CampaignReader.read(doc.name(), doc.node(), doc.file(), doc.line(), scorecards);
                    if (campaigns.putIfAbsent(campaign.name(), campaign) != null) {
                        throw new Invalid("metadata.name", "a campaign named " + campaign.name() + " is already defined in "
                                + campaigns.get(campaign.name()).file());
                    }
                });
            } else if (!kind.equalsIgnoreCase("Scorecard") && !kind.equalsIgnoreCase("FactSource")) {
                problems.add(new Problem(doc.file(), doc.line(), "kind: \"" + kind + "\" is not Scorecard, FactSource, Exemption or Campaign"));
            }
        }
        return new Definitions(Map.copyOf(scorecards), Map.copyOf(factSources), List.copyOf(exemptions), List.copyOf(problems),
                Map.copyOf(campaigns));
    }

    private static boolean definedElsewhere(List<Doc> docs, Doc builtIn) {
        return docs.stream().anyMatch(d -> !d.builtIn() && d.kind().equalsIgnoreCase(builtIn.kind()) && builtIn.name() != null
                && builtIn.name().equals(d.name()));
    }

    private static void guarded(Doc doc, List<Problem> problems, Runnable read) {
        try {
            read.run();
        } catch (Invalid | IllegalArgumentException e) {
            problems.add(new Problem(doc.file(), doc.line(), what(doc) + ": " + e.getMessage() + "; it was not loaded"));
        } catch (RuntimeException e) {
            // a value no reader foresaw (arithmetic, dates out of range) fails its document alone, in a fixed form
            problems.add(new Problem(doc.file(), doc.line(), what(doc) + ": a value is out of range; it was not loaded"));
        }
    }

    private static String what(Doc doc) {
        return doc.kind() + (doc.name() == null ? "" : " " + doc.name());
    }
}
