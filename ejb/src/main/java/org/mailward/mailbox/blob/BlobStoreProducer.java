package org.mailward.mailbox.blob;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

/** The node's blob store, under {@code blobs/} in the data directory (shared storage in a cluster). */
@ApplicationScoped
public class BlobStoreProducer {

    @Inject
    private ServerSettings settings;

    @Inject
    private SystemSettings systemSettings;

    // A pseudo-scope: one instance, handed out without a proxy (BlobStore is final and immutable).
    @Produces
    @Singleton
    BlobStore blobStore() {
        return new BlobStore(settings.dataDirectory().resolve("blobs"), () -> systemSettings.flag(Setting.STORE_COMPRESS_BODIES));
    }
}
