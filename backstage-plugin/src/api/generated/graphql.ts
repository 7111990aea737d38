/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The direction of a graph walk. */
export type Direction =
  /** Both. */
  | 'BOTH'
  /** Follow relations from target to source (for dependsOn: what depends on the roots). */
  | 'INCOMING'
  /** Follow relations from source to target (for dependsOn: what the roots depend on). */
  | 'OUTGOING';

export type DependencyGraphQueryVariables = Exact<{
  roots: Array<string> | string;
  relationTypes?: Array<string> | string | null | undefined;
  direction?: Direction | null | undefined;
  maxDepth?: number | null | undefined;
  maxNodes?: number | null | undefined;
}>;


export type DependencyGraphQuery = { graph: { truncated: boolean, nodes: Array<{ ref: string, depth: number, entity:
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
        | { kind: string, name: string, namespace: string, title: string | null }
       | null }>, edges: Array<{ source: string, target: string, type: string }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const DependencyGraphDocument = new TypedDocumentString(`
    query DependencyGraph($roots: [String!]!, $relationTypes: [String!], $direction: Direction, $maxDepth: Int, $maxNodes: Int) {
  graph(
    roots: $roots
    relationTypes: $relationTypes
    direction: $direction
    maxDepth: $maxDepth
    maxNodes: $maxNodes
  ) {
    nodes {
      ref
      depth
      entity {
        kind
        name
        namespace
        title
      }
    }
    edges {
      source
      target
      type
    }
    truncated
  }
}
    `) as unknown as TypedDocumentString<DependencyGraphQuery, DependencyGraphQueryVariables>;