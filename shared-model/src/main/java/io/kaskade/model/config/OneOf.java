package io.kaskade.model.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks record components of which at most one may be set ({@code yamltags:"oneOf=group"} in
 * Skaffold), such as the builder fields of an artifact. The loader rejects a config that sets two.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface OneOf {
    /** The group name; components with the same group exclude each other. */
    String value();
}
