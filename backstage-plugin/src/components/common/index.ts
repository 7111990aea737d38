export * from './scores';
export * from './links';
export { useOptionalRouteRef } from './useOptionalRouteRef';
