package io.kaskade.model.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a list-typed record component that the YAML may also write as one item, the way
 * {@code build.tagPolicy} takes Skaffold's single policy or Kaskade's list of policies. The loader
 * checks a single item like a list element; Jackson reads it as a one-element list.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface SingleOrList {}
