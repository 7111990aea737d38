export interface Config {
  /** Settings of the Stagehand plugin. */
  stagehand?: {
    /**
     * Where the plugin posts GraphQL: a path below the Backstage proxy (default `/stagehand/graphql`,
     * i.e. the proxy endpoint `/stagehand` plus Stagehand's `/graphql`), or an absolute URL.
     * @visibility frontend
     */
    graphqlPath?: string;
  };
}
