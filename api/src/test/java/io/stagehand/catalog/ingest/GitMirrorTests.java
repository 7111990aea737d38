package io.stagehand.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.git.GitMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bare mirror on its own: default branch, fetching again, one shallow branch, a full mirror of old, a missing token variable. */
class GitMirrorTests {

    @TempDir
    Path root;

    private String remoteWith(String branch, String file, String content) throws Exception {
        Path remote = root.resolve("remote.git");
        Git.init().setBare(true).setInitialBranch(branch).setDirectory(remote.toFile()).call().close();
        try (Git work = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(root.resolve("work").toFile()).call()) {
            work.checkout().setOrphan(true).setName(branch).call();
        }
        push(branch, file, content);
        return remote.toUri().toString();
    }

    /** Commits a file on a branch of the working clone (made from the current one if new) and pushes it. */
    private ObjectId push(String branch, String file, String content) throws Exception {
        Path work = root.resolve("work");
        try (Git git = Git.open(work.toFile())) {
            if (!branch.equals(git.getRepository().getBranch())) {
                git.checkout().setCreateBranch(git.getRepository().resolve(branch) == null).setName(branch).call();
            }
            Fixtures.write(work, file, content);
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("T", "t@example.com");
            ObjectId commit = git.commit().setMessage(file).setAuthor(me).setCommitter(me).call();
            git.push().setRemote("origin").add(branch).call();
            return commit;
        }
    }

    /** The one mirror in the git cache folder. */
    private Path cachedMirror() throws IOException {
        try (var dirs = Files.list(root.resolve("cache"))) {
            return dirs.findFirst().orElseThrow();
        }
    }

    @Test
    void withoutABranchItReadsTheRemotesDefaultBranchWithoutACheckout() throws Exception {
        String url = remoteWith("trunk", "a/catalog-info.yaml", "kind: Component\n");
        GitMirror mirror = new GitMirror("s", url, null, root.resolve("cache"), null);
        try (GitTree tree = GitTree.of(mirror.snapshot())) {
            assertThat(tree.list("**/catalog-info.yaml")).containsExactly("a/catalog-info.yaml");
            assertThat(new String(tree.read("a/catalog-info.yaml", 1000))).isEqualTo("kind: Component\n");
            assertThat(tree.revision()).hasSize(40);
        }
        try (GitTree again = GitTree.of(mirror.snapshot())) {
            assertThat(again.list("**/*.yaml")).hasSize(1);
        }
        assertThat(root.resolve("cache").toFile().list()).singleElement()
                .satisfies(dir -> assertThat(root.resolve("cache").resolve(dir).resolve("a")).doesNotExist());
    }

    @Test
    void aBlobOverTheLimitIsRefused() throws Exception {
        String url = remoteWith("main", "big.yaml", "x".repeat(5000));
        try (GitTree tree = GitTree.of(new GitMirror("s", url, "main", root.resolve("cache"), null).snapshot())) {
            assertThatThrownBy(() -> tree.read("big.yaml", 1000)).isInstanceOf(CatalogTree.TooLargeException.class)
                    .hasMessageContaining("over the limit of 1000 bytes");
        }
    }

    @Test
    void anUnknownRemoteIsAClearIOException() {
        GitMirror mirror = new GitMirror("s", root.resolve("nowhere.git").toUri().toString(), "main", root.resolve("cache"), null);
        assertThatThrownBy(mirror::snapshot).isInstanceOf(IOException.class).hasMessageContaining("Could not fetch");
    }

    @Test
    void onlyTheBranchsNewestCommitIsFetched() throws Exception {
        String url = remoteWith("main", "catalog-info.yaml", "kind: Component\n");
        ObjectId first;
        try (Git git = Git.open(root.resolve("work").toFile())) {
            first = git.getRepository().resolve("HEAD");
        }
        ObjectId other = push("other", "other.yaml", "kind: API\n");
        push("main", "catalog-info.yaml", "kind: System\n");
        GitMirror mirror = new GitMirror("s", url, "main", root.resolve("cache"), null);
        try (GitTree tree = GitTree.of(mirror.snapshot())) {
            assertThat(new String(tree.read("catalog-info.yaml", 1000))).isEqualTo("kind: System\n");
        }
        try (Repository repository = new FileRepositoryBuilder().setGitDir(cachedMirror().toFile()).setMustExist(true).build()) {
            assertThat(repository.getObjectDatabase().has(first)).as("the parent commit").isFalse();
            assertThat(repository.getObjectDatabase().has(other)).as("the other branch's commit").isFalse();
            assertThat(repository.getRefDatabase().getRefs()).extracting(Ref::getName).containsExactly("refs/heads/main");
        }

        push("main", "catalog-info.yaml", "kind: Domain\n");
        try (GitTree again = GitTree.of(mirror.snapshot())) {
            assertThat(new String(again.read("catalog-info.yaml", 1000))).isEqualTo("kind: Domain\n");
        }
    }

    @Test
    void aFullMirrorFromAnEarlierVersionKeepsWorking() throws Exception {
        String url = remoteWith("main", "catalog-info.yaml", "kind: Component\n");
        GitMirror mirror = new GitMirror("s", url, "main", root.resolve("cache"), null);
        GitTree.of(mirror.snapshot()).close();
        // what earlier versions kept: every branch, with its whole history
        Path cached = cachedMirror();
        Fixtures.deleteRecursively(cached);
        try (Git full = Git.init().setBare(true).setDirectory(cached.toFile()).call()) {
            full.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).call();
        }

        push("main", "catalog-info.yaml", "kind: System\n");
        try (GitTree tree = GitTree.of(mirror.snapshot())) {
            assertThat(new String(tree.read("catalog-info.yaml", 1000))).isEqualTo("kind: System\n");
        }
    }
}
