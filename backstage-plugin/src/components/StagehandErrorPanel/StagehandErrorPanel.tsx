import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/**
 * True when Stagehand (or the proxy in front of it) could not be reached at all: a failed fetch,
 * or the gateway statuses Backstage's proxy answers with when its target is down.
 */
export function isUnreachable(error: Error): boolean {
  if (error instanceof ResponseError) {
    return [502, 503, 504].includes(error.statusCode);
  }
  return error.name === 'TypeError' || /failed to fetch/i.test(error.message);
}

/** The error state of every card: says plainly when Stagehand is down. */
export const StagehandErrorPanel = (props: { error: Error }) => {
  const { error } = props;
  return (
    <ResponseErrorPanel
      title={
        isUnreachable(error)
          ? 'Stagehand is unreachable'
          : 'Stagehand could not answer'
      }
      error={error}
    />
  );
};
