package io.stagehand.catalog.rest;

import io.stagehand.catalog.store.CatalogQueries;
import io.stagehand.graphql.BadRequestException;
import io.stagehand.model.EntityFilter;
import io.stagehand.model.EntityOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;

/** Backstage's query parameters other than filters and fields: numbers, orders and facets, with Backstage's messages. */
final class RestParameters {

    private static final Pattern ORDER = Pattern.compile("^(asc|desc):(.+)$");

    private RestParameters() {
    }

    /** An integer parameter, or null when absent. */
    static Integer integer(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid " + name + ", not an integer on base 10");
        }
    }

    /** The page size: at least one, at most {@code max}; {@code byDefault} when absent. */
    static int limit(String value, int byDefault, int max) {
        Integer limit = integer(value, "limit");
        if (limit == null) {
            return byDefault;
        }
        if (limit <= 0) {
            throw new BadRequestException("Invalid limit, must be greater than zero");
        }
        if (limit > max) {
            throw new BadRequestException("Invalid limit, at most " + max + " (stagehand.api.max-page-size), was " + limit);
        }
        return limit;
    }

    /** {@code GET /entities}' {@code order}: {@code asc:metadata.name} and the like. */
    static List<EntityOrder> orders(List<String> parameters) {
        List<EntityOrder> orders = new ArrayList<>();
        for (String item : parameters == null ? List.<String>of() : parameters) {
            Matcher m = ORDER.matcher(item);
            if (!m.matches()) {
                throw new BadRequestException("Invalid order parameter \"" + item + "\", expected \"<asc or desc>:<field name>\"");
            }
            orders.add(order(m.group(2), direction(m.group(1))));
        }
        return orders;
    }

    /** {@code by-query}'s {@code orderField}: {@code metadata.name,asc} and the like. */
    static List<EntityOrder> orderFields(List<String> parameters) {
        List<EntityOrder> orders = new ArrayList<>();
        for (String item : parameters == null ? List.<String>of() : parameters) {
            String[] parts = item.split(",");
            String order = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            if (parts.length > 2 || parts[0].isBlank() || !(order.equals("asc") || order.equals("desc"))) {
                throw new BadRequestException("Invalid orderField \"" + item + "\", expected \"<field name>[,asc or desc]\"");
            }
            orders.add(order(parts[0].trim(), direction(order)));
        }
        return orders;
    }

    private static EntityOrder.Direction direction(String order) {
        return order.equals("desc") ? EntityOrder.Direction.DESC : EntityOrder.Direction.ASC;
    }

    private static EntityOrder order(String name, EntityOrder.Direction direction) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "metadata.name" -> new EntityOrder(EntityOrder.Field.NAME, direction);
            case "kind" -> new EntityOrder(EntityOrder.Field.KIND, direction);
            case "metadata.title" -> new EntityOrder(EntityOrder.Field.TITLE, direction);
            default -> EntityOrder.byPath(name, direction);
        };
    }

    /**
     * The counts of a Backstage facet path: the store's own facet where it has one (its columns
     * answer faster), the values at the path otherwise.
     */
    static Flux<Map.Entry<String, Long>> facet(String name, EntityFilter filter, CatalogQueries queries) {
        String field = switch (name.toLowerCase(Locale.ROOT)) {
            case "kind" -> "KIND";
            case "metadata.namespace" -> "NAMESPACE";
            case "spec.type" -> "TYPE";
            case "spec.lifecycle" -> "LIFECYCLE";
            case "metadata.tags" -> "TAG";
            case "relations.ownedby" -> "OWNER";
            default -> null;
        };
        return field == null ? queries.facetsOfPath(name, filter) : queries.facets(field, filter);
    }
}
