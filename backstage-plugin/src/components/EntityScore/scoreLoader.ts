import type { StagehandApi } from '../../api/StagehandApi';
import type { EntityScores } from '../../api/scorecardTypes';

/** Loads one entity's scores; loads asked for together are sent as one request. */
export type ScoreLoader = (entityRef: string) => Promise<EntityScores | null>;

type Waiting = {
  resolve: (scores: EntityScores | null) => void;
  reject: (error: unknown) => void;
};

/**
 * A DataLoader-style batcher over `getEntityScores`: every ref asked for before the next turn of
 * the event loop goes into one request, so a table page whose cells each ask for their own row
 * costs Stagehand one query, not one per row. Answers are kept for `maxAgeMs`, as the catalog
 * table mounts its rows again whenever its filters settle.
 */
export function createScoreLoader(
  api: Pick<StagehandApi, 'getEntityScores'>,
  options: { maxAgeMs?: number; now?: () => number } = {},
): ScoreLoader {
  const { maxAgeMs = 60_000, now = Date.now } = options;
  const cache = new Map<string, { scores: Promise<EntityScores | null>; at: number }>();
  let pending: Map<string, Waiting[]> | undefined;

  const dispatch = async (batch: Map<string, Waiting[]>) => {
    try {
      const found = await api.getEntityScores([...batch.keys()]);
      // Stagehand writes refs with kind and namespace lower-cased; a catalog row may not.
      const byRef = new Map([...found].map(([ref, s]) => [lowerRef(ref), s]));
      batch.forEach((waiting, ref) => waiting.forEach(w => w.resolve(byRef.get(ref) ?? null)));
    } catch (e) {
      batch.forEach(waiting => waiting.forEach(w => w.reject(e)));
    }
  };

  const load = (ref: string) =>
    new Promise<EntityScores | null>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Waiting[]>();
        pending = batch;
        // A timer, not a microtask: React runs the effects of one render in one task, so every
        // cell of the page has asked by then.
        setTimeout(() => {
          pending = undefined;
          dispatch(batch);
        }, 0);
      }
      pending.set(ref, [...(pending.get(ref) ?? []), { resolve, reject }]);
    });

  return entityRef => {
    const ref = lowerRef(entityRef);
    const cached = cache.get(ref);
    if (cached && now() - cached.at < maxAgeMs) return cached.scores;
    const scores = load(ref);
    cache.set(ref, { scores, at: now() });
    // A failure is not kept: the next ask tries again.
    scores.catch(() => cache.delete(ref));
    return scores;
  };
}

function lowerRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

const loaders = new WeakMap<object, ScoreLoader>();

/** The loader shared by every score shown with this client, so they batch together. */
export function scoreLoaderFor(api: StagehandApi): ScoreLoader {
  let loader = loaders.get(api);
  if (!loader) {
    loader = createScoreLoader(api);
    loaders.set(api, loader);
  }
  return loader;
}
