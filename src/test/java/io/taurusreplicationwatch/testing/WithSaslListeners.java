package io.taurusreplicationwatch.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class: the broker its {@link KafkaBrokerExtension} starts also serves the SASL listeners of
 * {@link SaslListeners}, for this user and password; {@link KafkaBrokerExtension#sasl()} hands them to the tests.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface WithSaslListeners {

    String user() default "watch-service";

    String password() default "sasl-pw-7f2q-31zk";
}
