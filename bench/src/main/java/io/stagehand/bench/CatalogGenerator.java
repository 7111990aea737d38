package io.stagehand.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * Writes a realistic catalog of about {@code size} entities, the same for the same size and seed:
 * a group tree with users, domains, systems, components (one repository folder each, with their
 * APIs) depending on 0-5 components and resources, and a root Location that fans out to it all.
 *
 * <p>Usage: {@code CatalogGenerator <folder> <size> [seed] [teams]}: teams (groups below the
 * departments) default to one per hundred entities; the trend benchmark asks for more.
 */
public final class CatalogGenerator {

    private final Path root;
    private final int size;
    private final SplittableRandom random;
    private final int teams;

    public CatalogGenerator(Path root, int size, long seed) {
        this(root, size, seed, 0);
    }

    /** With {@code teams} teams, or the default for the size when 0. */
    public CatalogGenerator(Path root, int size, long seed, int teams) {
        this.root = root;
        this.size = size;
        this.random = new SplittableRandom(seed);
        this.teams = teams > 0 ? teams : Math.max(4, size / 100);
    }

    /** What was generated, for the load client to pick refs from. */
    public record Shape(int groups, int users, int domains, int systems, int components, int apis, int resources, int files) {
        public int entities() {
            return groups + users + domains + systems + components + apis + resources + 1;
        }
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int teams = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Shape shape = new CatalogGenerator(root, size, seed, teams).write();
        System.out.println("generated " + shape.entities() + " entities in " + shape.files() + " files: " + shape);
    }

    public Shape write() throws IOException {
        int departments = Math.max(2, size / 5000);
        int users = Math.max(5, size / 10);
        int domains = Math.max(2, size / 10000);
        int systems = Math.max(3, size / 200);
        int resources = Math.max(3, size * 15 / 100);
        int apis = Math.max(2, size * 12 / 100);
        int groups = 1 + departments + teams;
        int components = Math.max(5, size - groups - users - domains - systems - resources - apis - 1);
        int files = 0;

        // Groups and users in files of at most FILE_DOCUMENTS documents, as org exports usually are.
        List<String> groupDocs = new ArrayList<>();
        groupDocs.add(group("org", "organization", null, range("dept-", departments)));
        for (int d = 0; d < departments; d++) {
            List<String> children = new ArrayList<>();
            for (int t = d; t < teams; t += departments) {
                children.add("team-" + t);
            }
            groupDocs.add(group("dept-" + d, "department", "org", children));
        }
        for (int t = 0; t < teams; t++) {
            groupDocs.add(group("team-" + t, "team", "dept-" + (t % departments), List.of()));
        }
        files += writeInFiles("org/groups", groupDocs);
        List<String> userDocs = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userDocs.add(doc("User", "user-" + u, null,
                    "  profile: {displayName: User " + u + ", email: user-" + u + "@example.com}\n  memberOf: [team-" + (u % teams)
                            + (u % 7 == 0 ? ", team-" + ((u + 1) % teams) : "") + "]\n"));
        }
        files += writeInFiles("org/users", userDocs);

        StringBuilder domainDocs = new StringBuilder();
        for (int d = 0; d < domains; d++) {
            domainDocs.append(d == 0 ? "" : "---\n").append(doc("Domain", "domain-" + d, "Domain " + d, "  owner: dept-" + (d % departments) + "\n"));
        }
        write("domains.yaml", domainDocs);
        files++;

        for (int s = 0; s < systems; s++) {
            StringBuilder system = new StringBuilder(doc("System", "system-" + s, "System " + s,
                    "  owner: team-" + (s % teams) + "\n  domain: domain-" + (s % domains) + "\n"));
            for (int r = s; r < resources; r += systems) {
                String deps = r >= systems && random.nextInt(3) == 0 ? "  dependsOn: [resource:resource-" + (r - systems) + "]\n" : "";
                system.append("---\n").append(doc("Resource", "resource-" + r, null,
                        "  type: " + pick("database", "queue", "bucket", "cache") + "\n  owner: team-" + (r % teams)
                                + "\n  system: system-" + s + "\n" + deps));
            }
            write("systems/system-" + s + ".yaml", system);
            files++;
        }

        int apiIndex = 0;
        for (int c = 0; c < components; c++) {
            int system = c % systems;
            StringBuilder repo = new StringBuilder();
            List<String> provides = new ArrayList<>();
            while (apiIndex < apis && (apiIndex * (long) components) / apis <= c) {
                provides.add("api-" + apiIndex);
                apiIndex++;
            }
            StringBuilder spec = new StringBuilder("  type: " + pick("service", "service", "service", "website", "library") + "\n  lifecycle: "
                    + pick("production", "production", "production", "experimental", "deprecated") + "\n  owner: team-" + (c % teams)
                    + "\n  system: system-" + system + "\n");
            if (!provides.isEmpty()) {
                spec.append("  providesApis: [").append(String.join(", ", provides)).append("]\n");
            }
            int consumes = random.nextInt(4);
            if (consumes > 0 && apis > 0) {
                StringJoiner list = new StringJoiner(", ", "  consumesApis: [", "]\n");
                for (int i = 0; i < consumes; i++) {
                    list.add("api-" + random.nextInt(apis));
                }
                spec.append(list);
            }
            int dependsOn = random.nextInt(6);
            if (dependsOn > 0) {
                StringJoiner list = new StringJoiner(", ", "  dependsOn: [", "]\n");
                for (int i = 0; i < dependsOn; i++) {
                    // mostly components, earlier in the list, so chains run several levels deep
                    list.add(random.nextInt(4) == 0 || c == 0 ? "resource:resource-" + random.nextInt(resources)
                            : "component:component-" + random.nextInt(c));
                }
                spec.append(list);
            }
            repo.append(component(c, spec.toString()));
            for (String api : provides) {
                repo.append("---\n").append(doc("API", api, null, "  type: " + pick("openapi", "grpc", "asyncapi") + "\n  lifecycle: production\n  owner: team-"
                        + (c % teams) + "\n  system: system-" + system + "\n  definition: |\n    openapi: 3.0.0\n    info: {title: " + api + ", version: 1.0.0}\n"));
            }
            write("services/system-" + system + "/component-" + c + "/catalog-info.yaml", repo);
            files++;
        }
        write("catalog-info.yaml", new StringBuilder(doc("Location", "root", null,
                "  targets:\n    - ./org/*.yaml\n    - ./domains.yaml\n    - ./systems/*.yaml\n    - ./services/**/catalog-info.yaml\n")));
        files++;
        return new Shape(groups, users, domains, systems, components, apis, resources, files);
    }

    private static final int FILE_DOCUMENTS = 500;

    /** Writes documents into numbered files of at most FILE_DOCUMENTS each; returns how many files. */
    private int writeInFiles(String prefix, List<String> docs) throws IOException {
        int files = 0;
        for (int from = 0; from < docs.size(); from += FILE_DOCUMENTS) {
            write(prefix + "-" + (files++) + ".yaml", String.join("---\n", docs.subList(from, Math.min(docs.size(), from + FILE_DOCUMENTS))));
        }
        return files;
    }

    private String component(int c, String spec) {
        String name = "component-" + c;
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\n  description: Component number " + c
                + " of the generated catalog\n  tags: [" + pick("java", "go", "python", "typescript", "kotlin") + "]\n  annotations:\n"
                + "    github.com/project-slug: example/" + name + "\n    backstage.io/techdocs-ref: dir:.\n"
                + (c % 3 == 0 ? "" : "    pagerduty.com/service-id: P" + (10000 + c) + "\n")
                + (c % 4 == 0 ? "" : "    github.com/workflows: ci.yaml\n")
                + "spec:\n" + spec;
    }

    private static String group(String name, String type, String parent, List<String> children) {
        return doc("Group", name, null, "  type: " + type + "\n" + (parent == null ? "" : "  parent: " + parent + "\n")
                + "  children: [" + String.join(", ", children) + "]\n");
    }

    private static String doc(String kind, String name, String title, String spec) {
        return "apiVersion: backstage.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n"
                + (title == null ? "" : "  title: " + title + "\n") + "spec:\n" + spec;
    }

    private static List<String> range(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private void write(String path, CharSequence content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
