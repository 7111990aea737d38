package io.stagehand.integrations;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last body and {@code ETag} read from each file URL, so the next read asks with {@code
 * If-None-Match} and an unchanged file costs a 304 instead of a download (and, on GitHub, no
 * rate-limit unit). Held in memory, least recently used first out, within a total size.
 */
final class RememberedBodies {

    /** A body and the entity tag it was served with. */
    record Body(String etag, byte[] bytes) {
    }

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
        if (body.bytes().length > maxBytes) {
            return;
        }
        remove(url);
        bodies.put(url, body);
        bytes += body.bytes().length;
        Iterator<Map.Entry<String, Body>> eldest = bodies.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes().length;
            eldest.remove();
        }
    }

    synchronized void remove(String url) {
        Body gone = bodies.remove(url);
        if (gone != null) {
            bytes -= gone.bytes().length;
        }
    }

    synchronized int size() {
        return bodies.size();
    }
}
