export { StagehandErrorPanel, isUnreachable } from './StagehandErrorPanel';
