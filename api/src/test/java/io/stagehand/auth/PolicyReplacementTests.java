package io.stagehand.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A PermissionPolicy bean replaces the default policy; without one, the default reads stagehand.permissions. */
class PolicyReplacementTests {

    static final PermissionProperties NONE = new PermissionProperties(null, null, null, null, null, null, null);

    @Test
    void aPolicyBeanReplacesTheDefault() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        PermissionPolicy everyoneMayDryRun = (caller, permission, resource) ->
                permission == Permission.SCORECARD_DRYRUN ? Decision.ALLOW : Decision.deny("custom");
        beans.addBean("policy", everyoneMayDryRun);
        Authorizer authorizer = new Authorizer(null, beans.getBeanProvider(PermissionPolicy.class), NONE, null);
        assertThat(authorizer.policy()).isSameAs(everyoneMayDryRun);
        assertThat(authorizer.policy().decide(Caller.ANONYMOUS, Permission.SCORECARD_DRYRUN, Resource.NONE).allowed()).isTrue();
    }

    @Test
    void withoutABeanTheDefaultPolicyDecides() {
        Authorizer authorizer = new Authorizer(null, new StaticListableBeanFactory().getBeanProvider(PermissionPolicy.class), NONE, null);
        assertThat(authorizer.policy()).isInstanceOf(DefaultPermissionPolicy.class);
        assertThat(authorizer.policy().decide(Caller.ANONYMOUS, Permission.SCORECARD_DRYRUN, Resource.NONE).allowed()).isFalse();
    }
}
