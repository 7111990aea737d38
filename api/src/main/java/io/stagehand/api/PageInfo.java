package io.stagehand.api;

/** Relay page information. */
record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
}
