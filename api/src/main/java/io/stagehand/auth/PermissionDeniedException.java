package io.stagehand.auth;

/** The policy denied a permission; answered as FORBIDDEN, naming the permission. */
public class PermissionDeniedException extends RuntimeException {

    private final Permission permission;

    public PermissionDeniedException(Permission permission, String reason) {
        super("Permission " + permission.id() + " denied" + (reason == null ? "" : ": " + reason));
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }
}
