package io.stagedoor.queue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.modulith.NamedInterface;

/**
 * On a {@link Caller} parameter: the endpoint needs an active entry; a waiting one gets
 * {@code 403 QUEUE_NOT_ACTIVE} with its position.
 */
@NamedInterface("caller")
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface ActiveEntry {

}
