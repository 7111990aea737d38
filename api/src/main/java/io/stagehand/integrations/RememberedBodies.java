package io.stagehand.integrations;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last body and {@code ETag} read from each file URL, so the next read asks with {@code
 * If-None-Match} and an unchanged file costs a 304 instead of a download (and, on GitHub, no
 * rate-limit unit). Held in memory, least recently used first out, within a total size that
 * counts each entry's URL, tag and bookkeeping besides its body, so many tiny files cannot fill the
 * heap under a small byte budget.
 */
final class RememberedBodies {

    /** A body and the entity tag it was served with. */
    record Body(String etag, byte[] bytes) {
    }

    /** What the map, the entry and the record cost beside their strings and body; an estimate, erring high. */
    static final int ENTRY_OVERHEAD = 160;

    private final long maxBytes;
    private final LinkedHashMap<String, Body> bodies = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    RememberedBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Body get(String url) {
        return bodies.get(url);
    }

    synchronized void put(String url, Body body) {
        if (cost(url, body) > maxBytes) {
            return;
        }
        remove(url);
        bodies.put(url, body);
        bytes += cost(url, body);
        Iterator<Map.Entry<String, Body>> eldest = bodies.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Body> entry = eldest.next();
            bytes -= cost(entry.getKey(), entry.getValue());
            eldest.remove();
        }
    }

    synchronized void remove(String url) {
        Body gone = bodies.remove(url);
        if (gone != null) {
            bytes -= cost(url, gone);
        }
    }

    /** The bytes an entry is counted for: its body, its URL and tag (two bytes a character, at worst) and the overhead. */
    static long cost(String url, Body body) {
        return body.bytes().length + 2L * (url.length() + body.etag().length()) + ENTRY_OVERHEAD;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return bodies.size();
    }
}
