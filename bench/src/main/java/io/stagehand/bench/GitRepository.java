package io.stagehand.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;

/**
 * Commits a generated folder to a bare repository (created on first use) so a git source can
 * read it through a file:// URL. Usage: {@code GitRepository <folder> <bare-repo> <message>}.
 */
public final class GitRepository {

    private GitRepository() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]).toAbsolutePath();
        Path bare = Path.of(args[1]).toAbsolutePath();
        String message = args.length > 2 ? args[2] : "generated catalog";
        if (!Files.exists(bare.resolve("HEAD"))) {
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        }
        boolean fresh = !Files.exists(folder.resolve(".git"));
        try (Git git = fresh ? Git.init().setInitialBranch("main").setDirectory(folder.toFile()).call() : Git.open(folder.toFile())) {
            if (fresh) {
                git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
            }
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Stagehand bench", "bench@example.com");
            git.commit().setMessage(message).setAuthor(author).setCommitter(author).setAllowEmpty(true).call();
            git.push().setRemote("origin").add("main").setForce(true).call();
        }
        System.out.println("pushed " + folder + " to " + bare.toUri());
    }
}
