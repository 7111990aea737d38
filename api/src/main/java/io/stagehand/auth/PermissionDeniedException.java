package io.stagehand.auth;

import io.stagehand.graphql.ForbiddenException;

/** The policy denied a permission; answered as FORBIDDEN, naming the permission. */
public class PermissionDeniedException extends ForbiddenException {

    private final Permission permission;

    public PermissionDeniedException(Permission permission, String reason) {
        super("Permission " + permission.id() + " denied" + (reason == null ? "" : ": " + reason));
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }
}
