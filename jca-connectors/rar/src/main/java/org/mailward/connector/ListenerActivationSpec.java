package org.mailward.connector;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ResourceAdapter;

/**
 * What the two activation specs share. They carry no properties: ports and TLS are configured on
 * the adapter, so an MDB only says which listener interface it implements.
 */
public abstract class ListenerActivationSpec implements ActivationSpec {

    private ResourceAdapter resourceAdapter;

    /** The message listener interface the activating endpoint implements; it names the listener group. */
    abstract Class<?> messageListener();

    @Override
    public void validate() {
        // No properties, so nothing can be invalid.
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }
}
