package io.stagehand.scorecard.facts;

import com.google.re2j.Matcher;
import io.stagehand.catalog.ingest.GitRepositories;
import io.stagehand.scorecard.ContentProperties;
import io.stagehand.scorecard.definition.Definitions.Fact;
import io.stagehand.scorecard.definition.Definitions.FactSource;
import io.stagehand.scorecard.evaluation.Evaluation.StoredFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Git facts: files that exist, how many match a glob, a value at a path in a YAML or JSON file, a
 * regular expression in a file, read from one commit of a repository without a checkout. The
 * commit's file list is read once and shared by every entity in the repository, so a monorepo of
 * 100,000 components lists its tree once.
 */
public final class GitFacts {

    private static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /**
     * The most a commit's tree may hold: entries, folder depth, and bytes of paths. A listing is
     * kept in memory for every entity of the repository; a tree past a cap (a generated monorepo, a
     * hostile one) is a problem on its entities, not an out-of-memory.
     */
    public record Limits(int entries, int depth, long bytes) {
        static final Limits DEFAULT = new Limits(500_000, 64, 64L * 1024 * 1024);

        public static Limits of(ContentProperties.Git git) {
            return new Limits(git.maxTreeEntries(), git.maxTreeDepth(), git.maxTreeBytes());
        }
    }

    /** The files of one commit: path to blob. */
    record Listing(Repository repository, String commit, NavigableMap<String, ObjectId> files) {

        public static Listing of(GitRepositories.Checkout checkout) throws IOException {
            return of(checkout, Limits.DEFAULT);
        }

        public static Listing of(GitRepositories.Checkout checkout, Limits limits) throws IOException {
            NavigableMap<String, ObjectId> files = new TreeMap<>();
            TreeBudget budget = new TreeBudget(limits, checkout.commit().name());
            try (RevWalk walk = new RevWalk(checkout.repository()); TreeWalk tree = new TreeWalk(checkout.repository())) {
                tree.addTree(walk.parseCommit(checkout.commit()).getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    budget.spend(tree);
                    if ((tree.getFileMode(0).getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
                        files.put(tree.getPathString(), tree.getObjectId(0));
                    }
                }
            }
            return new Listing(checkout.repository(), checkout.commit().name(), files);
        }

        /**
         * The listing of the checkout's commit from this one's, by walking only the paths that differ
         * between the two commits: a commit that changes a few files of a large monorepo reads those
         * paths, not the whole tree. This listing is left as it is (a dry run may still read it).
         */
        Listing changedTo(GitRepositories.Checkout checkout, Limits limits) throws IOException {
            NavigableMap<String, ObjectId> files = new TreeMap<>(this.files);
            TreeBudget budget = new TreeBudget(limits, checkout.commit().name());
            try (RevWalk walk = new RevWalk(checkout.repository()); TreeWalk tree = new TreeWalk(checkout.repository())) {
                tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
                tree.addTree(walk.parseCommit(checkout.commit()).getTree());
                tree.setRecursive(true);
                tree.setFilter(TreeFilter.ANY_DIFF);
                while (tree.next()) {
                    budget.spend(tree);
                    if ((tree.getFileMode(1).getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
                        files.put(tree.getPathString(), tree.getObjectId(1));
                    } else {
                        files.remove(tree.getPathString());
                    }
                }
            }
            if (files.size() > limits.entries()) {
                throw new TreeBudget.TooLargeException(checkout.commit().name(), "has more than " + limits.entries()
                        + " entries (stagehand.scorecards.git.max-tree-entries)");
            }
            return new Listing(checkout.repository(), checkout.commit().name(), files);
        }
    }

    private GitFacts() {
    }

    /** The source's facts for an entity whose files are in {@code folder} ("" for the root) of the listed commit. */
    static StoredFacts read(FactSource source, Listing listing, String folder, Instant now) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        // on the hot path of a 100,000-entity evaluation: no regular expression
        String trimmed = folder;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String prefix = trimmed.isEmpty() ? "" : trimmed + "/";
        try {
            for (Fact fact : source.facts().values()) {
                values.set(fact.name(), value(fact, listing, prefix));
            }
        } catch (IOException | RuntimeException e) {
            return new StoredFacts(null, null, "Could not read " + listing.commit().substring(0, 12) + ": " + e.getMessage(), false);
        }
        return new StoredFacts(values, now, null, false);
    }

    private static JsonNode value(Fact fact, Listing listing, String prefix) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (fact.git()) {
            case EXISTS -> nodes.booleanNode(listing.files().containsKey(prefix + fact.files().get(0)));
            case ANY_EXISTS -> nodes.booleanNode(anyExists(fact, listing, prefix));
            case COUNT -> {
                int count = 0;
                for (String path : listing.files().subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet()) {
                    if (fact.pattern().matches(path.substring(prefix.length()))) {
                        count++;
                    }
                }
                yield nodes.numberNode(count);
            }
            case VALUE -> {
                byte[] content = content(listing, prefix + fact.files().get(0));
                if (content == null) {
                    yield MissingNode.getInstance();
                }
                JsonNode value = fact.path().read(YAML.readTree(content));
                yield value.isMissingNode() ? nodes.nullNode() : value;
            }
            case MATCHES -> {
                byte[] content = content(listing, prefix + fact.files().get(0));
                if (content == null) {
                    yield nodes.booleanNode(false);
                }
                Matcher m = fact.pattern().matcher(new String(content, StandardCharsets.UTF_8));
                if (!m.find()) {
                    yield fact.pattern().groupCount() > 0 ? nodes.nullNode() : nodes.booleanNode(false);
                }
                yield m.groupCount() > 0 ? nodes.stringNode(m.group(1)) : nodes.booleanNode(true);
            }
        };
    }

    private static boolean anyExists(Fact fact, Listing listing, String prefix) {
        for (String file : fact.files()) {
            if (listing.files().containsKey(prefix + file)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] content(Listing listing, String path) throws IOException {
        ObjectId id = listing.files().get(path);
        if (id == null) {
            return null;
        }
        ObjectLoader loader = listing.repository().open(id, Constants.OBJ_BLOB);
        if (loader.getSize() > MAX_FILE_BYTES) {
            throw new IOException(path + " is over " + MAX_FILE_BYTES + " bytes");
        }
        return loader.getBytes(MAX_FILE_BYTES);
    }

    /**
     * Lists commits on demand. A listing is kept (with its repository open, for the files facts
     * read) for as long as its repository stays at that commit, across evaluations: an evaluation of
     * the 1% a run changed does not list a monorepo of 100,000 files again, and a new commit is listed
     * from the last one's listing and the paths that differ. At most {@link #KEPT}
     * repositories are kept; a repository that could not be opened is tried again at the next
     * evaluation. Safe for the evaluations and dry runs that share it.
     */
    public static final class Listings implements AutoCloseable {
        static final int KEPT = 32;

        private final GitRepositories repositories;
        private final Limits limits;
        private final Map<String, Listing> kept = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Listing> eldest) {
                if (size() > KEPT) {
                    eldest.getValue().repository().close();
                    return true;
                }
                return false;
            }
        };
        private final Map<String, Object> checked = new HashMap<>();

        public Listings(GitRepositories repositories, Limits limits) {
            this.repositories = repositories;
            this.limits = limits;
        }

        /** Starts an evaluation: each repository is checked for a new commit once in it. */
        public synchronized void begin() {
            checked.clear();
        }

        /** The listing of a located repository at its current commit, or the {@link IOException} opening it gave. */
        synchronized Listing get(String repository) throws IOException {
            Object found = checked.get(repository);
            if (found == null) {
                try {
                    found = current(repository);
                } catch (IOException e) {
                    found = e;
                }
                checked.put(repository, found);
            }
            if (found instanceof IOException e) {
                throw e;
            }
            return (Listing) found;
        }

        private Listing current(String repository) throws IOException {
            GitRepositories.Checkout checkout = repositories.open(repository);
            Listing old = kept.get(repository);
            if (old != null && old.commit().equals(checkout.commit().name())) {
                checkout.close();
                return old;
            }
            Listing fresh;
            try {
                fresh = old == null ? Listing.of(checkout, limits) : changedOrListed(old, checkout, limits);
            } catch (IOException | RuntimeException e) {
                checkout.close();
                throw e;
            }
            if (old != null) {
                old.repository().close();
            }
            kept.put(repository, fresh);
            return fresh;
        }

        /** The new commit's listing from the old one's; the whole tree when the old commit is gone (a force push, then gc). */
        private static Listing changedOrListed(Listing old, GitRepositories.Checkout checkout, Limits limits) throws IOException {
            try {
                return old.changedTo(checkout, limits);
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                return Listing.of(checkout, limits);
            }
        }

        @Override
        public synchronized void close() {
            kept.values().forEach(listing -> listing.repository().close());
            kept.clear();
            checked.clear();
        }
    }
}
