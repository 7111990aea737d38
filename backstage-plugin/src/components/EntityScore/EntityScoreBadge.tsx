import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { formatScore } from '../common';
import { ScoreChip } from './EntityScore';

/** @public */
export type EntityScoreBadgeProps = {
  /** Only this scorecard; the entity's lowest score by default. */
  scorecard?: string;
};

/**
 * The entity's Stagehand score and level as a small badge, for the top of the entity page.
 * @public
 */
export const EntityScoreBadge = (props: EntityScoreBadgeProps) => {
  const { entity } = useEntity();
  return (
    <ScoreChip
      entityRef={stringifyEntityRef(entity)}
      scorecard={props.scorecard}
      label={s => `Score ${formatScore(s.score)} · ${s.level ?? 'no level'}`}
    />
  );
};
