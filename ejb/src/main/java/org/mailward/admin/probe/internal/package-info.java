/** Implementation of the pipeline probe: the entity, the service and the queue consumer. */
package org.mailward.admin.probe.internal;
