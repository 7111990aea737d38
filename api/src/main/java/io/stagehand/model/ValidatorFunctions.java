package io.stagehand.model;

import java.util.regex.Pattern;

/**
 * The string rules of Backstage's {@code KubernetesValidatorFunctions} and
 * {@code CommonValidatorFunctions}, one method per rule.
 */
public final class ValidatorFunctions {

    private static final Pattern OBJECT_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]+(?:-+[a-z0-9]+)*$");
    private static final Pattern KIND = Pattern.compile("^[a-zA-Z][a-z0-9A-Z]*$");
    private static final Pattern API_VERSION_SUFFIX = Pattern.compile("^[a-z0-9A-Z]+$");
    private static final Pattern TAG = Pattern.compile("^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$");

    private ValidatorFunctions() {
    }

    public static boolean isValidObjectName(String value) {
        return value != null && value.length() >= 1 && value.length() <= 63 && OBJECT_NAME.matcher(value).matches();
    }

    public static boolean isValidDnsLabel(String value) {
        return value != null && value.length() >= 1 && value.length() <= 63 && DNS_LABEL.matcher(value).matches();
    }

    public static boolean isValidDnsSubdomain(String value) {
        if (value == null || value.isEmpty() || value.length() > 253) {
            return false;
        }
        for (String label : value.split("\\.", -1)) {
            if (!isValidDnsLabel(label)) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidNamespace(String value) {
        return isValidDnsLabel(value);
    }

    public static boolean isValidKind(String value) {
        return value != null && value.length() >= 1 && value.length() <= 63 && KIND.matcher(value).matches();
    }

    /** {@code group/version}, or a bare version: the group a DNS subdomain, the version alphanumeric. */
    public static boolean isValidApiVersion(String value) {
        return isValidPrefixAndOrSuffix(value, ValidatorFunctions::isValidDnsSubdomain,
                v -> v.length() <= 63 && API_VERSION_SUFFIX.matcher(v).matches());
    }

    /** Label and annotation keys: an optional DNS-subdomain prefix and {@code /}, then an object name. */
    public static boolean isValidLabelOrAnnotationKey(String value) {
        return isValidPrefixAndOrSuffix(value, ValidatorFunctions::isValidDnsSubdomain, ValidatorFunctions::isValidObjectName);
    }

    public static boolean isValidLabelValue(String value) {
        return value != null && (value.isEmpty() || isValidObjectName(value));
    }

    /** Tags: Backstage's rule, a DNS label that may also hold {@code :}, {@code +} and {@code #}. */
    public static boolean isValidTag(String value) {
        return value != null && value.length() >= 1 && value.length() <= 63 && TAG.matcher(value).matches();
    }

    private static boolean isValidPrefixAndOrSuffix(String value, java.util.function.Predicate<String> prefix,
            java.util.function.Predicate<String> suffix) {
        if (value == null) {
            return false;
        }
        String[] parts = value.split("/", -1);
        return switch (parts.length) {
            case 1 -> suffix.test(parts[0]);
            case 2 -> prefix.test(parts[0]) && suffix.test(parts[1]);
            default -> false;
        };
    }
}
