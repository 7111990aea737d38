package io.stagehand.scorecard.facts;

import java.io.IOException;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Counts a tree walk's entries, depth and bytes of paths against {@link GitFacts.Limits}, so a listing stops at the first cap it passes. */
final class TreeBudget {

    /** A tree past a cap; its message names the cap and its key, and is safe to show. */
    static final class TooLargeException extends IOException {
        TooLargeException(String commit, String what) {
            super("The tree of commit " + commit.substring(0, 12) + " " + what + "; its git facts are not read");
        }
    }

    private final GitFacts.Limits limits;
    private final String commit;
    private long entries;
    private long bytes;

    TreeBudget(GitFacts.Limits limits, String commit) {
        this.limits = limits;
        this.commit = commit;
    }

    void spend(TreeWalk tree) throws TooLargeException {
        if (++entries > limits.entries()) {
            throw new TooLargeException(commit, "has more than " + limits.entries() + " entries (stagehand.scorecards.git.max-tree-entries)");
        }
        if (tree.getDepth() + 1 > limits.depth()) {
            throw new TooLargeException(commit, "is deeper than " + limits.depth() + " folders (stagehand.scorecards.git.max-tree-depth)");
        }
        bytes += tree.getPathLength();
        if (bytes > limits.bytes()) {
            throw new TooLargeException(commit, "has more than " + limits.bytes() + " bytes of paths (stagehand.scorecards.git.max-tree-bytes)");
        }
    }
}
