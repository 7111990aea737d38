package io.stagehand.runtime;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints where to point a browser once the server listens. */
@Component
class ReadyBanner implements ApplicationListener<WebServerInitializedEvent> {

    private static final Log log = LogFactory.getLog(ReadyBanner.class);

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        log.info("Stagehand is up. GraphiQL: http://localhost:" + port + "/graphiql  GraphQL endpoint: http://localhost:" + port + "/graphql");
    }
}
