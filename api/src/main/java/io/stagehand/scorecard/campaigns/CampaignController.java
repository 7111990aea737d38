package io.stagehand.scorecard.campaigns;

import io.stagehand.graphql.PageInfo;
import io.stagehand.scorecard.campaigns.CampaignFigures.BurnDownPoint;
import io.stagehand.scorecard.campaigns.CampaignFigures.Figures;
import io.stagehand.scorecard.campaigns.CampaignFigures.OwnerProgress;
import io.stagehand.scorecard.campaigns.CampaignFigures.Pending;
import io.stagehand.scorecard.campaigns.CampaignFigures.PendingKey;
import io.stagehand.scorecard.campaigns.CampaignFigures.PendingPage;
import io.stagehand.scorecard.campaigns.CampaignFigures.Progress;
import io.stagehand.scorecard.definition.Definitions.Campaign;
import io.stagehand.scorecard.definition.ScorecardDefinitions;
import io.stagehand.scorecard.graphql.Views.LinkView;
import io.stagehand.scorecard.trends.TrendSnapshots;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * Campaigns in the schema: {@code campaigns} and {@code campaign(name)}, each with its status and
 * progress counted in one statement for all, and the DataLoaders of the nested fields (by owner,
 * overdue entities, burn-down, a group's campaigns), so a list of campaigns or a page of groups
 * costs one statement per field, whatever their number.
 */
@Controller
class CampaignController {

    static final String BY_OWNER = "campaignByOwner";
    static final String OVERDUE = "campaignOverdue";
    static final String BURN_DOWN = "campaignBurnDown";
    static final String OF_GROUP = "groupCampaigns";

    /**
     * The schema's Campaign: the definition's fields, its status and progress on the day (UTC) as
     * the caller may see them; {@code definition} and {@code hidesAny} (whether it holds entities the
     * caller may not see) are not in the schema.
     */
    record CampaignView(String name, String title, String scorecard, String targetLevel, List<String> checks, String owner,
            LocalDate startDate, LocalDate targetDate, String brief, List<LinkView> links, String file, CampaignStatus status,
            Progress progress, boolean overdue, Campaign definition, boolean hidesAny) {
    }

    /** A campaign that concerns a group, with the progress of what the group and its sub-groups own. */
    record GroupCampaignView(CampaignView campaign, Progress progress) {
    }

    /** The schema's CampaignEntityConnection. */
    record PendingConnection(int totalCount, PageInfo pageInfo, List<Pending> nodes) {
    }

    private final CampaignFigures figures;
    private final ScorecardDefinitions definitions;
    private final TrendSnapshots calendar;

    CampaignController(CampaignFigures figures, ScorecardDefinitions definitions, TrendSnapshots calendar, BatchLoaderRegistry registry) {
        this.figures = figures;
        this.definitions = definitions;
        this.calendar = calendar;
        registry.<Campaign, List<OwnerProgress>>forName(BY_OWNER).registerMappedBatchLoader((keys, env) -> {
            List<Campaign> campaigns = List.copyOf(keys);
            return figures.byOwner(campaigns, null).map(found -> zip(campaigns, found));
        });
        registry.<PendingKey, PendingPage>forName(OVERDUE).registerMappedBatchLoader((keys, env) -> {
            List<PendingKey> asked = List.copyOf(keys);
            return figures.pending(asked).map(found -> zip(asked, found));
        });
        registry.<Campaign, List<BurnDownPoint>>forName(BURN_DOWN).registerMappedBatchLoader((keys, env) -> figures.burnDown(keys));
        registry.<String, List<GroupCampaignView>>forName(OF_GROUP).registerMappedBatchLoader((keys, env) -> ofGroups(List.copyOf(keys)));
    }

    @QueryMapping
    Mono<List<CampaignView>> campaigns() {
        return views(all());
    }

    @QueryMapping
    Mono<CampaignView> campaign(@Argument String name) {
        Campaign campaign = definitions.current().campaigns().get(name);
        return campaign == null ? Mono.empty() : views(List.of(campaign)).map(found -> found.get(0));
    }

    private List<Campaign> all() {
        return definitions.current().campaigns().values().stream().sorted(Comparator.comparing(Campaign::name)).toList();
    }

    private Mono<List<CampaignView>> views(List<Campaign> campaigns) {
        LocalDate today = calendar.today();
        return figures.progress(campaigns).map(found -> {
            List<CampaignView> views = new ArrayList<>();
            for (int i = 0; i < campaigns.size(); i++) {
                views.add(view(campaigns.get(i), found.get(i), today));
            }
            return views;
        });
    }

    private static CampaignView view(Campaign c, Figures figures, LocalDate today) {
        Progress p = figures.progress();
        return new CampaignView(c.name(), c.title(), c.scorecard(), c.targetLevel(), c.checks(), c.owner(), c.startDate(), c.targetDate(),
                c.brief(), c.links().stream().map(l -> new LinkView(l.title(), l.url())).toList(), c.file(),
                CampaignStatus.of(c, today, p.done(), p.total()), p, CampaignStatus.overdue(c, today), c, figures.hidesAny());
    }

    /** The campaigns with entities each group (with its sub-groups) owns, by name, with the group's progress. */
    private Mono<Map<String, List<GroupCampaignView>>> ofGroups(List<String> groups) {
        List<Campaign> campaigns = all();
        return views(campaigns).flatMap(views -> figures.byOwner(campaigns, groups).map(owners -> {
            Map<String, List<GroupCampaignView>> byGroup = new HashMap<>();
            groups.forEach(g -> byGroup.put(g, new ArrayList<>()));
            for (int i = 0; i < campaigns.size(); i++) {
                for (OwnerProgress owner : owners.get(i)) {
                    byGroup.get(owner.group()).add(new GroupCampaignView(views.get(i), Progress.of(owner.done(), owner.total())));
                }
            }
            return byGroup;
        }));
    }

    /** A page of the overdue entities as the schema serves it; nothing is overdue before the target date has passed. */
    static PendingConnection connection(CampaignView campaign, PendingPage page, boolean after) {
        int totalCount = campaign.overdue() ? campaign.progress().total() - campaign.progress().done() : 0;
        return new PendingConnection(totalCount, PageInfo.of(page.hasNext(), after, page.nodes(),
                n -> io.stagehand.graphql.Cursors.encode(n.key())), page.nodes());
    }

    private static <K, V> Map<K, V> zip(List<K> keys, List<V> values) {
        Map<K, V> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), values.get(i));
        }
        return byKey;
    }
}
