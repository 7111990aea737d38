export * from './scores';
export { useOptionalRouteRef } from './useOptionalRouteRef';
