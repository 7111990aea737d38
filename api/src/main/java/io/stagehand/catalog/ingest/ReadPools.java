package io.stagehand.catalog.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pools that read sources on every core: one to walk folders (mostly system calls), one
 * to parse files, and one to load the files of sources that may read URLs (the network, not a core,
 * is what they wait for, so the parsing threads never block on it; a run waits for this pool from
 * its own thread, and its tasks never wait for one another, so no run can starve it). Process-wide, as the common pool is, so that runs of many sources share the cores
 * rather than each bringing its own; no worker outlives a minute of idleness, so a server between
 * runs holds no thread for them and nothing needs shutting down. Not the common pool: parsing a
 * large catalog there would stall every other user of it.
 */
final class ReadPools {

    static final ForkJoinPool WALKERS = pool("stagehand-walk", Math.max(2, Runtime.getRuntime().availableProcessors()));
    static final ForkJoinPool PARSERS = pool("stagehand-parse", Math.max(1, Runtime.getRuntime().availableProcessors()));

    static final ExecutorService FETCHERS = fetchers(Math.max(8, Runtime.getRuntime().availableProcessors()));

    private ReadPools() {
    }

    private static ExecutorService fetchers(int threads) {
        AtomicInteger workers = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread worker = new Thread(task, "stagehand-fetch-" + workers.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ForkJoinPool pool(String name, int parallelism) {
        // a worker's pool index is given only once it runs, so the factory counts for itself
        AtomicInteger workers = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory named = pool -> {
            ForkJoinWorkerThread worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            worker.setName(name + "-" + workers.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        };
        return new ForkJoinPool(parallelism, named, null, false, 0, parallelism + 256, 1, null, 60, TimeUnit.SECONDS);
    }
}
