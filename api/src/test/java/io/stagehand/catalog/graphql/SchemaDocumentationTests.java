package io.stagehand.catalog.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every type, field, argument, input field and enum value of the root schema file is described. */
class SchemaDocumentationTests {

    @Test
    void everyElementOfTheSchemaHasADescription() throws IOException {
        TypeDefinitionRegistry registry = new SchemaParser().parse(Files.readString(Path.of("../schema.graphqls")));
        List<String> undocumented = new ArrayList<>();
        for (TypeDefinition<?> type : registry.types().values()) {
            check(undocumented, type.getName(), description(type));
            if (type instanceof ObjectTypeDefinition object) {
                object.getFieldDefinitions().forEach(f -> field(undocumented, type.getName(), f));
            } else if (type instanceof InterfaceTypeDefinition iface) {
                iface.getFieldDefinitions().forEach(f -> field(undocumented, type.getName(), f));
            } else if (type instanceof InputObjectTypeDefinition input) {
                input.getInputValueDefinitions().forEach(v -> check(undocumented, type.getName() + "." + v.getName(), v.getDescription()));
            } else if (type instanceof EnumTypeDefinition enumType) {
                enumType.getEnumValueDefinitions().forEach(v -> check(undocumented, type.getName() + "." + v.getName(), v.getDescription()));
            }
        }
        for (ScalarTypeDefinition scalar : registry.scalars().values()) {
            if (scalar.getSourceLocation() != null) {
                check(undocumented, scalar.getName(), scalar.getDescription());
            }
        }
        assertThat(undocumented).isEmpty();
    }

    private static void field(List<String> undocumented, String type, FieldDefinition field) {
        check(undocumented, type + "." + field.getName(), field.getDescription());
        for (InputValueDefinition argument : field.getInputValueDefinitions()) {
            check(undocumented, type + "." + field.getName() + "(" + argument.getName() + ")", argument.getDescription());
        }
    }

    private static Description description(TypeDefinition<?> type) {
        if (type instanceof ObjectTypeDefinition o) {
            return o.getDescription();
        }
        if (type instanceof InterfaceTypeDefinition i) {
            return i.getDescription();
        }
        if (type instanceof InputObjectTypeDefinition i) {
            return i.getDescription();
        }
        if (type instanceof EnumTypeDefinition e) {
            return e.getDescription();
        }
        return null;
    }

    private static void check(List<String> undocumented, String name, Description description) {
        if (description == null || description.getContent().isBlank()) {
            undocumented.add(name);
        }
    }
}
