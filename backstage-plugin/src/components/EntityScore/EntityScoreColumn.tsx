import type { TableColumn } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ScoreChip } from './EntityScore';

/** @public */
export type EntityScoreColumnOptions = {
  /** The column's heading; "Score" by default. */
  title?: string;
  /** Only this scorecard; the entity's lowest score by default. */
  scorecard?: string;
};

/**
 * A column for Backstage's catalog table (`CatalogIndexPage`'s `columns`, next to
 * `CatalogTable.columns`) showing each entity's Stagehand score and level. The cells of one page
 * ask Stagehand in one request.
 * @public
 */
export function createEntityScoreColumn<T extends { entity: Entity }>(
  options: EntityScoreColumnOptions = {},
): TableColumn<T> {
  return {
    title: options.title ?? 'Score',
    // Scores arrive after the rows, per page: the table cannot sort or search by them.
    sorting: false,
    searchable: false,
    render: row => (
      <ScoreChip
        entityRef={stringifyEntityRef(row.entity)}
        scorecard={options.scorecard}
      />
    ),
  };
}
