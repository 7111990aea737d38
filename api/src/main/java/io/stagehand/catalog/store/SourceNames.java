package io.stagehand.catalog.store;

import java.util.Set;

/** The names of the sources this process is configured with; entities of any other source are orphaned. */
public interface SourceNames {

    Set<String> configured();
}
