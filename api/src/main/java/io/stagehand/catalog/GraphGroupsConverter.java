package io.stagehand.catalog;

import io.stagehand.catalog.CatalogProperties.GraphGroups;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds a source's {@code group} written as plain text (a gitlab source's group path, in Backstage's
 * {@code GitlabDiscoveryEntityProvider} key) beside the object an msgraph source writes under the same key.
 */
@Component
@ConfigurationPropertiesBinding
public class GraphGroupsConverter implements Converter<String, GraphGroups> {

    @Override
    public GraphGroups convert(String path) {
        return new GraphGroups(null, null, null, null, path);
    }
}
