package io.stagehand.scorecard.facts;

import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.catalog.store.EntitySnapshots.Snapshot;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Finds an entity's repository and folder for a git fact source (the source's own repository
 * template, else the git source the entity came from, else its backstage.io/source-location
 * annotation) and reads the source's facts there.
 */
public final class GitFactReader {

    private final GitRepositories repositories;
    private final Function<String, String> settings;
    private final RepositoryGuard guard;

    public GitFactReader(GitRepositories repositories, Function<String, String> settings, RepositoryGuard guard) {
        this.repositories = repositories;
        this.settings = settings;
        this.guard = guard;
    }

    public StoredFacts read(GitFacts.Listings listings, FactSource source, Snapshot snapshot, JsonNode document, Instant now) {
        Optional<GitRepositories.Located> located;
        try {
            located = locate(source, snapshot, document);
        } catch (Template.MissingValueException e) {
            return new StoredFacts(null, null, e.getMessage(), e.fromEntity);
        }
        if (located.isEmpty()) {
            return new StoredFacts(null, null, "The entity did not come from a git source and has no backstage.io/source-location annotation",
                    true);
        }
        String refused = guard.refusal(located.get());
        if (refused != null) {
            return new StoredFacts(null, null, refused, false);
        }
        try {
            return GitFacts.read(source, listings.get(located.get().repository()), located.get().folder(), now);
        } catch (TreeBudget.TooLargeException e) {
            return new StoredFacts(null, null, e.getMessage(), false);
        } catch (java.io.IOException e) {
            // a remote's error can quote what the server sent; only local ones are told as they are
            String remote = located.get().remoteUrl();
            return new StoredFacts(null, null, remote == null ? e.getMessage()
                    : "Could not fetch the repository at " + HttpFacts.shown(remote), false);
        }
    }

    private Optional<GitRepositories.Located> locate(FactSource source, Snapshot snapshot, JsonNode document)
            throws Template.MissingValueException {
        String folder = source.git().path() == null ? null : Template.render(source.git().path(), snapshot.ref(), document, settings);
        if (source.git().repository() != null) {
            String repository = Template.render(source.git().repository(), snapshot.ref(), document, settings);
            return Optional.of(repositories.named(repository, folder));
        }
        Optional<GitRepositories.Located> own = repositories.ofEntity(snapshot.source(), snapshot.location());
        if (own.isPresent()) {
            return folder == null ? own : Optional.of(new GitRepositories.Located(own.get().repository(), folder));
        }
        JsonNode annotation = document.path("metadata").path("annotations").path("backstage.io/source-location");
        return annotation.isString() ? Optional.of(repositories.named(annotation.stringValue(), folder)) : Optional.empty();
    }
}
