package io.kaskade.trigger;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource whose requests authenticate by a signature they carry (webhooks), so
 * {@link ApiTokenFilter} does not ask them for the API token. The resource must verify the signature
 * itself before acting on the request.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AuthenticatedBySignature {}
