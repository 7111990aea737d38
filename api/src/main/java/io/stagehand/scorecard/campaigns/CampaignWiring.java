package io.stagehand.scorecard.campaigns;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.stagehand.catalog.graphql.EntityView;
import io.stagehand.graphql.Cursors;
import io.stagehand.graphql.Fetchers;
import io.stagehand.graphql.ForbiddenException;
import io.stagehand.graphql.Loaders;
import io.stagehand.graphql.Paging;
import io.stagehand.scorecard.campaigns.CampaignController.CampaignView;
import io.stagehand.scorecard.campaigns.CampaignController.GroupCampaignView;
import io.stagehand.scorecard.campaigns.CampaignController.PendingConnection;
import io.stagehand.scorecard.campaigns.CampaignFigures.BurnDownPoint;
import io.stagehand.scorecard.campaigns.CampaignFigures.OwnerProgress;
import io.stagehand.scorecard.campaigns.CampaignFigures.Pending;
import io.stagehand.scorecard.campaigns.CampaignFigures.PendingKey;
import io.stagehand.scorecard.campaigns.CampaignFigures.PendingPage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The nested fields of campaigns, each handed to a DataLoader: a campaign's progress by owner, its
 * overdue entities and their entities, its burn-down, and a group's campaigns.
 */
@Component
class CampaignWiring implements RuntimeWiringConfigurer {

    private final Paging paging;

    CampaignWiring(Paging paging) {
        this.paging = paging;
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.type("Campaign", builder -> builder
                .dataFetcher("byOwner", Fetchers.loaded("CampaignWiring.byOwner", list(OwnerProgress.class), env ->
                        env.<Object, List<OwnerProgress>>getDataLoader(CampaignController.BY_OWNER).load(campaign(env).definition())))
                .dataFetcher("overdue", Fetchers.loaded("CampaignWiring.overdue", ResolvableType.forClass(PendingConnection.class), this::overdue))
                .dataFetcher("burnDown", Fetchers.loaded("CampaignWiring.burnDown", list(BurnDownPoint.class), CampaignWiring::burnDown)));
        wiring.type("CampaignEntity", builder -> builder.dataFetcher("entity",
                Fetchers.loaded("CampaignWiring.entity", ResolvableType.forClass(EntityView.class), env ->
                        env.<String, Object>getDataLoader(Loaders.ENTITY_BY_KEY).load(env.<Pending>getSource().key()))));
        wiring.type("Group", builder -> builder.dataFetcher("campaigns", Fetchers.loaded("CampaignWiring.groupCampaigns",
                list(GroupCampaignView.class), env ->
                        env.<String, List<GroupCampaignView>>getDataLoader(CampaignController.OF_GROUP).load(env.<EntityView>getSource().key()))));
    }

    private static ResolvableType list(Class<?> of) {
        return ResolvableType.forClassWithGenerics(List.class, of);
    }

    private static CampaignView campaign(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private CompletableFuture<PendingConnection> overdue(DataFetchingEnvironment env) {
        CampaignView campaign = campaign(env);
        String after = env.getArgument("after");
        String afterKey = Cursors.decodeKey(after);
        if (!campaign.overdue()) {
            return CompletableFuture.completedFuture(CampaignController.connection(campaign, new PendingPage(List.of(), false), after != null));
        }
        int first = paging.first(env.getArgument("first"), 100);
        return env.<PendingKey, PendingPage>getDataLoader(CampaignController.OVERDUE)
                .load(new PendingKey(campaign.definition(), first, afterKey))
                .thenApply(page -> CampaignController.connection(campaign, page, after != null));
    }

    /**
     * The daily counts hold every entity of the campaign, so a caller under read rules gets them only
     * when it may see every entity the campaign holds now, as {@code scorecardTrend} decides.
     */
    private static CompletableFuture<List<BurnDownPoint>> burnDown(DataFetchingEnvironment env) {
        CampaignView campaign = campaign(env);
        if (campaign.hidesAny()) {
            throw new ForbiddenException("The burn-down counts entities the caller may not see (stagehand.permissions.read)");
        }
        return env.<Object, List<BurnDownPoint>>getDataLoader(CampaignController.BURN_DOWN).load(campaign.definition());
    }
}
