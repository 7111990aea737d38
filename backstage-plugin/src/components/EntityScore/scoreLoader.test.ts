import { createScoreLoader } from './scoreLoader';

const scores = (name: string, score: number) => [
  { name, score, level: 'gold', levels: ['bronze', 'silver', 'gold'] },
];

describe('createScoreLoader', () => {
  it('asks once for every ref asked for together, and answers each its own', async () => {
    const getEntityScores = jest.fn(async (refs: string[]) =>
      new Map(refs.filter(r => r !== 'component:default/unknown').map(r => [r, scores('pr', r.length)])),
    );
    const load = createScoreLoader({ getEntityScores });

    const answers = await Promise.all([
      load('component:default/a'),
      load('Component:default/bb'),
      load('component:default/a'),
      load('component:default/unknown'),
    ]);

    expect(getEntityScores).toHaveBeenCalledTimes(1);
    expect(getEntityScores).toHaveBeenCalledWith([
      'component:default/a',
      'component:default/bb',
      'component:default/unknown',
    ]);
    expect(answers.map(a => a?.[0].score ?? null)).toEqual([19, 20, 19, null]);
  });

  it('sends a later ask in a request of its own, and asks again for a ref once its answer is old', async () => {
    let time = 0;
    const getEntityScores = jest.fn(async () => new Map());
    const load = createScoreLoader({ getEntityScores }, { maxAgeMs: 1000, now: () => time });
    await load('component:default/a');
    await load('component:default/b');
    expect(getEntityScores).toHaveBeenCalledTimes(2);

    time = 999;
    await load('component:default/a');
    expect(getEntityScores).toHaveBeenCalledTimes(2);
    time = 1000;
    await load('component:default/a');
    expect(getEntityScores).toHaveBeenCalledTimes(3);
    expect(getEntityScores).toHaveBeenLastCalledWith(['component:default/a']);
  });

  it('fails every ask of a batch whose request failed', async () => {
    const load = createScoreLoader({
      getEntityScores: jest.fn().mockRejectedValue(new Error('Stagehand is unreachable')),
    });
    await expect(
      Promise.all([load('component:default/a'), load('component:default/b')]),
    ).rejects.toThrow('Stagehand is unreachable');
    // and asks again next time
    await expect(load('component:default/a')).rejects.toThrow('Stagehand is unreachable');
  });
});
