/**
 * Test fakes for the container (work manager, bootstrap context, endpoint factory) and a harness
 * that runs one listener on an ephemeral port, so protocol tests can talk over real sockets.
 */
package org.mailward.connector.testing;
