package org.mailward.connector;

import java.io.Serializable;
import java.util.List;

import javax.naming.Reference;

import jakarta.resource.Referenceable;
import jakarta.resource.spi.AdministeredObject;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import org.mailward.connector.spi.ListenerDirectory;
import org.mailward.connector.spi.ListenerStatus;

/**
 * The listeners' live state for health checks and admin screens, bound by the WildFly
 * configuration at {@code java:/mailward/ListenerDirectory}. It reads the adapter it is
 * associated with; a copy that lost its adapter (through serialization) cannot answer.
 */
@AdministeredObject(adminObjectInterfaces = ListenerDirectory.class)
public class MailwardListenerDirectory implements ListenerDirectory, ResourceAdapterAssociation, Referenceable, Serializable {

    private transient ResourceAdapter resourceAdapter;
    private Reference reference;

    @Override
    public List<ListenerStatus> listeners() {
        if (resourceAdapter instanceof MailwardResourceAdapter adapter) {
            return adapter.listenerStatuses();
        }
        throw new IllegalStateException("Not associated with the Mailward resource adapter");
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }
}
