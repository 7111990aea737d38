package io.stagehand.catalog.graphql;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Counts the SQL statements the application sends, by wrapping its ConnectionFactory with r2dbc-proxy. */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter {

    public static final AtomicInteger STATEMENTS = new AtomicInteger();

    @Bean
    public static BeanPostProcessor countingConnectionFactory() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ConnectionFactory factory && !(bean.getClass().getName().contains("Proxy"))) {
                    return ProxyConnectionFactory.builder(factory).listener(new ProxyExecutionListener() {
                        @Override
                        public void beforeQuery(QueryExecutionInfo execution) {
                            STATEMENTS.addAndGet(execution.getQueries().size());
                        }
                    }).build();
                }
                return bean;
            }
        };
    }
}
