// Starts GraphiQL with the explorer plugin, the README's examples as tabs and subscriptions over
// graphql-ws (bundled in graphiql.min.js). Everything comes from this server: see GraphiQlPage.
(function () {
  'use strict';
  var settings = JSON.parse(document.getElementById('stagehand-graphiql-settings').textContent);
  var h = React.createElement;

  // Relative to the page, so that a proxy prefix in front of Stagehand is kept.
  var endpoint = new URL('graphql', window.location.href);
  var socket = new URL(endpoint.href);
  socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  // The headers of the Headers tab go with every request, and into graphql-ws' connection_init
  // payload, where the server looks for the token of a WebSocket (browsers cannot set its headers).
  var fetcher = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href });

  // The explorer of @graphiql/plugin-explorer 0.1 takes the query as a property. It follows the
  // query editor of the open tab here, rather than GraphiQL's `query` property, which would add a
  // tab at every reload once the stored tabs differ from it.
  function ExplorerContent() {
    var editor = GraphiQL.React.useEditorContext({ nonNull: true }).queryEditor;
    var state = React.useState(editor ? editor.getValue() : '');
    var query = state[0];
    var setQuery = state[1];
    React.useEffect(function () {
      if (!editor) {
        return undefined;
      }
      var follow = function () { setQuery(editor.getValue()); };
      follow();
      editor.on('change', follow);
      return function () { editor.off('change', follow); };
    }, [editor]);
    var explorer = GraphiQLPluginExplorer.useExplorerPlugin({
      query: query,
      onEdit: function (edited) {
        if (editor) {
          editor.setValue(edited);
        }
      }
    });
    return h(explorer.content);
  }

  function Stagehand() {
    var original = GraphiQLPluginExplorer.useExplorerPlugin({});
    var explorer = React.useMemo(function () {
      return { title: original.title, icon: original.icon, content: ExplorerContent };
    }, [original]);
    return h(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultTabs: settings.tabs,
      defaultHeaders: settings.headers || undefined,
      // A token typed in the Headers tab stays in this page only, never in the browser's storage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: settings.tokenRequired ? 'headers' : false
    });
  }

  ReactDOM.createRoot(document.getElementById('graphiql')).render(h(Stagehand));
})();
