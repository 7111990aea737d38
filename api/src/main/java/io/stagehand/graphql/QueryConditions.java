package io.stagehand.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

/**
 * Whether a document uses {@code @skip} or {@code @include}, which make what it selects depend on
 * its variables. Documents without them select the same fields on every request, so what is
 * derived from their shape can be remembered per document (they are cached, so the same instance
 * comes back). Remembered per document instance, as long as the document is in use.
 */
public final class QueryConditions {

    private static final Cache<Document, Boolean> CONDITIONAL = Caffeine.newBuilder().weakKeys().maximumSize(2000).build();

    private QueryConditions() {
    }

    public static boolean dependOnVariables(Document document) {
        return CONDITIONAL.get(document, QueryConditions::hasConditions);
    }

    private static boolean hasConditions(Document document) {
        boolean[] found = new boolean[1];
        new NodeTraverser().depthFirst(new NodeVisitorStub() {
            @Override
            public TraversalControl visitDirective(Directive node, TraverserContext<Node> context) {
                if (node.getName().equals("skip") || node.getName().equals("include")) {
                    found[0] = true;
                    return TraversalControl.QUIT;
                }
                return TraversalControl.CONTINUE;
            }
        }, document);
        return found[0];
    }
}
